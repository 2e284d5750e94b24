// Line-level difference of two schema dumps (jsdiff): which lines the live schema added and which it lost, and
// the unified patch that the web view renders. One diff for drift everywhere: the check, the cards, the web view.
import { createTwoFilesPatch, diffArrays } from 'diff';

/** Lines added to and removed from a schema, each list capped; `more*` counts what the cap left out. */
export interface SchemaDiff {
  added: string[];
  removed: string[];
  moreAdded: number;
  moreRemoved: number;
  /**
   * The unified diff baseline → live (3 lines of context), absent when it would exceed PATCH_LIMIT characters
   * or the dumps differ too much to align.
   */
  patch?: string;
}

/** Beyond this many edits the exact alignment costs more than it tells; lines are then compared as multisets. */
const MAX_EDITS = 1000;
/** A patch longer than this is left out of the stored diff; the lists still say what changed. */
export const PATCH_LIMIT = 256 * 1024;

const lines = (text: string) => {
  const all = text.replace(/\r\n/g, '\n').split('\n');
  // Blank lines separate sections and say nothing about the schema.
  return all.filter((l) => l.trim() !== '');
};

/** `a` minus `b` as multisets, in `a`'s order. */
function multisetMinus(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const l of b) left.set(l, (left.get(l) ?? 0) + 1);
  const out: string[] = [];
  for (const l of a) {
    const n = left.get(l) ?? 0;
    if (n > 0) left.set(l, n - 1);
    else out.push(l);
  }
  return out;
}

/**
 * The lines `live` has that `baseline` lacks (added) and the other way round (removed), in dump order, with the
 * unified patch between the two. Blank lines and line endings are not differences.
 */
export function diffSchemas(
  baseline: string,
  live: string,
  cap = 50,
  names: { baseline: string; live: string } = { baseline: 'baseline', live: 'live' },
): SchemaDiff {
  const a = lines(baseline);
  const b = lines(live);
  const parts = diffArrays(a, b, { maxEditLength: MAX_EDITS });
  let added: string[];
  let removed: string[];
  if (parts) {
    added = parts.filter((p) => p.added).flatMap((p) => p.value);
    removed = parts.filter((p) => p.removed).flatMap((p) => p.value);
  } else {
    added = multisetMinus(b, a);
    removed = multisetMinus(a, b);
  }
  const out: SchemaDiff = {
    added: added.slice(0, cap),
    removed: removed.slice(0, cap),
    moreAdded: Math.max(0, added.length - cap),
    moreRemoved: Math.max(0, removed.length - cap),
  };
  if (parts && (added.length > 0 || removed.length > 0)) {
    const patch = createTwoFilesPatch(
      names.baseline,
      names.live,
      `${a.join('\n')}\n`,
      `${b.join('\n')}\n`,
      '',
      '',
      { context: 3 },
    );
    if (patch.length <= PATCH_LIMIT) out.patch = patch;
  }
  return out;
}

/** The first `max` changed lines of a diff as `+ line` / `- line`, removed lines first, for a card. */
export function diffPreview(diff: SchemaDiff, max = 8): { lines: string[]; more: number } {
  const all = [...diff.removed.map((l) => `- ${l}`), ...diff.added.map((l) => `+ ${l}`)];
  const total = diff.added.length + diff.moreAdded + diff.removed.length + diff.moreRemoved;
  const shown = all.slice(0, max);
  return { lines: shown, more: total - shown.length };
}
