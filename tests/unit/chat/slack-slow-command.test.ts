// A slash command slower than Slack's deadline is acknowledged at once and answered through its response URL.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSlackChatAdapter } from '../../../adapters/chat/slack/index.ts';
import type { ChatAdapter, ChatInboundHandler } from '../../../src/core/ports/chat-adapter.ts';
import { silentLogger, systemClock } from '../../../src/core/ports/clock.ts';
import { createSlackDriver, type SlackFake, startSlackFake } from '../../fakes/slack/index.ts';

const SECRET = 'slow-command-secret';
let fake: SlackFake;
let adapter: ChatAdapter;
let server: ReturnType<typeof serve>;
let url = '';
let release: () => void = () => {};

beforeAll(async () => {
  fake = await startSlackFake({
    botToken: 'xoxb-slow',
    users: [{ id: 'U0SLOW', name: 'slow', email: 'slow@example.com' }],
    channels: [{ id: 'C0SLOW', name: 'slow' }],
  });
  const inbound: ChatInboundHandler = {
    interact: async () => {},
    card: async () => null,
    driftCard: async () => null,
    // Answers only when the test lets it, i.e. well after the adapter's deadline has passed.
    command: ({ text }) =>
      new Promise((resolve) => {
        release = () => resolve({ kind: 'notice', lines: [`late answer to ${text}`] });
      }),
  };
  adapter = createSlackChatAdapter({
    signingSecret: SECRET,
    botToken: 'xoxb-slow',
    apiUrl: fake.apiUrl,
    inbound,
    logger: silentLogger,
    clock: systemClock,
    commandDeadlineMs: 20,
  });
  url = await new Promise<string>((resolve) => {
    server = serve({ fetch: (r) => adapter.handle(r), hostname: '127.0.0.1', port: 0 }, (i: AddressInfo) =>
      resolve(`http://127.0.0.1:${i.port}`),
    );
  });
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await fake.close();
});

it('acknowledges with "Working on it…" and posts the real answer to the response URL', async () => {
  const slack = createSlackDriver({ targetUrl: url, signingSecret: SECRET, fake });
  const res = await slack.slashCommand({ userId: 'U0SLOW', channelId: 'C0SLOW', text: 'issues' });
  expect(res.status).toBe(200);
  expect(res.json).toEqual({ response_type: 'ephemeral', text: 'Working on it…' });
  expect(fake.state.responseUrlPosts).toHaveLength(0);
  release();
  await adapter.drain();
  expect(fake.state.responseUrlPosts).toHaveLength(1);
  const post = fake.state.responseUrlPosts[0]!;
  expect(post.status).toBe(200);
  expect(post.body.response_type).toBe('ephemeral');
  expect(JSON.stringify(post.body)).toContain('late answer to issues');
});
