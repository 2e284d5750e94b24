// Opens the embedded store's PGlite; kept free of heavy imports so the process can start it first thing.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/** Starts opening the embedded store under dataDir; the WASM start overlaps whatever the caller loads next. */
export function openEmbeddedStore(dataDir: string): Promise<PGlite> {
  const dir = join(dataDir, 'store');
  mkdirSync(dir, { recursive: true });
  return PGlite.create(dir);
}
