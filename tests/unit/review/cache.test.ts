// The bounded LRU cache, and the syntax-tree cache giving the same models as fresh parses at any position.
import { describe, expect, it } from 'vitest';
import { LruCache } from '../../../src/core/review/cache.ts';
import { parseMysqlFamily } from '../../../src/core/review/parse-mysql.ts';

describe('LruCache', () => {
  it('evicts the least recently used entry when over its entry bound', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1);
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    expect(c.size).toBe(2);
  });

  it('evicts by total weight and never keeps an entry heavier than the budget', () => {
    const c = new LruCache<string, string>(10, 10);
    c.set('a', 'x', 6);
    c.set('b', 'y', 4);
    c.set('c', 'z', 3);
    expect(c.get('a')).toBeUndefined();
    expect(c.weight).toBe(7);
    c.set('huge', 'w', 11);
    expect(c.get('huge')).toBeUndefined();
    c.set('b', 'y2', 1);
    expect(c.get('b')).toBe('y2');
    expect(c.weight).toBe(4);
    c.clear();
    expect(c.size).toBe(0);
  });
});

describe('syntax-tree cache', () => {
  it('gives a repeated statement its own positions, equal to a fresh parse', () => {
    // Outside the fast path's shapes, so the grammar (and its cache) handles both copies.
    const statement = "UPDATE t SET a = 1 WHERE b LIKE '%x' ORDER BY c LIMIT 2";
    const script = `${statement};\n\n  ${statement};\nSELEC 1;\nSELEC 1;`;
    const cached = parseMysqlFamily(script, 'mysql');
    const fresh = parseMysqlFamily(script, 'mysql', { cache: false });
    expect(cached).toStrictEqual(fresh);
    expect(cached.map((p) => p.via)).toEqual(['parser', 'parser', undefined, undefined]);
    const likes = cached.slice(0, 2).map((p) => p.statement.dml?.leadingWildcardLikes[0]);
    expect(likes).toEqual([25, statement.length + 5 + 25]);
    expect(cached[3]?.problem?.offset).toBe((cached[2]?.problem?.offset ?? 0) + 9);
  });
});
