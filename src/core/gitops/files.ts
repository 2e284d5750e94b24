// Which changed files are migrations of a binding: matched against the template, checked against the workspace.
import type { IssueType } from '../model/issue.ts';
import type { RepositoryBinding } from '../model/workspace.ts';
import { type CompiledTemplate, compileTemplate, relativeToBase } from './template.ts';

/** The same rule `createIssue` applies to file versions. */
const VERSION_PATTERN = /^[0-9A-Za-z][0-9A-Za-z._-]{0,63}$/;

/** TYPE values in file names and the migration type each one means. */
export const FILE_TYPES: Record<string, IssueType> = {
  migrate: 'schema',
  ddl: 'schema',
  data: 'data',
  dml: 'data',
  baseline: 'baseline',
};

/** A migration file recognised in the repository. */
export interface MigrationFile {
  path: string;
  /** Environment key from the path, or null when the template has no {{ENV_ID}} (every environment). */
  environment: string | null;
  database: string;
  version: string;
  type: IssueType;
  description: string;
}

/** A file that looks meant as a migration but cannot be used, and why. */
export interface FileProblem {
  path: string;
  problem: string;
}

/** What the workspace offers a binding: environments in order, and the project's database names per environment. */
export interface BindingCatalog {
  environments: string[];
  databases: Map<string, Set<string>>;
}

export interface ClassifiedFiles {
  files: MigrationFile[];
  problems: FileProblem[];
  /** Paths under the base directory that are neither migrations nor reported (other files, schema files). */
  ignored: string[];
}

/** Compiles a binding's templates; throws TemplateError when one cannot be used. */
export function bindingTemplates(binding: RepositoryBinding): {
  files: CompiledTemplate;
  schema: CompiledTemplate | null;
} {
  return {
    files: compileTemplate(binding.filePathTemplate, ['DB_NAME', 'VERSION']),
    schema: binding.schemaPathTemplate ? compileTemplate(binding.schemaPathTemplate, ['DB_NAME']) : null,
  };
}

const list = (xs: Iterable<string>) => [...xs].map((x) => JSON.stringify(x)).join(', ') || 'none';

/** Sorts paths into migration files, reported problems and ignored paths; paths outside the base are dropped. */
export function classifyFiles(
  binding: RepositoryBinding,
  catalog: BindingCatalog,
  paths: string[],
): ClassifiedFiles {
  const templates = bindingTemplates(binding);
  const out: ClassifiedFiles = { files: [], problems: [], ignored: [] };
  for (const path of paths) {
    const rel = relativeToBase(binding.baseDirectory, path);
    if (rel === null) continue;
    // Schema snapshots written back by the service live next to the migrations; they are not migrations.
    if (templates.schema?.match(rel)) {
      out.ignored.push(path);
      continue;
    }
    const m = templates.files.match(rel);
    if (!m) {
      if (templates.files.looksIntended(rel))
        out.problems.push({
          path,
          problem: `the name does not match the template ${binding.filePathTemplate}`,
        });
      else out.ignored.push(path);
      continue;
    }
    const problem = (p: string) => out.problems.push({ path, problem: p });
    const version = m.VERSION!;
    if (!VERSION_PATTERN.test(version)) {
      problem(
        `version ${JSON.stringify(version)} is not valid: use 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit`,
      );
      continue;
    }
    const typeWord = (m.TYPE ?? 'migrate').toLowerCase();
    const type = FILE_TYPES[typeWord];
    if (!type) {
      problem(`type ${JSON.stringify(m.TYPE)} is not one of ${list(Object.keys(FILE_TYPES))}`);
      continue;
    }
    const environment = m.ENV_ID ?? null;
    const database = m.DB_NAME!;
    if (environment !== null) {
      if (!catalog.environments.includes(environment)) {
        problem(`unknown environment ${JSON.stringify(environment)}; known: ${list(catalog.environments)}`);
        continue;
      }
      const names = catalog.databases.get(environment) ?? new Set<string>();
      if (!names.has(database)) {
        problem(
          `database ${JSON.stringify(database)} is not in this project in environment ${JSON.stringify(environment)}; there: ${list(names)}`,
        );
        continue;
      }
    } else if (![...catalog.databases.values()].some((names) => names.has(database))) {
      problem(`database ${JSON.stringify(database)} is not in this project in any environment`);
      continue;
    }
    out.files.push({ path, environment, database, version, type, description: m.DESCRIPTION ?? '' });
  }
  return out;
}
