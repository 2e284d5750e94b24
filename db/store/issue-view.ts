// The issue view read in one statement: the issue, its pipeline and everything the view names, as one JSON document.
import { eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { EntitySource, ProjectRole } from '../../src/core/model/workspace.ts';
import type { IssueViewData } from '../../src/core/ports/issue-store.ts';
import type { Db } from '../client.ts';
import { approvals, issueEvents, issues, projectMembers, stages, taskRuns, tasks } from '../schema/index.ts';
import { toApproval, toIssue, toRun, toStage, toTask } from './mappers.ts';
import type { PreparedReads } from './prepared.ts';

/**
 * A row as `row_to_json` writes it, read back as drizzle reads the table's rows: property names, and each value
 * through its column's own mapping (timestamps to Dates); JSON columns are already values.
 */
function fromJson<T extends PgTable>(table: T, raw: Record<string, unknown>): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    row[key] =
      value === null || value === undefined
        ? null
        : column.columnType === 'PgJsonb' || column.columnType === 'PgJson'
          ? value
          : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}

/** A JSON array of the rows a subquery selects, empty when none. */
const jsonRows = (query: SQL) => sql`coalesce((${query}), '[]'::json)`;

/** The whole issue view as one JSON document, from the issue row it is selected with. */
const viewDocument = () => sql<string>`json_build_object(
  'issue', row_to_json(${issues}),
  'projectKey', (select p.key from projects p where p.id = ${issues.projectId}),
  'members', ${jsonRows(sql`select json_agg(m order by m.principal_id) from project_members m
    where m.project_id = ${issues.projectId}`)},
  'stages', ${jsonRows(sql`select json_agg(s order by s.position) from stages s where s.issue_id = ${issues.id}`)},
  'tasks', ${jsonRows(sql`select json_agg(t order by t.stage_id, t.position) from tasks t
    where t.issue_id = ${issues.id}`)},
  'approvals', ${jsonRows(sql`select json_agg(a order by a.round, a.step) from approvals a
    where a.issue_id = ${issues.id}`)},
  'environments', ${jsonRows(sql`select json_agg(json_build_object('id', e.id, 'key', e.key)) from environments e
    where e.id in (select environment_id from stages where issue_id = ${issues.id})`)},
  'databases', ${jsonRows(sql`select json_agg(json_build_object(
      'id', d.id, 'name', d.name, 'instance', i.key, 'engine', i.engine))
    from databases d left join instances i on i.id = d.instance_id
    where d.project_id = ${issues.projectId}
      and d.id in (select database_id from tasks where issue_id = ${issues.id})`)},
  'runs', ${jsonRows(sql`select json_agg(r order by r.task_id, r.attempt) from task_runs r
    join tasks t on t.id = r.task_id where t.issue_id = ${issues.id}`)},
  'events', ${jsonRows(sql`select json_agg(ev order by ev.id) from issue_events ev where ev.issue_id = ${issues.id}`)},
  'people', ${jsonRows(sql`select json_agg(json_build_object('id', p.id, 'name', p.name, 'email', p.email))
    from principals p where p.id = ${issues.creatorId}
      or p.id in (select decided_by from approvals where issue_id = ${issues.id})`)},
  'undelivered', ${jsonRows(sql`select json_agg(json_build_object(
      'id', o.id, 'event', o.event->>'type', 'status', o.status, 'attempts', o.attempts,
      'lastError', o.last_error, 'createdAt', o.created_at) order by o.id)
    from outbox o where o.issue_id = ${issues.id} and o.status in ('pending', 'running', 'failed')`)}
)::text`;

type Json = Record<string, unknown>;

let preparedViewText: string | undefined;

/** The issue view of one issue, read in one statement, or null when there is no such issue. */
export async function readIssueView(
  db: Db,
  id: number,
  prepared?: PreparedReads,
): Promise<IssueViewData | null> {
  const query = () => db.select({ doc: viewDocument() }).from(issues).where(eq(issues.id, id));
  if (prepared) {
    // The statement's text is the same for every issue (the id is its one parameter): built once, not per read.
    preparedViewText ??= query().toSQL().sql;
    const [row] = await prepared.rows({ sql: preparedViewText, params: [id] });
    return row ? toView(row[0] as string) : null;
  }
  const [row] = await query();
  return row ? toView(row.doc) : null;
}

function toView(doc: string): IssueViewData {
  const v = JSON.parse(doc) as Record<string, Json[]> & { issue: Json; projectKey: string | null };
  return {
    detail: {
      issue: toIssue(fromJson(issues, v.issue)),
      stages: v.stages!.map((r) => toStage(fromJson(stages, r))),
      tasks: v.tasks!.map((r) => toTask(fromJson(tasks, r))),
      approvals: v.approvals!.map((r) => toApproval(fromJson(approvals, r))),
    },
    projectKey: v.projectKey,
    members: v.members!.map((r) => {
      const m = fromJson(projectMembers, r);
      return {
        projectId: m.projectId,
        principalId: m.principalId,
        role: m.role as ProjectRole,
        source: m.source as EntitySource,
      };
    }),
    environments: v.environments as IssueViewData['environments'],
    databases: v.databases as IssueViewData['databases'],
    runs: v.runs!.map((r) => toRun(fromJson(taskRuns, r))),
    events: v.events!.map((r) => {
      const e = fromJson(issueEvents, r);
      return { id: e.id, kind: e.kind, payload: e.payload as Json, createdAt: e.createdAt };
    }),
    people: v.people as IssueViewData['people'],
    undelivered: v.undelivered!.map((r) => ({
      ...(r as Omit<IssueViewData['undelivered'][number], 'createdAt'>),
      id: Number(r.id),
      createdAt: new Date(r.createdAt as string),
    })),
  };
}
