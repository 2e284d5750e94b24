// Line-level difference of two schema dumps: which lines the live schema added and which it lost.

/** Lines added to and removed from a schema, each list capped; `more*` counts what the cap left out. */
export interface SchemaDiff {
  added: string[];
  removed: string[];
  moreAdded: number;
  moreRemoved: number;
}

/** Beyond this many edits the exact alignment costs more than it tells; lines are then compared as multisets. */
const MAX_EDITS = 1000;

const lines = (text: string) => text.replace(/\r\n/g, '\n').split('\n');

/**
 * Myers' shortest edit script over the middle part of two line lists; null when it needs more than
 * MAX_EDITS edits. Returns the indexes of removed lines of `a` and added lines of `b`.
 */
function myers(a: string[], b: string[]): { removed: number[]; added: number[] } | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDITS);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    // The frontier of d - 1, which the walk back reads to find each edit's origin.
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, offset, d, n, m);
    }
  }
  return null;
}

/** Walks the saved frontiers back from (n, m) to collect the edits of the shortest script. */
function backtrack(
  trace: Int32Array[],
  offset: number,
  depth: number,
  n: number,
  m: number,
): { removed: number[]; added: number[] } {
  const removed: number[] = [];
  const added: number[] = [];
  let x = n;
  let y = m;
  for (let d = depth; d > 0; d--) {
    const v = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = v[offset + prevK]!;
    const prevY = prevX - prevK;
    // A step down inserts b[prevY]; a step right deletes a[prevX]; equal lines follow on the diagonal.
    if (down) added.push(prevY);
    else removed.push(prevX);
    x = prevX;
    y = prevY;
  }
  return { removed: removed.reverse(), added: added.reverse() };
}

/** Lines of `a` not matched by an equal line of `b`, counting repeats, in `a`'s order. */
function multisetMinus(a: string[], b: string[]): string[] {
  const counts = new Map<string, number>();
  for (const line of b) counts.set(line, (counts.get(line) ?? 0) + 1);
  return a.filter((line) => {
    const c = counts.get(line) ?? 0;
    if (c === 0) return true;
    counts.set(line, c - 1);
    return false;
  });
}

/**
 * The lines `live` has that `baseline` lacks (added) and the other way round (removed), in dump order.
 * Blank lines are left out of the lists: they separate sections and say nothing about the schema.
 */
export function diffSchemas(baseline: string, live: string, cap = 50): SchemaDiff {
  const a = lines(baseline);
  const b = lines(live);
  // Dumps mostly agree; trimming the common head and tail keeps the edit search small.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const script = myers(midA, midB);
  const removedAll = script ? script.removed.map((i) => midA[i]!) : multisetMinus(midA, midB);
  const addedAll = script ? script.added.map((i) => midB[i]!) : multisetMinus(midB, midA);
  const removed = removedAll.filter((l) => l.trim() !== '');
  const added = addedAll.filter((l) => l.trim() !== '');
  return {
    added: added.slice(0, cap),
    removed: removed.slice(0, cap),
    moreAdded: Math.max(0, added.length - cap),
    moreRemoved: Math.max(0, removed.length - cap),
  };
}
