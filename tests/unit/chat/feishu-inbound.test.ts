// Feishu verify/decrypt/parse units, and the boundary that keeps them free of core imports.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandText, parseFeishuBody } from '../../../adapters/chat/feishu/parse.ts';
import {
  decryptFeishuBody,
  signFeishuBody,
  tokenOf,
  verifyFeishuSignature,
  verifyFeishuToken,
} from '../../../adapters/chat/feishu/verify.ts';

const key = 'unit-encrypt-key';
const now = 1_700_000_000_000;
const ts = String(now / 1000);
const nonce = 'n0nce';
const body = '{"encrypt":"abc"}';
const check = (over: Partial<Parameters<typeof verifyFeishuSignature>[0]>) =>
  verifyFeishuSignature({
    encryptKey: key,
    timestamp: ts,
    nonce,
    signature: signFeishuBody(key, ts, nonce, body),
    rawBody: body,
    nowMs: now,
    ...over,
  });

/** Encrypts as the platform documents it: AES-256-CBC, key SHA-256(encrypt key), base64(iv ‖ ciphertext). */
function encrypt(encryptKey: string, plain: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', createHash('sha256').update(encryptKey).digest(), iv);
  return Buffer.concat([iv, cipher.update(plain, 'utf8'), cipher.final()]).toString('base64');
}

describe('verifyFeishuSignature', () => {
  it('accepts sha256(timestamp + nonce + key + raw body) inside the window', () => {
    expect(signFeishuBody(key, ts, nonce, body)).toBe(
      createHash('sha256').update(`${ts}${nonce}${key}${body}`).digest('hex'),
    );
    expect(check({})).toEqual({ ok: true });
    expect(check({ nowMs: now + 300_000 })).toEqual({ ok: true });
    expect(check({ nowMs: now - 300_000 })).toEqual({ ok: true });
  });
  it('refuses stale, future, re-serialised, tampered, wrongly keyed and unsigned requests', () => {
    expect(check({ nowMs: now + 301_000 })).toEqual({
      ok: false,
      reason: 'timestamp outside the 5-minute window',
    });
    expect(check({ nowMs: now - 301_000 }).ok).toBe(false);
    // Same JSON, other bytes: only the exact body received is signed.
    expect(check({ rawBody: '{ "encrypt": "abc" }' }).ok).toBe(false);
    expect(check({ nonce: 'other' }).ok).toBe(false);
    expect(check({ signature: signFeishuBody('other-key', ts, nonce, body) }).ok).toBe(false);
    expect(check({ signature: null }).ok).toBe(false);
    expect(check({ timestamp: null }).ok).toBe(false);
    expect(check({ nonce: null }).ok).toBe(false);
    expect(check({ timestamp: '17e8' }).ok).toBe(false);
    expect(check({ signature: 'abc' }).ok).toBe(false);
  });
});

describe('decryptFeishuBody', () => {
  it('decrypts what the platform encrypts and refuses another key or garbage', () => {
    const event = { schema: '2.0', header: { event_id: 'e1', token: 't' } };
    const sealed = encrypt(key, JSON.stringify(event));
    expect(decryptFeishuBody(key, sealed)).toEqual(event);
    expect(decryptFeishuBody('other-key', sealed)).toBeNull();
    expect(decryptFeishuBody(key, 'bm90IGVuY3J5cHRlZA==')).toBeNull();
    expect(decryptFeishuBody(key, encrypt(key, '[1,2]'))).toBeNull();
  });
});

