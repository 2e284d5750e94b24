// Repository files endpoints: read a file (JSON with base64 content, or raw) and create, update or delete one.
import { createHash } from 'node:crypto';
import { type Ctx, json, type Reply, type Route, required, str } from './http.ts';
import { GitLabFakeError } from './repo.ts';
import { commitViaApi, resolveOr404 } from './repository.ts';

function fileAt(ctx: Ctx, params: Record<string, string>) {
  const record = ctx.store.record(params.id!);
  const [ref] = required(ctx, 'ref');
  const commit = resolveOr404(record, ref);
  const path = params.path!;
  const content = record.repo.read(commit, path);
  if (content === null) throw new GitLabFakeError(404, '404 File Not Found');
  return { record, commit, path, content, ref: ref! };
}

/** https://docs.gitlab.com/api/repository_files/#get-file-from-repository */
function showFile(ctx: Ctx, params: Record<string, string>): Reply {
  const { record, commit, path, content, ref } = fileAt(ctx, params);
  const bytes = Buffer.from(content, 'utf8');
  const blobId = commit.tree.get(path)!;
  const last = record.repo.lastCommitFor(commit, path);
  return json(
    200,
    {
      file_name: path.split('/').at(-1),
      file_path: path,
      size: bytes.length,
      encoding: 'base64',
      content_sha256: createHash('sha256').update(bytes).digest('hex'),
      ref,
      blob_id: blobId,
      commit_id: commit.id,
      last_commit_id: last.id,
      execute_filemode: false,
      content: bytes.toString('base64'),
    },
    { 'x-gitlab-blob-id': blobId, 'x-gitlab-commit-id': commit.id, 'x-gitlab-last-commit-id': last.id },
  );
}

/** https://docs.gitlab.com/api/repository_files/#get-raw-file-from-repository */
function rawFile(ctx: Ctx, params: Record<string, string>): Reply {
  const { commit, path, content } = fileAt(ctx, params);
  return {
    status: 200,
    text: content,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'x-gitlab-blob-id': commit.tree.get(path)!,
      'x-gitlab-commit-id': commit.id,
      'x-gitlab-file-path': path,
      'x-gitlab-size': String(Buffer.byteLength(content)),
    },
  };
}

/** https://docs.gitlab.com/api/repository_files/#create-new-file-in-repository */
function createFile(ctx: Ctx, params: Record<string, string>): Reply {
  const record = ctx.store.record(params.id!);
  const [branch, message] = required(ctx, 'branch', 'commit_message');
  const content = str(ctx, 'content');
  if (content === undefined) throw new GitLabFakeError(400, 'content is missing', 'error');
  const encoding = str(ctx, 'encoding') === 'base64' ? 'base64' : 'text';
  const action = { action: 'create' as const, filePath: params.path!, content, encoding } as const;
  commitViaApi(ctx, record, branch!, message!, [action]);
  return json(201, { file_path: params.path, branch });
}

/** https://docs.gitlab.com/api/repository_files/#update-existing-file-in-repository */
function updateFile(ctx: Ctx, params: Record<string, string>): Reply {
  const record = ctx.store.record(params.id!);
  const [branch, message] = required(ctx, 'branch', 'commit_message');
  const content = str(ctx, 'content');
  if (content === undefined) throw new GitLabFakeError(400, 'content is missing', 'error');
  const lastCommitId = str(ctx, 'last_commit_id');
  const head = record.repo.resolve(branch!);
  if (lastCommitId && head?.tree.has(params.path!)) {
    // Optimistic locking: the file must not have changed since the caller read it.
    if (record.repo.lastCommitFor(head, params.path!).id !== lastCommitId) {
      throw new GitLabFakeError(
        400,
        'You are attempting to update a file that has changed since you started editing it.',
      );
    }
  }
  const encoding = str(ctx, 'encoding') === 'base64' ? 'base64' : 'text';
  commitViaApi(ctx, record, branch!, message!, [
    { action: 'update', filePath: params.path!, content, encoding },
  ]);
  return json(200, { file_path: params.path, branch });
}

/** https://docs.gitlab.com/api/repository_files/#delete-existing-file-in-repository */
function deleteFile(ctx: Ctx, params: Record<string, string>): Reply {
  const record = ctx.store.record(params.id!);
  const [branch, message] = required(ctx, 'branch', 'commit_message');
  commitViaApi(ctx, record, branch!, message!, [{ action: 'delete', filePath: params.path! }]);
  return { status: 204 };
}

const file = ['projects', ':id', 'repository', 'files', ':path'];

export const fileRoutes: Route[] = [
  { method: 'GET', pattern: file, handler: showFile },
  { method: 'POST', pattern: file, handler: createFile },
  { method: 'PUT', pattern: file, handler: updateFile },
  { method: 'DELETE', pattern: file, handler: deleteFile },
  { method: 'GET', pattern: [...file, 'raw'], handler: rawFile },
];
