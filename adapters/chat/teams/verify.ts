// Inbound authentication: Bot Framework JWTs checked by botbuilder (issuer, audience, signing keys, serviceurl).
// https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#connector-to-bot
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { CredentialsFactory } from './credentials.ts';
import { TeamsAuthError } from './errors.ts';

/** Public-cloud endpoints, as botframework-connector's AuthenticationConstants names them. */
export const BOT_FRAMEWORK = {
  tokenIssuer: 'https://api.botframework.com',
  openIdMetadataUrl: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  emulatorOpenIdMetadataUrl:
    'https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration',
  loginUrlPrefix: 'https://login.microsoftonline.com/',
  multiTenantAuthority: 'botframework.com',
  oAuthScope: 'https://api.botframework.com',
  oAuthUrl: 'https://api.botframework.com',
  callerId: 'urn:botframework:azure',
} as const;

export interface TeamsAuthSettings {
  appId: string;
  tenantId: string | undefined;
  openIdMetadataUrl: string | undefined;
  tokenIssuer: string | undefined;
  loginUrl: string | undefined;
}

/** Where outbound tokens come from: the tenant's authority for a single-tenant bot, else botframework.com. */
export const loginUrlOf = (s: Pick<TeamsAuthSettings, 'tenantId' | 'loginUrl'>) =>
  s.loginUrl ?? `${BOT_FRAMEWORK.loginUrlPrefix}${s.tenantId || BOT_FRAMEWORK.multiTenantAuthority}`;

/**
 * botbuilder's authentication with every endpoint given: once one is overridden botbuilder takes all values
 * as given (ParameterizedBotFrameworkAuthentication), so the others must not be left undefined.
 */
export function createTeamsAuthentication(
  s: TeamsAuthSettings,
  credentials: CredentialsFactory,
): ConfigurationBotFrameworkAuthentication {
  return new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: s.appId,
      MicrosoftAppTenantId: s.tenantId ?? '',
      MicrosoftAppType: s.tenantId ? 'SingleTenant' : 'MultiTenant',
      ToBotFromChannelTokenIssuer: s.tokenIssuer ?? BOT_FRAMEWORK.tokenIssuer,
      ToBotFromChannelOpenIdMetadataUrl: s.openIdMetadataUrl ?? BOT_FRAMEWORK.openIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: BOT_FRAMEWORK.emulatorOpenIdMetadataUrl,
      ToChannelFromBotLoginUrl: loginUrlOf(s),
      ToChannelFromBotOAuthScope: BOT_FRAMEWORK.oAuthScope,
      OAuthUrl: BOT_FRAMEWORK.oAuthUrl,
      CallerId: BOT_FRAMEWORK.callerId,
      ValidateAuthority: true,
    },
    credentials,
  );
}

/** The unverified claims of a JWT, only to route it; null when it is not one. */
export function peekClaims(token: string): Record<string, unknown> | null {
  const part = token.split('.')[1];
  if (!part || token.split('.').length !== 3) return null;
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Which failures mean "not authentic" (401) and which mean "cannot check now" (503). */
function classify(err: unknown): TeamsAuthError {
  const e = err as { name?: string; statusCode?: number; message?: string };
  if (e?.name === 'FetchError' || (typeof e?.statusCode === 'number' && e.statusCode >= 500))
    return new TeamsAuthError(503, `signing keys unavailable (${e.message ?? 'error'})`);
  return new TeamsAuthError(401, e?.message ?? 'invalid token');
}

/**
 * Authenticates one activity with botbuilder: signature against the OpenID metadata's keys and their
 * endorsements, issuer, audience = app id, `serviceurl` claim = activity.serviceUrl. Only channel tokens
 * are accepted (Teams sends nothing else), so an emulator- or skill-shaped token is refused here without
 * botbuilder fetching other metadata for it. Throws TeamsAuthError.
 */
export async function authenticateActivity(input: {
  auth: ConfigurationBotFrameworkAuthentication;
  authenticationEnabled: boolean;
  tokenIssuer: string;
  activity: Record<string, unknown>;
  authorization: string | null;
}): Promise<void> {
  const header = input.authorization ?? '';
  if (input.authenticationEnabled) {
    const m = /^Bearer (\S+)$/.exec(header);
    if (!m?.[1]) throw new TeamsAuthError(401, 'no bearer token');
    if (peekClaims(m[1])?.iss !== input.tokenIssuer)
      throw new TeamsAuthError(401, 'token not issued by the channel');
    if (typeof input.activity.serviceUrl !== 'string' || !input.activity.serviceUrl)
      throw new TeamsAuthError(401, 'activity without serviceUrl');
  }
  try {
    // botbuilder's types want a full Activity; it reads channelId, serviceUrl and recipient only.
    await input.auth.authenticateRequest(input.activity as never, header);
  } catch (err) {
    throw classify(err);
  }
}

/** The tenant an activity comes from (conversation, else channelData). */
export function tenantOf(activity: Record<string, unknown>): string | null {
  const conversation = activity.conversation as { tenantId?: unknown } | undefined;
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const t = conversation?.tenantId ?? channelData?.tenant?.id;
  return typeof t === 'string' && t ? t : null;
}
