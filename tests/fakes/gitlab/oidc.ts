// GitLab as an OpenID Connect provider (Doorkeeper): discovery, authorize, token with PKCE, userinfo, JWKS, ID tokens.
import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { parseBody, type Reply } from './http.ts';
import type { UserRecord } from './records.ts';
import type { GitLabStore } from './state.ts';

/** An OAuth application as registered in GitLab (User settings → Applications). */
export interface OidcApplication {
  clientId: string;
  clientSecret: string;
  /** The redirect URIs of the application; the authorization request must name one exactly. */
  redirectUris: string[];
  /** The scopes the application was given; default `openid profile email`. */
  scopes?: string[];
}

/** How the signed-in GitLab user answers the next authorization requests. */
export interface OidcSignInOptions {
  /** `email_verified`; default true. */
  verified?: boolean;
  /** Display name for a user the fake does not know yet (default the email's local part). */
  name?: string;
  /** Press "Deny": the browser is sent back with `error=access_denied`. */
  deny?: boolean;
  /** Leave `email` and `email_verified` out of the ID token, so only userinfo answers them. */
  omitEmailFromIdToken?: boolean;
  /** Sign the ID token with a key that is not in the JWKS (under the published key's id): a forged token. */
  forgeSignature?: boolean;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  nonce: string | undefined;
  challenge: { value: string; method: 'S256' | 'plain' } | undefined;
  user: UserRecord;
  options: OidcSignInOptions;
  expiresAt: number;
  /** The access token the code was exchanged for; a second exchange revokes it. */
  accessToken: string | null;
}

const PATHS = new Set([
  '/.well-known/openid-configuration',
  '/oauth/authorize',
  '/oauth/token',
  '/oauth/userinfo',
  '/oauth/discovery/keys',
]);

// Doorkeeper's wording of each OAuth error.
const DESCRIPTIONS: Record<string, string> = {
  invalid_client:
    'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  invalid_grant:
    'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  unsupported_grant_type: 'The authorization grant type is not supported by the authorization server.',
  access_denied: 'The resource owner or authorization server denied the request.',
  invalid_scope: 'The requested scope is invalid, unknown, or malformed.',
  unsupported_response_type: 'The authorization server does not support this response type.',
  invalid_redirect_uri: "The requested redirect uri is malformed or doesn't match client redirect URI.",
  invalid_token: 'The access token is invalid',
};

const oauthError = (status: number, error: string, description = DESCRIPTIONS[error] ?? error): Reply => ({
  status,
  json: { error, error_description: description },
  headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
});

const html = (status: number, body: string): Reply => ({
  status,
  text: `<!doctype html><html><head><title>GitLab</title></head><body>${body}</body></html>`,
  headers: { 'content-type': 'text/html; charset=utf-8' },
});

const escapeHtml = (v: string) => v.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const secret = () => randomBytes(32).toString('hex');

/**
 * The OpenID Connect side of the fake. The browser's GitLab session is one signed-in user for the whole fake:
 * `signInAs(email)` signs someone in, and `/oauth/authorize` then approves at once (as GitLab does for an
 * application the user already authorized). With nobody signed in, it answers a page with one "Sign in as"
 * button per known user, which a browser can press without typing.
 */
export class GitLabOidc {
  /** Lifetime of an authorization code (GitLab: 10 minutes). */
  codeLifetimeMs = 10 * 60_000;
  /** Lifetime of an ID token (GitLab: 120 seconds). */
  idTokenLifetimeSeconds = 120;
  private readonly applications = new Map<string, OidcApplication>();
  private readonly codes = new Map<string, Grant>();
  private readonly accessTokens = new Map<string, Grant>();
  private signedIn: { user: UserRecord; options: OidcSignInOptions } | null = null;
  private keys: Promise<{ privateKey: CryptoKey; jwk: JWK }> | null = null;

  constructor(private readonly store: GitLabStore) {}

  addApplication(app: OidcApplication): void {
    this.applications.set(app.clientId, app);
  }

  /** Signs a user in to the fake's browser session (created when unknown); the next authorizations are theirs. */
  signInAs(email: string, options: OidcSignInOptions = {}): UserRecord {
    const user = this.store.userByEmail({ name: options.name ?? email.split('@')[0]!, email });
    this.signedIn = { user, options };
    return user;
  }

  signOut(): void {
    this.signedIn = null;
  }

  /** How many authorization codes were issued and not yet exchanged. */
  get pendingCodes(): number {
    return [...this.codes.values()].filter((grant) => grant.accessToken === null).length;
  }

  handles(rawPath: string): boolean {
    return PATHS.has(rawPath);
  }

