// Commands from people the contract kits do not seed: each platform's fake learns a user at run time, who then asks.
import { pollUntil } from '../../support/workspace-fixture.ts';
import type { FeishuKit } from './feishu-kit.ts';
import type { SlackKit } from './slack-kit.ts';
import { TEAMS_CHANNEL, type TeamsKit } from './teams-kit.ts';

/** A platform user to add to a fake; `key` (lowercase letters and digits) makes their ids. */
export interface ExtraUser {
  key: string;
  name: string;
  email?: string;
  /** Slack's `is_email_confirmed` (default true); the other platforms have no unconfirmed addresses. */
  emailConfirmed?: boolean;
  /** Feishu: the company mailbox the tenant administers. */
  enterpriseEmail?: string;
  /** Teams: the Microsoft Entra sign-in name (userPrincipalName), which need not be a mailbox. */
  signInName?: string;
}

export interface AskingKit {
  /** Adds the user to the platform's directory; returns their platform user id. */
  addUser(user: ExtraUser): string;
  /** Runs `/bytebase <text>` (or writes it to the bot) as the platform user; resolves with the answer's text. */
  ask(platformUserId: string, text: string): Promise<string>;
}

/** Slack: users.info knows the user; the slash command is answered in the HTTP answer. */
export function slackAsking(kit: SlackKit): AskingKit {
  return {
    addUser(u) {
      const id = `U0${u.key.toUpperCase()}`;
      kit.fake.state.users.set(id, {
        id,
        name: u.key,
        realName: u.name,
        ...(u.email ? { email: u.email } : {}),
        ...(u.emailConfirmed === undefined ? {} : { emailConfirmed: u.emailConfirmed }),
      });
      return id;
    },
    async ask(userId, text) {
      const res = await kit.driver().slashCommand({ userId, channelId: kit.channel, text });
      return (res.json as { text?: string }).text ?? '';
    },
  };
}

/** Teams: the user joins the team's roster, mentions the bot in the channel and is answered in their 1:1 chat. */
export function teamsAsking(kit: TeamsKit): AskingKit {
  const dms = (userId: string) => {
    const id = kit.fake.state.directConversations().find((c) => c.userId === userId)?.id;
    return id ? kit.fake.state.history(id).filter((m) => m.from === kit.fake.botId) : [];
  };
  return {
    addUser(u) {
      if (u.emailConfirmed === false) throw new Error('Teams has no unconfirmed email addresses');
      const id = `29:1${u.key}`;
      const hex = Buffer.from(u.key).toString('hex').padStart(12, '0').slice(-12);
      kit.fake.options.users.push({
        id,
        aadObjectId: `00000000-0000-4000-a000-${hex}`,
        name: u.name,
        ...(u.email ? { email: u.email } : {}),
        ...(u.signInName ? { userPrincipalName: u.signInName } : {}),
      });
      return id;
    },
    async ask(userId, text) {
      const before = dms(userId).length;
      const res = await kit.driver().mention(userId, TEAMS_CHANNEL, text);
      if (res.status !== 200) throw new Error(`mention answered ${res.status}`);
      const answer = await pollUntil(`answer to "${text}"`, () => dms(userId)[before]);
      return kit.fake.state.textOf(answer);
    },
  };
}

/** Feishu/Lark: the user is in the contact directory and writes to the bot in their p2p chat. */
export function feishuAsking(kit: FeishuKit): AskingKit {
  const state = kit.fake.state;
  return {
    addUser(u) {
      if (u.emailConfirmed === false) throw new Error('Feishu has no unconfirmed email addresses');
      const openId = `ou_${u.key}`;
      state.users.push({
        openId,
        userId: `u_${u.key}`,
        unionId: `on_${u.key}`,
        name: u.name,
        ...(u.email ? { email: u.email } : {}),
        ...(u.enterpriseEmail ? { enterpriseEmail: u.enterpriseEmail } : {}),
      });
      return openId;
    },
    async ask(openId, text) {
      const res = await kit.driver().message(openId, { text: `/bytebase ${text}` });
      if (res.status !== 200) throw new Error(`the message was answered with HTTP ${res.status}`);
      const event = res.payload.event as { message?: { message_id?: string } };
      const messageId = String(event.message?.message_id ?? '');
      const reply = await pollUntil(`answer to "${text}"`, () =>
        state.thread(messageId).find((m) => m.sender.type === 'app'),
      );
      return state.textOf(reply);
    },
  };
}
