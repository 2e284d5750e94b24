// Locates the project's own files (migrations, web assets) whether running from source or from the server bundle.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
  return dir;
}

export const projectRoot = findRoot(import.meta.dirname);
export const migrationsDir = join(projectRoot, 'migrations');
export const webDistDir = join(projectRoot, 'web', 'dist');
