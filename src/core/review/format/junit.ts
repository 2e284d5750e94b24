// JUnit XML output: a testsuite per file, a testcase per statement, a failure per error advice.
import type { FileReport } from './report.ts';

const xml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Renders JUnit XML; warnings appear in system-out so CI shows them without failing the case. */
export function renderJunit(reports: FileReport[]): string {
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  for (const { file, result } of reports) {
    const cases: string[] = [];
    let failures = 0;
    for (const s of result.statements) {
      const advice = result.advice.filter((a) => a.statementIndex === s.index);
      const errors = advice.filter((a) => a.level === 'error');
      const warnings = advice.filter((a) => a.level === 'warning');
      const name = `statement ${s.index + 1} (line ${s.line}): ${s.sql.split('\n')[0]!.slice(0, 80)}`;
      let body = '';
      if (errors.length > 0) {
        failures++;
        const text = errors.map((a) => `${file}:${a.line}:${a.column} ${a.rule} ${a.message}`).join('\n');
        body += `<failure message="${xml(errors.map((a) => a.rule).join(', '))}" type="error">${xml(text)}</failure>`;
      }
      if (warnings.length > 0) {
        body += `<system-out>${xml(warnings.map((a) => `${file}:${a.line}:${a.column} warning ${a.rule} ${a.message}`).join('\n'))}</system-out>`;
      }
      cases.push(`    <testcase classname="${xml(file)}" name="${xml(name)}">${body}</testcase>`);
    }
    totalTests += cases.length;
    totalFailures += failures;
    suites.push(
      `  <testsuite name="${xml(file)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">\n${cases.join('\n')}\n  </testsuite>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="sql-review" tests="${totalTests}" failures="${totalFailures}">\n${suites.join('\n')}\n</testsuites>\n`;
}
