// Worker thread entry: owns one embedded PGlite database, so its statements never run on the service's event loop.
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { dumpPgliteSchema } from './snapshot.ts';
import { toWireError, type WorkerMessage, type WorkerRequest, type WorkerSetup } from './worker-protocol.ts';

if (!parentPort) throw new Error('the PGlite worker entry runs only as a worker thread');
const port: MessagePort = parentPort;
const setup = workerData as WorkerSetup;
const state = new Int32Array(setup.state);
const send = (message: WorkerMessage): void => port.postMessage(message);

async function handle(db: PGlite, request: WorkerRequest): Promise<unknown> {
  switch (request.op) {
    case 'run': {
      const result = await db.query(request.sql);
      return result.rowCount ?? (result.affectedRows || null);
    }
    case 'dump':
      return dumpPgliteSchema(db);
    case 'close':
      await db.close();
      return null;
  }
}

async function open(): Promise<PGlite | null> {
  try {
    const db = await PGlite.create(setup.dataDir, { ...setup.assets });
    const [row] = (
      await db.query<{ v: string; n: string }>(
        "SELECT current_setting('server_version') AS v, current_setting('server_version_num') AS n",
      )
    ).rows;
    send({ type: 'ready', version: row?.v ?? 'unknown', versionNum: Number(row?.n ?? '0') });
    return db;
  } catch (err) {
    // The service stops the worker when it reads this.
    send({ type: 'open_failed', error: toWireError(err) });
    return null;
  }
}

const opened = await open();

// Requests arrive one at a time (the service waits for each reply), so handling them in order needs no queue.
if (opened) serve(opened);

function serve(db: PGlite): void {
  port.on('message', async (request: WorkerRequest) => {
    let reply: WorkerMessage;
    try {
      reply = { type: 'reply', id: request.id, ok: true, value: await handle(db, request) };
    } catch (err) {
      reply = { type: 'reply', id: request.id, ok: false, error: toWireError(err) };
    }
    // Marks the request finished unless the service already chose to stop this worker; then the reply is moot.
    Atomics.compareExchange(state, 0, request.id, 0);
    send(reply);
    if (request.op === 'close') port.close();
  });
}
