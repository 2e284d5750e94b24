// Input shapes several use cases accept the same way: ISO 8601 date-times and the opaque cursors of paged lists.
import { z } from 'zod';
import { badRequest } from '../errors.ts';

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** An ISO 8601 date-time with a zone, as a Date; errors name the field. */
export const isoDateTime = (field: string) =>
  z
    .string({ error: `${field} must be an ISO 8601 date-time string, e.g. 2026-12-24T06:00:00Z` })
    .refine((s) => ISO_DATE_TIME.test(s) && !Number.isNaN(Date.parse(s)), {
      error: (i) =>
        `${field} must be an ISO 8601 date-time with a time zone, e.g. 2026-12-24T06:00:00Z; got ${JSON.stringify(i.input)}`,
    })
    .transform((s) => new Date(s));

/**
 * The cursor of a newest-first list: opaque to callers, it carries the id the next page starts below, tagged
 * so one list's cursor is refused by another. `maxDigits` bounds the id (issues are int4, audit rows int8).
 */
export function pageCursor(tag: string, maxDigits: number) {
  const pattern = new RegExp(`^${tag}:([1-9][0-9]{0,${maxDigits - 1}})$`);
  return {
    encode: (beforeId: number) => Buffer.from(`${tag}:${beforeId}`).toString('base64url'),
    decode(cursor: string, maxId = Number.MAX_SAFE_INTEGER): number {
      const m = pattern.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
      const id = m ? Number(m[1]) : Number.NaN;
      if (!Number.isSafeInteger(id) || id > maxId)
        throw badRequest('cursor: not a cursor this list gave out; start again without it');
      return id;
    },
  };
}
