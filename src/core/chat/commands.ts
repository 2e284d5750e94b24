// `/bytebase` commands: help, history, drift, baseline, issue, issues, review; answered with the asking user's own access
// (`whoami`, which unmapped users may ask too, is answered before mapping, in inbound.ts).
import { badRequest, DomainError, notFound } from '../errors.ts';
import { type NoticeMessage, notice } from '../messages/types.ts';
import {
  parsePolicy,
  policyFromTemplate,
  type ReviewEngine,
  resolvePolicy,
  reviewEngines,
  reviewSql,
} from '../review/index.ts';
import { acceptBaseline } from '../services/accept-baseline.ts';
import { checkDrift, type DriftReport, listDrift } from '../services/check-drift.ts';
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
      '`/bytebase drift [database] [environment]`: schema drift; a fresh check of a database, or without one the last recorded checks',
      '`/bytebase baseline <database> <environment> <reason…>`: accept the live schema as the baseline drift is checked against (DBAs)',
      '`/bytebase issue <id>`: one issue: status, stages, approvals',
      '`/bytebase issues [mine|pending]`: recent issues, yours, or those waiting for you',
      '`/bytebase review <engine> [--env <environment>]` followed by SQL: review advice under that environment’s policy, else the prod template (engines: ' +
        reviewEngines.join(', ') +
        ')',
      '`/bytebase whoami`: the workspace user, roles and chat identity you act as, or why you have none',
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

const DIFF_LINES = 3;
const statusText: Record<DriftReport['status'], string> = {
  in_sync: '🟢 in sync',
  drifted: '🔴 drifted',
  no_baseline: '⚪ no baseline',
  unreachable: '🟠 unreachable',
};

/** One line per check: the status, how much differs, and which migration it was compared with. */
function driftSummary(r: DriftReport): string {
  const d = r.diff;
  const size = d
    ? ` (${d.added.length + d.moreAdded} added, ${d.removed.length + d.moreRemoved} removed)`
    : '';
  const base = r.baseline
    ? ` · since ${r.baseline.version ?? `history #${r.baseline.historyId}`}${r.baseline.issueId ? ` (issue #${r.baseline.issueId})` : ''}`
    : '';
  return `${statusText[r.status]}${size}${base}`;
}

/** The first added and removed lines of a drift, so the answer shows what changed without the whole dump. */
function diffPreview(r: DriftReport): string[] {
  if (!r.diff) return [];
  const { added, removed, moreAdded, moreRemoved } = r.diff;
  const more = (n: number, what: string) => (n > 0 ? [`  … ${n} more ${what}`] : []);
  return [
    ...added.slice(0, DIFF_LINES).map((l) => `  + ${firstLine(l)}`),
    ...more(added.length - Math.min(added.length, DIFF_LINES) + moreAdded, 'added'),
    ...removed.slice(0, DIFF_LINES).map((l) => `  - ${firstLine(l)}`),
    ...more(removed.length - Math.min(removed.length, DIFF_LINES) + moreRemoved, 'removed'),
  ];
}

async function drift(ctx: ServiceContext, args: string[]): Promise<NoticeMessage> {
  const [database, environment] = args;
  if (args.length > 2) throw badRequest('usage: /bytebase drift [database] [environment]');
  if (!database) {
    // Recorded states only: answering for every database must not wait on connecting to each of them.
    const all = await listDrift({ ctx });
    const title = 'Drift (last recorded checks)';
    if (all.length === 0) return notice(['No databases that you can see.'], { title });
    const lines = all.map(
      ({ target: t, last }) =>
        `${t.project} · *${t.database}* on ${t.instance} (${t.environment}): ` +
        (last ? `${driftSummary(last)} · checked ${day(last.checkedAt)}` : 'not checked yet'),
    );
    return notice(
      [
        ...lines.slice(0, MAX_LINES),
        ...(lines.length > MAX_LINES ? [`… and ${lines.length - MAX_LINES} more`] : []),
        'Run `/bytebase drift <database>` for a fresh check.',
      ],
      { title },
    );
  }
  const reports = await checkDrift({ ctx, input: { database, ...(environment ? { environment } : {}) } });
  const sections = reports.flatMap((r) => [
    `*${r.database}* on ${r.instance} (${r.environment}, project ${r.project}): ${driftSummary(r)}`,
    ...(r.error ? [`  ${firstLine(r.error)}`] : []),
    ...diffPreview(r),
  ]);
  return notice(sections.slice(0, MAX_LINES * 2), { title: `Drift of ${database}` });
}

