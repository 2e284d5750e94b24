// Shared setup of the Feishu fake's tests: a seeded fake, an SDK Client on it, and an SDK-verified receiver.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as lark from '@larksuiteoapi/node-sdk';
import { type FeishuFake, type FeishuFakeOptions, startFeishuFake } from './index.ts';

export const APP_ID = 'cli_a1b2c3d4e5f6';
export const APP_SECRET = 'secret-e2e';
export const VERIFICATION_TOKEN = 'vt-e2e-token';
export const ENCRYPT_KEY = 'ek-e2e-encrypt-key';
export const APPROVALS = 'oc_approvals0000000000000000000001';
export const START = Date.UTC(2024, 3, 5, 12, 0, 0);

export const DANA = {
  openId: 'ou_dana',
  userId: 'u_dana',
  unionId: 'on_dana',
  name: 'Dana DBA',
  email: 'dba@example.com',
  enterpriseEmail: 'dana@corp.example',
};
export const NEMO = { openId: 'ou_nemo', userId: 'u_nemo', unionId: 'on_nemo', name: 'Nemo' };

/** A JSON 2.0 shared approval card with Approve/Reject callback buttons. */
export function approvalCard(
  title = 'Issue #42 alter table orders',
  updateMulti = true,
): Record<string, unknown> {
  return {
    schema: '2.0',
    config: updateMulti ? { update_multi: true } : {},
    header: { title: { tag: 'plain_text', content: title }, template: 'blue' },
    body: {
      elements: [
        { tag: 'markdown', content: '**shop** on prod: 1 statement' },
        {
          tag: 'column_set',
          columns: [
            {
              tag: 'column',
              elements: [
                {
                  tag: 'button',
                  text: { tag: 'plain_text', content: 'Approve' },
                  type: 'primary',
                  behaviors: [{ type: 'callback', value: { action: 'approve', issue: 42 } }],
                },
              ],
            },
            {
              tag: 'column',
              elements: [
                {
                  tag: 'button',
                  text: { tag: 'plain_text', content: 'Reject' },
                  type: 'danger',
                  behaviors: [{ type: 'callback', value: { action: 'reject', issue: 42 } }],
                },
              ],
            },
          ],
        },
      ],
    },
  };
}

/** Starts a fake seeded with two users and one group, on the given clock. */
export function startTestFake(
  clock: () => number = Date.now,
  overrides: Partial<FeishuFakeOptions> = {},
): Promise<FeishuFake> {
  return startFeishuFake({
    appId: APP_ID,
    appSecret: APP_SECRET,
    verificationToken: VERIFICATION_TOKEN,
    encryptKey: ENCRYPT_KEY,
    users: [DANA, NEMO],
    chats: [{ chatId: APPROVALS, name: 'db-approvals' }],
    clock,
    ...overrides,
  });
}

/** A token cache of its own, so one test's cached tenant token never leaks into another's client. */
function ownCache(): lark.Cache {
  const values = new Map<string, unknown>();
  return {
    get: async (key, options) => values.get(`${options?.namespace}/${String(key)}`),
    set: async (key, value, _expire, options) => {
      values.set(`${options?.namespace}/${String(key)}`, value);
      return true;
    },
  };
}

/** Silences the SDK (`loggerLevel: fatal` is 0, which the SDK's `|| info` default turns back into info). */
export const quietLogger: lark.Logger = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

/** The real SDK client pointed at the fake, quiet, with its own token cache. */
export function sdkClient(fake: FeishuFake, appSecret = APP_SECRET): lark.Client {
  return new lark.Client({
    appId: APP_ID,
    appSecret,
    domain: fake.url,
    cache: ownCache(),
    logger: quietLogger,
  });
}

/** The HTTP answer inside an axios error thrown by the SDK. */
export async function failure(
  call: Promise<unknown>,
): Promise<{ status: number; data: { code?: number; msg?: string }; headers: Record<string, string> }> {
  try {
    await call;
  } catch (error) {
    const response = (error as { response?: { status: number; data: unknown; headers: unknown } }).response;
    if (!response) throw error;
    return {
      status: response.status,
      data: response.data as { code?: number; msg?: string },
      headers: response.headers as Record<string, string>,
    };
  }
  throw new Error('expected the call to fail');
}

/** A received push as the SDK handed it to the registered handler. */
export interface Received {
  type: string;
  data: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

/**
 * A webhook receiver built only from the SDK's own pieces, as its README's custom adapter does:
 * headers on the prototype, `generateChallenge` for url_verification, `EventDispatcher.invoke`
 * (signature check) for events, `CardActionHandler.invoke` for card callbacks; plus the
 * verification-token check the SDK leaves to the app. Refusals answer 401.
 */
export async function startSdkReceiver(options: {
  encryptKey: string;
  verificationToken: string;
  cardAnswer?: (data: Record<string, unknown>) => unknown;
}) {
  const received: Received[] = [];
  const cipher = options.encryptKey ? new lark.AESCipher(options.encryptKey) : undefined;
  const events = new lark.EventDispatcher({ encryptKey: options.encryptKey, logger: quietLogger });
  let current: IncomingHttpHeaders = {};
  events.register({
    'im.message.receive_v1': (data: Record<string, unknown>) => {
      received.push({ type: 'im.message.receive_v1', data, headers: current });
      return {};
    },
  });
  // card.action.trigger has no registered handle, so the handler's catch-all card handler answers it.
  const cards = new lark.CardActionHandler(
    { encryptKey: options.encryptKey, logger: quietLogger },
    async (data: Record<string, unknown>) => {
      received.push({ type: 'card.action.trigger', data, headers: current });
      return options.cardAnswer?.(data) ?? {};
    },
  );
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => {
      text += chunk;
    });
    req.on('end', async () => {
      const answer = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const data = Object.assign(Object.create({ headers: req.headers }), parsed);
      let plain: { token?: string; header?: { token?: string; event_type?: string } };
      try {
        const encrypted = parsed['encrypt'];
        plain = typeof encrypted === 'string' && cipher ? JSON.parse(cipher.decrypt(encrypted)) : parsed;
      } catch {
        return answer(400, { error: 'decrypt' });
      }
      // The verification token (header.token in 2.0, top-level in the challenge), which the SDK does not compare.
      if ((plain.header?.token ?? plain.token) !== options.verificationToken) {
        return answer(401, { error: 'token' });
      }
      // The SDK answers the challenge before any signature check (adaptDefault's autoChallenge).
      const challenge = lark.generateChallenge(data, { encryptKey: options.encryptKey });
      if (challenge.isChallenge) return answer(200, challenge.challenge);
      // The SDK's own signature check, as EventDispatcher.invoke runs it.
      if (!events.requestHandle?.checkIsEventValidated(data)) return answer(401, { error: 'signature' });
      current = req.headers;
      const handler = plain.header?.event_type === 'card.action.trigger' ? cards : events;
      const value = await handler.invoke(data);
      if (value === undefined) return answer(401, { error: 'signature' });
      return answer(200, value);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/feishu`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
