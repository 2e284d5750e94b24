// Who a chat user is to the workspace: `/bytebase whoami`, and the one wording of why someone is not mapped.
import { type NoticeMessage, notice } from '../messages/types.ts';
import type { ChatPlatform, Principal, WorkspaceRole } from '../model/workspace.ts';
import type { ChatAdapter, ChatIdentity } from '../ports/chat-adapter.ts';
import type { Store } from '../ports/store.ts';

type Verified = Extract<ChatIdentity, { status: 'verified' }>;

/** How a platform user maps to a workspace principal, or exactly why they do not. */
export type ChatMapping =
  | { status: 'mapped'; identity: Verified; principal: Principal }
  /** (a) The platform gives no email the app may read. */
  | { status: 'no_email'; identity: Extract<ChatIdentity, { status: 'no_email' }> }
  /** (b) The profile's email is not confirmed by the platform. */
  | { status: 'unverified'; identity: Extract<ChatIdentity, { status: 'unverified' }> }
  /** (c) No workspace user has the verified email. */
  | { status: 'no_user'; identity: Verified }
  /** (d) The workspace user with that email is deactivated. */
  | { status: 'deactivated'; identity: Verified; principal: Principal };

/** What each platform calls itself, and what a person does there to give the app a usable email. */
const PLATFORMS: Record<ChatPlatform, { name: string; noEmail: string; confirm: (email: string) => string }> =
  {
    slack: {
      name: 'Slack',
      noEmail:
        'Add an email address to your Slack profile. If it has one, a Slack admin must grant the Bytebase app the `users:read.email` scope (and reinstall it) so the app may read it.',
      confirm: (email) =>
        `Confirm it with the link Slack sent to ${email} (for a new link, enter the address again under Account settings → Email address), then try again.`,
    },
    teams: {
      name: 'Microsoft Teams',
      noEmail:
        'Teams shows apps the mail address of your Microsoft Entra account, and yours has none (a sign-in name does not count). Ask your Microsoft 365 administrator to give your account a mail address.',
      confirm: (email) =>
        `Ask your Microsoft 365 administrator to confirm ${email} in Microsoft Entra ID, then try again.`,
    },
    feishu: {
      name: 'Feishu/Lark',
      noEmail:
        'Ask a Feishu/Lark administrator to set your email (or enterprise mailbox) in the Admin Console, and to let the Bytebase app read emails (`contact:user.email:readonly`) of your department.',
      confirm: (email) =>
        `Ask a Feishu/Lark administrator to confirm ${email} in the Admin Console, then try again.`,
    },
  };

const ROLE_NAMES: Record<WorkspaceRole, string> = { owner: 'Owner', dba: 'DBA', developer: 'Developer' };

/** The platform's name as people know it ("Microsoft Teams"). */
export const platformName = (platform: ChatPlatform) => PLATFORMS[platform].name;

/**
 * The platform's word on the user. An adapter object without `identify` (a stand-in written against
 * `lookupUser` alone) can only tell a verified email from none.
 */
async function identityOf(adapter: ChatAdapter, platformUserId: string): Promise<ChatIdentity> {
  if (typeof adapter.identify === 'function') return adapter.identify(platformUserId);
  const user = await adapter.lookupUser(platformUserId);
  return user
    ? { status: 'verified', email: user.email, name: user.name, userId: platformUserId }
    : { status: 'no_email', name: platformUserId, userId: platformUserId };
}

/**
 * Maps a platform user to a workspace principal by the email the platform vouches for. An unconfirmed email
 * is never looked up, so it tells nobody whether that address belongs to a workspace user.
 */
export async function mapChatUser(
  store: Store,
  adapter: ChatAdapter,
  platformUserId: string,
): Promise<ChatMapping> {
  const identity = await identityOf(adapter, platformUserId);
  if (identity.status === 'no_email') return { status: 'no_email', identity };
  if (identity.status === 'unverified') return { status: 'unverified', identity };
  const principal = await store.principals.findByEmail(identity.email);
  // The robot principal is nobody's to speak for.
  if (principal?.kind !== 'user') return { status: 'no_user', identity };
  if (!principal.active) return { status: 'deactivated', identity, principal };
  return { status: 'mapped', identity, principal };
}

/** Why the user is not mapped and what fixes it, in the words every refusal and `whoami` use. */
export function unmappedLines(
  platform: ChatPlatform,
  mapping: Exclude<ChatMapping, { status: 'mapped' }>,
): string[] {
  const p = PLATFORMS[platform];
  switch (mapping.status) {
    case 'no_email':
      return [
        `I can't tell who you are: your ${p.name} profile has no confirmed email address I may read.`,
        p.noEmail,
      ];
    case 'unverified': {
      const { email } = mapping.identity;
      return [
        `I can't tell who you are: your ${p.name} profile has no confirmed email address (${p.name} has not confirmed ${email}), and an unconfirmed address could be anyone's.`,
        p.confirm(email),
      ];
    }
    case 'no_user': {
      const { email } = mapping.identity;
      return [
        `${email} is not a user of this workspace, so you can't act on changes from ${p.name}.`,
        `A workspace owner can add ${email}: on the web view's Users page, with \`POST /api/v1/users\`, or under \`users:\` in the workspace file (and under a project's \`members:\` for project roles).`,
      ];
    }
    case 'deactivated': {
      const { email } = mapping.principal;
      return [
        `${email} is a deactivated user of this workspace, so you can't act on changes from ${p.name}.`,
        `A workspace owner can reactivate the account: on the web view's Users page, or with \`PATCH /api/v1/users/${email}\` \`{"active": true}\`.`,
      ];
    }
  }
}

/** The refusal shown when an unmapped user clicks or asks something. */
export const unmappedNotice = (
  platform: ChatPlatform,
  mapping: Exclude<ChatMapping, { status: 'mapped' }>,
): NoticeMessage => notice(unmappedLines(platform, mapping));

/** `/bytebase whoami`: the workspace user the asker is mapped to and by which identity, or why there is none. */
export async function whoamiMessage(
  store: Store,
  adapter: ChatAdapter,
  platformUserId: string,
): Promise<NoticeMessage> {
  const mapping = await mapChatUser(store, adapter, platformUserId);
  const p = PLATFORMS[adapter.platform];
  const { identity } = mapping;
  const seen =
    identity.status === 'no_email'
      ? `${p.name} user ${identity.userId} (${identity.name}), no email`
      : `${p.name} user ${identity.userId} (${identity.name}), ${identity.email}${identity.status === 'verified' ? '' : ' (not confirmed)'}`;
  if (mapping.status !== 'mapped')
    return notice(
      [`You are ${seen}, mapped to no workspace user.`, ...unmappedLines(adapter.platform, mapping)],
      {
        title: 'Who you are',
      },
    );
  const { principal } = mapping;
  const [memberships, projects] = await Promise.all([
    store.projects.membershipsOf(principal.id),
    store.projects.list(),
  ]);
  const roles = memberships
    .flatMap((m) => {
      const key = projects.find((x) => x.id === m.projectId)?.key;
      return key ? [{ key, role: m.role }] : [];
    })
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((m) => `${m.key} (${m.role})`);
  return notice(
    [
      `${principal.name} · ${principal.email}`,
      `Workspace role: ${ROLE_NAMES[principal.workspaceRole]}`,
      `Project roles: ${roles.length ? roles.join(', ') : 'none'}`,
      `Mapped from ${seen}, by its confirmed email.`,
    ],
    { title: 'Who you are' },
  );
}
