// Durations as people write them in configuration: `30s`, `10m`, `12h`, `7d`, `1h30m`.

const DURATION_UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a duration such as `12h`, `30m`, `7d` or `1h30m`; null when it is not one. */
export function parseDuration(text: string): number | null {
  const v = text.trim();
  if (!/^(\d+[smhd])+$/.test(v)) return null;
  let ms = 0;
  for (const [, n, unit] of v.matchAll(/(\d+)([smhd])/g)) ms += Number(n) * DURATION_UNIT_MS[unit!]!;
  return ms;
}

/** The shortest drift check interval accepted: a check connects to the database and dumps its schema. */
export const MIN_DRIFT_INTERVAL_MS = 10_000;
