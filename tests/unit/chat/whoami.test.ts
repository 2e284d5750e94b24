// `/bytebase whoami` and the reasons a chat user is not mapped, answered by the core over a real store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChatInbound } from '../../../src/core/chat/inbound.ts';
import { mapChatUser, whoamiMessage } from '../../../src/core/chat/whoami.ts';
import { createEventBus } from '../../../src/core/events.ts';
import type { ChatMessage, NoticeMessage } from '../../../src/core/messages/types.ts';
import type { ChatPlatform } from '../../../src/core/model/workspace.ts';
import type { ChatAdapter, ChatIdentity, ChatInboundHandler } from '../../../src/core/ports/chat-adapter.ts';
import { silentLogger, systemClock } from '../../../src/core/ports/clock.ts';
import type { Store } from '../../../src/core/ports/store.ts';
import { createTestStore, type TestStore } from '../../support/store.ts';

/** What the platform says about each of its users. */
const PEOPLE: Record<string, ChatIdentity> = {
  U_DANA: { status: 'verified', email: 'DBA@example.com', name: 'Dana (Slack)', userId: 'U_DANA' },
  U_DEV: { status: 'verified', email: 'dev@example.com', name: 'Devon', userId: 'U_DEV' },
  U_MALLORY: { status: 'unverified', email: 'dba@example.com', name: 'Mallory', userId: 'U_MALLORY' },
  U_NEMO: { status: 'no_email', name: 'Nemo', userId: 'U_NEMO' },
  U_SAM: { status: 'verified', email: 'sam@elsewhere.example', name: 'Sam', userId: 'U_SAM' },
  U_GONE: { status: 'verified', email: 'gone@example.com', name: 'Gone', userId: 'U_GONE' },
  U_ROBOT: { status: 'verified', email: 'robot@bytebase.local', name: 'Robot?', userId: 'U_ROBOT' },
};

/** A chat adapter that only answers who people are; nothing here sends messages. */
function directoryAdapter(platform: ChatPlatform = 'slack'): ChatAdapter & { asked: string[] } {
  const asked: string[] = [];
  const identify = async (id: string): Promise<ChatIdentity> => {
    asked.push(id);
    return PEOPLE[id] ?? { status: 'no_email', name: id, userId: id };
  };
  const unused = () => Promise.reject(new Error('not used here'));
  return {
    platform,
    asked,
    identify,
    async lookupUser(id) {
      const i = await identify(id);
      return i.status === 'verified' ? { email: i.email, name: i.name } : null;
    },
    handle: unused,
    post: unused,
    update: unused,
    reply: unused,
    dm: unused,
    findUserIdByEmail: async () => null,
    drain: async () => {},
  };
}

const text = (m: ChatMessage | null) => {
  if (m?.kind !== 'notice') throw new Error(`expected a notice, got ${JSON.stringify(m)}`);
  return [m.title ?? '', ...m.lines].join('\n');
};

let t: TestStore;
let store: Store;
let inbound: ChatInboundHandler;
let issueId = 0;

beforeAll(async () => {
  t = await createTestStore();
  store = t.store;
  await store.principals.create({
    email: 'dba@example.com',
    name: 'Dana DBA',
    workspaceRole: 'dba',
    source: 'api',
  });
  const dev = await store.principals.create({
    email: 'dev@example.com',
    name: 'Devon Dev',
    workspaceRole: 'developer',
    source: 'api',
  });
  const gone = await store.principals.create({
    email: 'gone@example.com',
    name: 'Gone Away',
    workspaceRole: 'developer',
    source: 'api',
  });
  await store.principals.update(gone.id, { active: false });
  const project = (key: string) =>
    store.projects.create({ key, name: key, reviewPolicy: null, allowSelfApproval: false, source: 'api' });
  const [shop, audit] = [await project('shop'), await project('audit')];
  await store.projects.setMember(shop.id, dev.id, 'developer', 'api');
  await store.projects.setMember(audit.id, dev.id, 'owner', 'api');
  await store.projects.setMember(shop.id, gone.id, 'owner', 'api');
  inbound = createChatInbound({
    store,
    clock: systemClock,
    logger: silentLogger,
    events: createEventBus(silentLogger),
    publicUrl: 'https://bytebase.example.com',
  });
});
afterAll(async () => {
  await t?.cleanup();
});

describe('mapChatUser', () => {
  it('maps by the verified email, case-insensitively, and tells every other case apart', async () => {
    const a = directoryAdapter();
    const status = async (id: string) => (await mapChatUser(store, a, id)).status;
    const mapped = await mapChatUser(store, a, 'U_DANA');
    expect(mapped.status === 'mapped' && mapped.principal.name).toBe('Dana DBA');
    expect(await status('U_NEMO')).toBe('no_email');
    expect(await status('U_MALLORY')).toBe('unverified');
    expect(await status('U_SAM')).toBe('no_user');
    expect(await status('U_GONE')).toBe('deactivated');
    // The robot principal has an email too, but nobody speaks for it.
    expect(await status('U_ROBOT')).toBe('no_user');
  });
});

