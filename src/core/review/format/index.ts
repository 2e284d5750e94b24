// Output formats of review reports, by name.
import { renderGitlab } from './gitlab.ts';
import { renderJson } from './json.ts';
import { renderJunit } from './junit.ts';
import type { FileReport } from './report.ts';
import { renderText } from './text.ts';

export type { FileReport } from './report.ts';

/** Names of the output formats. */
export type ReportFormat = 'text' | 'json' | 'gitlab' | 'junit';

/** Renderers by format name. */
export const renderers: Record<ReportFormat, (reports: FileReport[]) => string> = {
  text: renderText,
  json: renderJson,
  gitlab: renderGitlab,
  junit: renderJunit,
};
