// The review pipeline: parse per engine, run enabled rules on the normalised statements, apply suppressions, rate risk.
import { lineLocator } from '../sql/positions.ts';
import { splitStatements } from '../sql/split.ts';
import { catalogById } from './catalog.ts';
import { classifyStatement } from './classify.ts';
import { scriptFacts } from './facts.ts';
import type { ParsedStatement, Statement } from './model.ts';
import { maxRisk, statementRisk } from './risk.ts';
import { ruleChecks } from './rules/index.ts';
import type { Finding, RuleCheck, RuleContext } from './rules/rule.ts';
import { findSuppressions } from './suppress.ts';
import type {
  Advice,
  ReviewEngine,
  ReviewPolicy,
  ReviewResult,
  RiskLevel,
  SuppressedAdvice,
} from './types.ts';

/** What to review. */
export interface ReviewInput {
  engine: ReviewEngine;
  sql: string;
  policy: ReviewPolicy;
  /** File name, for callers that report it; the review itself does not read files. */
  file?: string;
  /** When given, filled with where the time went, for benchmarks and slow-review diagnostics. */
  stats?: ReviewStats;
}

/** Milliseconds per phase of one review and how many statements each front end produced. */
export interface ReviewStats {
  parseMs: number;
  rulesMs: number;
  /** Suppressions, risk, sorting. */
  finishMs: number;
  /** Statements recognised by the fast path, parsed by the engine's grammar, or classified by keywords. */
  viaFastPath: number;
  viaParser: number;
  viaKeywords: number;
}

// The parsers are large (a WASM PostgreSQL, node-sql-parser's grammars): each loads when its engine is first
// reviewed, not when the service starts.
let postgresFrontEnd: Promise<typeof import('./parse-postgres.ts')> | undefined;
let mysqlFrontEnd: Promise<typeof import('./parse-mysql.ts')> | undefined;

async function parse(engine: ReviewEngine, sql: string): Promise<ParsedStatement[]> {
  if (engine === 'postgres') {
    postgresFrontEnd ??= import('./parse-postgres.ts');
    return (await postgresFrontEnd).parsePostgres(sql);
  }
  if (engine === 'mysql' || engine === 'snowflake') {
    mysqlFrontEnd ??= import('./parse-mysql.ts');
    return (await mysqlFrontEnd).parseMysqlFamily(sql, engine);
  }
  // ClickHouse: no grammar is bundled, so statements are split and classified by keywords.
  return splitStatements(sql, 'clickhouse').map((part, index) => ({
    statement: classifyStatement(engine, { ...part, index }),
  }));
}

/** Reviews one script against a policy. Never throws for bad SQL: parse failures become advice. */
export async function reviewSql(input: ReviewInput): Promise<ReviewResult> {
  const { engine, sql, policy } = input;
  const started = performance.now();
  const parsed = await parse(engine, sql);
  const parsedAt = performance.now();
  const statements = parsed.map((p) => p.statement);
  const locate = lineLocator(sql);
  const raw: Advice[] = [];
  const emit = (rule: string, s: Statement, f: Finding) => {
    const level = policy.rules[rule]?.level ?? 'error';
    if (level === 'off') return;
    const { line, column } = locate(f.offset ?? s.start);
    raw.push({
      rule,
      level,
      message: f.message,
      line,
      column,
      statementIndex: s.index,
      statement: s.sql,
      engine,
    });
  };
  const facts = scriptFacts(statements);
  // One context per enabled rule, built once per script rather than once per statement and rule.
  const enabled: { id: string; check: RuleCheck; ctx: RuleContext }[] = [];
  for (const [id, check] of Object.entries(ruleChecks)) {
    const def = catalogById.get(id);
    if (!def?.engines.includes(engine) || (policy.rules[id]?.level ?? 'off') === 'off') continue;
    enabled.push({ id, check, ctx: { engine, params: policy.rules[id]?.params ?? {}, facts } });
  }
  for (const p of parsed) {
    const s = p.statement;
    if (p.problem) {
      const rule = p.problem.kind === 'error' ? 'statement.syntax' : 'statement.unparsed';
      const prefix =
        p.problem.kind === 'error' ? 'syntax error' : 'not parsed by the grammar, reviewed by keywords only';
      emit(rule, s, { message: `${prefix}: ${shortMessage(p.problem.message)}`, offset: p.problem.offset });
      if (p.problem.kind === 'error') continue;
    }
    for (const { id, check, ctx } of enabled) {
      let findings: Finding[];
      try {
        findings = check(s, ctx);
      } catch (err) {
        findings = [{ message: `rule could not check this statement: ${(err as Error).message}` }];
      }
      for (const f of findings) emit(id, s, f);
    }
  }
  const checkedAt = performance.now();
  const { advice, suppressed } = applySuppressions(sql, statements, raw, emit);
  const reviewed = statements.map((s) => ({
    index: s.index,
    line: s.line,
    column: s.column,
    sql: s.sql,
    kind: s.kind,
    risk: statementRisk(s),
  }));
  const risk = reviewed.reduce<RiskLevel>((acc, s) => maxRisk(acc, s.risk), 'low');
  advice.sort((a, b) => a.line - b.line || a.column - b.column || ruleOrder(a.rule) - ruleOrder(b.rule));
  if (input.stats) fillStats(input.stats, parsed, started, parsedAt, checkedAt);
  return {
    engine,
    advice,
    suppressed,
    statements: reviewed,
    risk,
    errorCount: advice.filter((a) => a.level === 'error').length,
    warningCount: advice.filter((a) => a.level === 'warning').length,
  };
}

