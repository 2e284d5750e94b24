// Tokens the platform issues: tenant access tokens (2 h, reused while 30 min are left) and card callback tokens.
import { newCallbackToken, tenantTokenFor } from './ids.ts';
import type { Clock } from './types.ts';

/** Tenant access tokens live two hours; asking again with 30 minutes or more left returns the same one. */
export const TENANT_TOKEN_TTL_SECONDS = 7200;
const TOKEN_REISSUE_BELOW_MS = 30 * 60 * 1000;
/** Card callback tokens (delayed update) work for 30 minutes and at most twice. */
export const CALLBACK_TOKEN_TTL_MS = 30 * 60 * 1000;
export const CALLBACK_TOKEN_MAX_USES = 2;

interface IssuedToken {
  token: string;
  expiresAt: number;
  revoked: boolean;
}

/** A delayed-update token handed out with a card callback. */
export interface CallbackToken {
  token: string;
  messageId: string;
  openId: string;
  createdAt: number;
  uses: number;
  /** Set once the service's HTTP answer to the callback arrived; earlier updates do not stick. */
  answered: boolean;
}

export class TenantTokens {
  private readonly issued: IssuedToken[] = [];
  private generation = 0;

  constructor(
    private readonly appId: string,
    private readonly appSecret: string,
    private readonly clock: Clock,
  ) {}

  /** Issues (or re-answers) the tenant access token; returns it with its remaining seconds. */
  issue(): { token: string; expire: number } {
    const now = this.clock();
    const current = this.issued.at(-1);
    if (current && !current.revoked && current.expiresAt - now >= TOKEN_REISSUE_BELOW_MS) {
      return { token: current.token, expire: Math.floor((current.expiresAt - now) / 1000) };
    }
    this.generation += 1;
    const token = tenantTokenFor(this.appId, this.appSecret, this.generation);
    this.issued.push({ token, expiresAt: now + TENANT_TOKEN_TTL_SECONDS * 1000, revoked: false });
    return { token, expire: TENANT_TOKEN_TTL_SECONDS };
  }

  isValid(token: string): boolean {
    const now = this.clock();
    return this.issued.some((t) => t.token === token && !t.revoked && t.expiresAt > now);
  }

  /** Revokes every issued token (as after an app secret reset). */
  revokeAll(): void {
    for (const token of this.issued) token.revoked = true;
  }
}

export class CallbackTokens {
  private readonly tokens = new Map<string, CallbackToken>();

  constructor(private readonly clock: Clock) {}

  mint(messageId: string, openId: string): CallbackToken {
    const entry: CallbackToken = {
      token: newCallbackToken(),
      messageId,
      openId,
      createdAt: this.clock(),
      uses: 0,
      answered: false,
    };
    this.tokens.set(entry.token, entry);
    return entry;
  }

  get(token: string): CallbackToken | undefined {
    return this.tokens.get(token);
  }
}
