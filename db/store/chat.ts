// Chat message references over drizzle (table chat_messages).
import { and, asc, eq } from 'drizzle-orm';
import type { ChatPlatform } from '../../src/core/model/workspace.ts';
import type { MessageRef } from '../../src/core/ports/chat-adapter.ts';
import type { ChatMessageKind, ChatMessageRepository } from '../../src/core/ports/chat-store.ts';
import type { Db } from '../client.ts';
import { chatMessages } from '../schema/index.ts';

export function chatMessageRepository(db: Db): ChatMessageRepository {
  const toRecord = (r: typeof chatMessages.$inferSelect) => ({
    id: r.id,
    issueId: r.issueId!,
    platform: r.platform as ChatPlatform,
    kind: r.kind as ChatMessageKind,
    // The channel is kept next to the platform's reference in the one JSON column.
    channel: (r.ref as { channel: string }).channel,
    ref: (r.ref as { ref: MessageRef }).ref,
  });
  return {
    async add(input) {
      const [row] = await db
        .insert(chatMessages)
        .values({
          issueId: input.issueId,
          platform: input.platform,
          kind: input.kind,
          ref: { channel: input.channel, ref: input.ref },
        })
        .returning();
      return toRecord(row!);
    },
    async list(issueId, filter = {}) {
      const rows = await db
        .select()
        .from(chatMessages)
        .where(
          and(
            eq(chatMessages.issueId, issueId),
            filter.platform === undefined ? undefined : eq(chatMessages.platform, filter.platform),
            filter.kind === undefined ? undefined : eq(chatMessages.kind, filter.kind),
          ),
        )
        .orderBy(asc(chatMessages.id));
      return rows.map(toRecord);
    },
    async update(id, channel, ref) {
      await db
        .update(chatMessages)
        .set({ ref: { channel, ref }, updatedAt: new Date() })
        .where(eq(chatMessages.id, id));
    },
  };
}
