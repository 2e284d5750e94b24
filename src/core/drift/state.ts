// The recorded outcome of a database's last drift check, kept in the settings store so it can be shown offline.
import { z } from 'zod';
import type { SettingsRepository } from '../ports/store.ts';
import type { SchemaDiff } from './diff.ts';

export type DriftStatus = 'in_sync' | 'drifted' | 'no_baseline' | 'unreachable';

/** The migration whose recorded schema the live one is compared with. */
export interface DriftBaseline {
  historyId: number;
  version: string | null;
  issueId: number | null;
  at: Date;
}

/** One drift check of one database. */
export interface DriftOutcome {
  status: DriftStatus;
  checkedAt: Date;
  baseline: DriftBaseline | null;
  diff: SchemaDiff | null;
  error?: string;
  /** The principal who asked for the check. */
  checkedBy: number;
}

// What was written is read back through a schema: an older or damaged record reads as "never checked".
const recordSchema = z.object({
  status: z.enum(['in_sync', 'drifted', 'no_baseline', 'unreachable']),
  checkedAt: z.coerce.date(),
  baseline: z
    .object({
      historyId: z.number().int(),
      version: z.string().nullable(),
      issueId: z.number().int().nullable(),
      at: z.coerce.date(),
    })
    .nullable(),
  diff: z
    .object({
      added: z.array(z.string()),
      removed: z.array(z.string()),
      moreAdded: z.number().int(),
      moreRemoved: z.number().int(),
    })
    .nullable(),
  error: z.string().optional(),
  checkedBy: z.number().int(),
});

/** The settings key of a database's drift record; instance keys and database names are stable identifiers. */
export const driftKey = (instanceKey: string, database: string) => `drift.${instanceKey}.${database}`;

/** The last recorded drift check of a database, or null when none was recorded. */
export async function readDrift(
  settings: SettingsRepository,
  instanceKey: string,
  database: string,
): Promise<DriftOutcome | null> {
  const parsed = recordSchema.safeParse(await settings.get(driftKey(instanceKey, database)));
  if (!parsed.success) return null;
  const { error, ...rest } = parsed.data;
  return error === undefined ? rest : { ...rest, error };
}

/** Records a drift check as the database's latest (dates stored as ISO text). */
export async function writeDrift(
  settings: SettingsRepository,
  instanceKey: string,
  database: string,
  outcome: DriftOutcome,
): Promise<void> {
  await settings.set(driftKey(instanceKey, database), {
    ...outcome,
    checkedAt: outcome.checkedAt.toISOString(),
    baseline: outcome.baseline ? { ...outcome.baseline, at: outcome.baseline.at.toISOString() } : null,
  });
}
