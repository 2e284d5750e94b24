// The Slack app manifest asks for what the adapter uses: its scopes, the command, interactivity and events.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const manifest = parse(
  readFileSync(new URL('../../../manifests/slack/manifest.yaml', import.meta.url), 'utf8'),
);

describe('slack manifest', () => {
  it('sends every request to /hooks/slack', () => {
    const urls = [
      manifest.features.slash_commands[0].url,
      manifest.settings.interactivity.request_url,
      manifest.settings.event_subscriptions.request_url,
    ];
    for (const url of urls) expect(url).toBe('https://YOUR_HOST/hooks/slack');
    expect(manifest.features.slash_commands[0].command).toBe('/bytebase');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('has a scope for each Web API method and event the adapter uses', () => {
    const scopes: string[] = manifest.oauth_config.scopes.bot;
    // chat.postMessage/update/postEphemeral, users.info (+ email), users.lookupByEmail, conversations.open, events.
    for (const scope of [
      'chat:write',
      'commands',
      'users:read',
      'users:read.email',
      'im:write',
      'app_mentions:read',
      'im:history',
    ])
      expect(scopes).toContain(scope);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(['app_mention', 'message.im']);
  });
});
