// Shared setup of the Teams fake's self-tests: seeded people and channels, and botbuilder pointed at the fake.
import { ConfidentialClientApplication } from '@azure/msal-node';
import { type Activity, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { type ConnectorClient, MsalServiceClientCredentialsFactory } from 'botframework-connector';
import { startTeamsFake } from './server.ts';
import type { TeamsFake, TeamsFakeOptions } from './types.ts';

type MsalClient = ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1];

export const APP_ID = '6f1f8a4e-1c2b-4d3e-9f00-0a1b2c3d4e5f';
export const APP_PASSWORD = 'fake-client-secret';
export const TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const TEAM = '19:team-general@thread.tacv2';
export const APPROVALS = '19:approvals@thread.tacv2';
export const DANA = '29:dana';
export const NEMO = '29:nemo';

export const seed: TeamsFakeOptions = {
  appId: APP_ID,
  appPassword: APP_PASSWORD,
  tenantId: TENANT_ID,
  users: [
    {
      id: DANA,
      aadObjectId: '0b6e2c61-dana',
      name: 'Dana DBA',
      email: 'dba@example.com',
      userPrincipalName: 'dana@contoso.example',
    },
    { id: NEMO, aadObjectId: '0b6e2c61-nemo', name: 'Nemo', userPrincipalName: 'nemo@contoso.example' },
  ],
  channels: [
    { id: TEAM, name: 'General', teamId: TEAM },
    { id: APPROVALS, name: 'db-approvals', teamId: TEAM },
  ],
};

export function startSeededFake(overrides: Partial<TeamsFakeOptions> = {}): Promise<TeamsFake> {
  return startTeamsFake({ ...seed, ...overrides });
}

/**
 * botbuilder's authentication pointed at the fake through the documented settings. Outbound tokens come from
 * MSAL with the fake's authority metadata and host as a known authority, because MSAL only accepts https
 * authorities and asks login.microsoftonline.com for instance discovery otherwise.
 */
export async function botAuthentication(fake: TeamsFake): Promise<ConfigurationBotFrameworkAuthentication> {
  const loginUrl = fake.env.TEAMS_LOGIN_URL ?? '';
  const metadata = await (await fetch(`${loginUrl}/v2.0/.well-known/openid-configuration`)).text();
  const host = new URL(loginUrl).host;
  const msal = new ConfidentialClientApplication({
    auth: {
      clientId: fake.env.TEAMS_APP_ID ?? '',
      clientSecret: fake.env.TEAMS_APP_PASSWORD ?? '',
      authority: `https://${host}${new URL(loginUrl).pathname}`,
      knownAuthorities: [host],
      authorityMetadata: metadata,
    },
  });
  return new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: fake.env.TEAMS_APP_ID,
      MicrosoftAppPassword: fake.env.TEAMS_APP_PASSWORD,
      MicrosoftAppTenantId: fake.env.TEAMS_APP_TENANT_ID,
      MicrosoftAppType: 'SingleTenant',
      ToBotFromChannelOpenIdMetadataUrl: fake.env.TEAMS_OPENID_METADATA_URL,
      ToBotFromChannelTokenIssuer: fake.env.TEAMS_TOKEN_ISSUER,
      ToBotFromEmulatorOpenIdMetadataUrl: fake.env.TEAMS_OPENID_METADATA_URL,
      ToChannelFromBotLoginUrl: loginUrl,
      ToChannelFromBotOAuthScope: 'https://api.botframework.com',
      OAuthUrl: fake.url,
      ValidateAuthority: false,
    },
    // msal-node ships separate ESM and CJS typings; botframework-connector names the CJS one.
    new MsalServiceClientCredentialsFactory(fake.env.TEAMS_APP_ID ?? '', msal as unknown as MsalClient),
  );
}

/** A bearer token from the fake's token endpoint, the way any OAuth client asks for one. */
export async function accessToken(fake: TeamsFake, secret = APP_PASSWORD): Promise<Response> {
  return fetch(`${fake.env.TEAMS_LOGIN_URL}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: APP_ID,
      client_secret: secret,
      scope: 'https://api.botframework.com/.default',
    }),
  });
}

/** botbuilder's ConnectorClient for the fake, made the way CloudAdapter makes it for a turn. */
export async function connectorFor(fake: TeamsFake): Promise<ConnectorClient> {
  const auth = await botAuthentication(fake);
  const activity = { type: 'message', channelId: 'msteams', serviceUrl: fake.serviceUrl } as Activity;
  const result = await auth.authenticateRequest(activity, `Bearer ${fake.mintChannelToken()}`);
  if (!result.connectorFactory) throw new Error('botbuilder gave no connector factory');
  return result.connectorFactory.create(fake.serviceUrl, result.audience);
}

/** The Adaptive Card attachment of an approval card. */
export const approvalCard = (title: string) => ({
  contentType: 'application/vnd.microsoft.card.adaptive',
  content: {
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: title, weight: 'Bolder' },
      { type: 'FactSet', facts: [{ title: 'Database', value: 'shop (prod)' }] },
    ],
    actions: [
      { type: 'Action.Execute', title: 'Approve', verb: 'approve', data: { issueId: 42 } },
      { type: 'Action.Execute', title: 'Reject', verb: 'reject', data: { issueId: 42 } },
    ],
  },
});
