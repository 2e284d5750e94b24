// AES-256-GCM secret box with a key from SECRET_KEY or a generated key file kept in the data dir.
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SecretBox } from '../core/ports/secret-box.ts';

const VERSION = 'v1';

/** Turns SECRET_KEY into 32 key bytes: 64 hex chars or 32 base64 bytes as is, anything else through scrypt. */
export function keyFromSecret(secret: string): Buffer {
  if (/^[0-9a-fA-F]{64}$/.test(secret)) return Buffer.from(secret, 'hex');
  const b64 = Buffer.from(secret, 'base64');
  if (b64.length === 32 && /^[A-Za-z0-9+/_-]{43}=?$/.test(secret)) return b64;
  if (secret.length < 16)
    throw new Error('SECRET_KEY must be at least 16 characters (or 32 bytes as hex/base64)');
  return scryptSync(secret, 'bytebase-im/secret-key/v1', 32);
}

/** Reads the key file, or creates one with a random key readable only by its owner. */
export function loadOrCreateKeyFile(path: string): { key: Buffer; created: boolean } {
  if (existsSync(path)) {
    const text = readFileSync(path, 'utf8').trim();
    return { key: keyFromSecret(text), created: false };
  }
  mkdirSync(dirname(path), { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return { key, created: true };
}

/** A SecretBox over a 32-byte key; each seal uses a fresh 96-bit nonce. */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('secret key must be 32 bytes');
  const encKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'bytebase-im/encrypt', 32));
  const macKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'bytebase-im/digest', 32));
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [VERSION, iv.toString('base64url'), tag.toString('base64url'), body.toString('base64url')].join(
        ':',
      );
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== VERSION || !iv || !tag || body === undefined)
        throw new Error('sealed secret has an unknown format');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        throw new Error('sealed secret cannot be opened: wrong SECRET_KEY or tampered data');
      }
    },
    digest(plain) {
      return createHmac('sha256', macKey).update(plain).digest('base64url');
    },
  };
}
