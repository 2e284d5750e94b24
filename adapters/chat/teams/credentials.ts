// Bot→connector access tokens: the OAuth 2.0 client-credentials grant against the configured login URL, with fetch.
import type { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { TeamsApiError } from './errors.ts';

/** botframework-connector's ServiceClientCredentialsFactory, named through botbuilder's own signature. */
export type CredentialsFactory = NonNullable<
  ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>[1]
>;
type Credentials = Awaited<ReturnType<CredentialsFactory['createCredentials']>>;
type WebResource = Parameters<Credentials['signRequest']>[0];

/** Tokens are renewed this long before they expire, as botframework-connector's AppCredentials does. */
const EARLY_RENEWAL_MS = 5 * 60_000;

/**
 * Why not botbuilder's own factory: it hands the login URL to MSAL, which refuses authorities that are not
 * https and first fetches instance-discovery metadata from login.microsoftonline.com. A sovereign or test
 * login URL then cannot work, so this factory speaks the same protocol (client credentials, `/.default` scope)
 * directly. It is used for every login URL, so the production path is the tested one.
 */
export function createCredentialsFactory(options: {
  appId: string;
  appPassword: string;
  now: () => number;
}): CredentialsFactory {
  const cache = new Map<string, { token: string; renewAt: number }>();
  const pending = new Map<string, Promise<string>>();

  // https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#bot-to-connector
  async function requestToken(tokenUrl: string, scope: string): Promise<string> {
    const res = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: options.appId,
        client_secret: options.appPassword,
        scope,
      }).toString(),
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
    };
    if (!res.ok || typeof body.access_token !== 'string')
      throw new TeamsApiError('token', res.status, body.error ?? 'no access token in the answer');
    const lifetimeMs = (Number(body.expires_in) || 3600) * 1000;
    cache.set(`${tokenUrl} ${scope}`, {
      token: body.access_token,
      renewAt: options.now() + Math.max(lifetimeMs - EARLY_RENEWAL_MS, lifetimeMs / 2),
    });
    return body.access_token;
  }

  function token(loginUrl: string, audience: string): Promise<string> {
    const tokenUrl = `${loginUrl.replace(/\/+$/, '')}/oauth2/v2.0/token`;
    const scope = audience.endsWith('/.default') ? audience : `${audience}/.default`;
    const key = `${tokenUrl} ${scope}`;
    const cached = cache.get(key);
    if (cached && cached.renewAt > options.now()) return Promise.resolve(cached.token);
    // Concurrent sends share one token request.
    let p = pending.get(key);
    if (!p) {
      p = requestToken(tokenUrl, scope).finally(() => pending.delete(key));
      pending.set(key, p);
    }
    return p;
  }

  const disabled = !options.appId;
  const anonymous: Credentials = { signRequest: async (r: WebResource) => r };
  return {
    isValidAppId: async (appId: string) => appId === options.appId,
    isAuthenticationDisabled: async () => disabled,
    async createCredentials(appId, audience, loginEndpoint) {
      // Anonymous local development: the connector is called without a token, as botbuilder does.
      if (disabled) return anonymous;
      if (appId !== options.appId) throw new Error('Invalid appId.');
      const scope = audience || 'https://api.botframework.com';
      return {
        async signRequest(resource: WebResource) {
          resource.headers.set('authorization', `Bearer ${await token(loginEndpoint, scope)}`);
          return resource;
        },
      };
    },
  };
}
