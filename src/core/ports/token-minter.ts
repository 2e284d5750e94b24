// Token minter port: random API tokens, their stored hash and the prefix safe to display.

export interface TokenMinter {
  /** A new random token. */
  mint(): string;
  /** The stored form of a token. */
  hash(token: string): string;
  /** The part of a token safe to show in lists. */
  prefix(token: string): string;
}
