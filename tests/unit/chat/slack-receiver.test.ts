// The Bolt receiver for Hono: the HTTP answer is the listener's ack, sent when it acks; no listener, empty 200.
import { App } from '@slack/bolt';
import { expect, it } from 'vitest';
import { boltLogger, createFetchReceiver } from '../../../adapters/chat/slack/receiver.ts';
import { silentLogger } from '../../../src/core/ports/clock.ts';

function appWithReceiver() {
  const receiver = createFetchReceiver(silentLogger);
  const app = new App({
    receiver,
    authorize: async () => ({ botToken: 'xoxb-test' }),
    ignoreSelf: false,
    convoStore: false,
    logger: boltLogger(silentLogger),
  });
  return { app, receiver };
}

const command = (text: string) => ({
  command: '/bytebase',
  text,
  user_id: 'U1',
  channel_id: 'C1',
  team_id: 'T1',
  response_url: 'https://hooks.slack.invalid/r',
  trigger_id: 't',
});

it('answers with the ack as soon as the listener acks, while the listener goes on', async () => {
  const { app, receiver } = appWithReceiver();
  let finishedAfterAnswer = false;
  let release: () => void = () => {};
  app.command('/bytebase', async ({ ack, command: c, context }) => {
    await ack({ response_type: 'ephemeral', text: `got ${c.text} for ${String(context.marker)}` });
    await new Promise<void>((r) => {
      release = r;
    });
    finishedAfterAnswer = true;
  });
  const res = await receiver.dispatch({ body: command('issues'), customProperties: { marker: 'm1' } });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ response_type: 'ephemeral', text: 'got issues for m1' });
  expect(finishedAfterAnswer).toBe(false);
  release();
});

it('sends plain text acks as text, and an empty 200 when nothing listens or the listener throws', async () => {
  const { app, receiver } = appWithReceiver();
  app.command('/bytebase', async ({ ack, command: c }) => {
    if (c.text === 'boom') throw new Error('listener failed before acking');
    await ack('plain');
  });
  const plain = await receiver.dispatch({ body: command('x') });
  expect(plain.headers.get('content-type')).toContain('text/plain');
  expect(await plain.text()).toBe('plain');
  const failed = await receiver.dispatch({ body: command('boom') });
  expect([failed.status, await failed.text()]).toEqual([200, '']);
  const unheard = await receiver.dispatch({
    body: {
      type: 'event_callback',
      team_id: 'T1',
      event: { type: 'reaction_added', user: 'U1' },
      event_id: 'Ev1',
    },
  });
  expect([unheard.status, await unheard.text()]).toEqual([200, '']);
});
