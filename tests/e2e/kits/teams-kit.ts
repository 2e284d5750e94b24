// The chat contract kit for Teams: the loopback Bot Framework fake plus a driver that signs activities like the channel.
import {
  type ChatContractKit,
  CONTRACT_PEOPLE,
  type ContractCard,
  type ContractSend,
  type ContractUser,
} from '../../contracts/chat-kit.ts';
import { executeActivity, placeOfMessage } from '../../fakes/teams/activities.ts';
import {
  type ChannelTokenOverrides,
  createTeamsDriver,
  startTeamsFake,
  type TeamsDriver,
  type TeamsFake,
  type TeamsFakeMessage,
  type TeamsSendResult,
} from '../../fakes/teams/index.ts';

export const TEAMS_TEAM = '19:team-general@thread.tacv2';
export const TEAMS_CHANNEL = '19:db-approvals@thread.tacv2';
export const TEAMS_USERS: Record<ContractUser, string> = {
  dba: '29:1dba',
  dev: '29:1dev',
  dev2: '29:1dev2',
  owner: '29:1owner',
  stranger: '29:1stranger',
  noEmail: '29:1noemail',
};

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (typeof v === 'object' && v !== null ? (v as Json) : {});
/** The Adaptive Card of a message (its first attachment's content). */
export const cardContent = (m: TeamsFakeMessage | undefined) =>
  obj(obj((m?.activity.attachments as unknown[] | undefined)?.[0]).content);

/** Every action of a card, including those inside Action.ShowCard sub-cards. */
export function actionsOf(card: Json): Json[] {
  const out: Json[] = [];
  for (const a of (card.actions as Json[] | undefined) ?? []) {
    out.push(a);
    if (a.type === 'Action.ShowCard') out.push(...actionsOf(obj(a.card)));
  }
  return out;
}
const executes = (card: Json, verb: string) =>
  actionsOf(card).find((a) => a.type === 'Action.Execute' && a.verb === verb);

export interface TeamsKit extends ChatContractKit {
  fake: TeamsFake;
  driver(): TeamsDriver;
  /** The raw fake message of an issue's card. */
  message(issueId: number): TeamsFakeMessage | undefined;
}

