// Lexical rules per SQL dialect that the statement splitter needs: quotes, comments, dollar quotes, blocks.

/** Dialects the splitter knows; engines map onto these (PGlite uses 'postgres', MariaDB 'mysql'). */
export type SqlDialect = 'postgres' | 'mysql' | 'clickhouse' | 'snowflake';

/** What the splitter must know about one dialect's lexical structure. */
export interface DialectRules {
  /** Backslash escapes inside '...' strings. */
  backslashInSingle: boolean;
  /** Backslash escapes inside "..." and `...`. */
  backslashInIdent: boolean;
  /** Backticks quote identifiers. */
  backtick: boolean;
  /** `E'...'` strings with backslash escapes (PostgreSQL). */
  escapeStrings: boolean;
  /** `#` starts a line comment. */
  hashComment: boolean;
  /** `//` starts a line comment (Snowflake). */
  slashComment: boolean;
  /** `--` only starts a comment when followed by whitespace (MySQL). */
  dashNeedsSpace: boolean;
  /** Block comments nest (PostgreSQL). */
  nestedComments: boolean;
  /** Bang and plus block comments are executed or used as hints, so they are statement text (MySQL). */
  executableComments: boolean;
  /** `$tag$...$tag$` (PostgreSQL, ClickHouse heredocs), `$$...$$` only (Snowflake), or none. */
  dollarQuotes: 'tagged' | 'plain' | 'none';
  /** A `DELIMITER x` line changes the statement terminator (mysql client convention). */
  delimiterCommand: boolean;
  /** How `BEGIN ... END` bodies are recognised, or false when the dialect has none. */
  blocks: 'postgres' | 'mysql' | 'snowflake' | false;
}

/** Rules for every dialect the splitter serves. */
export const dialectRules: Record<SqlDialect, DialectRules> = {
  postgres: {
    backslashInSingle: false,
    backslashInIdent: false,
    backtick: false,
    escapeStrings: true,
    hashComment: false,
    slashComment: false,
    dashNeedsSpace: false,
    nestedComments: true,
    executableComments: false,
    dollarQuotes: 'tagged',
    delimiterCommand: false,
    blocks: 'postgres',
  },
  mysql: {
    backslashInSingle: true,
    backslashInIdent: true,
    backtick: true,
    escapeStrings: false,
    hashComment: true,
    slashComment: false,
    dashNeedsSpace: true,
    nestedComments: false,
    executableComments: true,
    dollarQuotes: 'none',
    delimiterCommand: true,
    blocks: 'mysql',
  },
  clickhouse: {
    backslashInSingle: true,
    backslashInIdent: true,
    backtick: true,
    escapeStrings: false,
    hashComment: true,
    slashComment: false,
    dashNeedsSpace: false,
    nestedComments: true,
    executableComments: false,
    dollarQuotes: 'tagged',
    delimiterCommand: false,
    blocks: false,
  },
  snowflake: {
    backslashInSingle: true,
    backslashInIdent: false,
    backtick: false,
    escapeStrings: false,
    hashComment: false,
    slashComment: true,
    dashNeedsSpace: false,
    nestedComments: false,
    executableComments: false,
    dollarQuotes: 'plain',
    delimiterCommand: false,
    blocks: 'snowflake',
  },
};
