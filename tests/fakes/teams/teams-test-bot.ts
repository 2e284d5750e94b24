// A minimal botbuilder bot for the driver self-tests: CloudAdapter behind node:http, authenticated against the fake.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  CloudAdapter,
  type ConfigurationBotFrameworkAuthentication,
  type ConversationReference,
  TeamsActivityHandler,
  TeamsInfo,
  TurnContext,
} from 'botbuilder';

/** What the bot saw, for assertions. */
export interface BotLog {
  /** Ids of the activities the bot's turn logic ran for (authenticated ones only). */
  handled: string[];
  channelReference?: Partial<ConversationReference>;
  submitted: unknown[];
  /** Invokes whose answer the test releases by resolving `held`. */
  held: Promise<void>;
}

class Bot extends TeamsActivityHandler {
  constructor(private readonly log: BotLog) {
    super();
    this.onMessage(async (context, next) => {
      const activity = context.activity;
      if (activity.value) {
        this.log.submitted.push(activity.value);
        await context.sendActivity(`Submitted by ${activity.from.name}`);
      } else {
        const text = TurnContext.removeRecipientMention(activity)?.trim() ?? '';
        const member = await TeamsInfo.getMember(context, activity.from.id);
        await context.sendActivity(`${text} for ${member.email ?? 'no email'}`);
      }
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      if (context.activity.membersAdded?.some((member) => member.id === context.activity.recipient.id)) {
        this.log.channelReference = TurnContext.getConversationReference(context.activity);
      }
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    value: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    if (value.action.verb === 'hang') await this.log.held;
    const card = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'TextBlock', text: `${value.action.verb} by ${context.activity.from.name}` }],
    };
    const attachment = { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
    await context.updateActivity({
      id: context.activity.replyToId,
      type: 'message',
      attachments: [attachment],
    });
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
  }
}

/** Runs the bot on 127.0.0.1; failed authentication answers 401 whatever botbuilder threw. */
export async function startTestBot(
  auth: ConfigurationBotFrameworkAuthentication,
  held: Promise<void>,
): Promise<{ url: string; log: BotLog; adapter: CloudAdapter; close(): Promise<void> }> {
  const adapter = new (class extends CloudAdapter {
    async run(header: string, activity: Activity) {
      let result: Awaited<ReturnType<typeof auth.authenticateRequest>>;
      try {
        result = await auth.authenticateRequest(activity, header);
      } catch {
        return { status: 401, body: undefined };
      }
      const answer = await this.processActivity(result, activity, (context) => {
        log.handled.push(context.activity.id ?? '');
        return bot.run(context);
      });
      return { status: answer?.status ?? 200, body: answer?.body };
    }
  })(auth);
  const log: BotLog = { handled: [], submitted: [], held };
  const bot = new Bot(log);
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const activity = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Activity;
      const quiet = console.error;
      console.error = () => {};
      const answer = await adapter.run(request.headers.authorization ?? '', activity).finally(() => {
        console.error = quiet;
      });
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/teams`;
  return {
    url,
    log,
    adapter,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
