// Strict token cursor for the fast path: names, literals and punctuation in the narrow forms it accepts.
import { type Token, tokenize } from '../classify.ts';
import type { ObjectRef } from '../model.ts';
import { FAST_PATH_KEYWORDS } from './keywords.ts';

/** Engines the fast path serves. */
export type FastEngine = 'postgres' | 'mysql';

/** Thrown (and caught by the fast path) when a statement leaves the recognised shapes. */
export const NOT_FAST: unique symbol = Symbol('not-fast');

/** A literal value as the rules see it. */
export interface FastLiteral {
  kind: 'number' | 'string' | 'null';
  /** Digits, string contents, or 'NULL'. */
  text: string;
  offset: number;
}

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DIGITS = /^(0|[1-9][0-9]{0,8})$/;
// Characters that open comments, escapes, parameters, dollar quotes or non-ASCII text: all left to the parser.
const UNSAFE_TEXT = /--|#|\/\*|\\|\$|;|\?|[^\t\n\r\x20-\x7e]/;
const SAFE_PUNCT = new Set(['(', ')', ',', '.', '=', '<', '>', '!', '*', '+', '-']);

/** Walks the tokens of one statement; every reader either consumes what it expects or throws NOT_FAST. */
export class FastCursor {
  readonly tokens: Token[];
  readonly engine: FastEngine;
  i = 0;

  constructor(engine: FastEngine, tokens: Token[]) {
    this.engine = engine;
    this.tokens = tokens;
  }

  /** Tokens of `sql` when its text is plain enough for the fast path, else undefined. */
  static open(engine: FastEngine, sql: string, base: number): FastCursor | undefined {
    if (UNSAFE_TEXT.test(sql)) return undefined;
    if (sql.includes(engine === 'mysql' ? '"' : '`')) return undefined;
    const tokens = tokenize(sql, base);
    for (const t of tokens) {
      if (t.kind === 'punct' ? !SAFE_PUNCT.has(t.text) : t.kind === 'string' && t.text.includes("'"))
        return undefined;
    }
    return new FastCursor(engine, tokens);
  }

  get done(): boolean {
    return this.i >= this.tokens.length;
  }

  peek(ahead = 0): Token | undefined {
    return this.tokens[this.i + ahead];
  }

  /** True when the next token is the unquoted keyword `word` (upper case). */
  at(word: string, ahead = 0): boolean {
    const t = this.tokens[this.i + ahead];
    return t !== undefined && t.kind === 'word' && !t.quoted && t.upper === word;
  }

  /** Consumes `word` when it is next. */
  accept(word: string): boolean {
    if (!this.at(word)) return false;
    this.i++;
    return true;
  }

  expect(word: string): Token {
    const t = this.tokens[this.i];
    if (!this.at(word)) throw NOT_FAST;
    this.i++;
    return t!;
  }

  /** Consumes punctuation `p` when it is next. */
  acceptPunct(p: string): boolean {
    const t = this.tokens[this.i];
    if (t?.kind !== 'punct' || t.text !== p) return false;
    this.i++;
    return true;
  }

  expectPunct(p: string): Token {
    const t = this.tokens[this.i];
    if (!this.acceptPunct(p)) throw NOT_FAST;
    return t!;
  }

  /** A two-character operator such as `<>` written without a gap. */
  acceptPair(a: string, b: string): boolean {
    const x = this.tokens[this.i];
    const y = this.tokens[this.i + 1];
    if (x?.text !== a || y?.text !== b || x.kind !== 'punct' || y.kind !== 'punct') return false;
    if (y.offset !== x.offset + 1) throw NOT_FAST;
    this.i += 2;
    return true;
  }

  /** One identifier: a plain unquoted word that is no keyword, or a quoted plain word. Returns its token. */
  nameToken(): Token {
    const t = this.tokens[this.i];
    if (t?.kind !== 'word' || !PLAIN_NAME.test(t.text)) throw NOT_FAST;
    if (!t.quoted && FAST_PATH_KEYWORDS.has(t.upper)) throw NOT_FAST;
    if (t.text.length > (this.engine === 'postgres' ? 63 : 64)) throw NOT_FAST;
    this.i++;
    return t;
  }

  /** An identifier as the engine stores it: PostgreSQL folds unquoted names to lower case. */
  name(): string {
    return this.nameText(this.nameToken());
  }

  nameText(t: Token): string {
    return this.engine === 'postgres' && !t.quoted ? t.text.toLowerCase() : t.text;
  }

  /**
   * A table name, for PostgreSQL possibly qualified by a schema (`s.t`, located at its first part). MySQL
   * qualified names go to the parser: node-sql-parser locates them at the schema in some statements and at the
   * table in others.
   */
  objectName(): ObjectRef {
    const first = this.nameToken();
    if (!this.acceptPunct('.')) return { name: this.nameText(first), offset: first.offset };
    if (this.engine !== 'postgres') throw NOT_FAST;
    const second = this.nameToken();
    if (this.peek()?.text === '.') throw NOT_FAST;
    return { schema: this.nameText(first), name: this.nameText(second), offset: first.offset };
  }

  /** A comma-separated list of plain names in parentheses. */
  nameList(): { name: string; offset: number }[] {
    this.expectPunct('(');
    const out: { name: string; offset: number }[] = [];
    do {
      const t = this.nameToken();
      out.push({ name: this.nameText(t), offset: t.offset });
    } while (this.acceptPunct(','));
    this.expectPunct(')');
    return out;
  }

  /** A literal: a small unsigned integer, a plain string or NULL. */
  literal(): FastLiteral {
    const t = this.tokens[this.i];
    if (t === undefined) throw NOT_FAST;
    if (t.kind === 'number' && DIGITS.test(t.text)) {
      this.i++;
      return { kind: 'number', text: t.text, offset: t.offset };
    }
    if (t.kind === 'string') {
      this.i++;
      return { kind: 'string', text: t.text, offset: t.offset };
    }
    if (this.at('NULL')) {
      this.i++;
      return { kind: 'null', text: 'NULL', offset: t.offset };
    }
    throw NOT_FAST;
  }

  /** A small unsigned integer. */
  integer(): number {
    const lit = this.literal();
    if (lit.kind !== 'number') throw NOT_FAST;
    return Number(lit.text);
  }

  /** Fails unless every token was consumed. */
  end(): void {
    if (!this.done) throw NOT_FAST;
  }
}
