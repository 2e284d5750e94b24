// Public types of the SQL review engine: engines, levels, advice, results, policies and rule definitions.

/** Engines the review understands; callers map 'pglite' to 'postgres' and MariaDB to 'mysql'. */
export type ReviewEngine = 'postgres' | 'mysql' | 'clickhouse' | 'snowflake';

/** Every engine, in catalog order. */
export const reviewEngines: readonly ReviewEngine[] = ['postgres', 'mysql', 'clickhouse', 'snowflake'];

/** Severity of one piece of advice. */
export type AdviceLevel = 'error' | 'warning';

/** A rule's configured level; 'off' disables it. */
export type RuleLevel = AdviceLevel | 'off';

/** Templates that seed a policy. */
export type ReviewTemplate = 'dev' | 'prod';

/** Risk of a statement or script, used by approval rules. */
export type RiskLevel = 'low' | 'moderate' | 'high';

/** One finding of the review, pinned to a statement and, where known, to the offending token. */
export interface Advice {
  rule: string;
  level: AdviceLevel;
  message: string;
  /** 1-based line and column in the reviewed script. */
  line: number;
  column: number;
  /** Zero-based index of the statement in the script. */
  statementIndex: number;
  /** The statement's text. */
  statement: string;
  engine: ReviewEngine;
}

/** Advice that an inline `review:ignore` comment suppressed; still reported, with the reason. */
export interface SuppressedAdvice extends Advice {
  reason: string;
}

/** What the review learned about one statement. */
export interface ReviewedStatement {
  index: number;
  line: number;
  column: number;
  sql: string;
  /** Normalised statement kind, e.g. 'create_table', 'delete'. */
  kind: string;
  risk: RiskLevel;
}

/** The outcome of reviewing one script. */
export interface ReviewResult {
  engine: ReviewEngine;
  advice: Advice[];
  suppressed: SuppressedAdvice[];
  statements: ReviewedStatement[];
  /** The highest statement risk; 'low' for an empty script. */
  risk: RiskLevel;
  errorCount: number;
  warningCount: number;
}

/** Parameter values of one rule, keyed by parameter name. */
export type RuleParams = Record<string, unknown>;

/** The effective setting of one rule. */
export interface PolicyRule {
  level: RuleLevel;
  params: RuleParams;
}

/** An effective policy: every catalog rule with its level and parameters. */
export interface ReviewPolicy {
  template: ReviewTemplate;
  rules: Record<string, PolicyRule>;
}

/** One rule override from a policy file; absent fields keep the lower layer's value. */
export interface PolicyRuleOverride {
  level?: RuleLevel;
  params?: RuleParams;
}

/** A parsed, validated policy file (an environment or project layer). */
export interface PolicyFile {
  source: string;
  /** Template the file asks for, used when the caller names none. */
  template?: ReviewTemplate;
  rules: Record<string, PolicyRuleOverride>;
  /** Rule ids from a Bytebase-style list that this engine does not implement; reported, not fatal. */
  unknownRules: string[];
}

/** The type of a rule parameter, used to validate policy files. */
export type RuleParamType = 'string' | 'regex' | 'number' | 'boolean' | 'string-list';

/** One parameter a rule accepts. */
export interface RuleParamDefinition {
  name: string;
  type: RuleParamType;
  default: unknown;
  description: string;
}

/** A catalog entry: what a rule checks, where it applies and how strict each template is. */
export interface RuleDefinition {
  id: string;
  /** Area the rule belongs to, e.g. 'statement', 'table', 'lock-safety'. */
  area: string;
  engines: ReviewEngine[];
  levels: Record<ReviewTemplate, RuleLevel>;
  title: string;
  description: string;
  params: RuleParamDefinition[];
}

/** A policy file or option that cannot be used; names the source, the path inside it and the problem. */
export class ReviewConfigError extends Error {
  readonly source: string;
  readonly path: string;
  readonly problem: string;

  constructor(source: string, path: string, problem: string) {
    super(`${source}: ${path === '' ? '' : `${path}: `}${problem}`);
    this.name = 'ReviewConfigError';
    this.source = source;
    this.path = path;
    this.problem = problem;
  }
}
