// The fake's unified diffs against GNU `diff -u` output (hunks only), including the edge cases GitLab shows.
import { describe, expect, it } from 'vitest';
import { unifiedDiff } from './index.ts';

const lines = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, n) => `${from + n}\n`).join('');

describe('unifiedDiff', () => {
  it('splits distant changes into separate hunks with three lines of context, as diff -u does', () => {
    const before = lines(1, 30);
    const after = `${lines(1, 4)}X\n${lines(6, 17)}Y\n${lines(19, 30)}`;
    expect(unifiedDiff(before, after)).toBe(
      [
        '@@ -2,7 +2,7 @@',
        ' 2',
        ' 3',
        ' 4',
        '-5',
        '+X',
        ' 6',
        ' 7',
        ' 8',
        '@@ -15,7 +15,7 @@',
        ' 15',
        ' 16',
        ' 17',
        '-18',
        '+Y',
        ' 19',
        ' 20',
        ' 21',
        '',
      ].join('\n'),
    );
  });

  it('marks a missing final newline and shows deletions before insertions', () => {
    expect(unifiedDiff('one\ntwo', 'one\ntwo\n')).toBe(
      '@@ -1,2 +1,2 @@\n one\n-two\n\\ No newline at end of file\n+two\n',
    );
    expect(unifiedDiff('a\nb\nc\n', 'a\nc\nd\n')).toBe('@@ -1,3 +1,3 @@\n a\n-b\n c\n+d\n');
  });

  it('writes new and deleted files as one hunk from or to 0,0, and one-line ranges without a count', () => {
    expect(unifiedDiff('', 'a\nb\n')).toBe('@@ -0,0 +1,2 @@\n+a\n+b\n');
    expect(unifiedDiff('a\n', '')).toBe('@@ -1 +0,0 @@\n-a\n');
    expect(unifiedDiff('same\n', 'same\n')).toBe('');
  });

  it('still produces a correct diff when the edit distance is too large for the shortest script', () => {
    const before = Array.from({ length: 1500 }, (_, n) => `old ${n}\n`).join('');
    const after = Array.from({ length: 1500 }, (_, n) => `new ${n}\n`).join('');
    const diff = unifiedDiff(before, after);
    expect(diff.startsWith('@@ -1,1500 +1,1500 @@\n-old 0\n')).toBe(true);
    const body = diff.split('\n').slice(1, -1);
    expect(body.filter((line) => line.startsWith('-'))).toHaveLength(1500);
    expect(body.filter((line) => line.startsWith('+'))).toHaveLength(1500);
  });
});