describe('whoami', () => {
  it('names the mapped user, their workspace role, project roles and the identity used', async () => {
    const dev = text(await whoamiMessage(store, directoryAdapter(), 'U_DEV'));
    expect(dev).toContain('Who you are');
    expect(dev).toContain('Devon Dev · dev@example.com');
    expect(dev).toContain('Workspace role: Developer');
    expect(dev).toContain('Project roles: audit (owner), shop (developer)');
    expect(dev).toContain('Slack user U_DEV (Devon), dev@example.com');
    const dana = text(await whoamiMessage(store, directoryAdapter(), 'U_DANA'));
    expect(dana).toContain('Dana DBA · dba@example.com');
    expect(dana).toContain('Workspace role: DBA');
    expect(dana).toContain('Project roles: none');
    expect(dana).toContain('Slack user U_DANA (Dana (Slack)), DBA@example.com');
  });

  it('(a) says the profile has no email the app may read, and how each platform fixes it', async () => {
    const slack = text(await whoamiMessage(store, directoryAdapter('slack'), 'U_NEMO'));
    expect(slack).toContain('Slack user U_NEMO (Nemo), no email, mapped to no workspace user');
    expect(slack).toContain('your Slack profile has no confirmed email address I may read');
    expect(slack).toContain('users:read.email');
    const teams = text(await whoamiMessage(store, directoryAdapter('teams'), 'U_NEMO'));
    expect(teams).toContain('your Microsoft Teams profile has no confirmed email address');
    expect(teams).toContain('Microsoft Entra');
    const feishu = text(await whoamiMessage(store, directoryAdapter('feishu'), 'U_NEMO'));
    expect(feishu).toContain('your Feishu/Lark profile has no confirmed email address');
    expect(feishu).toContain('contact:user.email:readonly');
  });

  it('(b) names the unconfirmed email and how to confirm it, without saying whose it is', async () => {
    const m = text(await whoamiMessage(store, directoryAdapter(), 'U_MALLORY'));
    expect(m).toContain('dba@example.com (not confirmed)');
    expect(m).toContain('Slack has not confirmed dba@example.com');
    expect(m).toContain('Confirm it with the link Slack sent to dba@example.com');
    expect(m).not.toContain('Dana');
  });

  it('(c) names the email no workspace user has, and who can add it and where', async () => {
    const m = text(await whoamiMessage(store, directoryAdapter(), 'U_SAM'));
    expect(m).toContain('sam@elsewhere.example is not a user of this workspace');
    expect(m).toContain('A workspace owner can add sam@elsewhere.example');
    expect(m).toContain("web view's Users page");
    expect(m).toContain('`POST /api/v1/users`');
    expect(m).toContain('`users:` in the workspace file');
  });

  it('(d) says the workspace user is deactivated and that a workspace owner can reactivate it', async () => {
    const m = text(await whoamiMessage(store, directoryAdapter(), 'U_GONE'));
    expect(m).toContain('gone@example.com is a deactivated user of this workspace');
    expect(m).toContain('A workspace owner can reactivate the account');
    expect(m).toContain('`PATCH /api/v1/users/gone@example.com` `{"active": true}`');
    expect(m).not.toContain('Project roles');
  });
});

describe('chat inbound', () => {
  const ask = (adapter: ChatAdapter, user: string, words: string, deliveryId?: string) =>
    inbound.command({ adapter, platformUserId: user, text: words, ...(deliveryId ? { deliveryId } : {}) });

  it('answers whoami for mapped and unmapped users alike, and lists it in help', async () => {
    const a = directoryAdapter();
    expect(text(await ask(a, 'U_DEV', 'whoami'))).toContain('Devon Dev · dev@example.com');
    expect(text(await ask(a, 'U_NEMO', '  WhoAmI  '))).toContain('no confirmed email address I may read');
    expect(text(await ask(a, 'U_GONE', 'whoami'))).toContain('deactivated user of this workspace');
    expect(text(await ask(a, 'U_SAM', 'help'))).toContain('`/bytebase whoami`');
    // A redelivered message is answered once.
    expect(await ask(a, 'U_DEV', 'whoami', 'ev-1')).not.toBeNull();
    expect(await ask(a, 'U_DEV', 'whoami', 'ev-1')).toBeNull();
  });

  it('refuses other commands of unmapped users with the same precise reason', async () => {
    const a = directoryAdapter();
    expect(text(await ask(a, 'U_MALLORY', 'issues'))).toContain('Slack has not confirmed dba@example.com');
    expect(text(await ask(a, 'U_SAM', 'issues'))).toContain(
      'A workspace owner can add sam@elsewhere.example',
    );
    expect(text(await ask(a, 'U_GONE', 'issues'))).toContain('gone@example.com is a deactivated user');
    expect(text(await ask(a, 'U_NEMO', 'issues'))).toContain('no confirmed email address I may read');
    expect(text(await ask(a, 'U_DEV', 'issues'))).toContain('Recent issues');
  });

  it('refuses a click of an unmapped user with the precise reason, before looking at the issue', async () => {
    const told: NoticeMessage[] = [];
    const click = (user: string) =>
      inbound.interact({
        adapter: directoryAdapter('teams'),
        platformUserId: user,
        deliveryId: `click-${user}-${++issueId}`,
        interaction: { type: 'approve', key: { issueId: 999, round: 1, step: 1 } },
        respond: {
          ephemeral: async (m) => {
            if (m.kind === 'notice') told.push(m);
          },
          askReason: async () => {
            throw new Error('no form for unmapped users');
          },
        },
      });
    await click('U_GONE');
    await click('U_SAM');
    const lines = told.map((m) => m.lines.join('\n'));
    expect(lines[0]).toContain("gone@example.com is a deactivated user of this workspace, so you can't act");
    expect(lines[0]).toContain('Microsoft Teams');
    expect(lines[1]).toContain('sam@elsewhere.example is not a user of this workspace');
    expect(lines.join('\n')).not.toContain('no such approval step');
  });

  it('still maps users through an adapter that only has lookupUser', async () => {
    const { identify: _identify, ...rest } = directoryAdapter();
    const old = rest as unknown as ChatAdapter;
    expect(text(await ask(old, 'U_DEV', 'whoami'))).toContain('Devon Dev · dev@example.com');
    expect(text(await ask(old, 'U_MALLORY', 'issues'))).toContain('no confirmed email address I may read');
  });
});
