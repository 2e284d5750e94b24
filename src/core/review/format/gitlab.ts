// GitLab Code Quality output (https://docs.gitlab.com/ci/testing/code_quality/#code-quality-report-format).
import { createHash } from 'node:crypto';
import type { FileReport } from './report.ts';

/**
 * Renders a Code Quality report. The fingerprint hashes file, rule, statement text and message, so it stays
 * stable when unrelated lines move and GitLab can match the same issue across pipelines.
 */
export function renderGitlab(reports: FileReport[]): string {
  const issues = reports.flatMap(({ file, result }) =>
    result.advice.map((a) => ({
      description: `${a.rule}: ${a.message}`,
      check_name: a.rule,
      fingerprint: createHash('sha256')
        .update(`${file}\0${a.rule}\0${a.statement}\0${a.message}`)
        .digest('hex'),
      severity: a.level === 'error' ? 'major' : 'minor',
      location: { path: file, lines: { begin: a.line } },
    })),
  );
  return `${JSON.stringify(issues, null, 2)}\n`;
}
