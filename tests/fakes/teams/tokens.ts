// Tokens both ways: channel→bot JWTs (as Bot Framework signs them) and bot→channel access tokens (as Entra issues them).
import { randomUUID } from 'node:crypto';
import { fakeKeys, signJwt, verifyJwt } from './jwt.ts';
import type { ChannelTokenOverrides, TeamsFakeOptions } from './types.ts';

/** Issuer of channel→bot tokens (botframework-connector `AuthenticationConstants.ToBotFromChannelTokenIssuer`). */
export const CHANNEL_TOKEN_ISSUER = 'https://api.botframework.com';
/** Audience of bot→channel tokens (`AuthenticationConstants.ToChannelFromBotOAuthScope`). */
export const CONNECTOR_AUDIENCE = 'https://api.botframework.com';
/** The channel the fake's signing key is endorsed for. */
export const TEAMS_CHANNEL_ID = 'msteams';

const seconds = () => Math.floor(Date.now() / 1000);

/**
 * A channel→bot token with the claims Bot Framework puts in it: serviceurl, nbf, exp, iss, aud.
 * https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#connector-to-bot
 */
export function mintChannelToken(
  options: Pick<TeamsFakeOptions, 'appId'>,
  serviceUrl: string,
  overrides: Partial<ChannelTokenOverrides> = {},
): string {
  const keys = fakeKeys();
  const now = seconds();
  const claimedServiceUrl = overrides.serviceUrl ?? serviceUrl;
  const payload: Record<string, unknown> = {
    ...(claimedServiceUrl ? { serviceurl: claimedServiceUrl } : {}),
    nbf: now + (overrides.notBeforeOffsetSeconds ?? -5),
    exp: now + (overrides.expiresInSeconds ?? 3600),
    iss: overrides.iss ?? CHANNEL_TOKEN_ISSUER,
    aud: overrides.aud ?? options.appId,
  };
  const key = overrides.signWithUnknownKey
    ? keys.unknown
    : overrides.signWithUnendorsedKey
      ? keys.unendorsed
      : keys.channel;
  return signJwt(payload, key.privateKey, overrides.kid ?? key.kid);
}

/** Claims of a bot→channel access token, as Entra issues them for client credentials (v1 token). */
export function issueAccessToken(appId: string, tenant: string, lifetimeSeconds: number): string {
  const now = seconds();
  const issuer = `https://sts.windows.net/${tenant}/`;
  const payload = {
    aud: CONNECTOR_AUDIENCE,
    iss: issuer,
    iat: now,
    nbf: now,
    exp: now + lifetimeSeconds,
    appid: appId,
    appidacr: '1',
    idp: issuer,
    tid: tenant,
    uti: randomUUID(),
    ver: '1.0',
  };
  const key = fakeKeys().entra;
  return signJwt(payload, key.privateKey, key.kid);
}

/** Why a connector call's bearer token is refused, or null when it is good for `appId`. */
export function checkAccessToken(authorization: string | undefined, appId: string): string | null {
  const match = /^Bearer (\S+)$/.exec(authorization ?? '');
  if (!match?.[1]) return 'missing bearer token';
  const payload = verifyJwt(match[1], fakeKeys().entra);
  if (!payload) return 'bad signature';
  if (payload.aud !== CONNECTOR_AUDIENCE) return 'wrong audience';
  if (payload.appid !== appId) return 'token for another app';
  const now = seconds();
  if (typeof payload.exp !== 'number' || payload.exp <= now) return 'expired';
  if (typeof payload.nbf === 'number' && payload.nbf > now + 300) return 'not yet valid';
  return null;
}
