// A tiny router over node:http: path patterns with decoded parameters, JSON and form bodies, JSON answers.
import type { IncomingMessage, ServerResponse } from 'node:http';

/** What a handler sees of a request. */
export interface FakeRequest {
  method: string;
  /** Decoded path ("/v3/conversations/19:a@thread.tacv2;messageid=1/activities"). */
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  rawBody: string;
}

/** What a handler answers. */
export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (request: FakeRequest) => FakeReply | Promise<FakeReply>;

export interface Route {
  method: string;
  /** Segments; ":name" captures one decoded segment. */
  pattern: string[];
  handler: Handler;
  /** Connector routes need an access token the fake's token endpoint issued. */
  auth: boolean;
}

export function route(method: string, path: string, handler: Handler, auth = false): Route {
  return { method, pattern: path.split('/').filter(Boolean), handler, auth };
}

/** Matches a raw (still percent-encoded) path against a route; returns the decoded parameters. */
export function matchRoute(route: Route, rawSegments: string[]): Record<string, string> | undefined {
  if (route.pattern.length !== rawSegments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of route.pattern.entries()) {
    const raw = rawSegments[index] ?? '';
    let value: string;
    try {
      value = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
    if (part.startsWith(':')) params[part.slice(1)] = value;
    else if (part !== value) return undefined;
  }
  return params;
}

export function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export function send(response: ServerResponse, reply: FakeReply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  headers['content-length'] = String(Buffer.byteLength(payload));
  response.writeHead(reply.status, headers);
  response.end(payload);
}

/** Parses a JSON object body; undefined when it is not one. */
export function jsonObject(raw: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(raw) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The Bot Framework `ErrorResponse` shape. */
export function connectorError(status: number, code: string, message: string): FakeReply {
  return { status, body: { error: { code, message } } };
}
