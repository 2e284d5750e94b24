// Unified diffs as GitLab returns them in `diff` (hunks only, no ---/+++ header) and tree-to-tree changes.
import type { Repository, StoredCommit } from './repo.ts';

/** One changed file, in GitLab's diff entity shape (snake_case, as the API sends it). */
export interface DiffEntry {
  old_path: string;
  new_path: string;
  a_mode: string;
  b_mode: string;
  new_file: boolean;
  renamed_file: boolean;
  deleted_file: boolean;
  generated_file: boolean;
  diff: string;
}

type Op = { kind: ' ' | '-' | '+'; text: string; oldNo: number; newNo: number };

const CONTEXT = 3;

function splitLines(text: string): { lines: string[]; missingNewline: boolean } {
  if (text === '') return { lines: [], missingNewline: false };
  const lines = text.split('\n');
  const missingNewline = lines.at(-1) !== '';
  if (!missingNewline) lines.pop();
  return { lines, missingNewline };
}

/** Everything deleted, then everything inserted: the script when one side is empty or the diff is huge. */
function trivialScript(x: string[], y: string[]): Op[] {
  const ops: Op[] = x.map((text, i) => ({ kind: '-' as const, text, oldNo: i, newNo: 0 }));
  for (const [j, text] of y.entries()) ops.push({ kind: '+', text, oldNo: x.length, newNo: j });
  return ops;
}

/** Larger edit distances are shown as a full replacement, which keeps memory bounded. */
const MAX_EDIT_DISTANCE = 2000;

/**
 * Myers' O(ND) shortest edit script. Each round's frontier is kept only over the diagonals it can
 * touch, so memory is O(D^2) rather than O(D * (N + M)). Undefined when D exceeds the bound.
 */
