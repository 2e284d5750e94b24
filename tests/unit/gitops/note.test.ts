// The merge request note: marker, summary table, problems and per-file findings with line numbers.
import { describe, expect, it } from 'vitest';
import {
  REVIEW_NOTE_MARKER,
  renderReviewNote,
  reviewPassed,
  reviewSummary,
} from '../../../src/core/gitops/note.ts';
import type { FileReview } from '../../../src/core/gitops/review-files.ts';

const review = (over: Partial<FileReview> = {}): FileReview => ({
  path: 'db/prod/shop##0001##migrate##drop.sql',
  database: 'shop',
  version: '0001',
  type: 'schema',
  environments: ['prod'],
  errorCount: 1,
  warningCount: 1,
  findings: [
    {
      level: 'warning',
      rule: 'column.no-null',
      message: 'x | y',
      line: 2,
      column: 5,
      environments: ['prod'],
    },
    {
      level: 'error',
      rule: 'table.no-drop',
      message: 'DROP <TABLE>',
      line: 7,
      column: 1,
      environments: ['prod'],
    },
  ],
  ...over,
});

describe('renderReviewNote', () => {
  it('starts with the marker and shows a summary row per file and each finding with its line', () => {
    const body = renderReviewNote({
      reviews: [
        review(),
        review({ path: 'db/test/shop##0002##data##ok.sql', errorCount: 0, warningCount: 0, findings: [] }),
      ],
      problems: [{ path: 'db/prod/shop##x.sql', problem: 'the name does not match the template T' }],
      headSha: 'abcdef0123456789abcdef',
      publicUrl: 'https://bb.example.com',
    });
    expect(body.startsWith(REVIEW_NOTE_MARKER)).toBe(true);
    expect(body).toContain(
      '### ❌ SQL review: 1 error, 1 warning in 2 migration files; 1 file cannot be used',
    );
    expect(body).toContain('| `db/prod/shop##0001##migrate##drop.sql` | shop | prod | 1 | 1 | ❌ fix |');
    expect(body).toContain('| `db/test/shop##0002##data##ok.sql` | shop | prod | 0 | 0 | ✅ ok |');
    expect(body).toContain('- `db/prod/shop##x.sql`: the name does not match the template T');
    expect(body).toContain('- line 7, column 1: **error** `table.no-drop` DROP &lt;TABLE> _(prod)_');
    expect(body).toContain('- line 2, column 5: **warning** `column.no-null` x \\| y _(prod)_');
    expect(body).toContain('`abcdef012345`');
    // Findings of the first file come before those of a later one and in line order within it.
    expect(body.indexOf('line 2, column 5')).toBeLessThan(body.indexOf('line 7, column 1'));
  });

  it('passes only without errors and without unusable files', () => {
    const clean = review({ errorCount: 0, findings: [] });
    expect(reviewPassed({ reviews: [clean], problems: [] })).toBe(true);
    expect(reviewPassed({ reviews: [review()], problems: [] })).toBe(false);
    expect(reviewPassed({ reviews: [clean], problems: [{ path: 'a', problem: 'b' }] })).toBe(false);
    expect(reviewSummary({ reviews: [clean], problems: [{ path: 'a', problem: 'b' }] })).toBe(
      'SQL review: 0 errors, 1 warning in 1 migration file; 1 file cannot be used',
    );
  });

  it("keeps a huge review under GitLab's note size limit", () => {
    const findings = Array.from({ length: 100 }, (_, i) => ({
      level: 'error' as const,
      rule: 'r',
      message: 'm'.repeat(200),
      line: i + 1,
      column: 1,
      environments: ['prod'],
    }));
    const reviews = Array.from({ length: 1000 }, (_, i) => review({ path: `f${i}.sql`, findings }));
    const body = renderReviewNote({ reviews, problems: [], headSha: 'a'.repeat(40), publicUrl: 'u' });
    expect(body.length).toBeLessThan(1_000_000);
    expect(body).toContain('too long to list every finding');
  });
});