const BASELINE_USAGE = 'usage: /bytebase baseline <database> <environment> <reason…>';

/** Accepts a database's live schema as its baseline; the reason is the rest of the line, as typed. */
async function baseline(ctx: ServiceContext, args: string): Promise<NoticeMessage> {
  const m = /^(\S+)\s+(\S+)\s+(\S[\s\S]*)$/.exec(args.trim());
  if (!m) throw badRequest(BASELINE_USAGE);
  const [database, environment, reason] = [m[1]!, m[2]!, m[3]!.trim()];
  const done = await acceptBaseline({ ctx, input: { database, environment, reason } });
  return notice(
    [
      `The live schema of ${done.drift.database} on ${done.drift.instance} (${environment}) is now the baseline (history #${done.historyId}).`,
      `Reason: ${reason}`,
    ],
    { title: `Baseline of ${database}` },
  );
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
      .map((a) => `step ${a.step} (${a.role}): ${a.status}${a.decidedBy ? ` by ${a.decidedBy.name}` : ''}`),
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
  const { issues: list } = await listIssues({ ctx, input: { filter, limit: 15 } });
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

/**
 * Reviews SQL written in the command. `--env <environment>` applies that environment's policy (its template
 * and policy file, as issues targeting it get); without it, the strict prod template.
 */
async function review(ctx: ServiceContext, args: string): Promise<NoticeMessage> {
  const usage = `usage: /bytebase review <${reviewEngines.join('|')}> [--env <environment>] <SQL>`;
  const m = /^(\S+)(?:\s+--env\s+(\S+))?\s+([\s\S]+)$/.exec(args.trim());
  const engine = m?.[1]?.toLowerCase();
  if (!m || !engine || !(reviewEngines as readonly string[]).includes(engine)) throw badRequest(usage);
  let policy = policyFromTemplate('prod');
  let source = 'prod template';
  if (m[2]) {
    const env = await ctx.store.environments.getByKey(m[2]);
    if (!env) throw badRequest(`no environment \`${m[2]}\``);
    const layer = env.reviewPolicy ? [parsePolicy(env.reviewPolicy, `environment ${env.key} policy`)] : [];
    policy = resolvePolicy(env.reviewTemplate, ...layer);
    source = `${env.key} policy`;
  }
  const sql = m[3]!.replace(/^```(?:sql)?\s*|\s*```$/g, '');
  const result = await reviewSql({ engine: engine as ReviewEngine, sql, policy });
  const lines = [
    `${result.errorCount} error(s), ${result.warningCount} warning(s), risk ${result.risk} (${source})`,
  ];
  for (const a of result.advice.slice(0, MAX_LINES))
    lines.push(
      `${a.level === 'error' ? '🔴' : a.level === 'warning' ? '🟡' : '⚪'} ${a.line}:${a.column} ${a.rule}: ${a.message}`,
    );
  if (result.advice.length > MAX_LINES) lines.push(`… and ${result.advice.length - MAX_LINES} more`);
  return notice(lines, { title: `Review (${engine})` });
}

/** The command's verb, lowercased (`whoami` for " WhoAmI "). */
export const commandVerb = (text: string) => (text.trim().split(/\s+/)[0] ?? '').toLowerCase();

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
    case 'drift':
      return drift(ctx, args);
    case 'baseline':
      return baseline(ctx, trimmed.slice(verb.length));
    case 'issue':
      return issue(ctx, args, url);
    case 'issues':
      return issues(ctx, args);
    case 'review':
      return review(ctx, trimmed.slice(verb.length));
    default:
      return notice([`Unknown command \`${verb}\`.`, ...helpMessage().lines]);
  }
}
