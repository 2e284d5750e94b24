// EngineDriver port: how the core applies scripts to, and reads schemas from, one kind of target database.

export type Engine = 'postgres' | 'mysql' | 'pglite' | 'clickhouse' | 'snowflake';

/** Where and how to reach a target instance; secrets arrive decrypted and must never be logged. */
export interface InstanceConnection {
  engine: Engine;
  /** Connection URL (postgres://, mysql://, or a directory path for pglite). */
  url: string;
  /** Optional credentials that override the URL's. */
  username?: string;
  password?: string;
}

/** One statement of a script with its place in the original text (1-based line and column). */
export interface SplitStatement {
  index: number;
  sql: string;
  line: number;
  column: number;
  /** Character offsets into the original script, end exclusive. */
  start: number;
  end: number;
}

export type StatementStatus = 'done' | 'failed' | 'not_run' | 'rolled_back';

export interface StatementError {
  /** The engine's own error code (SQLSTATE for PostgreSQL, errno name for MySQL). */
  code: string;
  message: string;
  /** 1-based character position inside the statement, when the engine reports one. */
  position?: number;
}

/** What happened to one statement of a script. */
export interface StatementOutcome {
  index: number;
  line: number;
  sql: string;
  status: StatementStatus;
  rowsAffected: number | null;
  durationMs: number;
  error?: StatementError;
}

export interface ExecuteOptions {
  /** Database (schema on MySQL) to run in. */
  database: string;
  /** PostgreSQL lock_timeout per task, ms; MySQL lock_wait_timeout, s rounded up. */
  lockTimeoutMs?: number;
  /** Statement timeout per statement, ms. */
  statementTimeoutMs?: number;
  /** Called as each statement starts and finishes, for streaming progress. */
  onProgress?: (event: ExecuteProgress) => void;
  /** Aborting cancels the running statement on the server. */
  signal?: AbortSignal;
}

export type ExecuteProgress =
  | { kind: 'statement_started'; index: number; line: number; sql: string }
  | { kind: 'statement_finished'; outcome: StatementOutcome };

/** The result of executing one script. */
export interface ExecuteResult {
  /** 'transaction' when the whole script ran in one transaction, 'statements' when statement by statement. */
  mode: 'transaction' | 'statements';
  status: 'done' | 'failed' | 'cancelled';
  outcomes: StatementOutcome[];
  /** Number of statements whose effect persists in the database. */
  appliedCount: number;
  durationMs: number;
}

export interface EngineCapabilities {
  transactionalDdl: boolean;
  /** Statement kinds that cannot run inside a transaction block. */
  nonTransactionalStatements: string[];
  sessionsView: boolean;
  cancellation: boolean;
}

export interface DatabaseSession {
  pid: string;
  user: string | null;
  database: string | null;
  state: string | null;
  query: string | null;
  startedAt: string | null;
}

/** A live connection to one instance. */
export interface EngineConnection {
  /** Applies a script with the engine's real transaction semantics and reports per statement. */
  execute(script: string, options: ExecuteOptions): Promise<ExecuteResult>;
  /** Deterministic text of a database's schema: same schema, same bytes. */
  dumpSchema(database: string): Promise<string>;
  /** User databases on the instance, sorted. */
  listDatabases(): Promise<string[]>;
  /** Creates a database; fails with a clear error if it exists. */
  createDatabase(name: string): Promise<void>;
  /** Drops a database if it exists (tests and demo reset only). */
  dropDatabase(name: string): Promise<void>;
  /** Server version string. */
  serverVersion(): Promise<string>;
  /** Active sessions, where the engine has a sessions view. */
  sessions(database?: string): Promise<DatabaseSession[]>;
  /** Closes every pooled connection. */
  close(): Promise<void>;
}

/** Factory and static facts for one engine. */
export interface EngineDriver {
  readonly engine: Engine;
  readonly capabilities: EngineCapabilities;
  /** Splits a script into statements with positions, respecting the engine's quoting rules. */
  split(script: string): SplitStatement[];
  /** Opens a connection; connection failures throw EngineError with a clear kind. */
  connect(instance: InstanceConnection): Promise<EngineConnection>;
  /** Connects, runs a trivial query and closes; throws EngineError on failure. */
  testConnection(instance: InstanceConnection): Promise<{ version: string }>;
}

export type EngineErrorKind =
  | 'auth_failed'
  | 'unreachable'
  | 'unknown_database'
  | 'tls_required'
  | 'timeout'
  | 'cancelled'
  | 'unsupported'
  | 'query_failed';

/** An engine failure translated out of the vendor driver's error. */
export class EngineError extends Error {
  readonly kind: EngineErrorKind;
  readonly code: string | undefined;

  constructor(kind: EngineErrorKind, message: string, code?: string) {
    super(message);
    this.name = 'EngineError';
    this.kind = kind;
    this.code = code;
  }
}

export type EngineRegistry = Partial<Record<Engine, EngineDriver>>;
