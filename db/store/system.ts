// Audit, inbound delivery and settings repositories over drizzle.
import { and, desc, eq, gte, inArray, like, lt, type SQL, sql } from 'drizzle-orm';
import type { AuditEntry } from '../../src/core/model/workspace.ts';
import type { AuditRepository, DeliveryRepository, SettingsRepository } from '../../src/core/ports/store.ts';
import type { Db } from '../client.ts';
import { auditLog, inboundDeliveries, settings } from '../schema/index.ts';

/** The project of an issue, task or database resource, read in the same insert. */
function projectOf(entry: AuditEntry): SQL | null {
  const id = entry.resourceId;
  if (id === null) return null;
  if (entry.resourceType === 'issue' && /^\d{1,10}$/.test(id))
    return sql`(select project_id from issues where id = ${Number(id)})`;
  if (entry.resourceType === 'task' && /^\d{1,10}$/.test(id))
    return sql`(select i.project_id from tasks t join issues i on i.id = t.issue_id where t.id = ${Number(id)})`;
  if (entry.resourceType === 'database' && id.includes('/')) {
    const [instance, ...name] = id.split('/');
    return sql`(select d.project_id from databases d join instances n on n.id = d.instance_id
      where n.key = ${instance} and d.name = ${name.join('/')})`;
  }
  return null;
}

export function auditRepository(db: Db): AuditRepository {
  return {
    async append(entry) {
      await db.insert(auditLog).values({ ...entry, projectId: entry.projectId ?? projectOf(entry) });
    },
    async list(filter = {}) {
      const action = filter.action;
      const where = and(
        filter.resourceType === undefined ? undefined : eq(auditLog.resourceType, filter.resourceType),
        filter.resourceId === undefined ? undefined : eq(auditLog.resourceId, filter.resourceId),
        filter.actorId === undefined ? undefined : eq(auditLog.actorId, filter.actorId),
        action === undefined
          ? undefined
          : action.endsWith('.*')
            ? like(auditLog.action, `${action.slice(0, -2).replace(/[\\%_]/g, '\\$&')}.%`)
            : eq(auditLog.action, action),
        filter.since === undefined ? undefined : gte(auditLog.at, filter.since),
        filter.until === undefined ? undefined : lt(auditLog.at, filter.until),
        filter.projectIds === undefined
          ? undefined
          : filter.projectIds.length === 0
            ? sql`false`
            : inArray(auditLog.projectId, filter.projectIds),
        filter.beforeId === undefined ? undefined : lt(auditLog.id, filter.beforeId),
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
