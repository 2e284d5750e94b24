// Reads a workspace YAML file: parse, resolve ${ENV_VARS}, validate, check references; every problem names file:line path.
import { readFileSync } from 'node:fs';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { parseDuration } from '../core/duration.ts';
import {
  DEFAULT_FILE_PATH_TEMPLATE,
  type ProjectSpec,
  type WorkspaceSpec,
} from '../core/model/workspace-spec.ts';
import { hashToken, tokenPrefix } from '../security/tokens.ts';
import { type WorkspaceFile, workspaceFileSchema } from './schema.ts';

type Path = (string | number)[];

/** One precise problem in a workspace file. */
export class WorkspaceFileError extends Error {
  constructor(
    readonly file: string,
    readonly path: string,
    readonly problem: string,
    readonly line?: number,
  ) {
    super(`${file}${line ? `:${line}` : ''}: ${path ? `${path}: ` : ''}${problem}`);
    this.name = 'WorkspaceFileError';
  }
}

export interface LoadWorkspaceOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Validates a review policy document; throws with a message on a bad one. */
  validatePolicy?: (policy: unknown, source: string) => unknown;
}

const formatPath = (path: Path) =>
  path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');

/** Loads and validates a workspace file; throws WorkspaceFileError on the first problem. */
export function loadWorkspaceFile(file: string, options: LoadWorkspaceOptions): WorkspaceSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new WorkspaceFileError(
      file,
      '',
      `cannot read the file (${(err as NodeJS.ErrnoException).code ?? err})`,
    );
  }
  return parseWorkspaceText(text, file, options);
}

/** Parses workspace YAML text; `file` names it in errors. */
export function parseWorkspaceText(text: string, file: string, options: LoadWorkspaceOptions): WorkspaceSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (path: Path): number | undefined => {
    const node = doc.getIn(path, true);
    const offset = isNode(node) ? node.range?.[0] : undefined;
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  const fail = (path: Path, problem: string): never => {
    throw new WorkspaceFileError(file, formatPath(path), problem, lineOf(path));
  };
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    throw new WorkspaceFileError(file, '', `invalid YAML: ${yamlError.message.split('\n')[0]}`, line);
  }
  const raw = interpolate(doc.toJS(), [], options.env, fail);
  const parsed = workspaceFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    fail(issue.path as Path, issue.message);
  }
  return resolveReferences(parsed.data!, options, fail);
}

/** Replaces ${NAME} in every string with the env var's value; $${ escapes a literal ${. */
function interpolate(
  value: unknown,
  path: Path,
  env: LoadWorkspaceOptions['env'],
  fail: (path: Path, problem: string) => never,
): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$?\$\{([^}]*)\}/g, (match, name: string) => {
      if (match.startsWith('$$')) return match.slice(1);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(path, `invalid variable reference ${match}`);
      const v = env[name];
      if (v === undefined) fail(path, `environment variable ${name} is not set`);
      return v as string;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolate(v, [...path, i], env, fail));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolate(v, [...path, k], env, fail)]),
    );
  }
  return value;
}

function duplicates<T>(
  items: T[],
  keyOf: (t: T) => string,
  at: (i: number) => Path,
  what: string,
  fail: (p: Path, m: string) => never,
) {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const k = keyOf(item);
    const first = seen.get(k);
    if (first !== undefined)
      fail(at(i), `duplicate ${what} ${JSON.stringify(k)} (first declared at ${formatPath(at(first))})`);
    seen.set(k, i);
  });
}

