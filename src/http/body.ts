// Request input the routes read: path ids and JSON bodies, checked before any use case or the store sees them.
import type { Context } from 'hono';
import { badRequest } from '../core/errors.ts';
import type { AppEnv } from './types.ts';

/** Ids are PostgreSQL integers; a larger number names nothing and must not reach the store. */
const MAX_ID = 2_147_483_647;
/** Deeper JSON than any request of this API needs; refused before parsing so nothing recurses on it. */
export const MAX_JSON_DEPTH = 32;

/** A positive integer path parameter, or a precise 400. */
export function idParam(c: Context<AppEnv>, name: string): number {
  const raw = c.req.param(name) ?? '';
  const n = /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(n <= MAX_ID))
    throw badRequest(`${name} must be a positive integer up to ${MAX_ID}, not ${JSON.stringify(raw)}`);
  return n;
}

/** How deeply arrays and objects nest in JSON text, counting brackets outside strings. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92)
        i++; // backslash: the next character is escaped
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return max;
}

/** The path of the first string (key or value) holding a NUL character, which no stored text may contain. */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) {
      const hit = nulPath(v, `${path}[${i}]`);
      if (hit) return hit;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const here = path ? `${path}.${k}` : k;
      if (k.includes('\u0000')) return here;
      const hit = nulPath(v, here);
      if (hit) return hit;
    }
  }
  return null;
}

/** Reads a JSON body; an empty body is an empty object; malformed, too deep or NUL-bearing ones a precise 400. */
export async function jsonBody(c: Context<AppEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  if (nestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH)
    throw badRequest(`JSON body nests deeper than ${MAX_JSON_DEPTH} levels`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badRequest(`malformed JSON body: ${(err as Error).message}`);
  }
  const nul = nulPath(value, '');
  if (nul !== null) throw badRequest(`${nul || 'body'}: text must not contain the NUL character (\\u0000)`);
  return value;
}
