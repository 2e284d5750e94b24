// IdentityProvider port: single sign-on at an OpenID Connect provider (GitLab), seen as two steps of one sign-in.

/** What a sign-in under way must prove at the callback: the values sent with the authorization request. */
export interface AuthorizationChecks {
  /** The `state` sent to the provider; the callback must echo it. */
  state: string;
  /** The `nonce` sent to the provider; the ID token must carry it. */
  nonce: string;
  /** The PKCE verifier whose S256 challenge was sent to the provider. */
  codeVerifier: string;
}

/** The identity the provider vouched for, from the verified ID token (and its userinfo endpoint where needed). */
export interface IdentityClaims {
  /** The provider's stable id of the user (`sub`). */
  subject: string;
  /** The user's email, or null when the provider did not share one. */
  email: string | null;
  /** Whether the provider says it verified that email (`email_verified` true). */
  emailVerified: boolean;
  /** The user's display name, or null. */
  name: string | null;
}

/** Why a provider step failed; the message is safe to show to the person signing in. */
export type IdentityProviderErrorKind =
  /** The provider answered the sign-in with an error (the user denied access, a bad request). */
  | 'denied'
  /** The provider's answer did not verify (token exchange refused, bad signature, wrong nonce or audience). */
  | 'invalid_response'
  /** The provider could not be reached or answered with a server error. */
  | 'unavailable';

/** A failure of the provider or of its answer, translated from the client library's errors. */
export class IdentityProviderError extends Error {
  constructor(
    readonly kind: IdentityProviderErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IdentityProviderError';
  }
}

export interface IdentityProvider {
  /** Short name of the protocol for audit rows and logs, e.g. `oidc`. */
  readonly kind: string;
  /** What the sign-in button says, e.g. `GitLab`. */
  readonly name: string;
  /**
   * The provider's authorization URL to send the browser to, asking for a code with this state, nonce and S256
   * PKCE challenge. Throws IdentityProviderError when the provider's metadata cannot be loaded.
   */
  authorizationUrl(input: { state: string; nonce: string; codeChallenge: string }): Promise<URL>;
  /**
   * Exchanges the code of the callback URL (the provider's redirect, with its query) for tokens, verifies the ID
   * token against the checks and answers the claims. Throws IdentityProviderError for anything the provider
   * refused or that did not verify.
   */
  exchange(callbackUrl: URL, checks: AuthorizationChecks): Promise<IdentityClaims>;
}
