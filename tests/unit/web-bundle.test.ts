// The web view's first load stays small: index.html's script and stylesheet plus everything they import
// statically, gzipped, is at most 120 KB; chunks loaded on demand (the SQL editor, the diff view) are apart.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';

const BUDGET_BYTES = 120 * 1024;
const repoRoot = join(import.meta.dirname, '..', '..');

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const outDir = mkdtempSync(join(tmpdir(), 'web-bundle-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

describe('the web view bundle', () => {
  it('loads at most 120 KB (gzipped) before the first page shows', async () => {
    await build({
      configFile: join(repoRoot, 'web', 'vite.config.ts'),
      logLevel: 'silent',
      build: { outDir, emptyOutDir: true, manifest: true },
    });
    const manifest = JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<
      string,
      ManifestChunk
    >;
    const html = readFileSync(join(outDir, 'index.html'), 'utf8');
    const gz = (file: string) => gzipSync(readFileSync(join(outDir, file))).length;

    // What index.html names, then what those chunks import statically (not `import()`), transitively.
    const entries = Object.entries(manifest).filter(([, c]) => c.isEntry);
    expect(entries.length, 'entry chunks').toBeGreaterThan(0);
    const first = new Set<string>();
    const visit = (key: string) => {
      const chunk = manifest[key];
      if (!chunk || first.has(chunk.file)) return;
      first.add(chunk.file);
      for (const css of chunk.css ?? []) first.add(css);
      for (const imported of chunk.imports ?? []) visit(imported);
    };
    for (const [key, chunk] of entries) {
      expect(html, `index.html loads ${chunk.file}`).toContain(chunk.file);
      visit(key);
    }
    for (const [, href] of html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="\/([^"]+)"/g))
      first.add(href!);

    const lazy = [
      ...new Set(
        Object.values(manifest)
          .flatMap((c) => [c.file, ...(c.css ?? [])])
          .filter((file) => !first.has(file)),
      ),
    ];
    const rows = [...first].map((file) => ({ file, gzip: gz(file) }));
    const total = rows.reduce((sum, r) => sum + r.gzip, 0);
    const lines = [
      'first load (gzipped):',
      ...rows.map((r) => `  ${r.file.padEnd(44)} ${kb(r.gzip).padStart(9)}`),
      `  ${'total'.padEnd(44)} ${kb(total).padStart(9)} of ${kb(BUDGET_BYTES)}`,
      'loaded on demand (gzipped):',
      ...lazy.map((file) => `  ${file.padEnd(44)} ${kb(gz(file)).padStart(9)}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    expect(total, lines.join('\n')).toBeLessThanOrEqual(BUDGET_BYTES);
  }, 120_000);
});
