// `/bytebase` commands: help, history, issue, issues, review; answered with the asking user's own access.
import { badRequest, DomainError, notFound } from '../errors.ts';
import { type NoticeMessage, notice } from '../messages/types.ts';
import { policyFromTemplate, type ReviewEngine, reviewEngines, reviewSql } from '../review/index.ts';
import type { ServiceContext } from '../services/context.ts';
import { getIssue } from '../services/get-issue.ts';
import { listHistory } from '../services/list-history.ts';
import { listIssues } from '../services/list-issues.ts';

const MAX_LINES = 25;

/** The command reference. */
export function helpMessage(): NoticeMessage {
  return notice(
    [
      '`/bytebase history <database> [environment] [--limit N]`: what ran on a database',
      '`/bytebase issue <id>`: one issue: status, stages, approvals',
      '`/bytebase issues [mine|pending]`: recent issues, yours, or those waiting for you',
      '`/bytebase review <engine>` followed by SQL: review advice (engines: ' +
        reviewEngines.join(', ') +
        ')',
      '`/bytebase help`: this list',
    ],
    { title: 'bytebase commands' },
  );
}

const day = (d: Date) => d.toISOString().replace('T', ' ').slice(0, 16);
const firstLine = (s: string) => {
  const line = s.trim().split('\n')[0] ?? '';
  return line.length > 80 ? `${line.slice(0, 79)}…` : line;
};

async function history(ctx: ServiceContext, args: string[]): Promise<NoticeMessage> {
  let limit = 10;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--limit') {
      limit = Number(args[++i]);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        throw badRequest('--limit takes a number from 1 to 100');
    } else rest.push(args[i]!);
  }
  const [database, environment] = rest;
  if (!database || rest.length > 2)
    throw badRequest('usage: /bytebase history <database> [environment] [--limit N]');
  const [databases, instances, envs] = await Promise.all([
    ctx.store.databases.list(),
    ctx.store.instances.list(),
    ctx.store.environments.list(),
  ]);
  const candidates = databases
    .filter((d) => d.name === database)
    .map((d) => ({ d, inst: instances.find((i) => i.id === d.instanceId)! }))
    .filter(({ inst }) => !environment || envs.find((e) => e.id === inst.environmentId)?.key === environment);
  const sections: string[] = [];
  for (const { d, inst } of candidates) {
    try {
      const h = await listHistory({
        ctx,
        input: { instance: inst.key, database: d.name, query: { limit, schemas: 'false' } },
      });
      sections.push(`*${h.database}* on ${h.instance} (${h.environment}, project ${h.project})`);
      if (h.history.length === 0) sections.push('  no changes recorded');
      for (const r of h.history)
        sections.push(
          `  ${day(r.startedAt)} · ${r.version ?? '-'} · ${r.type} · ${r.status}` +
            `${r.issueId ? ` · issue #${r.issueId}` : ''}${r.approver ? ` · approved by ${r.approver.name}` : ''}` +
            ` · ${firstLine(r.statement)}`,
        );
    } catch (err) {
      // Databases of projects the user cannot see are left out, as if they did not exist.
      if (!(err instanceof DomainError && err.code === 'forbidden')) throw err;
    }
  }
  if (sections.length === 0)
    throw notFound(
      `no database named ${database}${environment ? ` in ${environment}` : ''} that you can see`,
    );
  return notice(sections.slice(0, MAX_LINES * 2), { title: `History of ${database}` });
}

async function issue(
  ctx: ServiceContext,
  args: string[],
  url: (id: number) => string,
): Promise<NoticeMessage> {
  const id = Number(args[0]?.replace(/^#/, ''));
  if (!Number.isInteger(id) || id < 1) throw badRequest('usage: /bytebase issue <id>');
  const v = await getIssue({ ctx, input: { issueId: id } });
  const lines = [
    `${v.issue.project} · ${v.issue.type} · ${v.issue.status.replace('_', ' ')} · risk ${v.issue.risk} · by ${v.issue.creator?.name ?? '?'}`,
    ...v.stages.flatMap((s) =>
      s.tasks.map(
        (t) => `${s.environment} · ${t.database}: ${t.status}${t.statusReason ? ` (${t.statusReason})` : ''}`,
      ),
    ),
    ...v.approvals
      .filter((a) => a.status !== 'superseded')
      .map(
        (a) => `step ${a.step + 1} (${a.role}): ${a.status}${a.decidedBy ? ` by ${a.decidedBy.name}` : ''}`,
      ),
  ];
  return notice(lines.slice(0, MAX_LINES), {
    title: `Issue #${id}: ${v.issue.title}`,
    link: { url: url(id), label: 'Open the issue' },
  });
}

async function issues(ctx: ServiceContext, args: string[]): Promise<NoticeMessage> {
  const filter = args[0] ?? 'all';
  if (filter !== 'all' && filter !== 'mine' && filter !== 'pending')
    throw badRequest('usage: /bytebase issues [mine|pending]');
  const list = await listIssues({ ctx, input: { filter, limit: 15 } });
  const title =
    filter === 'pending' ? 'Waiting for you' : filter === 'mine' ? 'Your issues' : 'Recent issues';
  if (list.length === 0) return notice(['Nothing here.'], { title });
  return notice(
    list.map(
      (i) =>
        `#${i.id} ${i.title} · ${i.project} · ${i.status.replace('_', ' ')} · risk ${i.risk}` +
        (i.waitingFor ? ` · needs ${i.waitingFor}` : ''),
    ),
    { title },
  );
}

async function review(args: string): Promise<NoticeMessage> {
  const m = /^(\S+)\s+([\s\S]+)$/.exec(args.trim());
  const engine = m?.[1]?.toLowerCase();
  if (!m || !engine || !(reviewEngines as readonly string[]).includes(engine))
    throw badRequest(`usage: /bytebase review <${reviewEngines.join('|')}> <SQL>`);
  const sql = m[2]!.replace(/^```(?:sql)?\s*|\s*```$/g, '');
  const result = await reviewSql({ engine: engine as ReviewEngine, sql, policy: policyFromTemplate('prod') });
  const lines = [
    `${result.errorCount} error(s), ${result.warningCount} warning(s), risk ${result.risk} (prod template)`,
  ];
  for (const a of result.advice.slice(0, MAX_LINES))
    lines.push(
      `${a.level === 'error' ? '🔴' : a.level === 'warning' ? '🟡' : '⚪'} ${a.line}:${a.column} ${a.rule}: ${a.message}`,
    );
  if (result.advice.length > MAX_LINES) lines.push(`… and ${result.advice.length - MAX_LINES} more`);
  return notice(lines, { title: `Review (${engine})` });
}

/** Answers one command; throws domain errors for bad input and missing access. */
export async function answerCommand(
  ctx: ServiceContext,
  text: string,
  url: (id: number) => string,
): Promise<NoticeMessage> {
  const trimmed = text.trim();
  const [verb = '', ...args] = trimmed.split(/\s+/);
  switch (verb.toLowerCase()) {
    case 'history':
      return history(ctx, args);
    case 'issue':
      return issue(ctx, args, url);
    case 'issues':
      return issues(ctx, args);
    case 'review':
      return review(trimmed.slice(verb.length));
    default:
      return notice([`Unknown command \`${verb}\`.`, ...helpMessage().lines]);
  }
}
