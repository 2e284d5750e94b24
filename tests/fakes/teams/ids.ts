// Id formats Teams uses: numeric message ids, "a:" personal chat ids and ";messageid=" thread conversation ids.
import { randomBytes } from 'node:crypto';

let lastMessageId = 0;

/** A channel or chat message id: milliseconds since the epoch, strictly increasing, as Teams hands them out. */
export function nextMessageId(): string {
  lastMessageId = Math.max(Date.now(), lastMessageId + 1);
  return String(lastMessageId);
}

/** A personal (1:1) conversation id, "a:1" followed by an opaque token. */
export function personalConversationId(): string {
  return `a:1${randomBytes(24).toString('base64url')}`;
}

/** An invoke activity id, "f:" followed by digits, as Teams sends them. */
export function invokeActivityId(): string {
  return `f:${BigInt(`0x${randomBytes(8).toString('hex')}`).toString()}`;
}

/** Splits "19:x@thread.tacv2;messageid=123" into the channel id and the thread root. */
export function parseConversationId(id: string): { base: string; root: string | null } {
  const at = id.indexOf(';messageid=');
  return at < 0
    ? { base: id, root: null }
    : { base: id.slice(0, at), root: id.slice(at + ';messageid='.length) };
}

/** The conversation id of a channel thread. */
export function threadConversationId(channelId: string, rootId: string): string {
  return `${channelId};messageid=${rootId}`;
}