function myers(x: string[], y: string[]): Op[] | undefined {
  const n = x.length;
  const m = y.length;
  const max = n + m;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  const at = (d: number, k: number) => trace[d]![k + d + 1]!;
  let found = false;
  for (let d = 0; d <= Math.min(max, MAX_EDIT_DISTANCE) && !found; d += 1) {
    trace.push(v.slice(max - d, max + d + 3));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && v[max + k]! < v[max + k + 2]!);
      let i = down ? v[max + k + 2]! : v[max + k]! + 1;
      let j = i - k;
      while (i < n && j < m && x[i] === y[j]) {
        i += 1;
        j += 1;
      }
      v[max + k + 1] = i;
      if (i >= n && j >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return undefined;
  // Walk the trace back from (n, m) to (0, 0).
  const ops: Op[] = [];
  let i = n;
  let j = m;
  for (let d = trace.length - 1; d >= 0; d -= 1) {
    const k = i - j;
    const down = k === -d || (k !== d && at(d, k - 1) < at(d, k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevI = at(d, prevK);
    const prevJ = prevI - prevK;
    while (i > prevI && j > prevJ) {
      i -= 1;
      j -= 1;
      ops.push({ kind: ' ', text: x[i]!, oldNo: i, newNo: j });
    }
    if (d === 0) break;
    if (down) {
      j -= 1;
      ops.push({ kind: '+', text: y[j]!, oldNo: i, newNo: j });
    } else {
      i -= 1;
      ops.push({ kind: '-', text: x[i]!, oldNo: i, newNo: j });
    }
  }
  return ops.reverse();
}

/** The edit script between two line arrays: common ends trimmed, the middle by Myers' algorithm. */
function editScript(a: string[], b: string[]): Op[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const x = a.slice(prefix, a.length - suffix);
  const y = b.slice(prefix, b.length - suffix);
  const middle =
    x.length === 0 || y.length === 0 ? trivialScript(x, y) : (myers(x, y) ?? trivialScript(x, y));
  const ops: Op[] = [];
  for (let p = 0; p < prefix; p += 1) ops.push({ kind: ' ', text: a[p]!, oldNo: p, newNo: p });
  for (const op of middle) ops.push({ ...op, oldNo: op.oldNo + prefix, newNo: op.newNo + prefix });
  for (let s = suffix; s > 0; s -= 1) {
    ops.push({ kind: ' ', text: a[a.length - s]!, oldNo: a.length - s, newNo: b.length - s });
  }
  return ops;
}

function range(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

/** The hunks of a unified diff with three lines of context, as GitLab's `diff` field holds them. */
export function unifiedDiff(oldText: string, newText: string): string {
  if (oldText === newText) return '';
  const before = splitLines(oldText);
  const after = splitLines(newText);
  const ops = editScript(before.lines, after.lines);
  const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
  if (changed.length === 0) {
    // Only the final newline differs: git shows the last line replaced.
    ops.push({ ...ops.pop()!, kind: '-' });
    const last = ops.at(-1)!;
    ops.push({ ...last, kind: '+' });
    changed.push(ops.length - 2, ops.length - 1);
  }
  let out = '';
  let start = 0;
  while (start < changed.length) {
    let end = start;
    while (end + 1 < changed.length && changed[end + 1]! - changed[end]! <= 2 * CONTEXT + 1) end += 1;
    const from = Math.max(0, changed[start]! - CONTEXT);
    const to = Math.min(ops.length - 1, changed[end]! + CONTEXT);
    const hunk = ops.slice(from, to + 1);
    const oldCount = hunk.filter((op) => op.kind !== '+').length;
    const newCount = hunk.filter((op) => op.kind !== '-').length;
    const first = hunk[0]!;
    const oldStart = oldCount === 0 ? first.oldNo : first.oldNo + 1;
    const newStart = newCount === 0 ? first.newNo : first.newNo + 1;
    out += `@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@\n`;
    for (const op of hunk) {
      out += `${op.kind}${op.text}\n`;
      const lastOld = op.kind !== '+' && op.oldNo === before.lines.length - 1 && before.missingNewline;
      const lastNew = op.kind !== '-' && op.newNo === after.lines.length - 1 && after.missingNewline;
      if ((op.kind === '-' && lastOld) || (op.kind === '+' && lastNew) || (op.kind === ' ' && lastOld)) {
        out += '\\ No newline at end of file\n';
      }
    }
    start = end + 1;
  }
  return out;
}

/**
 * Changed files between two trees, sorted by path; exact-content renames are detected as git does.
 * `withText: false` leaves `diff` empty, for callers that only count or list paths.
 */
export function treeDiff(
  repo: Repository,
  from: Map<string, string>,
  to: Map<string, string>,
  withText = true,
): DiffEntry[] {
  const deleted = [...from.keys()].filter((path) => !to.has(path));
  const added = [...to.keys()].filter((path) => !from.has(path));
  const entries: DiffEntry[] = [];
  const content = (id: string | undefined) => (id === undefined ? '' : (repo.blobs.get(id) ?? ''));
  const patch = (oldId: string | undefined, newId: string | undefined) =>
    withText ? unifiedDiff(content(oldId), content(newId)) : '';
  const entry = (oldPath: string, newPath: string, flags: Partial<DiffEntry>, diff: string): DiffEntry => ({
    old_path: oldPath,
    new_path: newPath,
    a_mode: flags.new_file ? '0' : '100644',
    b_mode: flags.deleted_file ? '0' : '100644',
    new_file: false,
    renamed_file: false,
    deleted_file: false,
    generated_file: false,
    ...flags,
    diff,
  });
  const renamedFrom = new Set<string>();
  for (const path of added) {
    const id = to.get(path);
    const source = deleted.find((old) => !renamedFrom.has(old) && from.get(old) === id);
    if (source !== undefined) {
      renamedFrom.add(source);
      entries.push(entry(source, path, { renamed_file: true }, ''));
    } else {
      entries.push(entry(path, path, { new_file: true }, patch(undefined, id)));
    }
  }
  for (const path of deleted) {
    if (renamedFrom.has(path)) continue;
    entries.push(entry(path, path, { deleted_file: true }, patch(from.get(path), undefined)));
  }
  for (const [path, id] of to) {
    const old = from.get(path);
    if (old === undefined || old === id) continue;
    entries.push(entry(path, path, {}, patch(old, id)));
  }
  return entries.sort((x, y) => x.new_path.localeCompare(y.new_path));
}

/** The diff between two commits (`from` undefined: against an empty tree), memoised per repository. */
export function commitDiff(
  repo: Repository,
  from: StoredCommit | undefined,
  to: StoredCommit,
  withText = true,
): DiffEntry[] {
  const key = `${from?.id ?? 'empty'}..${to.id}:${withText}`;
  return repo.diffMemo.get(key, () =>
    treeDiff(repo, from?.tree ?? new Map(), to.tree, withText),
  ) as DiffEntry[];
}
