// GitLab webhook parsing: push and merge request events into normalised shapes; everything else is named and ignored.
// https://docs.gitlab.com/user/project/integrations/webhook_events/
import { createHash } from 'node:crypto';

export interface ParsedUser {
  name: string;
  email: string | null;
  username: string | null;
}

export interface ParsedRepository {
  id: string;
  path: string;
  webUrl: string | null;
}

export interface ParsedPush {
  kind: 'push';
  deliveryIds: string[];
  repository: ParsedRepository;
  branch: string;
  before: string;
  after: string;
  pusher: ParsedUser;
  headAuthor: ParsedUser | null;
  headTitle: string | null;
  payloadFiles: string[];
}

export type ParsedMergeRequestAction = 'open' | 'reopen' | 'update' | 'merge' | 'close' | 'other';

export interface ParsedMergeRequest {
  kind: 'merge_request';
  deliveryIds: string[];
  repository: ParsedRepository;
  iid: number;
  action: ParsedMergeRequestAction;
  title: string;
  url: string | null;
  sourceBranch: string;
  targetBranch: string;
  headSha: string;
  user: ParsedUser;
}

export type ParsedGitLabEvent =
  | ParsedPush
  | ParsedMergeRequest
  | { kind: 'ignored'; reason: string }
  | { kind: 'invalid'; problem: string };

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const ZERO_SHA = /^0+$/;
const SHA = /^[0-9a-f]{7,64}$/i;

/** GitLab.com shows `[REDACTED]` (or nothing) instead of a private email address. */
const email = (v: unknown) => {
  const s = str(v);
  return s?.includes('@') && !s.includes('REDACTED') ? s : null;
};

/**
 * The delivery's identities: `Idempotency-Key` stays the same when GitLab retries or an admin resends the
 * delivery, `X-Gitlab-Event-UUID` identifies the event. Both are kept, so a redelivery repeating either one is
 * recognised. Without either, the body's hash stands in, so a byte-identical redelivery is still recognised.
 */
export function deliveryIdsOf(headers: Headers, rawBody: string): string[] {
  const ids = [
    headers.get('idempotency-key') ? `key:${headers.get('idempotency-key')}` : null,
    headers.get('x-gitlab-event-uuid') ? `event:${headers.get('x-gitlab-event-uuid')}` : null,
  ].filter((x): x is string => x !== null);
  return ids.length > 0 ? ids : [`sha256:${createHash('sha256').update(rawBody).digest('hex')}`];
}

function repositoryOf(body: Json): ParsedRepository | null {
  const project = obj(body.project);
  const id = project.id ?? body.project_id;
  const path = str(project.path_with_namespace);
  if ((typeof id !== 'number' && typeof id !== 'string') || !path) return null;
  return { id: String(id), path, webUrl: str(project.web_url) };
}

function parsePush(body: Json, deliveryIds: string[]): ParsedGitLabEvent {
  const ref = str(body.ref);
  if (!ref?.startsWith('refs/heads/'))
    return { kind: 'ignored', reason: `push to ${ref ?? 'no ref'} (not a branch)` };
  const before = str(body.before);
  const after = str(body.after);
  if (!before || !after || !SHA.test(before) || !SHA.test(after))
    return { kind: 'invalid', problem: 'push without valid before/after commits' };
  if (ZERO_SHA.test(after)) return { kind: 'ignored', reason: 'branch deleted' };
  const repository = repositoryOf(body);
  if (!repository) return { kind: 'invalid', problem: 'push without project id and path_with_namespace' };
  const commits = Array.isArray(body.commits) ? body.commits.map(obj) : [];
  const head = commits.find((c) => c.id === after) ?? null;
  const headAuthor = head ? obj(head.author) : null;
  const files = new Set<string>();
  for (const c of commits)
    for (const list of [c.added, c.modified])
      if (Array.isArray(list)) for (const f of list) if (typeof f === 'string') files.add(f);
  return {
    kind: 'push',
    deliveryIds,
    repository,
    branch: ref.slice('refs/heads/'.length),
    before,
    after,
    pusher: {
      name: str(body.user_name) ?? str(body.user_username) ?? 'unknown',
      email: email(body.user_email),
      username: str(body.user_username),
    },
    headAuthor: headAuthor
      ? { name: str(headAuthor.name) ?? 'unknown', email: email(headAuthor.email), username: null }
      : null,
    headTitle: head ? (str(head.title) ?? str(head.message)?.split('\n')[0] ?? null) : null,
    payloadFiles: [...files],
  };
}

const ACTIONS: Record<string, ParsedMergeRequestAction> = {
  open: 'open',
  reopen: 'reopen',
  update: 'update',
  merge: 'merge',
  close: 'close',
};

function parseMergeRequest(body: Json, deliveryIds: string[]): ParsedGitLabEvent {
  const attrs = obj(body.object_attributes);
  const iid = attrs.iid;
  const repository = repositoryOf(body);
  const headSha = str(obj(attrs.last_commit).id);
  const source = str(attrs.source_branch);
  const target = str(attrs.target_branch);
  if (typeof iid !== 'number' || !repository || !headSha || !source || !target)
    return { kind: 'invalid', problem: 'merge request event without iid, project, last commit or branches' };
  const user = obj(body.user);
  return {
    kind: 'merge_request',
    deliveryIds,
    repository,
    iid,
    action: ACTIONS[str(attrs.action) ?? ''] ?? 'other',
    title: str(attrs.title) ?? '',
    url: str(attrs.url),
    sourceBranch: source,
    targetBranch: target,
    headSha,
    user: {
      name: str(user.name) ?? str(user.username) ?? 'unknown',
      email: email(user.email),
      username: str(user.username),
    },
  };
}

/** Parses a verified webhook body by its `X-Gitlab-Event` header (or `object_kind` when the header is absent). */
export function parseGitLabWebhook(headers: Headers, rawBody: string): ParsedGitLabEvent {
  let body: Json;
  try {
    body = obj(JSON.parse(rawBody));
  } catch {
    return { kind: 'invalid', problem: 'the body is not JSON' };
  }
  const event = headers.get('x-gitlab-event');
  const kind = str(body.object_kind);
  const deliveryIds = deliveryIdsOf(headers, rawBody);
  if (event === 'Push Hook' || (!event && kind === 'push')) return parsePush(body, deliveryIds);
  if (event === 'Merge Request Hook' || (!event && kind === 'merge_request'))
    return parseMergeRequest(body, deliveryIds);
  return { kind: 'ignored', reason: `event ${event ?? kind ?? 'unknown'} is not used` };
}
