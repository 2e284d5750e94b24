// Inline suppressions: `-- review:ignore <rule>[,<rule>] <reason>` on the line before or on a statement's lines.
import type { Statement } from './model.ts';

/** One review:ignore comment. */
export interface Suppression {
  line: number;
  column: number;
  rules: string[];
  reason: string;
  /** Index of the statement it applies to, or -1 when no statement follows it. */
  statementIndex: number;
  used: boolean;
}

const MARKER = /(--|#|\/\/)\s*review:ignore\b[ \t]*([^\s]*)[ \t]*(.*)$/;
const COMMENT_ONLY = /^\s*(--|#|\/\/)/;

/** Finds suppression comments and binds each to the statement it precedes or sits on. */
export function findSuppressions(script: string, statements: Statement[]): Suppression[] {
  if (!script.includes('review:ignore')) return [];
  const lines = script.split('\n');
  const spans = statements.map((s) => ({
    index: s.index,
    first: s.line,
    last: s.line + countNewlines(s.sql),
  }));
  const out: Suppression[] = [];
  lines.forEach((text, i) => {
    const m = MARKER.exec(text);
    if (!m) return;
    const line = i + 1;
    // A block of comment lines may sit between the marker and the statement; skip to the first other line.
    let target = line;
    if (COMMENT_ONLY.test(text)) {
      target = line + 1;
      while (target <= lines.length && COMMENT_ONLY.test(lines[target - 1]!)) target++;
    }
    const hit = spans.find((s) => (target === line ? line >= s.first && line <= s.last : s.first === target));
    out.push({
      line,
      column: m.index + 1,
      rules: (m[2] ?? '').split(',').filter((r) => r !== ''),
      reason: (m[3] ?? '').trim(),
      statementIndex: hit ? hit.index : -1,
      used: false,
    });
  });
  return out;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
