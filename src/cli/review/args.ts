// Command-line arguments of the review CLI, validated into options or a usage error.
import type { ReportFormat } from '../../core/review/format/index.ts';
import type { ReviewEngine, ReviewTemplate } from '../../core/review/index.ts';

/** Parsed options. */
export interface ReviewCliOptions {
  engine?: ReviewEngine;
  template?: ReviewTemplate;
  config?: string;
  format: ReportFormat;
  files: string[];
  listRules: boolean;
  help: boolean;
}

/** A command line that cannot be used (exit code 2). */
export class UsageError extends Error {}

export const usage = `usage: review --engine <postgres|mysql|clickhouse|snowflake> [--template dev|prod] [--config policy.yaml]
              [--format text|json|gitlab|junit] FILE... ('-' reads stdin)
       review --list-rules [--engine <engine>] [--format text|json]
exit codes: 0 no error-level advice, 1 error-level advice, 2 bad usage, configuration or input`;

const ENGINES = ['postgres', 'mysql', 'clickhouse', 'snowflake'];
const FORMATS = ['text', 'json', 'gitlab', 'junit'];
const ALIASES: Record<string, string> = { pglite: 'postgres', mariadb: 'mysql' };

function oneOf(flag: string, value: string | undefined, allowed: string[]): string {
  if (value === undefined || value.startsWith('--'))
    throw new UsageError(`${flag} needs a value (${allowed.join('|')})`);
  const v = ALIASES[value] ?? value;
  if (!allowed.includes(v))
    throw new UsageError(`unknown ${flag.slice(2)} "${value}" (expected ${allowed.join('|')})`);
  return v;
}

/** Parses argv (without node and script). Throws UsageError on anything it does not understand. */
export function parseArgs(argv: string[]): ReviewCliOptions {
  const opts: ReviewCliOptions = { format: 'text', files: [], listRules: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=')
        ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
        : [arg, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--engine') opts.engine = oneOf(flag, value(), ENGINES) as ReviewEngine;
    else if (flag === '--template') opts.template = oneOf(flag, value(), ['dev', 'prod']) as ReviewTemplate;
    else if (flag === '--format') opts.format = oneOf(flag, value(), FORMATS) as ReportFormat;
    else if (flag === '--config') {
      const v = value();
      if (!v) throw new UsageError('--config needs a file');
      opts.config = v;
    } else if (flag === '--list-rules') opts.listRules = true;
    else if (flag === '--help' || flag === '-h') opts.help = true;
    else if (flag === '--') opts.files.push(...argv.slice(i + 1).splice(0));
    else if (flag.startsWith('-') && flag !== '-') throw new UsageError(`unknown option ${flag}`);
    else opts.files.push(arg);
    if (flag === '--') break;
  }
  if (opts.help || opts.listRules) return opts;
  if (!opts.engine) throw new UsageError('--engine is required');
  if (opts.files.length === 0) throw new UsageError('no files given (use - for stdin)');
  return opts;
}