/** Starts the Teams fake with the contract people and one team channel. */
export async function createTeamsKit(): Promise<TeamsKit> {
  const fake = await startTeamsFake({
    appId: '00000000-0000-4000-8000-00000000b07e',
    appPassword: 'teams-e2e-secret',
    tenantId: '00000000-0000-4000-8000-0000000000aa',
    users: (Object.keys(TEAMS_USERS) as ContractUser[]).map((u, i) => {
      const person = CONTRACT_PEOPLE[u];
      return {
        id: TEAMS_USERS[u],
        aadObjectId: `00000000-0000-4000-9000-00000000000${i}`,
        name: person.name,
        ...(person.email ? { email: person.email } : {}),
      };
    }),
    channels: [
      { id: TEAMS_TEAM, name: 'Databases', teamId: TEAMS_TEAM },
      { id: TEAMS_CHANNEL, name: 'db-approvals', teamId: TEAMS_TEAM },
    ],
  });
  let driver: TeamsDriver | null = null;
  let last: TeamsSendResult | null = null;
  const d = () => {
    if (!driver) throw new Error('the kit is not connected');
    return driver;
  };
  const sent = (r: TeamsSendResult): ContractSend => {
    const body = obj(r.json);
    const answer = body.type === 'application/vnd.microsoft.activity.message' ? String(body.value) : '';
    return { status: r.status, withinDeadline: r.withinDeadline, answer };
  };
  const remember = (r: TeamsSendResult) => {
    last = r;
    return sent(r);
  };
  const message = (issueId: number) =>
    fake.state
      .history(TEAMS_CHANNEL)
      .find((m) => String(m.activity.summary ?? '').startsWith(`Issue #${issueId} `));
  const personal = (user: ContractUser) =>
    fake.state.directConversations().find((c) => c.userId === TEAMS_USERS[user])?.id;
  const dms = (user: ContractUser) => {
    const id = personal(user);
    return id ? fake.state.history(id).filter((m) => m.from === fake.botId) : [];
  };
  const answers = (user: ContractUser, card?: ContractCard) =>
    fake.state.invokeAnswers.filter(
      (a) => a.userId === TEAMS_USERS[user] && (!card || a.messageId === card.id),
    );
  /** The reason form the user was last shown for this card. */
  const reasonForm = (user: ContractUser, card: ContractCard) =>
    answers(user, card)
      .map((a) => obj(obj(a.body).value))
      .filter((c) => ((c.body as Json[] | undefined) ?? []).some((e) => e.type === 'Input.Text'))
      .at(-1);
  const stepData = (card: ContractCard, verb: string) => {
    const found = executes(cardContent(fake.state.message(TEAMS_CHANNEL, card.id)), verb);
    if (!found) throw new Error(`the card has no ${verb} button`);
    return obj(found.data);
  };

  return {
    platform: 'teams',
    channel: TEAMS_CHANNEL,
    fake,
    driver: d,
    message,
    env: fake.env,
    async connect(url) {
      driver = createTeamsDriver({ targetUrl: `${url}/hooks/teams`, fake });
      const installed = await driver.installInChannel(TEAMS_CHANNEL);
      if (installed.status !== 200) throw new Error(`install answered ${installed.status}`);
    },
    card(issueId) {
      const m = message(issueId);
      if (!m) return undefined;
      const content = cardContent(m);
      const hasButtons = actionsOf(content).some((a) => a.type === 'Action.Execute' && a.verb === 'approve');
      return { id: m.id, text: fake.state.textOf(m), hasButtons, edits: m.edits };
    },
    thread: (card) => fake.state.thread(TEAMS_CHANNEL, card.id).map((m) => fake.state.textOf(m)),
    dmSent: (user) => dms(user).length > 0,
    noticesTo: (user) => [
      ...answers(user)
        .map((a) => obj(a.body))
        .filter((b) => b.type === 'application/vnd.microsoft.activity.message')
        .map((b) => String(b.value)),
      ...dms(user).map((m) => fake.state.textOf(m)),
    ],
    async click(user, card, action) {
      return remember(
        await d().execute(TEAMS_USERS[user], TEAMS_CHANNEL, card.id, action, stepData(card, action)),
      );
    },
    async redeliverLast() {
      if (!last) throw new Error('nothing sent yet');
      return sent(await d().redeliver(last));
    },
    async replayLast() {
      if (!last) throw new Error('nothing sent yet');
      return sent(await d().replay(last));
    },
    reasonAsked: (user, card) => reasonForm(user, card) !== undefined,
    async submitReason(user, card, reason) {
      const form = reasonForm(user, card);
      const submit = form && actionsOf(form).find((a) => a.type === 'Action.Execute' && a.verb !== 'refresh');
      if (!submit) throw new Error(`no reason form open for ${user}`);
      return remember(
        await d().execute(TEAMS_USERS[user], TEAMS_CHANNEL, card.id, String(submit.verb), {
          ...obj(submit.data),
          reason,
        }),
      );
    },
    forgeries(user, card, action) {
      const activity = () =>
        executeActivity(
          fake,
          fake.options.users.find((u) => u.id === TEAMS_USERS[user])!,
          placeOfMessage(fake, TEAMS_CHANNEL, card.id),
          card.id,
          action,
          stepData(card, action),
        );
      const token = (o: Partial<ChannelTokenOverrides>) => fake.mintChannelToken(o);
      const none = (t: string) =>
        `${t
          .split('.')
          .slice(0, 2)
          .join('.')
          .replace(/^[^.]+/, Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url'))}.`;
      const variants: Record<string, () => Promise<TeamsSendResult>> = {
        'no Authorization header': () => d().sendRaw(activity(), null),
        'token for another app': () => d().sendRaw(activity(), token({ aud: 'another-app' })),
        'token from another issuer': () => d().sendRaw(activity(), token({ iss: 'https://issuer.example' })),
        'expired token': () => d().sendRaw(activity(), token({ expiresInSeconds: -900 })),
        'token not valid yet': () => d().sendRaw(activity(), token({ notBeforeOffsetSeconds: 900 })),
        'signed with a key the JWKS does not hold': () =>
          d().sendRaw(activity(), token({ signWithUnknownKey: true })),
        'key not endorsed for msteams': () => d().sendRaw(activity(), token({ signWithUnendorsedKey: true })),
        'serviceurl claim of another host': () =>
          d().sendRaw(activity(), token({ serviceUrl: 'https://attacker.example/' })),
        'no serviceurl claim': () => d().sendRaw(activity(), token({ serviceUrl: '' })),
        'activity pointed at another serviceUrl': () =>
          d().sendRaw({ ...activity(), serviceUrl: 'https://attacker.example/' }, token({})),
        'unsigned token (alg none)': () => d().sendRaw(activity(), none(token({}))),
      };
      return Object.entries(variants).map(([name, send]) => ({ name, send: async () => sent(await send()) }));
    },
    async command(user, text) {
      const before = dms(user).length;
      const res = await d().mention(TEAMS_USERS[user], TEAMS_CHANNEL, text);
      if (res.status !== 200) throw new Error(`mention answered ${res.status}`);
      for (let waited = 0; waited < 20_000; waited += 50) {
        const now = dms(user);
        if (now.length > before) return fake.state.textOf(now[before]!);
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`no answer to "${text}" for ${user}`);
    },
    rateLimit(kind, count, retryAfterSeconds) {
      fake.state.injectRateLimit(
        kind === 'update'
          ? { method: 'PUT', path: /\/activities\/[^/]+$/ }
          : { method: 'POST', path: /^\/v3\/conversations\/[^/]+\/activities$/ },
        { count, retryAfterSeconds },
      );
    },
    rateLimited: () => fake.state.rateLimited(),
    close: () => fake.close(),
  };
}
