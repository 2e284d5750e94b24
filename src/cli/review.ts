#!/usr/bin/env node
// CLI: reviews SQL files against a policy and prints text, JSON, GitLab Code Quality or JUnit output.
import { type FileReport, renderers } from '../core/review/format/index.ts';
import { type PolicyFile, ReviewConfigError, resolvePolicy, reviewSql } from '../core/review/index.ts';
import { parseArgs, UsageError, usage } from './review/args.ts';
import { readPolicy, readScript } from './review/io.ts';
import { listRules } from './review/list-rules.ts';

async function main(argv: string[]): Promise<number> {
  const opts = parseArgs(argv);
  if (opts.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  if (opts.listRules) {
    process.stdout.write(listRules(opts.engine, opts.format === 'json'));
    return 0;
  }
  const layers: PolicyFile[] = opts.config ? [readPolicy(opts.config)] : [];
  for (const layer of layers) {
    if (layer.unknownRules.length > 0) {
      process.stderr.write(
        `${layer.source}: ignoring rules this review does not implement: ${layer.unknownRules.join(', ')}\n`,
      );
    }
  }
  const policy = resolvePolicy(opts.template ?? layers[0]?.template ?? 'prod', ...layers);
  const inputs = opts.files.map((file) => ({ file: file === '-' ? '<stdin>' : file, sql: readScript(file) }));
  const reports: FileReport[] = [];
  for (const { file, sql } of inputs) {
    reports.push({ file, result: await reviewSql({ engine: opts.engine!, sql, policy, file }) });
  }
  process.stdout.write(renderers[opts.format](reports));
  return reports.some((r) => r.result.errorCount > 0) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (err instanceof UsageError) process.stderr.write(`review: ${err.message}\n${usage}\n`);
    else if (err instanceof ReviewConfigError) process.stderr.write(`review: ${err.message}\n`);
    else process.stderr.write(`review: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 2;
  },
);
