// The target database's active sessions while a task runs on it: who else is connected, what they run, since when.
import { conflict, DomainError, forbidden, notFound } from '../errors.ts';
import type { DatabaseSession, Engine } from '../ports/engine-driver.ts';
import { EngineError } from '../ports/engine-driver.ts';
import { assertCanSee, canManageRollout } from './access.ts';
import type { ServiceContext } from './context.ts';

/**
 * Engines whose drivers declare `capabilities.sessionsView`. The connector hands out connections, not driver
 * facts, so the list is kept here; the other drivers answer an empty list, which would read as "nobody".
 */
const SESSION_ENGINES: ReadonlySet<Engine> = new Set(['postgres']);

export interface TaskSessions {
  issueId: number;
  taskId: number;
  instance: string;
  database: string;
  engine: string;
  taskStatus: string;
  /** When the sessions were read from the target. */
  readAt: Date;
  sessions: DatabaseSession[];
}

/**
 * Lists the sessions on a task's target database. Reads only. For DBAs, workspace owners and the project's
 * owners: the list shows what other connections to that database run, which is more than an issue's reader
 * may see.
 */
export async function listTaskSessions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: { issueId: number; taskId: number };
}): Promise<TaskSessions> {
  const { store } = ctx;
  const issue = await store.issues.get(input.issueId);
  if (!issue) throw notFound(`issue ${input.issueId} not found`);
  const members = await store.projects.listMembers(issue.projectId);
  assertCanSee(ctx.actor, members);
  if (!canManageRollout(ctx.actor, members))
    throw forbidden(
      "only DBAs and the project's owners may see a target's sessions: they show what other connections run",
    );
  const task = await store.rollout.getTask(input.taskId);
  if (!task || task.issueId !== issue.id)
    throw notFound(`task ${input.taskId} is not part of issue ${input.issueId}`);
  const database = await store.databases.get(task.databaseId);
  const instance = database ? await store.instances.get(database.instanceId) : null;
  if (!database || !instance) throw notFound(`the target database of task ${task.id} no longer exists`);
  if (!SESSION_ENGINES.has(instance.engine))
    throw conflict(`instance ${instance.key} runs ${instance.engine}, which has no sessions view`, {
      engine: instance.engine,
    });
  if (!ctx.engines) throw new DomainError('unavailable', 'live session views are not available here');
  let sessions: DatabaseSession[];
  try {
    const connection = await ctx.engines.connection(instance);
    sessions = await connection.sessions(database.name);
  } catch (err) {
    const why = err instanceof EngineError ? `${err.kind}: ${err.message}` : String(err);
    ctx.logger.warn({ instance: instance.key, database: database.name, error: why }, 'sessions not readable');
    throw new DomainError(
      'unavailable',
      `the sessions of ${instance.key}/${database.name} could not be read (${why})`,
    );
  }
  return {
    issueId: issue.id,
    taskId: task.id,
    instance: instance.key,
    database: database.name,
    engine: instance.engine,
    taskStatus: task.status,
    readAt: new Date(ctx.clock.now()),
    sessions,
  };
}
