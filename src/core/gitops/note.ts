// Renders the one merge request note: a summary table of the migration files and per-file findings with line numbers.
import type { FileProblem } from './files.ts';
import type { FileReview } from './review-files.ts';

/** Hidden marker that identifies our note among the merge request's notes. */
export const REVIEW_NOTE_MARKER = '<!-- bytebase-im:sql-review -->';

/** GitLab accepts notes up to 1,000,000 characters; stay well below with room for the closing line. */
const MAX_NOTE_CHARS = 900_000;
const MAX_FINDINGS_PER_FILE = 100;

export interface ReviewNoteInput {
  reviews: FileReview[];
  problems: FileProblem[];
  /** The commit the review looked at. */
  headSha: string;
  /** Link to the service, for the footer. */
  publicUrl: string;
}

/** Totals of a review, shared by the note and the commit status. */
export function reviewTotals(input: Pick<ReviewNoteInput, 'reviews' | 'problems'>) {
  const errors = input.reviews.reduce((n, r) => n + r.errorCount, 0);
  const warnings = input.reviews.reduce((n, r) => n + r.warningCount, 0);
  return { files: input.reviews.length, errors, warnings, problems: input.problems.length };
}

/** Whether the review lets the merge request pass: no errors and no unusable files. */
export const reviewPassed = (input: Pick<ReviewNoteInput, 'reviews' | 'problems'>) => {
  const t = reviewTotals(input);
  return t.errors === 0 && t.problems === 0;
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
// Markdown-safe inline text: no HTML, no table breaks, no stray code spans.
const text = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\|/g, '\\|');
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

/** The one-line outcome, also used as the commit status description. */
export function reviewSummary(input: Pick<ReviewNoteInput, 'reviews' | 'problems'>): string {
  const t = reviewTotals(input);
  const parts = [
    `${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')} in ${plural(t.files, 'migration file')}`,
  ];
  if (t.problems > 0) parts.push(`${plural(t.problems, 'file')} cannot be used`);
  return `SQL review: ${parts.join('; ')}`;
}

/** The full note body, starting with the marker. */
export function renderReviewNote(input: ReviewNoteInput): string {
  const passed = reviewPassed(input);
  const lines: string[] = [
    REVIEW_NOTE_MARKER,
    `### ${passed ? '✅' : '❌'} ${reviewSummary(input)}`,
    '',
    `Reviewed at commit ${code(input.headSha.slice(0, 12))}. This note is updated on every push.`,
    '',
  ];
  if (input.reviews.length > 0) {
    lines.push(
      '| File | Database | Environments | Errors | Warnings | Result |',
      '| --- | --- | --- | ---: | ---: | --- |',
    );
    for (const r of input.reviews)
      lines.push(
        `| ${code(r.path)} | ${text(r.database)} | ${text(r.environments.join(', '))} | ${r.errorCount} | ${r.warningCount} | ${
          r.type === 'baseline'
            ? 'baseline, not reviewed'
            : r.errorCount > 0
              ? '❌ fix'
              : r.warningCount > 0
                ? '⚠️ check'
                : '✅ ok'
        } |`,
      );
    lines.push('');
  }
  if (input.problems.length > 0) {
    lines.push('#### Files that cannot be used', '');
    for (const p of input.problems) lines.push(`- ${code(p.path)}: ${text(p.problem)}`);
    lines.push('');
  }
  const withFindings = input.reviews.filter((r) => r.findings.length > 0);
  if (withFindings.length > 0) lines.push('#### Findings', '');
  let body = lines.join('\n');
  for (const r of withFindings) {
    const block = [`**${code(r.path)}**`, ''];
    for (const f of r.findings.slice(0, MAX_FINDINGS_PER_FILE))
      block.push(
        `- line ${f.line}, column ${f.column}: **${f.level}** ${code(f.rule)} ${text(f.message)} _(${text(f.environments.join(', '))})_`,
      );
    if (r.findings.length > MAX_FINDINGS_PER_FILE)
      block.push(`- … and ${r.findings.length - MAX_FINDINGS_PER_FILE} more`);
    block.push('');
    const chunk = `\n${block.join('\n')}`;
    if (body.length + chunk.length > MAX_NOTE_CHARS) {
      body += `\n_The note is too long to list every finding; the remaining files are left out._\n`;
      break;
    }
    body += chunk;
  }
  body += `\n<sub>SQL review by [bytebase-im](${input.publicUrl}) against each target environment's policy.</sub>\n`;
  return body;
}
