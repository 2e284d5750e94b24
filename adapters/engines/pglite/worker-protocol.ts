// Messages between an embedded database's worker thread and the service, and errors carried across it.

/** What the worker is started with. */
export interface WorkerSetup {
  /** The database's data directory; a directory that does not exist yet is initialised (initdb). */
  dataDir: string;
  /**
   * One Int32 shared with the service: the id of the request the worker is on, 0 when idle, STOPPING once the
   * service decided to stop the worker. Whoever swaps it first decides whether a request finished or was stopped.
   */
  state: SharedArrayBuffer;
  /** PGlite's code and file bundle, compiled and read once per process and shared by every worker. */
  assets: PgliteAssets;
}

/** What PGlite.create would otherwise load and compile again in each worker. */
export interface PgliteAssets {
  pgliteWasmModule: WebAssembly.Module;
  initdbWasmModule: WebAssembly.Module;
  fsBundle: Blob;
}

/** The value the shared state holds once the service has decided to stop the worker. */
export const STOPPING = -1;

/** What the service asks of the worker. */
export type WorkerOp = { op: 'run'; sql: string } | { op: 'dump' } | { op: 'close' };

/** One request; the service sends the next only after the reply to the previous one. */
export type WorkerRequest = WorkerOp & { id: number };

/** A PostgreSQL error flattened to plain fields (code, position, detail...), as structured clone keeps them. */
export interface WireError {
  message: string;
  fields: Record<string, string | number | boolean>;
}

export type WorkerMessage =
  | { type: 'ready'; version: string; versionNum: number }
  | { type: 'open_failed'; error: WireError }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: WireError };

/** Flattens an error thrown by PGlite; only primitive own fields survive, which is all the port reads. */
export function toWireError(err: unknown): WireError {
  const fields: WireError['fields'] = {};
  if (typeof err === 'object' && err !== null) {
    for (const [key, value] of Object.entries(err)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        fields[key] = value;
    }
  }
  return { message: err instanceof Error ? err.message : String(err), fields };
}

/** Rebuilds an Error with the wire fields, so the PostgreSQL error translation reads it like PGlite's own. */
export function fromWireError(wire: WireError): Error {
  return Object.assign(new Error(wire.message), wire.fields);
}
