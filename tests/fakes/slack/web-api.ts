// The fake Web API dispatcher: body parsing, token check, rate limits, scopes, call recording.
// Calling conventions: https://docs.slack.dev/apis/web-api/
import { fail, type MethodResult, type MethodSpec, rateLimited } from './api-result.ts';
import { decodeJsonArg } from './blocks.ts';
import { chatMethods } from './methods-chat.ts';
import { directoryMethods } from './methods-directory.ts';
import type { SlackFakeState } from './state.ts';

/** Every modelled method; anything else answers `unknown_method`. */
export const webApiMethods: Record<string, MethodSpec> = { ...chatMethods, ...directoryMethods };

/** Arguments that `@slack/web-api` JSON-encodes into single form fields. */
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'metadata'];

type Parsed =
  | { ok: true; args: Record<string, unknown>; query: Record<string, unknown> }
  | { ok: false; error: string };

async function parseArgs(request: Request, contentType: string): Promise<Parsed> {
  const query: Record<string, unknown> = Object.fromEntries(new URL(request.url).searchParams);
  if (request.method === 'GET') return { ok: true, args: query, query };
  const text = await request.text();
  if (contentType.startsWith('application/json')) {
    try {
      const value = JSON.parse(text) as unknown;
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return { ok: false, error: 'json_not_object' };
      return { ok: true, args: { ...query, ...(value as Record<string, unknown>) }, query };
    } catch {
      return { ok: false, error: 'invalid_json' };
    }
  }
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    return { ok: true, args: { ...query, ...Object.fromEntries(new URLSearchParams(text)) }, query };
  }
  if (contentType.startsWith('multipart/form-data')) {
    const form = await new Response(text, { headers: { 'content-type': contentType } }).formData();
    const args: Record<string, unknown> = { ...query };
    form.forEach((value, key) => {
      args[key] = typeof value === 'string' ? value : value.name;
    });
    return { ok: true, args, query };
  }
  if (text === '') return { ok: true, args: query, query };
  return { ok: false, error: contentType === '' ? 'missing_post_type' : 'invalid_post_type' };
}

/** The presented token: `Authorization: Bearer …` first, then a `token` argument. */
function tokenOf(request: Request, args: Record<string, unknown>): string | undefined {
  const header = request.headers.get('authorization') ?? '';
  const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
  if (bearer) return bearer;
  return typeof args.token === 'string' && args.token !== '' ? args.token : undefined;
}

function decodedForRecord(args: Record<string, unknown>): Record<string, unknown> {
  const decoded: Record<string, unknown> = { ...args };
  for (const field of JSON_FIELDS) {
    if (typeof decoded[field] !== 'string') continue;
    const value = decodeJsonArg(decoded[field]);
    if (value.ok) decoded[field] = value.value;
  }
  return decoded;
}

function answer(
  state: SlackFakeState,
  spec: MethodSpec | undefined,
  request: Request,
  parsed: Parsed,
): MethodResult {
  if (!parsed.ok) return fail(parsed.error);
  const method = new URL(request.url).pathname.split('/').at(-1) ?? '';
  if (!spec) return fail('unknown_method', { req_method: method });
  const token = tokenOf(request, parsed.args);
  if (!token) return fail('not_authed');
  if (token !== state.botToken) return fail('invalid_auth');
  const retryAfter = state.rateLimits.takeInjected(method);
  if (retryAfter !== undefined) return rateLimited(retryAfter);
  if (spec.scope && !state.scopes.includes(spec.scope)) {
    return fail('missing_scope', { needed: spec.scope, provided: state.scopes.join(',') });
  }
  const isJson = (request.headers.get('content-type') ?? '').startsWith('application/json');
  // Methods that do not read JSON bodies see only the query string, whatever the body says.
  const args = spec.acceptsJson === false && isJson ? parsed.query : parsed.args;
  return spec.handle({ state, args });
}

/** Answers `POST|GET /api/<method>` like Slack's Web API and records the call in `state.calls`. */
export async function handleWebApi(
  state: SlackFakeState,
  method: string,
  request: Request,
): Promise<Response> {
  const contentType = (request.headers.get('content-type') ?? '').toLowerCase();
  const parsed = await parseArgs(request, contentType);
  const spec = Object.hasOwn(webApiMethods, method) ? webApiMethods[method] : undefined;
  const result = answer(state, spec, request, parsed);
  state.calls.push({
    method,
    args: parsed.ok ? decodedForRecord(parsed.args) : {},
    headers: Object.fromEntries(request.headers),
    contentType,
    at: state.clock(),
    status: result.status,
    response: result.body,
  });
  return new Response(JSON.stringify(result.body), {
    status: result.status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-oauth-scopes': state.scopes.join(','),
      'x-accepted-oauth-scopes': spec?.scope ?? '',
      ...result.headers,
    },
  });
}
