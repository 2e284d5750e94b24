// Who a push's issue belongs to, and the issue's title and description.

import type { Principal } from '../model/workspace.ts';
import type { Store } from '../ports/store.ts';
import type { VcsPushEvent, VcsUser } from '../ports/vcs.ts';
import { isWorkspaceAdmin } from '../services/access.ts';
import type { FileProblem } from './files.ts';
import type { IssuePlan } from './group.ts';

export interface PushAuthor {
  /** The person the VCS names: the head commit's author, else the pusher. */
  user: VcsUser;
  /** The principal that creates the issue, or null when nobody fits (the robot then creates it). */
  principal: Principal | null;
  /** Why no principal was used, when none was. */
  unmappedReason: string | null;
}

/**
 * Maps the push to a principal by email: the head commit's author first, then the pusher. Only an active
 * principal who may propose changes in the project (a member, a DBA or a workspace owner) is used, so an issue
 * is never created in someone's name that they could not have created themselves; otherwise the robot creates
 * it and the author is recorded in the issue.
 */
export async function pushAuthor(store: Store, projectId: number, event: VcsPushEvent): Promise<PushAuthor> {
  const people = [event.headAuthor, event.pusher].filter((u): u is VcsUser => u !== null);
  const user = people[0] ?? event.pusher;
  const members = await store.projects.listMembers(projectId);
  let reason = 'the VCS gave no email address';
  for (const person of people) {
    if (!person.email) continue;
    const p = await store.principals.findByEmail(person.email);
    if (p?.kind !== 'user' || !p.active) {
      reason = `${person.email} is not a user of this workspace`;
      continue;
    }
    if (isWorkspaceAdmin(p) || members.some((m) => m.principalId === p.id))
      return { user: person, principal: p, unmappedReason: null };
    reason = `${person.email} is not a member of this project`;
  }
  return { user, principal: null, unmappedReason: reason };
}

const naturalRange = (plan: IssuePlan) => {
  const first = plan.files[0];
  const last = plan.files[plan.files.length - 1];
  if (!first || !last) return '';
  return first === last ? first.version : `${first.version}…${last.version}`;
};

/** e.g. `shop: 0001 create orders` or `shop: 0001…0012 (12 migrations)`. */
export function issueTitle(plan: IssuePlan): string {
  const first = plan.files[0];
  if (plan.type === 'baseline') return `${plan.database}: baseline ${naturalRange(plan)}`.slice(0, 200);
  const what =
    plan.files.length === 1
      ? `${first?.version ?? ''} ${first?.description.replace(/[_-]+/g, ' ').trim() || 'migration'}`
      : `${naturalRange(plan)} (${plan.files.length} ${plan.type === 'data' ? 'data changes' : 'migrations'})`;
  return `${plan.database}: ${what}`.slice(0, 200);
}

const person = (u: VcsUser) => `${u.name}${u.email ? ` <${u.email}>` : ''}`;

/** What the issue says about where it came from. */
export function issueDescription(o: {
  event: VcsPushEvent;
  plan: IssuePlan;
  author: PushAuthor;
  project: string;
  problems: FileProblem[];
}): string {
  const { event, plan, author } = o;
  const url = event.repository.webUrl ? `${event.repository.webUrl}/-/commit/${event.after}` : null;
  const lines = [
    `Merged into ${event.branch} of ${event.repository.path} at commit ${event.after.slice(0, 12)}${url ? ` (${url})` : ''}.`,
    `Author: ${person(author.user)}; pushed by ${person(event.pusher)}.`,
  ];
  if (!author.principal)
    lines.push(`Created by the robot because ${author.unmappedReason ?? 'the author is unknown'}.`);
  lines.push('', `Files (${plan.files.length}, in version order):`, ...plan.files.map((f) => `- ${f.path}`));
  if (o.problems.length > 0)
    lines.push(
      '',
      `Files of the same push that cannot be used (${o.problems.length}):`,
      ...o.problems.slice(0, 50).map((p) => `- ${p.path}: ${p.problem}`),
    );
  // createIssue caps descriptions at 20,000 characters; a 1,000-file push would exceed it.
  const text = lines.join('\n');
  return text.length <= 20_000 ? text : `${text.slice(0, 19_900)}\n… (file list shortened)`;
}
