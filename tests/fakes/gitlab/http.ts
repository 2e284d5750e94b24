// Request and response plumbing of the fake: bodies (JSON, form, multipart), params, replies, pagination.
import type { IncomingHttpHeaders } from 'node:http';
import type { GitLabStore } from './state.ts';
import type { FakeUser } from './types.ts';

export interface Ctx {
  method: string;
  rawPath: string;
  /** Path segments after `/api/v4`, each percent-decoded (so `group%2Fapp` is one segment `group/app`). */
  segments: string[];
  query: URLSearchParams;
  /** Query and body parameters merged, body winning, as Grape merges them. */
  params: Record<string, unknown>;
  /** The parsed request body (what the call log records). */
  body?: unknown;
  headers: IncomingHttpHeaders;
  user: FakeUser;
  store: GitLabStore;
}

export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

export type Handler = (ctx: Ctx, params: Record<string, string>) => Reply;

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Segments after /api/v4; `:name` captures one (decoded) segment. */
  pattern: string[];
  handler: Handler;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({
  status,
  json: body,
  ...(headers ? { headers } : {}),
});

export const message = (status: number, text: string): Reply => json(status, { message: text });

/** Rack-style nested keys (`actions[][file_path]`, `a[b]`) into objects and arrays. */
export function parseNested(entries: Iterable<[string, string]>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    const match = /^([^[\]]+)((?:\[[^\]]*\])*)$/.exec(key);
    if (!match) {
      root[key] = value;
      continue;
    }
    const parts = [...(match[2] ?? '').matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!);
    assign(root, match[1]!, parts, value);
  }
  return root;
}

function assign(target: Record<string, unknown>, key: string, rest: string[], value: string): void {
  if (rest.length === 0) {
    target[key] = value;
    return;
  }
  const [next, ...tail] = rest as [string, ...string[]];
  if (next === '') {
    const list = Array.isArray(target[key]) ? (target[key] as unknown[]) : [];
    target[key] = list;
    if (tail.length === 0) {
      list.push(value);
      return;
    }
    // A new element starts when the last one already has this key (Rack's rule for `a[][k]`).
    const last = list.at(-1) as Record<string, unknown> | undefined;
    const head = tail[0]!;
    const element = last && typeof last === 'object' && !(head in last) ? last : {};
    if (element !== last) list.push(element);
    assign(element, head, tail.slice(1), value);
    return;
  }
  const child =
    typeof target[key] === 'object' && target[key] !== null ? (target[key] as Record<string, unknown>) : {};
  target[key] = child;
  assign(child, next, tail, value);
}

/** Parses a request body by content type; `undefined` for an empty body, throws on broken JSON. */
export async function parseBody(
  contentType: string,
  body: Buffer,
): Promise<Record<string, unknown> | undefined> {
  if (body.length === 0) return undefined;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    return parseNested(new URLSearchParams(body.toString('utf8')).entries());
  }
  if (type === 'multipart/form-data') {
    const form = await new Response(new Uint8Array(body), {
      headers: { 'content-type': contentType },
    }).formData();
    const entries: [string, string][] = [];
    for (const [key, value] of form.entries()) {
      entries.push([key, typeof value === 'string' ? value : await value.text()]);
    }
    return parseNested(entries);
  }
  const value = JSON.parse(body.toString('utf8')) as unknown;
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : { _json: value };
}

export function str(ctx: Ctx, name: string): string | undefined {
  const value = ctx.params[name];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : String(value);
}

export function bool(ctx: Ctx, name: string): boolean {
  const value = str(ctx, name);
  return value === 'true' || value === '1' || value === 'yes';
}

/** A required parameter; Grape answers `400 {"error":"<name> is missing"}` without it. */
export class MissingParams extends Error {
  constructor(readonly names: string[]) {
    super(names.map((name) => `${name} is missing`).join(', '));
  }
}

export function required(ctx: Ctx, ...names: string[]): string[] {
  const missing = names.filter((name) => {
    const value = ctx.params[name];
    return value === undefined || value === null || value === '';
  });
  if (missing.length > 0) throw new MissingParams(missing);
  return names.map((name) => str(ctx, name)!);
}

/**
 * GitLab's offset pagination: `page` (from 1) and `per_page` (default 20, at most 100), with
 * x-page, x-per-page, x-next-page, x-prev-page, x-total, x-total-pages and a `link` header whose
 * URLs keep every other query parameter (clients such as @gitbeaker/rest follow rel="next").
 */
export function paginate<T>(ctx: Ctx, items: T[], render: (item: T) => unknown = (item) => item): Reply {
  const perPageRaw = Number.parseInt(ctx.query.get('per_page') ?? '', 10);
  const perPage = Number.isFinite(perPageRaw) && perPageRaw > 0 ? Math.min(perPageRaw, 100) : 20;
  const pageRaw = Number.parseInt(ctx.query.get('page') ?? '', 10);
  const page = Number.isFinite(pageRaw) && pageRaw > 0 ? pageRaw : 1;
  const totalPages = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const link = (target: number) => {
    const query = new URLSearchParams(ctx.query);
    query.set('page', String(target));
    query.set('per_page', String(perPage));
    // Rails' `to_query` sorts the keys.
    query.sort();
    return `${ctx.store.baseUrl}${ctx.rawPath}?${query.toString()}`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${link(page - 1)}>; rel="prev"`);
  if (page < totalPages) links.push(`<${link(page + 1)}>; rel="next"`);
  links.push(`<${link(1)}>; rel="first"`, `<${link(totalPages)}>; rel="last"`);
  return json(200, slice.map(render), {
    'x-page': String(page),
    'x-per-page': String(perPage),
    'x-next-page': page < totalPages ? String(page + 1) : '',
    'x-prev-page': page > 1 ? String(page - 1) : '',
    'x-total': String(items.length),
    'x-total-pages': String(totalPages),
    link: links.join(', '),
  });
}