describe('verification token', () => {
  it('reads header.token in schema 2.0 and the top-level token otherwise, and compares them', () => {
    const v2 = { schema: '2.0', header: { token: 'tok' }, token: 'ignored' };
    const challenge = { type: 'url_verification', challenge: 'c', token: 'tok' };
    expect(tokenOf(v2)).toBe('tok');
    expect(tokenOf(challenge)).toBe('tok');
    expect(verifyFeishuToken('tok', v2)).toEqual({ ok: true });
    expect(verifyFeishuToken('tok', challenge)).toEqual({ ok: true });
    expect(verifyFeishuToken('tok', { ...v2, header: { token: 'tok2' } }).ok).toBe(false);
    expect(verifyFeishuToken('tok', { schema: '2.0', header: {}, token: 'tok' }).ok).toBe(false);
    expect(verifyFeishuToken('tok', { type: 'url_verification', challenge: 'c' }).ok).toBe(false);
  });
});

describe('parseFeishuBody', () => {
  const envelope = (type: string, event: unknown) => ({
    schema: '2.0',
    header: { event_id: 'ev1', event_type: type, token: 't' },
    event,
  });
  it('reads the challenge, card callbacks with their form values, and says what it does not support', () => {
    expect(parseFeishuBody({ type: 'url_verification', challenge: 'abc', token: 't' })).toEqual({
      kind: 'url_verification',
      challenge: 'abc',
    });
    const click = envelope('card.action.trigger', {
      operator: { open_id: 'ou_1' },
      action: { value: { action: 'reason', key: '3:0:0' }, form_value: { reason: 'no' }, tag: 'button' },
      context: { open_message_id: 'om_1', open_chat_id: 'oc_1' },
    });
    expect(parseFeishuBody(click)).toEqual({
      kind: 'card_action',
      eventId: 'ev1',
      openId: 'ou_1',
      value: { action: 'reason', key: '3:0:0' },
      formValue: { reason: 'no' },
      messageId: 'om_1',
      chatId: 'oc_1',
    });
    expect(parseFeishuBody(envelope('card.action.trigger', { action: {} })).kind).toBe('unsupported');
    expect(parseFeishuBody(envelope('contact.user.created_v3', {}))).toEqual({
      kind: 'event',
      eventId: 'ev1',
      type: 'contact.user.created_v3',
    });
    expect(parseFeishuBody({ type: 'event_callback', event: {} }).kind).toBe('unsupported');
    expect(parseFeishuBody({ schema: '2.0', header: { event_type: 'x' } }).kind).toBe('unsupported');
  });
  it('reads a message to the bot with its mention placeholders removed', () => {
    const parsed = parseFeishuBody(
      envelope('im.message.receive_v1', {
        sender: { sender_id: { open_id: 'ou_1' }, sender_type: 'user' },
        message: {
          message_id: 'om_1',
          chat_id: 'oc_1',
          chat_type: 'group',
          message_type: 'text',
          content: JSON.stringify({ text: '@_user_1  /bytebase history shop prod' }),
          mentions: [{ key: '@_user_1', id: { open_id: 'ou_bot' }, name: 'Bytebase' }],
        },
      }),
    );
    expect(parsed).toEqual({
      kind: 'message',
      eventId: 'ev1',
      openId: 'ou_1',
      senderType: 'user',
      messageId: 'om_1',
      chatId: 'oc_1',
      chatType: 'group',
      messageType: 'text',
      text: '/bytebase history shop prod',
      mentioned: true,
    });
  });
  it('takes a command with or without /bytebase', () => {
    expect(commandText('/bytebase history shop prod')).toBe('history shop prod');
    expect(commandText('history shop prod')).toBe('history shop prod');
    expect(commandText('/ByteBase')).toBe('');
    expect(commandText('bytebasement x')).toBe('bytebasement x');
  });
});

describe('inbound boundary', () => {
  it('keeps verify.ts and parse.ts free of core and store imports', () => {
    for (const file of ['verify.ts', 'parse.ts']) {
      const source = readFileSync(new URL(`../../../adapters/chat/feishu/${file}`, import.meta.url), 'utf8');
      const imports = [...source.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]!);
      expect(imports.filter((i) => !i.startsWith('node:') && i !== '@larksuiteoapi/node-sdk')).toEqual([]);
    }
  });
});
