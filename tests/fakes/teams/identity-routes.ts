// Identity endpoints: Bot Framework OpenID metadata and JWKS (inbound), Microsoft Entra metadata and token (outbound).
import { randomUUID } from 'node:crypto';
import { type FakeReply, type Route, route } from './http.ts';
import { fakeKeys, toJwk } from './jwt.ts';
import { CHANNEL_TOKEN_ISSUER, CONNECTOR_AUDIENCE, issueAccessToken, TEAMS_CHANNEL_ID } from './tokens.ts';
import type { TeamsFakeOptions } from './types.ts';

export interface IdentityContext {
  options: TeamsFakeOptions;
  url: () => string;
}

/** Microsoft Entra's error body: error, description with the AADSTS code, codes, trace ids. */
function entraError(status: number, error: string, code: number, description: string): FakeReply {
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
      error_codes: [code],
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
      error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    },
  };
}

export function identityRoutes({ options, url }: IdentityContext): Route[] {
  const tenants = new Set([options.tenantId.toLowerCase(), 'botframework.com']);
  return [
    // Bot Framework publishes its channel signing keys through this document.
    // https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#connector-to-bot
    route('GET', '/v1/.well-known/openidconfiguration', () => ({
      status: 200,
      body: {
        issuer: CHANNEL_TOKEN_ISSUER,
        authorization_endpoint: 'https://invalid.botframework.com',
        jwks_uri: `${url()}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      },
    })),
    // The JWKS; each key lists the channels it may sign for ("endorsements").
    // https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#step-3-download-the-list-of-valid-signing-keys
    route('GET', '/v1/.well-known/keys', () => {
      const keys = fakeKeys();
      return {
        status: 200,
        body: {
          keys: [
            toJwk(keys.channel, [TEAMS_CHANNEL_ID, 'skype', 'slack']),
            toJwk(keys.unendorsed, ['webchat']),
          ],
        },
      };
    }),
    // Entra authority metadata, read by MSAL before it asks for a token.
    // https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri
    route('GET', '/:tenant/v2.0/.well-known/openid-configuration', ({ params }) => {
      const base = `${url()}/${params.tenant}`;
      return {
        status: 200,
        body: {
          token_endpoint: `${base}/oauth2/v2.0/token`,
          token_endpoint_auth_methods_supported: [
            'client_secret_post',
            'private_key_jwt',
            'client_secret_basic',
          ],
          jwks_uri: `${base}/discovery/v2.0/keys`,
          response_modes_supported: ['query', 'fragment', 'form_post'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
          response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
          scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
          issuer: `${base}/v2.0`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          end_session_endpoint: `${base}/oauth2/v2.0/logout`,
          tenant_region_scope: 'WW',
          cloud_instance_name: 'microsoftonline.com',
        },
      };
    }),
    // Keys of the access tokens the token endpoint issues.
    // https://learn.microsoft.com/entra/identity-platform/access-tokens#validate-the-signature
    route('GET', '/:tenant/discovery/v2.0/keys', () => ({
      status: 200,
      body: { keys: [toJwk(fakeKeys().entra)] },
    })),
    // Instance discovery, answered for this host so MSAL treats it as a known cloud.
    // https://learn.microsoft.com/entra/identity-platform/msal-client-application-configuration#authority
    route('GET', '/common/discovery/instance', () => {
      const host = new URL(url()).host;
      return {
        status: 200,
        body: {
          tenant_discovery_endpoint: `${url()}/common/v2.0/.well-known/openid-configuration`,
          'api-version': '1.1',
          metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
        },
      };
    }),
    // OAuth 2.0 client credentials grant: the bot's app id and secret for a connector token.
    // https://learn.microsoft.com/azure/bot-service/rest-api/bot-framework-rest-connector-authentication#bot-to-connector
    route('POST', '/:tenant/oauth2/v2.0/token', ({ params, rawBody, headers }) => {
      const form = new URLSearchParams(rawBody);
      const basic = /^Basic (.+)$/.exec(headers.authorization ?? '')?.[1];
      const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
      const clientId = form.get('client_id') ?? (basicId ? decodeURIComponent(basicId) : null);
      const secret = form.get('client_secret') ?? (basicSecret ? decodeURIComponent(basicSecret) : null);
      const tenant = (params.tenant ?? '').toLowerCase();
      if (form.get('grant_type') !== 'client_credentials') {
        return entraError(
          400,
          'unsupported_grant_type',
          70003,
          'The app requested an unsupported grant type.',
        );
      }
      if (!tenants.has(tenant)) {
        return entraError(400, 'invalid_request', 90002, `Tenant '${params.tenant}' not found.`);
      }
      if (clientId !== options.appId) {
        return entraError(
          400,
          'unauthorized_client',
          700016,
          `Application with identifier '${clientId ?? ''}' was not found in the directory '${params.tenant}'.`,
        );
      }
      if (!secret || secret !== options.appPassword) {
        return entraError(
          401,
          'invalid_client',
          7000215,
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${options.appId}'.`,
        );
      }
      const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
      if (!scopes.includes(`${CONNECTOR_AUDIENCE}/.default`)) {
        return entraError(
          400,
          'invalid_scope',
          1002012,
          `The provided value for scope ${form.get('scope') ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
        );
      }
      const lifetime = options.accessTokenLifetimeSeconds ?? 3599;
      return {
        status: 200,
        body: {
          token_type: 'Bearer',
          expires_in: lifetime,
          ext_expires_in: lifetime,
          access_token: issueAccessToken(options.appId, tenant, lifetime),
        },
      };
    }),
  ];
}
