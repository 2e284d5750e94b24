// POST /hooks/slack: Slack's commands, interactivity and events, answered by the Slack chat adapter.
import { Hono } from 'hono';
import type { ChatAdapter } from '../../core/ports/chat-adapter.ts';
import type { AppEnv } from '../types.ts';

/** The adapter reads the raw body itself: signatures cover the exact bytes. */
export function slackHookRoutes(adapter: ChatAdapter) {
  const app = new Hono<AppEnv>();
  app.post('/slack', (c) => adapter.handle(c.req.raw));
  return app;
}
