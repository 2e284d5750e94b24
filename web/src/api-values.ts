// Lenient readers for JSON the API sends: a missing or odd field becomes an empty value, never a crash.

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function records(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** A string, or null when the field is absent, null or empty. */
export function strOrNull(value: unknown): string | null {
  const text = str(value);
  return text.length > 0 ? text : null;
}

export function bool(value: unknown): boolean {
  return value === true;
}
