// The service's side of one embedded database: a worker thread owns it, so a long statement never holds up the
// service's event loop; a running statement is stopped by ending that thread, and the next use reopens the data
// directory, which PostgreSQL recovers like after a crash (the open transaction is gone, commits are kept).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { transactionEffect } from '../../../src/core/sql/classify.ts';
import {
  fromWireError,
  type PgliteAssets,
  STOPPING,
  type WorkerMessage,
  type WorkerOp,
  type WorkerSetup,
} from './worker-protocol.ts';

/** Why a running statement is stopped. */
export type StopReason = 'cancel' | 'timeout' | 'close';

/** PostgreSQL's own codes and texts for the same events, so callers and people read them as they know them. */
const STOPPED: Record<StopReason, { code: string; message: string }> = {
  cancel: { code: '57014', message: 'canceling statement due to user request' },
  timeout: { code: '57014', message: 'canceling statement due to statement timeout' },
  close: { code: '57P01', message: 'terminating connection due to administrator command' },
};

const pgError = (code: string, message: string): Error => Object.assign(new Error(message), { code });
const goneError = (): Error => pgError('08003', "the embedded database's worker thread has ended");

/** Server facts the worker reports once the database is open. */
export interface DatabaseInfo {
  version: string;
  versionNum: number;
}

/** One database session, held exclusively; requests go to the worker one at a time. */
export interface EmbeddedSession {
  info(): Promise<DatabaseInfo>;
  /**
   * Runs one statement and resolves its row count. With `timeoutMs`, a statement still running after that long is
   * stopped and fails with 57014, as statement_timeout would (PGlite's own timer cannot fire inside a statement).
   */
  run(sql: string, timeoutMs?: number): Promise<number | null>;
  dumpSchema(): Promise<string>;
  /** Stops this session's running statement, unless it is a COMMIT or ROLLBACK; true when it was stopped. */
  stop(reason: 'cancel' | 'timeout'): boolean;
}

interface Thread {
  worker: Worker;
  state: Int32Array;
  /** Set once the service stopped the thread or saw it end. */
  gone: boolean;
}

interface InFlight {
  id: number;
  thread: Thread;
  stoppable: boolean;
  owner: object | null;
  timer: NodeJS.Timeout | undefined;
  done: Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: Error): void;
}

let entryUrl: URL | undefined;
let assets: Promise<PgliteAssets> | undefined;

/** Compiled once per process: each worker would otherwise spend time and memory compiling its own copy. */
function pgliteAssets(): Promise<PgliteAssets> {
  assets ??= (async () => {
    const resolve = createRequire(import.meta.url).resolve;
    const read = (file: string) => readFile(resolve(`@electric-sql/pglite/${file}`));
    const [pglite, initdb, data] = await Promise.all([
      read('pglite.wasm'),
      read('initdb.wasm'),
      read('pglite.data'),
    ]);
    return {
      pgliteWasmModule: await WebAssembly.compile(pglite),
      initdbWasmModule: await WebAssembly.compile(initdb),
      fsBundle: new Blob([data]),
    };
  })();
  assets.catch(() => {
    assets = undefined;
  });
  return assets;
}

/**
 * The worker's entry file. From sources it is a small loader that registers TypeScript first; the server bundle
 * emits it as pglite-worker.mjs beside main.mjs, and this module sits in main.mjs or in a chunk one level below.
 */
function workerEntry(): URL {
  if (entryUrl) return entryUrl;
  const here = import.meta.url;
  if (here.endsWith('.ts')) entryUrl = new URL('./worker-from-source.mjs', here);
  else {
    entryUrl = ['./pglite-worker.mjs', '../pglite-worker.mjs']
      .map((p) => new URL(p, here))
      .find((u) => existsSync(fileURLToPath(u)));
    if (!entryUrl)
      throw new Error(
        `pglite-worker.mjs is missing beside ${fileURLToPath(here)}; rebuild the server bundle`,
      );
  }
  return entryUrl;
}

