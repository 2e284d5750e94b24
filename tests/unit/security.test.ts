// Secret sealing, key handling, token hashing and log redaction.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { createLogger, scrubCredentials } from '../../src/logger.ts';
import { createSecretBox, keyFromSecret, loadOrCreateKeyFile } from '../../src/security/secret-box.ts';
import { hashToken, mintToken } from '../../src/security/tokens.ts';

describe('secret box', () => {
  const box = createSecretBox(keyFromSecret('a long passphrase for tests'));

  it('round-trips, never stores the plain text and uses a fresh nonce each time', () => {
    const url = 'postgres://app:hunter2@db:5432/x';
    const a = box.seal(url);
    const b = box.seal(url);
    expect(a).not.toContain('hunter2');
    expect(a).not.toBe(b);
    expect(box.open(a)).toBe(url);
    expect(box.digest(url)).toBe(box.digest(url));
    expect(box.digest(url)).not.toBe(box.digest(`${url}/`));
  });

  it('refuses tampered data and a different key', () => {
    const sealed = box.seal('secret');
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => box.open(parts.join(':'))).toThrow(/wrong SECRET_KEY or tampered/);
    expect(() => createSecretBox(keyFromSecret('another passphrase!!')).open(sealed)).toThrow(
      /cannot be opened/,
    );
  });

  it('accepts hex and base64 keys as they are and refuses short passphrases', () => {
    expect(keyFromSecret('ab'.repeat(32))).toEqual(Buffer.alloc(32, 0xab));
    expect(keyFromSecret(Buffer.alloc(32, 3).toString('base64'))).toEqual(Buffer.alloc(32, 3));
    expect(() => keyFromSecret('short')).toThrow(/at least 16/);
  });

  it('generates a key file readable only by its owner, and reuses it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'key-')), 'secret.key');
    const first = loadOrCreateKeyFile(file);
    expect(first.created).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = loadOrCreateKeyFile(file);
    expect(second).toEqual({ key: first.key, created: false });
    expect(readFileSync(file, 'utf8').trim()).toHaveLength(64);
  });
});

describe('tokens', () => {
  it('mints distinct prefixed tokens and hashes them deterministically', () => {
    const t = mintToken();
    expect(t).toMatch(/^bbt_[A-Za-z0-9_-]{32}$/);
    expect(mintToken()).not.toBe(t);
    expect(hashToken(t)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(t)).toBe(hashToken(t));
  });
});

describe('logger', () => {
  it('redacts secret fields and scrubs credentials from URLs in messages and errors', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const log = createLogger('info', sink);
    log.info(
      { password: 'pw1', instance: { url: 'mysql://root:pw2@h/db', token: 'xoxb-3' } },
      'connecting to postgres://u:pw4@h/db',
    );
    log.error({ err: new Error('failed postgres://u:pw5@h/db') }, 'boom');
    const out = lines.join('');
    for (const secret of ['pw1', 'pw2', 'xoxb-3', 'pw4', 'pw5']) expect(out).not.toContain(secret);
    expect(out).toContain('postgres://u:***@h/db');
    expect(scrubCredentials('x mysql://a:b@c y')).toBe('x mysql://a:***@c y');
  });
});

describe('config', () => {
  it('applies defaults and explains every invalid variable', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, demo: 'auto', databaseUrl: undefined });
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })).toThrow(
      /PORT: .*\n.*DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL\n.*LOG_LEVEL/s,
    );
  });
});
