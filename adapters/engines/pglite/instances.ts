// Where PGlite "instances" keep their databases, and new databases made from a template to skip the slow initdb.
import { cp, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EmbeddedDatabase } from './embedded-database.ts';

const TEMPLATE_DIR = '.template';
/** Templates being built, by instance root. */
const templates = new Map<string, Promise<string>>();

/** A directory holding one data directory per database. */
export interface PgliteStorage {
  root: string;
  /** True for `memory://`: the directory is private to the connection and removed when it closes. */
  temporary: boolean;
}

/**
 * Reads an instance URL: a directory path (optionally `file://`), or `memory://`. A memory instance is kept in a
 * private temporary directory rather than in a worker's memory: stopping a running statement ends the worker, and
 * the database must outlive that, as it does on disk.
 */
export async function pgliteStorage(url: string): Promise<PgliteStorage> {
  if (url.startsWith('memory://'))
    return { root: await mkdtemp(join(tmpdir(), 'pglite-memory-')), temporary: true };
  return { root: url.startsWith('file://') ? fileURLToPath(url) : url, temporary: false };
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
 * the first database pays for initdb once (in a worker thread), later ones only for a copy.
 */
async function directoryTemplate(root: string): Promise<string> {
  const dir = join(root, TEMPLATE_DIR);
  if (await isDirectory(join(dir, 'base'))) return dir;
  // Databases created at the same time wait for one initdb.
  let building = templates.get(root);
  if (!building) {
    building = buildTemplate(dir).finally(() => templates.delete(root));
    templates.set(root, building);
  }
  return building;
}

async function buildTemplate(dir: string): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  const building = `${dir}-${process.pid}-${Date.now()}`;
  const db = new EmbeddedDatabase(building);
  try {
    try {
      await db.info();
    } finally {
      await db.close();
    }
    await rm(dir, { recursive: true, force: true });
    await cp(building, dir, { recursive: true });
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return dir;
}

/** Creates the data directory of a new database from the instance's template. */
export async function createPgliteData(storage: PgliteStorage, name: string): Promise<void> {
  await mkdir(storage.root, { recursive: true });
  await cp(await directoryTemplate(storage.root), join(storage.root, name), { recursive: true });
}