/** One embedded database, opened in its own worker thread on first use. */
export class EmbeddedDatabase {
  private thread: Thread | null = null;
  private opening: Promise<Thread> | null = null;
  private opened: DatabaseInfo | null = null;
  /** Settles once every thread this database ever stopped has exited: a data directory is open in one at most. */
  private stopped: Promise<void> = Promise.resolve();
  private inFlight: InFlight | null = null;
  private lease: Promise<void> = Promise.resolve();
  private holders = 0;
  private closing: Promise<void> | null = null;
  private seq = 0;
  /** Counts lost threads, so a session can tell that its transaction and settings went with one. */
  private generation = 0;

  constructor(readonly dataDir: string) {}

  /** True while a session holds or waits for the database. */
  get busy(): boolean {
    return this.holders > 0;
  }

  /** Opens the database if needed; answers without waiting for a session that is running a statement. */
  async info(): Promise<DatabaseInfo> {
    await this.ensureThread();
    return this.opened!;
  }

  /** Runs `fn` with the database to itself: a script's statements and its transaction are never interleaved. */
  async exclusive<T>(fn: (session: EmbeddedSession) => Promise<T>): Promise<T> {
    if (this.closing) throw this.closedError();
    this.holders++;
    const before = this.lease;
    let release!: () => void;
    this.lease = new Promise<void>((r) => {
      release = r;
    });
    try {
      await before;
      return await fn(this.session());
    } finally {
      this.holders--;
      release();
    }
  }

