// Human-readable output: `file:line:column level rule message`, then a summary line.
import type { FileReport } from './report.ts';

/** Renders advice one per line, suppressed advice marked, and a summary. */
export function renderText(reports: FileReport[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const { file, result } of reports) {
    for (const a of result.advice)
      lines.push(`${file}:${a.line}:${a.column} ${a.level} ${a.rule} ${a.message}`);
    for (const a of result.suppressed) {
      lines.push(
        `${file}:${a.line}:${a.column} suppressed ${a.rule} ${a.message} (reason: ${a.reason || 'none given'})`,
      );
    }
    errors += result.errorCount;
    warnings += result.warningCount;
  }
  const risk = reports.map((r) => r.result.risk);
  const overall = risk.includes('high') ? 'high' : risk.includes('moderate') ? 'moderate' : 'low';
  lines.push(`${reports.length} file(s): ${errors} error(s), ${warnings} warning(s), risk ${overall}`);
  return `${lines.join('\n')}\n`;
}
