// Display text for values the API sends as keys (roles, environments).
import type { Environment } from './api.ts';

const roleLabels: Record<string, string> = {
  owner: 'Owner',
  dba: 'DBA',
  developer: 'Developer',
};

export function roleLabel(role: string): string {
  return roleLabels[role] ?? role;
}

/** The environment's display name, or its key when the workspace does not list it. */
export function environmentName(environments: readonly Environment[], key: string): string {
  return environments.find((e) => e.key === key)?.name ?? key;
}

/** Position of an environment in the rollout order; unknown environments sort last. */
export function environmentRank(environments: readonly Environment[], key: string): number {
  const index = environments.findIndex((e) => e.key === key);
  return index === -1 ? environments.length : index;
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A timestamp from the API in the reader's locale and time zone; an unparseable one as sent. */
export function formatDateTime(iso: string | null, empty = '—'): string {
  if (!iso) return empty;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTimeFormat.format(date);
}

export function formatDate(iso: string | null, empty = '—'): string {
  if (!iso) return empty;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
}

/**
 * A `<input type="date">` value (YYYY-MM-DD, the reader's calendar day) as an ISO instant: the day's start,
 * or with `endOfDay` the last millisecond of it, so "until 3 May" includes all of 3 May.
 */
export function dayToIso(day: string, endOfDay = false): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (endOfDay) date.setHours(23, 59, 59, 999);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Today in the reader's calendar as YYYY-MM-DD, for the `min` of date inputs. */
export function todayDay(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Audit details in one short line: `key: value · key: value`, nested values as compact JSON. */
export function compactDetails(details: unknown): string {
  if (details === null || details === undefined) return '';
  if (typeof details !== 'object') return String(details);
  if (Array.isArray(details)) return JSON.stringify(details);
  return Object.entries(details as Record<string, unknown>)
    .filter(([, value]) => value !== null && value !== undefined && value !== '')
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' · ');
}
