// The GitLab VcsProvider: verifies and acknowledges webhooks at once, works in the background, calls the REST API.
import type { VcsFileChange, VcsProvider } from '../../../src/core/ports/vcs.ts';
import { type ChangedPath, createGitLabClient } from './client.ts';
import type { GitLabVcsProviderConfig } from './config.ts';
import { GitLabApiError } from './errors.ts';
import { parseGitLabWebhook } from './parse.ts';
import { verifyGitLabToken } from './verify.ts';

export type { GitLabVcsProviderConfig } from './config.ts';

const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
/** GitLab's default "Maximum diff files": a compare answer this long may be cut short. */
const COMPARE_MAX_FILES = 1000;

const json = (body: unknown, status = 200) => Response.json(body, { status });

/** Reads the body up to `limit` bytes; null when it is longer (without reading the rest). */
async function readLimited(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get('content-length') ?? 'NaN');
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function toChange(d: ChangedPath): VcsFileChange {
  return {
    path: d.new_path,
    previousPath: d.renamed_file ? d.old_path : null,
    status: d.deleted_file ? 'removed' : d.new_file ? 'added' : d.renamed_file ? 'renamed' : 'modified',
  };
}

/** Creates the provider; `handle` answers GitLab within milliseconds and queues the work per repository. */
export function createGitLabVcsProvider(config: GitLabVcsProviderConfig): VcsProvider {
  const log = config.logger;
  const client = createGitLabClient(config);
  const limit = config.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const concurrency = config.concurrency ?? 4;
  const inflight = new Set<Promise<unknown>>();
  // Work on one repository runs in order (pushes create issues in push order, one note per merge request is
  // never created twice by racing updates); different repositories share `concurrency` slots.
  const chains = new Map<string, Promise<void>>();
  const waiting: (() => void)[] = [];
  let running = 0;
  const slot = () => (running < concurrency ? Promise.resolve() : new Promise<void>((r) => waiting.push(r)));

  function background(key: string, what: string, work: () => Promise<unknown>) {
    const next = (chains.get(key) ?? Promise.resolve())
      .then(slot)
      // Yield to the event loop first, so the acknowledgement is written before CPU-bound review work starts.
      .then(() => new Promise((r) => setImmediate(r)))
      .then(() => {
        running++;
        return work();
      })
      .catch((err: unknown) => log.error({ err, repository: key }, `gitlab ${what} failed`))
      .finally(() => {
        running--;
        waiting.shift()?.();
      });
    const tracked = next.then(() => {
      inflight.delete(tracked);
      if (chains.get(key) === tracked) chains.delete(key);
    });
    chains.set(key, tracked);
    inflight.add(tracked);
  }

  const provider: VcsProvider = {
    provider: 'gitlab',
    async handle(request) {
      // The token is a header: a request without the right one is refused before its body is read.
      const verified = verifyGitLabToken(config.webhookSecret, request.headers.get('x-gitlab-token'));
      if (!verified.ok) {
        log.warn({ reason: verified.reason }, 'gitlab webhook refused');
        return json({ error: 'unauthorized', message: 'invalid X-Gitlab-Token' }, 401);
      }
      const raw = await readLimited(request, limit);
      if (raw === null)
        return json({ error: 'payload_too_large', message: `request body exceeds ${limit} bytes` }, 413);
      const event = parseGitLabWebhook(request.headers, raw);
      if (event.kind === 'invalid') return json({ error: 'bad_request', message: event.problem }, 400);
      if (event.kind === 'ignored') return json({ status: 'ignored', reason: event.reason });
      const { inbound } = config;
      const accepted = await inbound.accept(event);
      if (accepted === false) return json({ status: 'duplicate' });
      const what = event.kind === 'push' ? 'push' : 'merge request';
      // The core stored the event as a job with the delivery: run that job, so a run cut short by a crash is
      // found again (by this or another process) instead of being lost with the acknowledged request.
      if (typeof accepted === 'object' && inbound.runJob) {
        const { jobId } = accepted;
        background(event.repository.id, what, () => inbound.runJob!({ vcs: provider, jobId }));
      } else if (event.kind === 'push') {
        background(event.repository.id, what, () => inbound.push({ vcs: provider, event }));
      } else {
        background(event.repository.id, what, () => inbound.mergeRequest({ vcs: provider, event }));
      }
      return json({ status: 'accepted' });
    },
    readFile: (repository, ref, path) => client.readFile(repository, ref, path),
    async listChanges(repository, changes) {
      if (changes.kind === 'merge_request')
        return (await client.mergeRequestDiffs(repository, changes.iid)).map(toChange);
      const compared = await client.compare(repository, changes.from, changes.to);
      let diffs = compared.diffs;
      // At GitLab's diff file limit the compare answer may be cut short: read each commit's paginated diff too.
      if (diffs.length >= COMPARE_MAX_FILES) {
        const seen = new Map(diffs.map((d) => [d.new_path, d]));
        for (const sha of compared.commits)
          for (const d of await client.commitDiff(repository, sha)) seen.set(d.new_path, d);
        diffs = [...seen.values()];
      }
      return diffs.map(toChange);
    },
    async commentOnMergeRequest(repository, iid, marker, body, options) {
      const ours = (await client.mergeRequestNotes(repository, iid)).find((n) => n.body.includes(marker));
      if (ours) {
        if (ours.body.trim() !== body.trim()) await client.editNote(repository, iid, ours.id, body);
        return { noteId: ours.id, created: false };
      }
      if (options?.createIfMissing === false) return { noteId: null, created: false };
      return { noteId: await client.createNote(repository, iid, body), created: true };
    },
    async setCommitStatus(repository, sha, status) {
      try {
        await client.setStatus(repository, sha, status.state, {
          name: status.name,
          description: status.description.slice(0, 255),
          ...(status.targetUrl ? { targetUrl: status.targetUrl } : {}),
        });
      } catch (err) {
        // GitLab refuses to set a status to the state it already has ("Cannot transition status").
        if (err instanceof GitLabApiError && err.status === 400 && /transition/i.test(err.detail)) return;
        throw err;
      }
    },
    async commitFile(repository, input) {
      const exists = (await client.readFile(repository, input.branch, input.path)) !== null;
      const sha = await client.commit(repository, input.branch, input.message, {
        action: exists ? 'update' : 'create',
        filePath: input.path,
        content: input.content,
      });
      return { sha };
    },
    async drain() {
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
    },
  };
  return provider;
}
