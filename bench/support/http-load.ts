// Concurrent keep-alive HTTP clients on a worker thread, each sending its own fixed list of GET requests.
import { Worker } from 'node:worker_threads';

/**
 * The load generator runs on its own thread so that the clients' work does not queue on the server's loop; it is
 * plain JavaScript because the worker evaluates it as text.
 */
const LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { port, clients, perClient, requests } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
const once = (path, token) => new Promise((resolve, reject) => {
  const started = performance.now();
  const req = http.get(
    { host: '127.0.0.1', port, path, agent, headers: token ? { authorization: 'Bearer ' + token } : {} },
    (res) => {
      res.on('end', () => res.statusCode === 200
        ? resolve(performance.now() - started)
        : reject(new Error(path + ' answered ' + res.statusCode)));
      res.resume();
    });
  req.on('error', reject);
});
const ms = [];
const client = async (c) => {
  for (let i = 0; i < perClient; i++) ms.push(await once(requests[c][i].path, requests[c][i].token));
};
const all = (fn) => Promise.all(Array.from({ length: clients }, (_, c) => fn(c)));
let started;
// Every client opens its connection with one untimed request first: the timed ones measure kept-alive use.
all((c) => once(requests[c][0].path, requests[c][0].token))
  .then(() => { started = performance.now(); return all(client); })
  .then(
    () => { agent.destroy(); parentPort.postMessage({ ms, wallMs: performance.now() - started }); },
    (err) => parentPort.postMessage({ error: err.message }));
`;

/** One request of a client: the path and the bearer token (none for /healthz). */
export interface LoadRequest {
  path: string;
  token: string | null;
}

/**
 * Drives `requests[c]` from client c, every client at once over its own kept-alive connection to 127.0.0.1:port,
 * and answers each timed request's milliseconds and the wall time of the whole run.
 */
export function drive(port: number, requests: LoadRequest[][]) {
  return new Promise<{ ms: number[]; wallMs: number }>((resolve, reject) => {
    const worker = new Worker(LOAD_WORKER, {
      eval: true,
      workerData: { port, clients: requests.length, perClient: requests[0]?.length ?? 0, requests },
    });
    worker.once('message', (m: { ms: number[]; wallMs: number; error?: string }) => {
      void worker.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
    worker.once('error', reject);
  });
}
