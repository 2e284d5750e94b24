// Seeds the issue API bench: people, projects and members through the repositories, then issues with their
// pipeline, approvals, runs and timeline in bulk SQL.
import type { Service } from '../../src/compose.ts';
import type { Principal } from '../../src/core/model/workspace.ts';
import { hashToken, mintToken, tokenPrefix } from '../../src/security/tokens.ts';

/** Runs SQL text on the store's database, whichever backend it is. */
export type Raw = (text: string, params?: unknown[]) => Promise<Record<string, unknown>[]>;

const lit = (v: unknown): string => {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return `'${v.toISOString()}'::timestamptz`;
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  return `'${JSON.stringify(v).replaceAll("'", "''")}'::jsonb`;
};

async function insertRows(raw: Raw, table: string, rows: Record<string, unknown>[]) {
  for (let i = 0; i < rows.length; i += 1000) {
    const chunk = rows.slice(i, i + 1000);
    const columns = Object.keys(chunk[0]!);
    await raw(
      `insert into ${table} (${columns.join(', ')}) values ${chunk
        .map((r) => `(${columns.map((c) => lit(r[c])).join(', ')})`)
        .join(', ')}`,
    );
  }
}

export interface Seeded {
  tokens: Map<string, string>;
  firstId: number;
  lastId: number;
  mix: Record<string, number>;
}

/**
 * People and projects through the repositories, then the issues with their stage, task, approvals, run and
 * events in bulk SQL: most done, some waiting for a DBA, some for a project owner, a few rejected, failed,
 * canceled or approved and queued.
 */
