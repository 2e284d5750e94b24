// Outbox repository: rows written inside the causing transaction, read by the delivery worker.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DomainEvent } from '../../src/core/ports/events.ts';
import type { OutboxEntry, OutboxRepository, OutboxStatus } from '../../src/core/ports/outbox.ts';
import type { Db } from '../client.ts';
import { outbox } from '../schema/index.ts';

function toEntry(r: typeof outbox.$inferSelect): OutboxEntry {
  return {
    id: Number(r.id),
    issueId: r.issueId,
    event: r.event as DomainEvent,
    status: r.status as OutboxStatus,
    attempts: r.attempts,
    lastError: r.lastError,
    effects: (r.effects ?? {}) as Record<string, unknown>,
    createdAt: r.createdAt,
    deliveredAt: r.deliveredAt,
  };
}

export function outboxRepository(db: Db): OutboxRepository {
  return {
    async add(events) {
      if (events.length === 0) return;
      await db.insert(outbox).values(
        events.map((event) => ({
          issueId: 'issueId' in event ? event.issueId : null,
          event,
        })),
      );
    },
    async undelivered(issueId) {
      const rows = await db
        .select()
        .from(outbox)
        .where(and(eq(outbox.issueId, issueId), inArray(outbox.status, ['pending', 'running', 'failed'])))
        .orderBy(asc(outbox.id));
      return rows.map(toEntry);
    },
  };
}
