// `/bytebase whoami` end to end on Slack, Teams and Feishu through their fakes: mapped users, and each reason not to be.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChatContractKit, ContractUser } from '../contracts/chat-kit.ts';
import { type ChatHarness, startChatHarness } from '../support/chat-harness.ts';
import { describeRealDb } from '../support/real-dbs.ts';
import { type AskingKit, feishuAsking, slackAsking, teamsAsking } from './kits/asking-kit.ts';
import { createFeishuKit, FEISHU_USERS, type FeishuKit } from './kits/feishu-kit.ts';
import { createSlackKit, SLACK_USERS, type SlackKit } from './kits/slack-kit.ts';
import { createTeamsKit, TEAMS_USERS, type TeamsKit } from './kits/teams-kit.ts';

interface Platform<K extends ChatContractKit> {
  /** The platform's name as the answers say it. */
  name: string;
  start(): Promise<K>;
  asking(kit: K): AskingKit;
  users: Record<ContractUser, string>;
  /** A phrase of the platform's own advice for a profile without a readable email. */
  noEmailAdvice: string;
  /** Platform-only checks, run with the harness up. */
  extra?: (get: () => { h: ChatHarness; ask: AskingKit }) => void;
}

function describeWhoami<K extends ChatContractKit>(platform: string, p: Platform<K>): void {
  describeRealDb('postgres', `whoami: ${platform}`, (url) => {
    let h: ChatHarness;
    let kit: K;
    let ask: AskingKit;
    beforeAll(async () => {
      kit = await p.start();
      h = await startChatHarness({ adminUrl: url, kits: [kit] });
      ask = p.asking(kit);
    });
    afterAll(async () => {
      await h?.close();
      await kit?.close();
    });
    const whoami = (user: ContractUser, text = 'whoami') => ask.ask(p.users[user], text);

    it('answers a mapped user with name, email, workspace role, project roles and platform identity', async () => {
      const owner = await whoami('owner');
      expect(owner).toContain('Who you are');
      expect(owner).toContain('Olivia Owner · owner@example.com');
      expect(owner).toContain('Workspace role: Developer');
      expect(owner).toContain('Project roles: shop (owner)');
      expect(owner).toContain(
        `Mapped from ${p.name} user ${p.users.owner} (Olivia Owner), owner@example.com`,
      );
      const dba = await whoami('dba');
      expect(dba).toContain('Dana DBA · dba@example.com');
      expect(dba).toContain('Workspace role: DBA');
      expect(dba).toContain('Project roles: none');
      expect(await whoami('stranger', 'help')).toContain('whoami');
    });

    it('says a profile without a readable email is why, with the platform’s own advice', async () => {
      const nemo = await whoami('noEmail');
      expect(nemo).toContain(`You are ${p.name} user ${p.users.noEmail} (Nemo), no email`);
      expect(nemo).toContain(`your ${p.name} profile has no confirmed email address I may read`);
      expect(nemo).toContain(p.noEmailAdvice);
      expect(await whoami('noEmail', 'issues')).toContain(p.noEmailAdvice);
    });

    it('names the email no workspace user has and who can add it, for whoami and other commands', async () => {
      const sam = await whoami('stranger');
      expect(sam).toContain(`You are ${p.name} user ${p.users.stranger} (Sam), sam@elsewhere.example`);
      expect(sam).toContain('sam@elsewhere.example is not a user of this workspace');
      expect(sam).toContain('A workspace owner can add sam@elsewhere.example');
      expect(sam).toContain('POST /api/v1/users');
      expect(await whoami('stranger', 'issues')).toContain('A workspace owner can add sam@elsewhere.example');
    });

    p.extra?.(() => ({ h, ask }));

    it('says a deactivated workspace user is deactivated, for whoami and other commands', async () => {
      expect(await whoami('dev2')).toContain('Project roles: secret (owner)');
      const dee = await h.service.store.principals.findByEmail('dev2@example.com');
      await h.service.store.principals.update(dee!.id, { active: false });
      const gone = await whoami('dev2');
      expect(gone).toContain('mapped to no workspace user');
      expect(gone).toContain('dev2@example.com is a deactivated user of this workspace');
      expect(gone).toContain('A workspace owner can reactivate the account');
      expect(gone).not.toContain('Project roles');
      expect(await whoami('dev2', 'issues')).toContain('dev2@example.com is a deactivated user');
    });
  });
}

describeWhoami<SlackKit>('slack', {
  name: 'Slack',
  start: createSlackKit,
  asking: slackAsking,
  users: SLACK_USERS,
  noEmailAdvice: 'users:read.email',
  extra: (get) => {
    it('names an email Slack has not confirmed and how to confirm it, mapping nobody by it', async () => {
      const { ask } = get();
      // Mallory put the DBA's address on her profile; Slack never confirmed it.
      const id = ask.addUser({
        key: 'mallory',
        name: 'Mallory',
        email: 'dba@example.com',
        emailConfirmed: false,
      });
      const m = await ask.ask(id, 'whoami');
      expect(m).toContain(`You are Slack user ${id} (Mallory), dba@example.com (not confirmed)`);
      expect(m).toContain('Slack has not confirmed dba@example.com');
      expect(m).toContain('Confirm it with the link Slack sent to dba@example.com');
      expect(m).not.toContain('Dana');
      expect(await ask.ask(id, 'issues pending')).toContain('Slack has not confirmed dba@example.com');
    });
  },
});

describeWhoami<TeamsKit>('teams', {
  name: 'Microsoft Teams',
  start: createTeamsKit,
  asking: teamsAsking,
  users: TEAMS_USERS,
  noEmailAdvice: 'Microsoft Entra',
  extra: (get) => {
    it('does not take a sign-in name for an email (Teams has no unconfirmed addresses, only none)', async () => {
      const { ask } = get();
      const id = ask.addUser({ key: 'upn', name: 'Una Principal', signInName: 'dba@example.com' });
      const m = await ask.ask(id, 'whoami');
      expect(m).toContain(`You are Microsoft Teams user ${id} (Una Principal), no email`);
      expect(m).toContain('a sign-in name does not count');
      expect(m).not.toContain('Dana');
    });
  },
});

describeWhoami<FeishuKit>('feishu', {
  name: 'Feishu/Lark',
  start: createFeishuKit,
  asking: feishuAsking,
  users: FEISHU_USERS,
  noEmailAdvice: 'contact:user.email:readonly',
  extra: (get) => {
    it('maps by the enterprise mailbox the tenant administers (Feishu has no unconfirmed addresses)', async () => {
      const { h, ask } = get();
      await h.service.store.principals.create({
        email: 'erin@corp.example',
        name: 'Erin Enterprise',
        workspaceRole: 'developer',
        source: 'api',
      });
      const id = ask.addUser({
        key: 'erin',
        name: 'Erin',
        email: 'erin.home@example.com',
        enterpriseEmail: 'erin@corp.example',
      });
      const m = await ask.ask(id, 'whoami');
      expect(m).toContain('Erin Enterprise · erin@corp.example');
      expect(m).toContain(`Mapped from Feishu/Lark user ${id} (Erin), erin@corp.example`);
    });
  },
});
