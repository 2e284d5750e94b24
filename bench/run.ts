// Runs every bench/*.bench.ts (or those named on the command line) and prints one JSON document.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type BenchModule = { default: () => Promise<Record<string, unknown>> };

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

const results: Record<string, unknown> = {};
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  const mod = (await import(pathToFileURL(join(here, file)).href)) as BenchModule;
  try {
    results[name] = await mod.default();
  } catch (err) {
    results[name] = { error: err instanceof Error ? err.message : String(err) };
  }
  process.stderr.write(`bench ${name} done\n`);
}
process.stdout.write(`${JSON.stringify({ node: process.version, benchmarks: results }, null, 2)}\n`);
