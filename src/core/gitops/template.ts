// Path templates of a repository binding: compile `{{ENV_ID}}/{{DB_NAME}}##{{VERSION}}…` into matchers and renderers.

export const PLACEHOLDERS = ['ENV_ID', 'DB_NAME', 'VERSION', 'TYPE', 'DESCRIPTION'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** A template that cannot be used: names the template and what is wrong with it. */
export class TemplateError extends Error {
  constructor(
    readonly template: string,
    readonly problem: string,
  ) {
    super(`path template ${JSON.stringify(template)}: ${problem}`);
    this.name = 'TemplateError';
  }
}

export interface CompiledTemplate {
  template: string;
  placeholders: Placeholder[];
  /** Captured placeholder values of a path relative to the base directory, or null when it does not match. */
  match(relativePath: string): Partial<Record<Placeholder, string>> | null;
  /**
   * Whether a path that does not match still looks meant as one: same directory depth and the same ending
   * (e.g. `.sql`) and, when the template has separators inside the file name (e.g. `##`), one of them.
   */
  looksIntended(relativePath: string): boolean;
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const token = /\{\{\s*([A-Za-z_]+)\s*\}\}/g;

/** Compiles a template; `required` placeholders must appear (e.g. VERSION for migration files). */
export function compileTemplate(template: string, required: readonly Placeholder[]): CompiledTemplate {
  if (template.startsWith('/') || template.split('/').some((s) => s === '..' || s === ''))
    throw new TemplateError(template, 'must be a relative path without empty or ".." segments');
  const parts: (string | Placeholder)[] = [];
  let last = 0;
  for (const m of template.matchAll(token)) {
    const name = m[1]!.toUpperCase() as Placeholder;
    if (!PLACEHOLDERS.includes(name))
      throw new TemplateError(
        template,
        `unknown placeholder {{${m[1]}}}; known: ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
      );
    if (parts.includes(name)) throw new TemplateError(template, `{{${name}}} appears twice`);
    parts.push(template.slice(last, m.index), name);
    last = m.index + m[0].length;
  }
  parts.push(template.slice(last));
  const placeholders = parts.filter((_, i) => i % 2 === 1) as Placeholder[];
  for (const r of required)
    if (!placeholders.includes(r)) throw new TemplateError(template, `must contain {{${r}}}`);
  for (let i = 2; i < parts.length - 1; i += 2)
    if (parts[i] === '')
      throw new TemplateError(template, 'two placeholders must be separated by literal text');

  // Placeholders never span a directory; DESCRIPTION may be empty, the others may not.
  const source = parts
    .map((p, i) => (i % 2 === 0 ? escapeRegex(p as string) : p === 'DESCRIPTION' ? '([^/]*?)' : '([^/]+?)'))
    .join('');
  const regex = new RegExp(`^${source}$`);
  const depth = template.split('/').length;
  const ending = (parts[parts.length - 1] as string).match(/\.[A-Za-z0-9]+$/)?.[0] ?? null;
  const fileName = template.split('/').pop()!;
  const separators = [...fileName.split(token)]
    .filter((_, i) => i % 2 === 0)
    .slice(1, -1)
    .filter((s) => s.length > 0 && !s.includes('/'));

  return {
    template,
    placeholders,
    match(relativePath) {
      const m = regex.exec(relativePath);
      if (!m) return null;
      const out: Partial<Record<Placeholder, string>> = {};
      placeholders.forEach((p, i) => {
        out[p] = m[i + 1]!;
      });
      return out;
    },
    looksIntended(relativePath) {
      if (relativePath.split('/').length !== depth) return false;
      if (ending && !relativePath.toLowerCase().endsWith(ending.toLowerCase())) return false;
      const name = relativePath.split('/').pop()!;
      return separators.length === 0 || separators.some((s) => name.includes(s));
    },
  };
}

/** Fills a template's placeholders (schema write-back paths). */
export function renderTemplate(template: string, values: Partial<Record<Placeholder, string>>): string {
  return template.replace(token, (whole, name: string) => values[name.toUpperCase() as Placeholder] ?? whole);
}

/** The path relative to the base directory, or null when the path lies outside it. */
export function relativeToBase(baseDirectory: string, path: string): string | null {
  const base = baseDirectory.replace(/^\/+|\/+$/g, '');
  if (base === '') return path;
  return path.startsWith(`${base}/`) ? path.slice(base.length + 1) : null;
}

/** Joins the base directory and a relative path. */
export const joinBase = (baseDirectory: string, relativePath: string) => {
  const base = baseDirectory.replace(/^\/+|\/+$/g, '');
  return base === '' ? relativePath : `${base}/${relativePath}`;
};