  /** Closes the database cleanly; a statement still running is stopped first, a COMMIT is let finish. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private session(): EmbeddedSession {
    const owner = {};
    const generation = this.generation;
    return {
      info: () => this.info(),
      run: async (sql, timeoutMs = 0) => {
        const effect = transactionEffect(sql, 'postgres');
        if (this.generation !== generation) {
          // The thread that held this session's transaction and settings is gone, and they went with it.
          if (effect === 'rollback' || /^\s*RESET\b/i.test(sql)) return null;
          throw pgError('08003', 'the embedded database session ended when its statement was stopped');
        }
        // A COMMIT stopped halfway could not be reported truthfully; it is short, so it is let finish.
        const stoppable = effect !== 'commit' && effect !== 'rollback';
        return (await this.call({ op: 'run', sql }, { stoppable, timeoutMs, owner })) as number | null;
      },
      dumpSchema: async () => (await this.call({ op: 'dump' }, { owner })) as string,
      stop: (reason) => {
        const flight = this.inFlight;
        return flight !== null && flight.owner === owner && this.stop(flight, reason);
      },
    };
  }

  private closedError(): Error {
    return pgError('08003', `the embedded database ${this.dataDir} is closed`);
  }

  private ensureThread(): Promise<Thread> {
    if (this.closing) return Promise.reject(this.closedError());
    if (this.thread) return Promise.resolve(this.thread);
    this.opening ??= this.spawn().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async spawn(): Promise<Thread> {
    const [shared] = await Promise.all([pgliteAssets(), this.stopped]);
    const state = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const setup: WorkerSetup = {
      dataDir: this.dataDir,
      state: state.buffer as SharedArrayBuffer,
      assets: shared,
    };
    const worker = new Worker(workerEntry(), { workerData: setup });
    const thread: Thread = { worker, state, gone: false };
    try {
      this.opened = await new Promise<DatabaseInfo>((resolve, reject) => {
        worker.on('message', (m: WorkerMessage) => {
          if (m.type === 'ready') resolve({ version: m.version, versionNum: m.versionNum });
          else if (m.type === 'open_failed') reject(fromWireError(m.error));
          else this.onReply(thread, m);
        });
        worker.on('error', (err) => {
          reject(err);
          this.discard(thread, err);
        });
        worker.on('exit', (code) => {
          const err = new Error(`the embedded database's worker thread exited (code ${code})`);
          reject(err);
          this.discard(thread, err);
        });
      });
    } catch (err) {
      this.discard(thread, err as Error);
      throw err;
    }
    // An idle database does not keep the process alive; a request in flight does.
    worker.unref();
    this.thread = thread;
    return thread;
  }

  private call(
    op: WorkerOp,
    options: { stoppable?: boolean; timeoutMs?: number; owner?: object | null },
  ): Promise<unknown> {
    return this.ensureThread().then((thread) => this.post(thread, op, options));
  }

  private post(
    thread: Thread,
    op: WorkerOp,
    options: { stoppable?: boolean; timeoutMs?: number; owner?: object | null },
  ): Promise<unknown> {
    if (thread.gone) return Promise.reject(this.closing ? this.closedError() : goneError());
    if (this.inFlight) return Promise.reject(new Error('embedded database: one request at a time'));
    const id = ++this.seq;
    let resolve!: (value: unknown) => void;
    let reject!: (err: Error) => void;
    const done = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const flight: InFlight = {
      id,
      thread,
      stoppable: options.stoppable ?? false,
      owner: options.owner ?? null,
      timer: undefined,
      done,
      resolve,
      reject,
    };
    this.inFlight = flight;
    Atomics.store(thread.state, 0, id);
    thread.worker.ref();
    thread.worker.postMessage({ ...op, id });
    const timeoutMs = options.timeoutMs ?? 0;
    if (timeoutMs > 0 && flight.stoppable)
      flight.timer = setTimeout(() => this.stop(flight, 'timeout'), timeoutMs);
    return done;
  }

  private settle(flight: InFlight): void {
    if (this.inFlight === flight) this.inFlight = null;
    clearTimeout(flight.timer);
    if (!flight.thread.gone) flight.thread.worker.unref();
  }

  private onReply(thread: Thread, m: Extract<WorkerMessage, { type: 'reply' }>): void {
    const flight = this.inFlight;
    if (!flight || flight.thread !== thread || flight.id !== m.id) return;
    this.settle(flight);
    if (m.ok) flight.resolve(m.value);
    else flight.reject(fromWireError(m.error));
  }

  /**
   * Stops the request by ending its thread, unless the worker finished it first: the shared state decides, so a
   * statement is reported stopped only when its result was not already on its way. One window stays: a statement
   * outside a transaction block that commits in the instant between PGlite finishing it and the worker marking it
   * done is reported stopped although its commit is kept.
   */
  private stop(flight: InFlight, reason: StopReason): boolean {
    if (this.inFlight !== flight || !flight.stoppable) return false;
    if (Atomics.compareExchange(flight.thread.state, 0, flight.id, STOPPING) !== flight.id) return false;
    this.settle(flight);
    const { code, message } = STOPPED[reason];
    flight.reject(pgError(code, message));
    this.discard(flight.thread, pgError(code, message));
    return true;
  }

  /** Forgets a thread (stopped by the service or ended on its own) and fails whatever it was running. */
  private discard(thread: Thread, err: Error): void {
    if (thread.gone) return;
    thread.gone = true;
    this.generation++;
    if (this.thread === thread) this.thread = null;
    const flight = this.inFlight;
    if (flight?.thread === thread) {
      this.settle(flight);
      flight.reject(err);
    }
    const exited = thread.worker.terminate().then(
      () => undefined,
      () => undefined,
    );
    this.stopped = Promise.all([this.stopped, exited]).then(() => undefined);
  }

  private async shutdown(): Promise<void> {
    const flight = this.inFlight;
    if (flight && !this.stop(flight, 'close')) await flight.done.catch(() => undefined);
    await this.opening?.catch(() => undefined);
    const thread = this.thread;
    if (thread) {
      await this.post(thread, { op: 'close' }, {}).catch(() => undefined);
      this.discard(thread, this.closedError());
    }
    await this.stopped;
  }
}
