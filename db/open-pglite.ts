// Opens the embedded store's PGlite; kept free of heavy imports so the process can start it first thing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

// PGlite is one process's database: the holder's pid is kept beside it so a second process (the operator's
// command line) can tell that the service has it open instead of corrupting it.
const lockFile = (dataDir: string) => join(dataDir, 'store.pid');

/** Starts opening the embedded store under dataDir; the WASM start overlaps whatever the caller loads next. */
export function openEmbeddedStore(dataDir: string): Promise<PGlite> {
  const dir = join(dataDir, 'store');
  mkdirSync(dir, { recursive: true });
  writeFileSync(lockFile(dataDir), `${process.pid}\n`);
  return PGlite.create(dir);
}

/** The pid of another live process holding the embedded store under dataDir, or null. */
export function embeddedStoreHolder(dataDir: string): number | null {
  const file = lockFile(dataDir);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    // EPERM: alive under another user; ESRCH: gone, the file is stale.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}
