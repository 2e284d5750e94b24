// Identifier formats Feishu uses (om_ messages, omt_ threads, oc_ chats, c- callback tokens), random per fake.
import { createHash, randomBytes } from 'node:crypto';

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export const newMessageId = () => `om_${hex(16)}`;
export const newThreadId = () => `omt_${hex(8)}`;
export const newChatId = () => `oc_${hex(16)}`;
export const newEventId = () => hex(16);
export const newCallbackToken = () => `c-${hex(20)}`;
export const newNonce = () => hex(8);
export const newLogId = () => `${Date.now()}${hex(8).toUpperCase()}`;

/**
 * The tenant access token of an app's n-th issue. Derived from the credentials so that a fake
 * started again with the same app answers a token the SDK cached from an earlier fake, exactly as
 * Feishu keeps honouring a token for its whole lifetime (the SDK's cache is process-wide).
 */
export function tenantTokenFor(appId: string, appSecret: string, generation: number): string {
  return `t-${createHash('sha256').update(`${appId}\n${appSecret}\n${generation}`).digest('hex').slice(0, 40)}`;
}
