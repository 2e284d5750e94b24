// Audit, inbound delivery and settings repositories over drizzle.
import { and, desc, eq } from 'drizzle-orm';
import type { AuditRepository, DeliveryRepository, SettingsRepository } from '../../src/core/ports/store.ts';
import type { Db } from '../client.ts';
import { auditLog, inboundDeliveries, settings } from '../schema/index.ts';

export function auditRepository(db: Db): AuditRepository {
  return {
    async append(entry) {
      await db.insert(auditLog).values(entry);
    },
    async list(filter = {}) {
      const where = and(
        filter.resourceType === undefined ? undefined : eq(auditLog.resourceType, filter.resourceType),
        filter.resourceId === undefined ? undefined : eq(auditLog.resourceId, filter.resourceId),
      );
      const rows = await db
        .select()
        .from(auditLog)
        .where(where)
        .orderBy(desc(auditLog.id))
        .limit(filter.limit ?? 100);
      return rows.map((r) => ({ ...r, details: r.details as Record<string, unknown> }));
    },
  };
}

export function deliveryRepository(db: Db): DeliveryRepository {
  return {
    async record(source, deliveryId) {
      // The unique index decides: concurrent redeliveries race on it and exactly one insert wins.
      const rows = await db
        .insert(inboundDeliveries)
        .values({ source, deliveryId })
        .onConflictDoNothing()
        .returning({ id: inboundDeliveries.id });
      return rows.length === 1;
    },
  };
}

export function settingsRepository(db: Db): SettingsRepository {
  return {
    async get<T>(key: string) {
      const [row] = await db.select().from(settings).where(eq(settings.key, key));
      return row ? (row.value as T) : null;
    },
    async set(key, value) {
      await db
        .insert(settings)
        .values({ key, value })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
    },
  };
}
