// SecretBox port: seals secrets (connection URLs, tokens) before they reach the store.

/** Authenticated encryption of small secrets; sealed text is safe to store, never to log. */
export interface SecretBox {
  /** Encrypts and authenticates a secret. */
  seal(plain: string): string;
  /** Decrypts a sealed secret; throws if it was tampered with or sealed under another key. */
  open(sealed: string): string;
  /** A keyed digest, to detect that a secret changed without decrypting the stored one. */
  digest(plain: string): string;
}
