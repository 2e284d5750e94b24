// The issue lists' queries. A filter's values are named once (filterValues) and its conditions refer to them by name
// (selection), so a list's statement text depends only on the filter's shape: the embedded store builds each shape's
// text once and runs it as a prepared statement, instead of building and planning the same query on every request.
import { and, asc, desc, eq, fillPlaceholders, type SQL, sql } from 'drizzle-orm';
import { alias, PgDialect } from 'drizzle-orm/pg-core';
import type { IssueFilter } from '../../src/core/ports/issue-store.ts';
import type { Db } from '../client.ts';
import { approvals, issues, projects } from '../schema/index.ts';

/** A filter's values by the names its conditions use; absent keys are conditions the filter does not have. */
type Values = Record<string, unknown>;

/** Gives a condition the value of a name: the value itself, or a placeholder for it in a statement built once. */
type Param = (name: string) => unknown;

/** Empty lists select nothing; they become a list of one value no row has, so `in (…)` stays valid SQL. */
export function filterValues(filter: IssueFilter): Values {
  const v: Values = { limit: filter.limit ?? 50 };
  const list = (prefix: string, items: readonly unknown[], none: unknown) =>
    (items.length ? items : [none]).forEach((item, i) => {
      v[`${prefix}${i}`] = item;
    });
  if (filter.projectIds) list('project', filter.projectIds, -1);
  if (filter.memberOf !== undefined) v.memberOf = filter.memberOf;
  if (filter.status) list('status', filter.status, '-');
  if (filter.creatorId !== undefined) v.creatorId = filter.creatorId;
  if (filter.beforeId !== undefined) v.beforeId = filter.beforeId;
  const pending = filter.pendingFor;
  if (pending) {
    v.principal = pending.principalId;
    list('role', pending.roles, '-');
    if (pending.ownerOf) list('owner', pending.ownerOf, -1);
  }
  return v;
}

/** The names a prefix's list has in `values`, in order. */
const listed = (values: Values, prefix: string) => {
  const names: string[] = [];
  while (`${prefix}${names.length}` in values) names.push(`${prefix}${names.length}`);
  return names;
};

/** What the statement text of a filter depends on: which conditions it has and how long its lists are. */
export function shapeOf(values: Values): string {
  return Object.keys(values)
    .map((k) => k.replace(/\d+$/, ''))
    .join(',');
}

/**
 * The step an issue waits on now, joined laterally as `w` (role, round): its first pending step, pending steps
 * existing only in the open round. One probe of approvals_pending_step_idx finds it, in order, once per issue.
 */
export function waitingStep(db: Db) {
  const a = alias(approvals, 'a');
  return db
    .select({ role: a.role, round: a.round })
    .from(a)
    .where(and(eq(a.issueId, issues.id), sql`${a.status} = 'pending'`))
    .orderBy(desc(a.round), asc(a.step))
    .limit(1)
    .as('w');
}
export type WaitingStep = ReturnType<typeof waitingStep>;

const inList = (values: Values, prefix: string, p: Param) =>
  sql.join(
    listed(values, prefix).map((n) => sql`${p(n)}`),
    sql`, `,
  );

/**
 * Whether the principal may decide the step `w` an issue waits on: its role is theirs, or it is an owner step of a
 * project they own; not in an issue they created unless the project allows it, nor in a round they decided in.
 */
function mayDecide(values: Values, p: Param, w: WaitingStep) {
  const owned =
    'owner0' in values
      ? inList(values, 'owner', p)
      : sql`select project_id from project_members where principal_id = ${p('principal')} and role = 'owner'`;
  return sql`(${issues.creatorId} <> ${p('principal')}
      or (select pr.allow_self_approval from projects pr where pr.id = ${issues.projectId}))
    and (${w.role} in (${inList(values, 'role', p)})
      or (${w.role} = 'project_owner' and ${issues.projectId} in (${owned})))
    and not exists (select 1 from approvals c where c.issue_id = ${issues.id} and c.round = ${w.round}
      and c.decided_by = ${p('principal')})`;
}

/**
 * The issues a filter selects. Each condition is on a column that leads an index followed by the id
 * (project, status, creator), so a newest-first page reads its rows in order and stops at the limit.
 * `w` is the waiting step, joined when the filter has a principal to decide.
 */
export function selection(values: Values, p: Param, w: WaitingStep | undefined) {
  return and(
    'project0' in values ? sql`${issues.projectId} in (${inList(values, 'project', p)})` : undefined,
    'memberOf' in values
      ? sql`${issues.projectId} in (select project_id from project_members where principal_id = ${p('memberOf')})`
      : undefined,
    'status0' in values ? sql`${issues.status} in (${inList(values, 'status', p)})` : undefined,
    'creatorId' in values ? sql`${issues.creatorId} = ${p('creatorId')}` : undefined,
    'beforeId' in values ? sql`${issues.id} < ${p('beforeId')}` : undefined,
    w ? and(sql`${issues.status} = 'pending_approval'`, mayDecide(values, p, w)) : undefined,
  );
}

/** A value by its name; a name the filter does not have is a defect here, never a NULL sent to the database. */
export const valuesByName =
  (values: Values): Param =>
  (name) => {
    if (!(name in values)) throw new Error(`issue list: no value named ${name}`);
    return values[name];
  };

/**
 * A newest-first page of listed columns (the review and description are the bulk of a row), as one JSON document:
 * one value to decode instead of one per column and row.
 */
export function listPageDocument(db: Db, values: Values, p: Param): SQL {
  const w = 'principal' in values ? waitingStep(db) : undefined;
  const base = db
    .select({
      id: issues.id,
      projectId: issues.projectId,
      projectKey: projects.key,
      title: issues.title,
      type: issues.type,
      status: issues.status,
      risk: issues.risk,
      createdAt: issues.createdAt,
      waitingFor: (w ? sql<string | null>`${w.role}` : sql<string | null>`null`).as('waiting_for'),
    })
    .from(issues)
    .innerJoin(projects, eq(projects.id, issues.projectId))
    .$dynamic();
  const page = (w ? base.innerJoinLateral(w, sql`true`) : base)
    .where(selection(values, p, w))
    .orderBy(desc(issues.id))
    .limit(p('limit') as number);
  return sql`select coalesce(json_agg(page order by page.id desc), '[]')::text as doc from (${page}) page`;
}

const dialect = new PgDialect();
const SHAPES = 256;

/** Statement texts by filter shape, their parameters still placeholders; one per process is enough. */
const texts = new Map<string, { sql: string; params: unknown[] }>();

/** The list page statement of a filter: its text built once per shape, its parameters this filter's values. */
export function listPageStatement(db: Db, values: Values): { sql: string; params: unknown[] } {
  const shape = shapeOf(values);
  let text = texts.get(shape);
  if (!text) {
    text = dialect.sqlToQuery(listPageDocument(db, values, (name) => sql.placeholder(name)));
    if (texts.size >= SHAPES) texts.clear();
    texts.set(shape, text);
  }
  return { sql: text.sql, params: fillPlaceholders(text.params, values) };
}
