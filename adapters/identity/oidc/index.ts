// The IdentityProvider on openid-client: discovery (cached, retried after a failure), the authorization code flow
// with PKCE, state and nonce, ID token verification (signature included), and userinfo when the ID token lacks the email.
import * as client from 'openid-client';
import type { Logger } from '../../../src/core/ports/clock.ts';
import {
  type AuthorizationChecks,
  type IdentityClaims,
  type IdentityProvider,
  IdentityProviderError,
} from '../../../src/core/ports/identity-provider.ts';

export interface OidcIdentityProviderConfig {
  /** The issuer, e.g. https://gitlab.com; its `/.well-known/openid-configuration` is read once. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** PUBLIC_URL + /auth/oidc/callback, as registered at the provider. */
  redirectUri: string;
  /** What the sign-in button says. */
  name: string;
  /** Default `openid profile email`. */
  scope?: string;
  /** Seconds each request to the provider may take (default 10). */
  timeoutSeconds?: number;
  logger?: Logger;
}

const DEFAULT_SCOPE = 'openid profile email';
const DISCOVERY_ATTEMPTS = 2;
const DISCOVERY_RETRY_MS = 250;

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
// Some providers send the flag as a string; only an explicit true counts.
const flag = (v: unknown): boolean | null =>
  v === true || v === 'true' ? true : v === undefined ? null : false;

/** Translates openid-client's and fetch's errors into the port's error; messages carry no secrets. */
function translate(err: unknown, issuer: string): IdentityProviderError {
  if (err instanceof IdentityProviderError) return err;
  if (err instanceof client.AuthorizationResponseError)
    return new IdentityProviderError(
      err.error === 'access_denied' ? 'denied' : 'invalid_response',
      `${err.error}${err.error_description ? `: ${err.error_description}` : ''}`,
      { cause: err },
    );
  if (err instanceof client.ResponseBodyError)
    return new IdentityProviderError(
      err.status >= 500 ? 'unavailable' : 'invalid_response',
      `the provider refused the code (${err.error}${err.error_description ? `: ${err.error_description}` : ''})`,
      { cause: err },
    );
  if (err instanceof client.ClientError) {
    const status = (err.cause as { status?: unknown } | undefined)?.status;
    if (typeof status === 'number' && status >= 500)
      return new IdentityProviderError('unavailable', `${issuer} answered HTTP ${status}`, { cause: err });
    return new IdentityProviderError('invalid_response', err.message, { cause: err });
  }
  const name = (err as { name?: unknown })?.name;
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'TimeoutError' || name === 'AbortError' || err instanceof TypeError)
    return new IdentityProviderError('unavailable', `could not reach ${issuer} (${message})`, { cause: err });
  return new IdentityProviderError('invalid_response', message, { cause: err });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function createOidcIdentityProvider(config: OidcIdentityProviderConfig): IdentityProvider {
  const issuer = new URL(config.issuer);
  // openid-client refuses plain HTTP unless told; only an http:// issuer (a loopback test provider) is told so.
  const insecure = issuer.protocol === 'http:';
  if (insecure && !['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname))
    config.logger?.warn({ issuer: config.issuer }, 'OIDC_ISSUER is plain http: tokens travel unencrypted');
  const timeout = config.timeoutSeconds ?? 10;
  let discovered: Promise<client.Configuration> | null = null;

  // https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig
  async function discover(): Promise<client.Configuration> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await client.discovery(
          issuer,
          config.clientId,
          { client_secret: config.clientSecret, redirect_uris: [config.redirectUri] },
          client.ClientSecretBasic(config.clientSecret),
          {
            // The ID token's signature is checked against the provider's JWKS too, not only TLS to its token endpoint.
            execute: [client.enableNonRepudiationChecks, ...(insecure ? [client.allowInsecureRequests] : [])],
            timeout,
          },
        );
      } catch (err) {
        const failure = translate(err, config.issuer);
        if (attempt >= DISCOVERY_ATTEMPTS) {
          config.logger?.warn({ issuer: config.issuer, err: failure.message }, 'OIDC discovery failed');
          throw new IdentityProviderError('unavailable', `discovery failed: ${failure.message}`, {
            cause: err,
          });
        }
        await pause(DISCOVERY_RETRY_MS);
      }
    }
  }

  /** The provider's metadata, read once; a failed read is forgotten so the next sign-in tries again. */
  function configuration(): Promise<client.Configuration> {
    if (!discovered) {
      const pending = discover();
      discovered = pending;
      pending.catch(() => {
        if (discovered === pending) discovered = null;
      });
    }
    return discovered;
  }

  return {
    kind: 'oidc',
    name: config.name,
    async authorizationUrl({ state, nonce, codeChallenge }) {
      const cfg = await configuration();
      return client.buildAuthorizationUrl(cfg, {
        redirect_uri: config.redirectUri,
        scope: config.scope ?? DEFAULT_SCOPE,
        state,
        nonce,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
      });
    },

    async exchange(callbackUrl: URL, checks: AuthorizationChecks): Promise<IdentityClaims> {
      const cfg = await configuration();
      try {
        // https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth (token request and ID token validation)
        const tokens = await client.authorizationCodeGrant(cfg, callbackUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          idTokenExpected: true,
        });
        const id = tokens.claims();
        if (!id) throw new IdentityProviderError('invalid_response', 'the provider answered no ID token');
        let email = text(id.email);
        let verified = flag(id.email_verified);
        let name = text(id.name);
        // GitLab puts email and email_verified in the ID token; other providers may only answer them at userinfo.
        if (email === null || verified === null || name === null) {
          try {
            // https://openid.net/specs/openid-connect-core-1_0.html#UserInfo
            const info = await client.fetchUserInfo(cfg, tokens.access_token, id.sub);
            if (email === null || verified === null) {
              email = text(info.email);
              verified = flag(info.email_verified);
            }
            name ??= text(info.name);
          } catch (err) {
            // A missing display name is no reason to refuse; a missing email is.
            if (email === null || verified === null) throw err;
          }
        }
        return { subject: id.sub, email, emailVerified: verified === true, name };
      } catch (err) {
        throw translate(err, config.issuer);
      }
    },
  };
}
