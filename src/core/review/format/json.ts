// JSON output: an array of advice objects, each with its file.
import type { FileReport } from './report.ts';

/** Renders every advice (suppressed ones carry `suppressed: true` and the reason). */
export function renderJson(reports: FileReport[]): string {
  const out = reports.flatMap(({ file, result }) => [
    ...result.advice.map((a) => ({ file, ...a })),
    ...result.suppressed.map((a) => ({ file, ...a, suppressed: true })),
  ]);
  return `${JSON.stringify(out, null, 2)}\n`;
}