export async function seed(service: Service, raw: Raw, count: number): Promise<Seeded> {
  const { store } = service;
  const tokens = new Map<string, string>();
  const mint = async (p: Principal) => {
    const token = mintToken();
    await store.tokens.create({
      principalId: p.id,
      name: 'bench',
      tokenHash: hashToken(token),
      prefix: tokenPrefix(token),
      source: 'api',
    });
    tokens.set(p.email, token);
  };
  const find = async (email: string) => (await store.principals.findByEmail(email))!;
  const [admin, dba, dev, owner] = await Promise.all(
    ['admin', 'dba', 'dev', 'owner'].map((n) => find(`${n}@example.com`)),
  );
  for (const p of [admin!, dba!, dev!, owner!]) await mint(p);
  const demo = (await store.projects.getByKey('demo'))!;
  const instances = await store.instances.list();
  const envs = await store.environments.list();
  const developers: Principal[] = [];
  for (let i = 1; i <= 8; i++) {
    const p = await store.principals.create({
      email: `dev${i}@example.com`,
      name: `Developer ${i}`,
      workspaceRole: 'developer',
      source: 'api',
    });
    developers.push(p);
    await mint(p);
  }
  // Each project: its databases on every instance, an owner and three developers among the eight.
  const projects = [{ project: demo, creators: [dev!, owner!, developers[0]!] }];
  await store.projects.setMember(demo.id, developers[0]!.id, 'developer', 'api');
  for (let k = 1; k <= 4; k++) {
    const project = await store.projects.create({
      key: `team${k}`,
      name: `Team ${k}`,
      reviewPolicy: null,
      allowSelfApproval: false,
      source: 'api',
    });
    for (const inst of instances)
      await store.databases.create({
        instanceId: inst.id,
        name: `app${k}`,
        projectId: project.id,
        source: 'api',
      });
    const creators = [0, 1, 2].map((j) => developers[(2 * k + j) % developers.length]!);
    await store.projects.setMember(
      project.id,
      developers[(2 * k + 3) % developers.length]!.id,
      'owner',
      'api',
    );
    for (const c of creators) await store.projects.setMember(project.id, c.id, 'developer', 'api');
    projects.push({ project, creators });
  }
  await store.projects.setMember(projects[1]!.project.id, owner!.id, 'owner', 'api');
  const dbsOf = new Map<number, { id: number; instanceId: number }[]>();
  for (const { project } of projects)
    dbsOf.set(project.id, await store.databases.list({ projectId: project.id }));
  const envOfInstance = new Map(instances.map((i) => [i.id, i.environmentId]));
  // One issue made through the API gives the review the seeded issues carry.
  const created = await service.app.request('/api/v1/projects/demo/issues', {
    method: 'POST',
    headers: { authorization: `Bearer ${tokens.get(dev!.email)}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      title: 'Add orders.note',
      type: 'schema',
      statement: 'ALTER TABLE orders ADD COLUMN note text;',
      targets: [{ environment: 'prod' }],
    }),
  });
  if (created.status !== 201) throw new Error(`create answered ${created.status}`);
  const template = ((await created.json()) as { issue: { id: number } }).issue.id;
  const [reviewRow] = await raw(`select review from issues where id = ${template}`);
  const review = reviewRow!.review;
  const [{ next } = { next: 0 }] = (await raw('select (select max(id) from issues) as next')) as {
    next: number;
  }[];
  const max = async (t: string) => Number((await raw(`select coalesce(max(id), 0) as m from ${t}`))[0]!.m);
  let stageId = await max('stages');
  let taskId = await max('tasks');
  let approvalId = await max('approvals');
  let runId = await max('task_runs');
  const rows = {
    issues: [],
    stages: [],
    tasks: [],
    approvals: [],
    task_runs: [],
    issue_events: [],
  } as Record<string, Record<string, unknown>[]>;
  const mix: Record<string, number> = {};
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let n = 0; n < count; n++) {
    const id = Number(next) + 1 + n;
    const slot = (n * 37) % 100;
    const kind =
      slot < 85
        ? 'done'
        : slot < 92
          ? 'waiting_dba'
          : slot < 96
            ? 'waiting_owner'
            : (['rejected', 'failed', 'canceled', 'approved'] as const)[slot - 96]!;
    mix[kind] = (mix[kind] ?? 0) + 1;
    const { project, creators } = projects[n % projects.length]!;
    const creator = creators[Math.floor(n / projects.length) % creators.length]!;
    const dbs = dbsOf.get(project.id)!;
    const db = dbs[n % dbs.length]!;
    const at = new Date(start + n * 60_000);
    const status = kind.startsWith('waiting') ? 'pending_approval' : kind;
    const taskStatus = (
      kind === 'done' || kind === 'failed' || kind === 'canceled' ? kind : 'pending'
    ) as string;
    rows.issues!.push({
      id,
      project_id: project.id,
      title: `Change ${n}: add column c_${n}`,
      description: `Adds c_${n} for feature ${n % 97}.`,
      type: 'schema',
      status,
      creator_id: creator.id,
      origin: n % 5 === 0 ? 'gitlab' : 'api',
      risk: n % 11 === 0 ? 'high' : 'low',
      review,
      reject_reason: kind === 'rejected' ? 'needs an index first' : null,
      approved_at: kind === 'done' || kind === 'failed' ? new Date(at.getTime() + 600_000) : null,
      revision: 3,
      created_at: at,
      updated_at: at,
    });
    stageId++;
    rows.stages!.push({
      id: stageId,
      issue_id: id,
      environment_id: envOfInstance.get(db.instanceId) ?? envs[0]!.id,
      position: 0,
      status: taskStatus,
    });
    taskId++;
    rows.tasks!.push({
      id: taskId,
      issue_id: id,
      stage_id: stageId,
      database_id: db.id,
      position: 0,
      type: 'schema',
      version: `2026${String(n).padStart(6, '0')}`,
      statement: `ALTER TABLE orders ADD COLUMN c_${n} text;`,
      status: taskStatus,
      attempts: kind === 'done' || kind === 'failed' ? 1 : 0,
    });
    const approval = (step: number, role: string, state: string) => {
      approvalId++;
      rows.approvals!.push({
        id: approvalId,
        issue_id: id,
        step,
        role,
        status: state,
        decided_by: state === 'pending' ? null : dba!.id,
        decided_at: state === 'pending' ? null : at,
        reason: state === 'rejected' ? 'needs an index first' : null,
        channel: state === 'pending' ? null : 'slack',
        round: 1,
      });
    };
    if (kind === 'waiting_owner') {
      approval(0, 'dba', 'approved');
      approval(1, 'project_owner', 'pending');
    } else if (kind === 'waiting_dba') {
      approval(0, 'dba', 'pending');
      if (n % 2 === 0) approval(1, 'project_owner', 'pending');
    } else
      approval(0, 'dba', kind === 'rejected' ? 'rejected' : kind === 'canceled' ? 'pending' : 'approved');
    if (kind === 'done' || kind === 'failed') {
      runId++;
      rows.task_runs!.push({
        id: runId,
        task_id: taskId,
        attempt: 1,
        status: kind,
        executor_id: 1,
        worker: 'bench',
        log: [
          { at: at.toISOString(), kind: 'statement', text: `ALTER TABLE orders ADD COLUMN c_${n} text;` },
        ],
        error: kind === 'failed' ? 'column already exists' : null,
        started_at: at,
        finished_at: at,
      });
    }
    rows.issue_events!.push({ issue_id: id, kind: 'created', payload: {}, created_at: at });
    if (kind !== 'waiting_dba')
      rows.issue_events!.push({ issue_id: id, kind: 'approved', payload: { step: 0 }, created_at: at });
  }
  for (const table of ['issues', 'stages', 'tasks', 'approvals', 'task_runs', 'issue_events'])
    await insertRows(raw, table, rows[table]!);
  for (const table of ['issues', 'stages', 'tasks', 'approvals', 'task_runs'])
    await raw(`select setval(pg_get_serial_sequence('${table}', 'id'), (select max(id) from ${table}))`);
  await raw('analyze');
  return { tokens, firstId: Number(next) + 1, lastId: Number(next) + count, mix };
}
