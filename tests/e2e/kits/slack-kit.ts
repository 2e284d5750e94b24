// The chat contract kit for Slack: the loopback Web API fake plus a driver that signs like Slack.
import {
  type ChatContractKit,
  CONTRACT_PEOPLE,
  type ContractCard,
  type ContractUser,
} from '../../contracts/chat-kit.ts';
import {
  createSlackDriver,
  type DriverResponse,
  type FakeMessage,
  type SlackDriver,
  startSlackFake,
} from '../../fakes/slack/index.ts';

export const SLACK_CHANNEL = 'C0APPROVALS';
export const SLACK_SIGNING_SECRET = 'e2e-signing-secret';
export const SLACK_USERS: Record<ContractUser, string> = {
  dba: 'U0DBA',
  dev: 'U0DEV',
  dev2: 'U0DEV2',
  owner: 'U0OWNER',
  stranger: 'U0STRANGER',
  noEmail: 'U0NOEMAIL',
};

const textOf = (m: { text: string; blocks?: unknown[] } | undefined) =>
  `${m?.text ?? ''}\n${JSON.stringify(m?.blocks ?? [])}`;
const hasButtons = (m: FakeMessage) =>
  (m.blocks ?? []).some((b) => (b as { type: string }).type === 'actions');
const issueOf = (card: ContractCard) => Number(/Issue #(\d+)/.exec(card.text)?.[1]);
const sent = (r: DriverResponse) => ({ status: r.status, withinDeadline: r.withinDeadline, answer: '' });

export interface SlackKit extends ChatContractKit {
  driver(): SlackDriver;
  fake: Awaited<ReturnType<typeof startSlackFake>>;
}

/** Starts the Slack fake with the contract people and one channel. */
export async function createSlackKit(): Promise<SlackKit> {
  const fake = await startSlackFake({
    botToken: 'xoxb-e2e',
    users: (Object.keys(SLACK_USERS) as ContractUser[]).map((u) => {
      const person = CONTRACT_PEOPLE[u];
      return {
        id: SLACK_USERS[u],
        name: person.name.split(' ')[0]!.toLowerCase(),
        realName: person.name,
        ...(person.email ? { email: person.email } : {}),
      };
    }),
    channels: [{ id: SLACK_CHANNEL, name: 'db-approvals' }],
  });
  let driver: SlackDriver | null = null;
  let baseUrl = '';
  let last: DriverResponse | null = null;
  const d = () => {
    if (!driver) throw new Error('the kit is not connected');
    return driver;
  };
  const remember = (r: DriverResponse) => {
    last = r;
    return sent(r);
  };
  const view = (user: ContractUser, card: ContractCard) =>
    fake.state.views
      .filter((v) => v.userId === SLACK_USERS[user])
      .find((v) => (JSON.parse(v.privateMetadata || '{}') as { i?: number }).i === issueOf(card));

  return {
    platform: 'slack',
    channel: SLACK_CHANNEL,
    fake,
    driver: d,
    env: { SLACK_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-e2e', SLACK_API_URL: fake.apiUrl },
    async connect(url) {
      baseUrl = url;
      driver = createSlackDriver({
        targetUrl: `${url}/hooks/slack`,
        signingSecret: SLACK_SIGNING_SECRET,
        fake,
      });
    },
    card(issueId) {
      const m = fake.state.history(SLACK_CHANNEL).find((x) => x.text.startsWith(`Issue #${issueId} `));
      return m && { id: m.ts, text: textOf(m), hasButtons: hasButtons(m), edits: m.edits.length };
    },
    thread: (card) => fake.state.thread(SLACK_CHANNEL, card.id).map((r) => r.text),
    dmSent: (user) =>
      fake.state
        .callsTo('conversations.open')
        .some((c) => c.args.users === SLACK_USERS[user] && c.status === 200),
    noticesTo: (user) => fake.state.ephemerals.filter((e) => e.user === SLACK_USERS[user]).map(textOf),
    async click(user, card, action) {
      return remember(
        await d().blockAction({
          userId: SLACK_USERS[user],
          channelId: SLACK_CHANNEL,
          messageTs: card.id,
          actionId: action,
        }),
      );
    },
    async redeliverLast() {
      if (!last) throw new Error('nothing sent yet');
      return sent(await d().send(last.request, { retryNum: 1, retryReason: 'http_timeout' }));
    },
    async replayLast() {
      if (!last) throw new Error('nothing sent yet');
      const res = await fetch(`${baseUrl}/hooks/slack`, {
        method: 'POST',
        headers: last.request.headers,
        body: last.request.body,
      });
      await res.text();
      return { status: res.status, withinDeadline: true, answer: '' };
    },
    reasonAsked: (user, card) => view(user, card) !== undefined,
    async submitReason(user, card, reason) {
      const v = view(user, card);
      if (!v) throw new Error(`no reason form open for ${user}`);
      return remember(
        await d().viewSubmission({
          userId: SLACK_USERS[user],
          viewId: v.id,
          values: { reason: { reason: { type: 'plain_text_input', value: reason } } },
        }),
      );
    },
    forgeries(user, card, action) {
      const input = {
        userId: SLACK_USERS[user],
        channelId: SLACK_CHANNEL,
        messageTs: card.id,
        actionId: action,
      };
      const variants = {
        'signed with another secret': { tamper: 'wrong-secret' as const },
        'body altered after signing': { tamper: 'alter-body' as const },
        'timestamp five minutes old': { timestampOffsetSeconds: -301 },
        'timestamp five minutes ahead': { timestampOffsetSeconds: 301 },
        'no signature': { omitSignature: true },
        'no signature and no timestamp': { omitSignature: true, omitTimestamp: true },
        'unknown signature version': { signatureVersion: 'v1' },
      };
      return Object.entries(variants).map(([name, options]) => ({
        name,
        send: async () => sent(await d().blockAction(input, options)),
      }));
    },
    async command(user, text) {
      const res = await d().slashCommand({ userId: SLACK_USERS[user], channelId: SLACK_CHANNEL, text });
      return (res.json as { text?: string }).text ?? '';
    },
    rateLimit(kind, count, retryAfterSeconds) {
      fake.state.injectRateLimit(kind === 'update' ? 'chat.update' : 'chat.postMessage', {
        count,
        retryAfterSeconds,
      });
    },
    rateLimited: () => fake.state.calls.filter((c) => c.status === 429).length,
    close: () => fake.close(),
  };
}