function applySuppressions(
  sql: string,
  statements: Statement[],
  raw: Advice[],
  emit: (rule: string, s: Statement, f: Finding) => void,
): { advice: Advice[]; suppressed: SuppressedAdvice[] } {
  const marks = findSuppressions(sql, statements);
  const advice: Advice[] = [];
  const suppressed: SuppressedAdvice[] = [];
  for (const a of raw) {
    const mark = marks.find((m) => m.statementIndex === a.statementIndex && m.rules.includes(a.rule));
    if (mark && a.rule !== 'statement.syntax') {
      mark.used = true;
      suppressed.push({ ...a, reason: mark.reason });
    } else advice.push(a);
  }
  const before = raw.length;
  for (const m of marks) {
    const s = statements[m.statementIndex] ?? statements[statements.length - 1];
    if (!s) continue;
    const offset = lineStartOffset(sql, m.line) + m.column - 1;
    if (m.rules.length === 0)
      emit('review.unused-ignore', s, { message: 'review:ignore names no rule', offset });
    else if (m.reason === '')
      emit('review.ignore-without-reason', s, {
        message: `review:ignore ${m.rules.join(',')} gives no reason`,
        offset,
      });
    const unknown = m.rules.filter((r) => !catalogById.has(r));
    if (unknown.length > 0)
      emit('review.unused-ignore', s, {
        message: `review:ignore names unknown rule ${unknown.join(', ')}`,
        offset,
      });
    else if (m.rules.length > 0 && !m.used)
      emit('review.unused-ignore', s, {
        message: `review:ignore ${m.rules.join(',')} suppresses nothing`,
        offset,
      });
  }
  advice.push(...raw.slice(before));
  return { advice, suppressed };
}

function fillStats(
  stats: ReviewStats,
  parsed: ParsedStatement[],
  started: number,
  parsedAt: number,
  checkedAt: number,
): void {
  stats.parseMs = parsedAt - started;
  stats.rulesMs = checkedAt - parsedAt;
  stats.finishMs = performance.now() - checkedAt;
  stats.viaFastPath = parsed.filter((p) => p.via === 'fast').length;
  stats.viaParser = parsed.filter((p) => p.via === 'parser').length;
  stats.viaKeywords = parsed.length - stats.viaFastPath - stats.viaParser;
}

// Rule ids ranked once in locale order, so sorting thousands of advice compares numbers instead of strings.
const ruleRank = new Map(
  [...catalogById.keys()].sort((a, b) => a.localeCompare(b)).map((id, rank) => [id, rank] as const),
);

function ruleOrder(id: string): number {
  return ruleRank.get(id) ?? ruleRank.size;
}

function lineStartOffset(text: string, line: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) offset = text.indexOf('\n', offset) + 1;
  return offset;
}

/** node-sql-parser lists every expected token; the unexpected one is what a reader needs. */
function shortMessage(message: string): string {
  const found = /^Expected .* but (.+) found\.$/s.exec(message);
  return found ? `unexpected ${found[1]}` : message;
}
