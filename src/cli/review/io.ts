// Input for the review CLI: files or stdin with a size limit, and the policy file.
import { readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { type PolicyFile, parsePolicy, ReviewConfigError } from '../../core/review/index.ts';
import { UsageError } from './args.ts';

/** Largest script the CLI reviews; bigger inputs are data loads, not migrations. */
export const MAX_SCRIPT_BYTES = 10 * 1024 * 1024;

/** Reads one input ('-' is stdin), refusing unreadable or oversized input with a precise message. */
export function readScript(file: string): string {
  if (file === '-') {
    const data = readFileSync(0);
    if (data.length > MAX_SCRIPT_BYTES) throw new UsageError(`stdin: larger than ${MAX_SCRIPT_BYTES} bytes`);
    return data.toString('utf8');
  }
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new UsageError(`${file}: not a regular file`);
    size = st.size;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(
      `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  if (size > MAX_SCRIPT_BYTES)
    throw new UsageError(`${file}: ${size} bytes is larger than the limit of ${MAX_SCRIPT_BYTES}`);
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(
      `${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
}

/** Reads and validates a policy file (YAML or JSON). */
export function readPolicy(file: string): PolicyFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ReviewConfigError(
      file,
      '',
      `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new ReviewConfigError(file, '', `not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  return parsePolicy(doc, file);
}