  async answer(
    method: string,
    rawPath: string,
    query: URLSearchParams,
    headers: IncomingHttpHeaders,
    body: Buffer,
  ): Promise<{ reply: Reply; parsed?: Record<string, unknown> }> {
    const parsed =
      (await parseBody(String(headers['content-type'] ?? ''), body).catch(() => undefined)) ?? {};
    const params = new Map<string, string>([...query.entries()]);
    for (const [key, value] of Object.entries(parsed)) if (typeof value === 'string') params.set(key, value);
    const route = `${method} ${rawPath}`;
    let reply: Reply;
    if (route === 'GET /.well-known/openid-configuration') reply = { status: 200, json: this.metadata() };
    else if (route === 'GET /oauth/discovery/keys')
      reply = { status: 200, json: { keys: [(await this.key()).jwk] } };
    else if (route === 'GET /oauth/authorize' || route === 'POST /oauth/authorize')
      reply = this.authorize(params);
    else if (route === 'POST /oauth/token') reply = await this.token(params, headers);
    else if (route === 'GET /oauth/userinfo' || route === 'POST /oauth/userinfo')
      reply = this.userinfo(headers);
    else reply = { status: 404, text: 'Not Found', headers: { 'content-type': 'text/plain' } };
    return { reply, parsed };
  }

  // https://docs.gitlab.com/integration/openid_connect_provider/ (GitLab's discovery document, trimmed to what
  // this fake serves: no revocation, introspection or refresh-token grant)
  private metadata() {
    const base = this.store.baseUrl;
    return {
      issuer: base,
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      userinfo_endpoint: `${base}/oauth/userinfo`,
      jwks_uri: `${base}/oauth/discovery/keys`,
      scopes_supported: ['api', 'read_api', 'read_user', 'read_repository', 'openid', 'profile', 'email'],
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'fragment', 'form_post'],
      grant_types_supported: ['authorization_code'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      claim_types_supported: ['normal'],
      claims_supported: [
        'iss',
        'sub',
        'aud',
        'exp',
        'iat',
        'sub_legacy',
        'name',
        'nickname',
        'preferred_username',
        'email',
        'email_verified',
        'website',
        'profile',
        'picture',
        'groups',
        'groups_direct',
      ],
      code_challenge_methods_supported: ['plain', 'S256'],
    };
  }

  private key() {
    this.keys ??= (async () => {
      const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
      const jwk = await exportJWK(publicKey);
      return {
        privateKey,
        jwk: { ...jwk, kid: await calculateJwkThumbprint(jwk), use: 'sig', alg: 'RS256' },
      };
    })();
    return this.keys;
  }

  private authorize(params: Map<string, string>): Reply {
    const app = this.applications.get(params.get('client_id') ?? '');
    if (!app) return html(401, `<p>An error has occurred</p><p>${DESCRIPTIONS.invalid_client}</p>`);
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!app.redirectUris.includes(redirectUri))
      return html(400, `<p>An error has occurred</p><p>${DESCRIPTIONS.invalid_redirect_uri}</p>`);
    const back = (values: Record<string, string>): Reply => {
      const url = new URL(redirectUri);
      for (const [key, value] of Object.entries(values)) url.searchParams.set(key, value);
      const state = params.get('state');
      if (state !== undefined) url.searchParams.set('state', state);
      return { status: 302, text: '', headers: { location: url.href, 'content-type': 'text/html' } };
    };
    const refuse = (error: string) => back({ error, error_description: DESCRIPTIONS[error] ?? error });
    if (params.get('response_type') !== 'code') return refuse('unsupported_response_type');
    const scopes = (params.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
    const granted = app.scopes ?? ['openid', 'profile', 'email'];
    if (scopes.length === 0 || scopes.some((scope) => !granted.includes(scope)))
      return refuse('invalid_scope');
    const method = params.get('code_challenge_method') ?? 'plain';
    const challenge = params.get('code_challenge');
    if (challenge !== undefined && method !== 'S256' && method !== 'plain')
      return back({
        error: 'invalid_request',
        error_description: 'The code challenge method must be plain or S256.',
      });
    const login = params.get('login');
    if (login) this.signInAs(login);
    if (!this.signedIn) return this.signInPage(params);
    const { user, options } = this.signedIn;
    if (options.deny) return refuse('access_denied');
    const code = secret();
    this.codes.set(code, {
      clientId: app.clientId,
      redirectUri,
      scopes,
      nonce: params.get('nonce'),
      challenge:
        challenge === undefined ? undefined : { value: challenge, method: method as 'S256' | 'plain' },
      user,
      options,
      expiresAt: this.store.clock() + this.codeLifetimeMs,
      accessToken: null,
    });
    return back({ code });
  }

  /** GitLab's sign-in form stands here as one button per known user, carrying the authorization request on. */
  private signInPage(params: Map<string, string>): Reply {
    const hidden = [...params]
      .filter(([key]) => key !== 'login')
      .map(([key, value]) => `<input type="hidden" name="${escapeHtml(key)}" value="${escapeHtml(value)}">`)
      .join('');
    const buttons = this.store
      .listUsers()
      .map(
        (user) =>
          `<button type="submit" name="login" value="${escapeHtml(user.email)}">Sign in as ${escapeHtml(user.name)} (${escapeHtml(user.email)})</button>`,
      )
      .join('');
    return html(
      200,
      `<h1>Sign in to GitLab</h1><form method="post" action="/oauth/authorize">${hidden}${buttons}</form>`,
    );
  }

