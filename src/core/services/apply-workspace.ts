// Applies a declared workspace to the store idempotently: creates and updates, reports (never deletes) what the file dropped.
import { forbidden } from '../errors.ts';
import type { EntitySource } from '../model/workspace.ts';
import type { WorkspaceSpec } from '../model/workspace-spec.ts';
import type { Store } from '../ports/store.ts';
import type { ServiceContext } from './context.ts';

export interface WorkspaceApplyReport {
  created: string[];
  updated: string[];
  /** Memberships and tokens the file no longer grants: revoked, since access must follow the file. */
  revoked: string[];
  /** Entities the file no longer declares; kept, because removing them could destroy history. */
  notInFile: string[];
  unchanged: number;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Applies the spec in one transaction and audits the outcome; `source` marks what it created. */
export async function applyWorkspace({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { spec: WorkspaceSpec; source: EntitySource; file?: string };
}): Promise<WorkspaceApplyReport> {
  if (ctx.actor.kind !== 'robot' && ctx.actor.workspaceRole !== 'owner') {
    throw forbidden('only a workspace owner may apply a workspace definition');
  }
  const { spec, source } = input;
  return ctx.store.transaction(async (store) => {
    // Replicas booting together must not both create the same entities: writing this row first takes a row lock
    // that the other transaction waits on, and after it commits the waiter reads the committed workspace.
    // The file's path is kept so refusals to change what it declares can name it.
    await store.settings.set('workspace.apply', {
      source,
      at: new Date(ctx.clock.now()).toISOString(),
      ...(input.file ? { file: input.file } : {}),
    });
    const report: WorkspaceApplyReport = {
      created: [],
      updated: [],
      revoked: [],
      notInFile: [],
      unchanged: 0,
    };
    const envIds = await applyEnvironments(store, spec, source, report);
    const userIds = await applyUsers(store, spec, source, report);
    const instanceIds = await applyInstances(store, spec, source, envIds, report);
    await applyProjects(store, spec, source, instanceIds, userIds, report);
    await store.audit.append({
      actorId: ctx.actor.id,
      action: 'workspace.apply',
      resourceType: 'workspace',
      resourceId: null,
      details: { source, ...report },
      requestId: ctx.requestId,
    });
    return report;
  });
}

async function applyEnvironments(
  store: Store,
  spec: WorkspaceSpec,
  source: EntitySource,
  report: WorkspaceApplyReport,
) {
  const ids = new Map<string, number>();
  const existing = await store.environments.list();
  for (const [position, e] of spec.environments.entries()) {
    const cur = existing.find((x) => x.key === e.key);
    const want = { name: e.name, position, reviewTemplate: e.reviewTemplate, reviewPolicy: e.reviewPolicy };
    if (!cur) {
      ids.set(e.key, (await store.environments.create({ key: e.key, ...want, source })).id);
      report.created.push(`environment ${e.key}`);
      continue;
    }
    ids.set(e.key, cur.id);
    const now = {
      name: cur.name,
      position: cur.position,
      reviewTemplate: cur.reviewTemplate,
      reviewPolicy: cur.reviewPolicy,
    };
    if (same(now, want)) report.unchanged++;
    else {
      await store.environments.update(cur.id, want);
      report.updated.push(`environment ${e.key}`);
    }
  }
  for (const cur of existing) if (!ids.has(cur.key)) report.notInFile.push(`environment ${cur.key}`);
  return ids;
}

async function applyUsers(
  store: Store,
  spec: WorkspaceSpec,
  source: EntitySource,
  report: WorkspaceApplyReport,
) {
  const ids = new Map<string, number>();
  for (const u of spec.users) {
    let p = await store.principals.findByEmail(u.email);
    if (!p) {
      p = await store.principals.create({ email: u.email, name: u.name, workspaceRole: u.role, source });
      report.created.push(`user ${u.email}`);
    } else if (p.name !== u.name || p.workspaceRole !== u.role || !p.active || p.source !== source) {
      // A declared user is the file's from now on, even one first added through the API.
      await store.principals.update(p.id, { name: u.name, workspaceRole: u.role, active: true, source });
      report.updated.push(`user ${u.email}`);
    } else report.unchanged++;
    ids.set(u.email.toLowerCase(), p.id);
    const tokens = (await store.tokens.listByPrincipal(p.id)).filter(
      (t) => t.source === source && !t.revoked,
    );
    for (const t of tokens) {
      if (t.tokenHash !== u.tokenHash) {
        await store.tokens.revoke(t.id);
        report.revoked.push(`token ${t.prefix}… of ${u.email}`);
      }
    }
    if (u.tokenHash && !tokens.some((t) => t.tokenHash === u.tokenHash)) {
      const taken = await store.tokens.findByHash(u.tokenHash);
      if (taken && taken.principalId !== p.id)
        throw forbidden(`the token of ${u.email} is already another user's`);
      if (!taken) {
        await store.tokens.create({
          principalId: p.id,
          name: `${source} token`,
          tokenHash: u.tokenHash,
          prefix: u.tokenPrefix ?? '',
          source,
        });
        report.created.push(`token of ${u.email}`);
      }
    }
  }
  for (const p of await store.principals.list()) {
    if (p.kind === 'user' && p.source === source && !ids.has(p.email.toLowerCase())) {
      // Kept (their history stays attributed), and handed to the API so an owner can change or deactivate them.
      if (source === 'workspace_file') await store.principals.update(p.id, { source: 'api' });
      report.notInFile.push(`user ${p.email} (now managed through the API)`);
    }
  }
  return ids;
}

async function applyInstances(
  store: Store,
  spec: WorkspaceSpec,
  source: EntitySource,
  envIds: Map<string, number>,
  report: WorkspaceApplyReport,
) {
  const ids = new Map<string, number>();
  for (const i of spec.instances) {
    const environmentId = envIds.get(i.environment)!;
    const cur = await store.instances.getByKey(i.key);
    if (!cur) {
      ids.set(
        i.key,
        (
          await store.instances.create({
            key: i.key,
            name: i.name,
            engine: i.engine,
            environmentId,
            url: i.url,
            source,
            driftCheckMs: i.driftCheckMs,
          })
        ).id,
      );
      report.created.push(`instance ${i.key}`);
      continue;
    }
    ids.set(i.key, cur.id);
    const urlSame = await store.instances.urlMatches(cur.id, i.url);
    if (
      cur.name === i.name &&
      cur.engine === i.engine &&
      cur.environmentId === environmentId &&
      urlSame &&
      (cur.driftCheckMs ?? null) === i.driftCheckMs
    )
      report.unchanged++;
    else {
      await store.instances.update(cur.id, {
        name: i.name,
        engine: i.engine,
        environmentId,
        driftCheckMs: i.driftCheckMs,
        ...(urlSame ? {} : { url: i.url }),
      });
      report.updated.push(`instance ${i.key}`);
    }
  }
  for (const cur of await store.instances.list())
    if (!ids.has(cur.key)) report.notInFile.push(`instance ${cur.key}`);
  return ids;
}

async function applyProjects(
  store: Store,
  spec: WorkspaceSpec,
  source: EntitySource,
  instanceIds: Map<string, number>,
  userIds: Map<string, number>,
  report: WorkspaceApplyReport,
) {
  const declared = new Set<string>();
  for (const p of spec.projects) {
    declared.add(p.key);
    let project = await store.projects.getByKey(p.key);
    const want = { name: p.name, reviewPolicy: p.reviewPolicy, allowSelfApproval: p.allowSelfApproval };
    if (!project) {
      project = await store.projects.create({ key: p.key, ...want, source });
      report.created.push(`project ${p.key}`);
    } else if (
      !same(
        {
          name: project.name,
          reviewPolicy: project.reviewPolicy,
          allowSelfApproval: project.allowSelfApproval,
        },
        want,
      )
    ) {
      await store.projects.update(project.id, want);
      report.updated.push(`project ${p.key}`);
    } else report.unchanged++;
    const projectId = project.id;

    const keptDbs = new Set<number>();
    for (const d of p.databases) {
      const instanceId = instanceIds.get(d.instance)!;
      const cur = await store.databases.find(instanceId, d.name);
      if (!cur) {
        keptDbs.add((await store.databases.create({ instanceId, name: d.name, projectId, source })).id);
        report.created.push(`database ${d.instance}/${d.name}`);
      } else {
        keptDbs.add(cur.id);
        if (cur.projectId !== projectId) {
          await store.databases.update(cur.id, { projectId });
          report.updated.push(`database ${d.instance}/${d.name} (moved to ${p.key})`);
        } else report.unchanged++;
      }
    }
    for (const d of await store.databases.list({ projectId }))
      if (!keptDbs.has(d.id)) report.notInFile.push(`database #${d.id} ${d.name} of ${p.key}`);

    const members = await store.projects.listMembers(projectId);
    const wanted = new Map(p.members.map((m) => [userIds.get(m.email.toLowerCase())!, m.role]));
    for (const [principalId, role] of wanted) {
      const cur = members.find((m) => m.principalId === principalId);
      if (cur?.role === role && cur.source === source) report.unchanged++;
      else {
        await store.projects.setMember(projectId, principalId, role, source);
        (cur ? report.updated : report.created).push(`member ${principalId} of ${p.key} as ${role}`);
      }
    }
    for (const m of members) {
      if (m.source === source && !wanted.has(m.principalId)) {
        await store.projects.removeMember(projectId, m.principalId);
        report.revoked.push(`membership of principal ${m.principalId} in ${p.key}`);
      }
    }

    const repo = await store.bindings.repositoryOf(projectId);
    if (p.repository) {
      const { id: _id, projectId: _p, source: _s, ...curRepo } = repo ?? { id: 0, projectId: 0, source };
      if (repo && same(curRepo, p.repository)) report.unchanged++;
      else {
        await store.bindings.putRepository({ projectId, ...p.repository, source });
        (repo ? report.updated : report.created).push(`repository binding of ${p.key}`);
      }
    } else if (repo) report.notInFile.push(`repository binding of ${p.key}`);

    const chats = await store.bindings.listChat(projectId);
    for (const c of p.chat) {
      if (chats.some((x) => x.platform === c.platform && x.channel === c.channel)) report.unchanged++;
      else {
        await store.bindings.addChat(projectId, c.platform, c.channel, source);
        report.created.push(`${c.platform} channel ${c.channel} of ${p.key}`);
      }
    }
    for (const x of chats) {
      if (!p.chat.some((c) => c.platform === x.platform && c.channel === x.channel))
        report.notInFile.push(`${x.platform} channel ${x.channel} of ${p.key}`);
    }
  }
  for (const p of await store.projects.list())
    if (!declared.has(p.key)) report.notInFile.push(`project ${p.key}`);
}
