// Opens PGlite instances (one per database) from a template, so a new database skips the slow initdb.
import { cp, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const TEMPLATE_DIR = '.template';
let memoryTemplate: Promise<Blob> | undefined;

/** Where a PGlite "instance" keeps its databases: a directory, or process memory. */
export type PgliteStorage = { kind: 'memory' } | { kind: 'directory'; root: string };

/** Reads an instance URL: `memory://` or a directory path (optionally `file://`). */
export function pgliteStorage(url: string): PgliteStorage {
  if (url.startsWith('memory://')) return { kind: 'memory' };
  return { kind: 'directory', root: url.startsWith('file://') ? new URL(url).pathname : url };
}

/** True when the path exists as a directory. */
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * An initialised, empty data directory kept under the instance root and copied for each new database;
 * the first database pays for initdb once, later ones only for a copy.
 */
async function directoryTemplate(root: string): Promise<string> {
  const dir = join(root, TEMPLATE_DIR);
  if (!(await isDirectory(join(dir, 'base')))) {
    await rm(dir, { recursive: true, force: true });
    const building = `${dir}-${process.pid}-${Date.now()}`;
    const db = await PGlite.create(building);
    await db.close();
    await rm(dir, { recursive: true, force: true });
    await cp(building, dir, { recursive: true });
    await rm(building, { recursive: true, force: true });
  }
  return dir;
}

/** Creates the data for a new database; for memory storage, returns the instance already open. */
export async function createPgliteData(storage: PgliteStorage, name: string): Promise<PGlite | undefined> {
  if (storage.kind === 'memory') {
    memoryTemplate ??= (async () => {
      const db = await PGlite.create('memory://');
      const dump = await db.dumpDataDir('none');
      await db.close();
      return dump;
    })();
    return PGlite.create({ loadDataDir: await memoryTemplate });
  }
  await mkdir(storage.root, { recursive: true });
  await cp(await directoryTemplate(storage.root), join(storage.root, name), { recursive: true });
  return undefined;
}

/** Opens an existing directory-backed database. */
export function openPgliteDirectory(root: string, name: string): Promise<PGlite> {
  return PGlite.create(join(root, name));
}
