// Fast-path expressions: simple values and WHERE conditions, with the LIKE and NULL facts the rules read.
import type { DmlInfo } from '../model.ts';
import { type FastCursor, NOT_FAST } from './cursor.ts';

/** An operand: a column name or a literal; returns the offset of its first token. */
function operand(c: FastCursor): number {
  const t = c.peek();
  if (t === undefined) throw NOT_FAST;
  if (t.kind === 'word' && (t.quoted || !c.at('NULL'))) return c.nameToken().offset;
  return c.literal().offset;
}

/** A value in UPDATE ... SET: operands joined by + or -. */
export function value(c: FastCursor): void {
  operand(c);
  while (c.acceptPunct('+') || c.acceptPunct('-')) operand(c);
}

/** Reads a comparison operator; returns whether it is one whose NULL comparison the rules flag. */
function comparison(c: FastCursor): boolean | undefined {
  if (c.acceptPair('<', '>') || c.acceptPair('!', '=')) return true;
  if (c.acceptPair('<', '=') || c.acceptPair('>', '=')) return false;
  if (c.acceptPunct('=')) return true;
  if (c.acceptPunct('<') || c.acceptPunct('>')) return false;
  return undefined;
}

/**
 * One predicate: `x op y`, `x [NOT] LIKE 'p'`, `x [NOT] BETWEEN a AND b`, `x IS [NOT] NULL` or
 * `x [NOT] IN (literals)`. Records leading-wildcard LIKEs and `= NULL` comparisons at the left operand, as
 * both parsers do; MySQL's normaliser only looks at LIKE, PostgreSQL's also at NOT LIKE.
 */
function predicate(c: FastCursor, info: DmlInfo): void {
  const left = operand(c);
  const nullable = comparison(c);
  if (nullable !== undefined) {
    const rightIsNull = c.at('NULL');
    operand(c);
    if (nullable && rightIsNull) info.equalNulls.push(left);
    return;
  }
  if (c.accept('IS')) {
    c.accept('NOT');
    c.expect('NULL');
    return;
  }
  const negated = c.accept('NOT');
  if (c.accept('LIKE')) {
    const pattern = c.literal();
    if (pattern.kind !== 'string') throw NOT_FAST;
    if (pattern.text.startsWith('%') && (!negated || c.engine === 'postgres'))
      info.leadingWildcardLikes.push(left);
  } else if (c.accept('BETWEEN')) {
    c.literal();
    c.expect('AND');
    c.literal();
  } else if (c.accept('IN')) {
    c.expectPunct('(');
    do c.literal();
    while (c.acceptPunct(','));
    c.expectPunct(')');
  } else throw NOT_FAST;
}

/** A WHERE condition: predicates joined by AND / OR, without parentheses. */
export function condition(c: FastCursor, info: DmlInfo): void {
  predicate(c, info);
  while (c.accept('AND') || c.accept('OR')) predicate(c, info);
}
