// The rule contract: a check reads one normalised statement plus script facts and returns findings.
import type { Statement } from '../model.ts';
import type { ReviewEngine, RuleParams } from '../types.ts';

/** Facts about the whole script that statement checks need (transactions, timeouts, earlier statements). */
export interface ScriptFacts {
  statements: Statement[];
  /** Statement i runs inside an explicit BEGIN ... COMMIT block. */
  inTransaction: boolean[];
  /** A SET of the lock timeout precedes statement i. */
  lockTimeoutBefore: boolean[];
  /** A SET of the statement timeout precedes statement i. */
  statementTimeoutBefore: boolean[];
  /** Lower-case table name -> index of the statement that created it in this script. */
  createdTables: Map<string, number>;
}

/** What a check sees besides the statement. */
export interface RuleContext {
  engine: ReviewEngine;
  /** The rule's parameters: catalog defaults overlaid with the policy's values. */
  params: RuleParams;
  facts: ScriptFacts;
}

/** One problem a check found; `offset` (in the script) points at the offending token when known. */
export interface Finding {
  message: string;
  offset?: number;
}

/** A rule's implementation. */
export type RuleCheck = (stmt: Statement, ctx: RuleContext) => Finding[];

/** True when the table was created earlier in this script, so locks and rewrites on it are harmless. */
export function createdEarlier(stmt: Statement, ctx: RuleContext, table = stmt.target?.name): boolean {
  if (table === undefined) return false;
  const at = ctx.facts.createdTables.get(table.toLowerCase());
  return at !== undefined && at < stmt.index;
}

/** A string parameter. */
export function strParam(ctx: RuleContext, name: string): string {
  return String(ctx.params[name] ?? '');
}

/** A numeric parameter. */
export function numParam(ctx: RuleContext, name: string): number {
  return Number(ctx.params[name] ?? 0);
}

/** A string-list parameter, lower-cased. */
export function listParam(ctx: RuleContext, name: string): string[] {
  const v = ctx.params[name];
  return Array.isArray(v) ? v.map((x) => String(x).toLowerCase()) : [];
}

/** Quotes a name for messages. */
export const q = (name: string | undefined): string => `"${name ?? ''}"`;

const memos = new WeakMap<ScriptFacts, Map<string, unknown>>();

/** Computes a per-script value once, so checks that look across statements stay linear in script length. */
export function memo<T>(facts: ScriptFacts, key: string, compute: () => T): T {
  let m = memos.get(facts);
  if (!m) {
    m = new Map();
    memos.set(facts, m);
  }
  if (!m.has(key)) m.set(key, compute());
  return m.get(key) as T;
}

const compiled = new Map<string, RegExp>();

/** A compiled regular expression, reused across statements; policy patterns are few, so the cache stays small. */
export function regexFor(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    // Templates expand per table, so the number of distinct patterns can grow; start over rather than grow.
    if (compiled.size >= 1000) compiled.clear();
    re = new RegExp(pattern);
    compiled.set(pattern, re);
  }
  return re;
}

const LITERAL_PATTERN = /^\^\w*\$$/;

/**
 * Whether `text` matches `pattern`. Naming templates expand to patterns such as `^idx_orders_a_b$` that differ
 * per statement; one made of word characters between ^ and $ matches exactly that text, so it is compared
 * as a string rather than compiled.
 */
export function matchesPattern(pattern: string, text: string): boolean {
  if (LITERAL_PATTERN.test(pattern)) return text === pattern.slice(1, -1);
  return regexFor(pattern).test(text);
}