  /** RFC 6749 §2.3.1: client_secret_basic (form-encoded id and secret) or client_secret_post. */
  private client(params: Map<string, string>, headers: IncomingHttpHeaders): OidcApplication | null {
    const basic = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
    let id = params.get('client_id');
    let key = params.get('client_secret');
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const at = decoded.indexOf(':');
      const form = (v: string) => decodeURIComponent(v.replace(/\+/g, ' '));
      id = form(decoded.slice(0, at));
      key = form(decoded.slice(at + 1));
    }
    const app = this.applications.get(id ?? '');
    return app && key === app.clientSecret ? app : null;
  }

  private async token(params: Map<string, string>, headers: IncomingHttpHeaders): Promise<Reply> {
    const app = this.client(params, headers);
    if (!app) {
      const reply = oauthError(401, 'invalid_client');
      reply.headers!['www-authenticate'] = 'Basic realm="Doorkeeper"';
      return reply;
    }
    if (params.get('grant_type') !== 'authorization_code') return oauthError(400, 'unsupported_grant_type');
    const code = params.get('code');
    if (!code) return oauthError(400, 'invalid_request', 'Missing required parameter: code.');
    const grant = this.codes.get(code);
    if (!grant || grant.clientId !== app.clientId || grant.redirectUri !== params.get('redirect_uri'))
      return oauthError(400, 'invalid_grant');
    if (grant.accessToken !== null) {
      // A code used twice: refuse it and revoke what the first use got (RFC 6749 §4.1.2).
      this.accessTokens.delete(grant.accessToken);
      return oauthError(400, 'invalid_grant');
    }
    if (grant.expiresAt <= this.store.clock()) return oauthError(400, 'invalid_grant');
    if (grant.challenge) {
      const verifier = params.get('code_verifier');
      if (!verifier) return oauthError(400, 'invalid_request', 'Missing required parameter: code_verifier.');
      const computed =
        grant.challenge.method === 'S256'
          ? createHash('sha256').update(verifier).digest('base64url')
          : verifier;
      if (computed !== grant.challenge.value) return oauthError(400, 'invalid_grant');
    }
    const accessToken = secret();
    grant.accessToken = accessToken;
    this.accessTokens.set(accessToken, grant);
    const now = Math.floor(this.store.clock() / 1000);
    const answer: Record<string, unknown> = {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: 7200,
      scope: grant.scopes.join(' '),
      created_at: now,
    };
    if (grant.scopes.includes('openid')) answer.id_token = await this.idToken(grant, now);
    return { status: 200, json: answer, headers: { 'cache-control': 'no-store', pragma: 'no-cache' } };
  }

  private claims(grant: Grant) {
    const { user, options } = grant;
    return {
      sub: String(user.id),
      sub_legacy: createHash('sha256').update(`user-${user.id}`).digest('hex'),
      name: user.name,
      nickname: user.username,
      preferred_username: user.username,
      // With the email scope GitLab shares the primary email, otherwise only the public one.
      email: grant.scopes.includes('email') ? user.email : (user.publicEmail ?? undefined),
      email_verified: options.verified ?? true,
      website: '',
      profile: `${this.store.baseUrl}/${user.username}`,
      picture: `${this.store.baseUrl}/uploads/-/system/user/avatar/${user.id}/avatar.png`,
      groups_direct: [] as string[],
    };
  }

  private async idToken(grant: Grant, now: number): Promise<string> {
    const { privateKey, jwk } = await this.key();
    const claims: Record<string, unknown> = { ...this.claims(grant), auth_time: now };
    if (grant.nonce !== undefined) claims.nonce = grant.nonce;
    if (grant.options.omitEmailFromIdToken || claims.email === undefined) {
      delete claims.email;
      delete claims.email_verified;
    }
    const key = grant.options.forgeSignature ? (await generateKeyPair('RS256')).privateKey : privateKey;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: jwk.kid!, typ: 'JWT' })
      .setIssuer(this.store.baseUrl)
      .setAudience(grant.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + this.idTokenLifetimeSeconds)
      .sign(key);
  }

  private userinfo(headers: IncomingHttpHeaders): Reply {
    const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '');
    const grant = bearer ? this.accessTokens.get(bearer[1]!) : undefined;
    if (!grant) {
      const reply = oauthError(401, 'invalid_token');
      reply.headers!['www-authenticate'] =
        `Bearer realm="Doorkeeper", error="invalid_token", error_description="${DESCRIPTIONS.invalid_token}"`;
      return reply;
    }
    const { groups_direct, ...claims } = this.claims(grant);
    return { status: 200, json: { ...claims, groups: groups_direct } };
  }
}
