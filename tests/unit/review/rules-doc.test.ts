// docs/review-rules.md must be exactly what scripts/review-rules-doc.ts generates from the catalog.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderRulesDoc } from '../../../scripts/review-rules-doc.ts';
import { ruleCatalog } from '../../../src/core/review/index.ts';

const docPath = new URL('../../../docs/review-rules.md', import.meta.url);

describe('docs/review-rules.md', () => {
  it('matches the generator; run `node --import tsx scripts/review-rules-doc.ts > docs/review-rules.md`', () => {
    expect(readFileSync(docPath, 'utf8')).toBe(renderRulesDoc());
  });

  it('documents every rule with its levels and a violating example', () => {
    const doc = renderRulesDoc();
    for (const r of ruleCatalog) {
      const start = doc.indexOf(`### \`${r.id}\`:`);
      expect(start, r.id).toBeGreaterThan(0);
      const section = doc.slice(start, doc.indexOf('\n### ', start + 1));
      expect(section).toContain(`dev **${r.levels.dev}**, prod **${r.levels.prod}**`);
      expect(section).toContain('Violating example');
      for (const p of r.params) expect(section).toContain(`| \`${p.name}\` `);
    }
  });
});
