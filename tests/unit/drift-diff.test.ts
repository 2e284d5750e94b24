// The line diff of schema dumps that drift checks report: exact edits, order, repeats, the cap and the fallback.
import { describe, expect, it } from 'vitest';
import { diffPreview, diffSchemas } from '../../src/core/drift/diff.ts';

const dump = (...lines: string[]) => lines.join('\n');
const table = ['CREATE TABLE public.orders (', '  id bigint NOT NULL,', '  total numeric NOT NULL', ');'];

describe('diffSchemas', () => {
  it('finds nothing between equal dumps', () => {
    expect(diffSchemas(dump(...table), dump(...table))).toEqual({
      added: [],
      removed: [],
      moreAdded: 0,
      moreRemoved: 0,
    });
  });

  it('reports an added column as the lines that changed, not the whole table', () => {
    const live = [
      'CREATE TABLE public.orders (',
      '  id bigint NOT NULL,',
      '  total numeric NOT NULL,',
      '  coupon text',
      ');',
    ];
    const d = diffSchemas(dump(...table), dump(...live));
    expect(d).toMatchObject({
      added: ['  total numeric NOT NULL,', '  coupon text'],
      removed: ['  total numeric NOT NULL'],
      moreAdded: 0,
      moreRemoved: 0,
    });
    // The same edit as a unified patch, which the web view renders.
    expect(d.patch).toContain('--- baseline');
    expect(d.patch).toContain('+++ live');
    expect(d.patch).toContain('@@ -1,4 +1,5 @@');
    expect(d.patch).toContain('\n-  total numeric NOT NULL\n+  total numeric NOT NULL,\n+  coupon text\n');
  });

  it('has no patch when nothing differs, and none when the dumps differ too much to align', () => {
    expect(diffSchemas('a\nb', 'a\nb').patch).toBeUndefined();
    const baseline = Array.from({ length: 1500 }, (_, i) => `old ${i}`).join('\n');
    const live = Array.from({ length: 1500 }, (_, i) => `new ${i}`).join('\n');
    expect(diffSchemas(baseline, live).patch).toBeUndefined();
  });

  it('previews removed lines first, marked, with the count of the rest', () => {
    const d = diffSchemas(dump('a', 'b', 'c'), dump('a', 'x', 'y', 'z'));
    expect(diffPreview(d, 3)).toEqual({ lines: ['- b', '- c', '+ x'], more: 2 });
  });

  it('reports a dropped object as removed lines in dump order', () => {
    const baseline = dump(
      'CREATE SCHEMA app;',
      '',
      'CREATE INDEX a ON t (x);',
      'CREATE INDEX b ON t (y);',
      '',
    );
    const live = dump('CREATE SCHEMA app;', '', '');
    expect(diffSchemas(baseline, live)).toMatchObject({
      added: [],
      removed: ['CREATE INDEX a ON t (x);', 'CREATE INDEX b ON t (y);'],
    });
  });

  it('sees a change of order even when the same lines are present', () => {
    const d = diffSchemas(dump('  a int,', '  b int'), dump('  b int', '  a int,'));
    expect(d.added.length + d.removed.length).toBeGreaterThan(0);
  });

  it('counts repeated lines', () => {
    expect(diffSchemas(dump('x', 'y'), dump('x', 'y', 'x'))).toMatchObject({ added: ['x'], removed: [] });
  });

  it('leaves blank lines out and treats CRLF like LF', () => {
    expect(diffSchemas('a\nb', 'a\r\n\r\nb\r\n')).toMatchObject({ added: [], removed: [] });
    expect(diffSchemas('a\n\n\nb', 'a\r\nb')).toMatchObject({ added: [], removed: [] });
  });

  it('caps each list and counts what the cap left out', () => {
    const live = Array.from({ length: 12 }, (_, i) => `line ${i}`);
    const d = diffSchemas('', dump(...live), 5);
    expect(d.added).toEqual(live.slice(0, 5));
    expect(d.moreAdded).toBe(7);
    expect(d.moreRemoved).toBe(0);
  });

  it('still answers the changed lines when the dumps differ too much to align', () => {
    const baseline = Array.from({ length: 1500 }, (_, i) => `old ${i}`);
    const live = [...Array.from({ length: 1500 }, (_, i) => `new ${i}`), 'old 3'];
    const d = diffSchemas(dump(...baseline), dump(...live), 10_000);
    expect(d.added).toHaveLength(1500);
    expect(d.added.every((l) => l.startsWith('new '))).toBe(true);
    expect(d.removed).toHaveLength(1499);
    expect(d.removed).not.toContain('old 3');
  });
});