function resolveReferences(
  ws: WorkspaceFile,
  options: LoadWorkspaceOptions,
  fail: (path: Path, problem: string) => never,
): WorkspaceSpec {
  duplicates(
    ws.environments,
    (e) => e.key,
    (i) => ['environments', i, 'key'],
    'environment',
    fail,
  );
  duplicates(
    ws.instances,
    (e) => e.key,
    (i) => ['instances', i, 'key'],
    'instance',
    fail,
  );
  duplicates(
    ws.projects,
    (e) => e.key,
    (i) => ['projects', i, 'key'],
    'project',
    fail,
  );
  duplicates(
    ws.users,
    (u) => u.email.toLowerCase(),
    (i) => ['users', i, 'email'],
    'user',
    fail,
  );
  const envKeys = new Set(ws.environments.map((e) => e.key));
  const instanceKeys = new Set(ws.instances.map((i) => i.key));
  const userEmails = new Set(ws.users.map((u) => u.email.toLowerCase()));
  ws.instances.forEach((inst, i) => {
    if (!envKeys.has(inst.environment))
      fail(['instances', i, 'environment'], `unknown environment ${JSON.stringify(inst.environment)}`);
  });
  const dbOwners = new Map<string, string>();
  const projects: ProjectSpec[] = ws.projects.map((p, pi) => {
    p.databases.forEach((d, di) => {
      const at: Path = ['projects', pi, 'databases', di];
      if (!instanceKeys.has(d.instance))
        fail([...at, 'instance'], `unknown instance ${JSON.stringify(d.instance)}`);
      const id = `${d.instance}/${d.name}`;
      const owner = dbOwners.get(id);
      if (owner) fail([...at, 'name'], `duplicate database ${JSON.stringify(id)} (already in ${owner})`);
      dbOwners.set(id, formatPath(at));
    });
    duplicates(
      p.members,
      (m) => m.email.toLowerCase(),
      (i) => ['projects', pi, 'members', i, 'email'],
      'member',
      fail,
    );
    p.members.forEach((m, mi) => {
      if (!userEmails.has(m.email.toLowerCase()))
        fail(
          ['projects', pi, 'members', mi, 'email'],
          `unknown user ${JSON.stringify(m.email)}; declare it under users`,
        );
    });
    duplicates(
      p.chat,
      (c) => `${c.platform}:${c.channel}`,
      (i) => ['projects', pi, 'chat', i],
      'chat binding',
      fail,
    );
    const policy = p.review?.policy ?? null;
    if (policy && options.validatePolicy)
      validate(options, policy, ['projects', pi, 'review', 'policy'], fail);
    const repo = p.repository;
    return {
      key: p.key,
      name: p.name ?? p.key,
      allowSelfApproval: p.allowSelfApproval,
      reviewPolicy: policy,
      databases: p.databases,
      members: p.members,
      chat: p.chat,
      repository: repo
        ? {
            provider: 'gitlab',
            repository: String(repo.project),
            branch: repo.branch,
            baseDirectory: repo.baseDirectory.replace(/^\/+|\/+$/g, ''),
            filePathTemplate: repo.filePathTemplate ?? DEFAULT_FILE_PATH_TEMPLATE,
            schemaPathTemplate: repo.schemaPathTemplate ?? null,
          }
        : null,
    };
  });
  return {
    environments: ws.environments.map((e, i) => {
      const policy = e.review?.policy ?? null;
      if (policy && options.validatePolicy)
        validate(options, policy, ['environments', i, 'review', 'policy'], fail);
      return {
        key: e.key,
        name: e.name ?? e.key,
        reviewTemplate: e.review?.template ?? (e.key === 'prod' ? 'prod' : 'dev'),
        reviewPolicy: policy,
      };
    }),
    instances: ws.instances.map((i) => ({
      key: i.key,
      name: i.name ?? i.key,
      engine: i.engine,
      environment: i.environment,
      url: i.url,
      driftCheckMs:
        i.driftCheck === undefined ? null : i.driftCheck === 'off' ? 0 : parseDuration(i.driftCheck.every),
    })),
    users: ws.users.map((u, i) => {
      let token: string | undefined;
      if (u.tokenEnv) {
        token = options.env[u.tokenEnv];
        if (!token) fail(['users', i, 'tokenEnv'], `environment variable ${u.tokenEnv} is not set`);
        if (token!.length < 16)
          fail(['users', i, 'tokenEnv'], `the token in ${u.tokenEnv} is shorter than 16 characters`);
      }
      return {
        email: u.email,
        name: u.name,
        role: u.role,
        tokenHash: token ? hashToken(token) : null,
        tokenPrefix: token ? tokenPrefix(token) : null,
      };
    }),
    projects,
  };
}

function validate(
  options: LoadWorkspaceOptions,
  policy: unknown,
  path: Path,
  fail: (p: Path, m: string) => never,
) {
  try {
    options.validatePolicy?.(policy, formatPath(path));
  } catch (err) {
    fail(path, err instanceof Error ? err.message : String(err));
  }
}
