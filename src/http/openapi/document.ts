// Builds the OpenAPI 3.1 document of /api/v1 from the operations and the zod schemas they name.
import { z } from 'zod';
import { type ApiOperation, apiSchemas, ErrorBody } from './registry.ts';

type Json = Record<string, unknown>;

const ERROR_TEXT: Record<number, string> = {
  400: 'Bad input: the message names the field and the problem.',
  401: 'No token or session, or one that is unknown, revoked, expired or of a deactivated user.',
  403: 'Not allowed for your role.',
  404: 'Unknown resource.',
  409: 'Already decided, wrong state, a conflict with another request, or managed by the workspace file.',
  412: 'Review errors need an override reason, or nobody could approve the change.',
  413: 'Body over 2 MiB.',
  500: 'Unexpected failure; the request id is in the log.',
  503: 'Not available yet (starting) or a target cannot be reached.',
};

const COMPONENT_PREFIX = '#/components/schemas/';

/** JSON Schema of one zod schema, with named schemas referenced as components. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    metadata: apiSchemas,
  }) as Json;
  return strip(json);
}

/**
 * Drops `$schema`/`$id` (OpenAPI 3.1 components carry neither) and points references to named schemas at the
 * document's components, where every named schema is, instead of a copy in `$defs`.
 */
function strip(json: Json): Json {
  const { $schema: _s, $id: _i, $defs: _d, ...rest } = json;
  return rewrite(rest) as Json;
}

function rewrite(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewrite);
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value as Json)) {
    if (k === '$defs') continue;
    out[k] = k === '$ref' && typeof v === 'string' ? v.replace(/^#\/\$defs\//, COMPONENT_PREFIX) : rewrite(v);
  }
  return out;
}

/** Component schemas: every registered schema, in the form responses carry (output). */
function components(): Record<string, Json> {
  const all = z.toJSONSchema(apiSchemas, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `${COMPONENT_PREFIX}${id}`,
  }) as { schemas: Record<string, Json> };
  return Object.fromEntries(Object.entries(all.schemas).map(([id, s]) => [id, strip(s)]));
}

function parametersOf(op: ApiOperation): Json[] {
  const params: Json[] = [];
  for (const [name, schema] of Object.entries(op.pathParams ?? {}))
    params.push({ name, in: 'path', required: true, schema: schemaOf(schema, 'input') });
  if (op.query) {
    const shape = op.query.shape as Record<string, z.ZodType>;
    for (const [name, schema] of Object.entries(shape)) {
      const json = schemaOf(schema, 'input');
      const description = typeof json.description === 'string' ? json.description : undefined;
      params.push({
        name,
        in: 'query',
        required: !schema.safeParse(undefined).success,
        schema: json,
        ...(description ? { description } : {}),
      });
    }
  }
  return params;
}

export function buildOpenApiDocument(
  operations: ApiOperation[],
  info: { title: string; version: string; description: string },
): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of operations) {
    const responses: Record<string, Json> = {};
    for (const [status, r] of Object.entries(op.responses)) {
      responses[status] = r.schema
        ? {
            description: r.description,
            content: { 'application/json': { schema: schemaOf(r.schema, 'output') } },
          }
        : { description: r.description };
    }
    for (const status of [400, ...(op.public ? [] : [401]), ...(op.errors ?? []), 500]) {
      responses[String(status)] = {
        description: ERROR_TEXT[status] ?? 'Error.',
        content: { 'application/json': { schema: { $ref: `${COMPONENT_PREFIX}ErrorBody` } } },
      };
    }
    const entry: Json = {
      operationId: op.operationId,
      summary: op.summary,
      tags: op.tags,
      parameters: parametersOf(op),
      responses,
      ...(op.public ? { security: [] } : {}),
    };
    if (op.body)
      entry.requestBody = {
        required: true,
        content: { 'application/json': { schema: schemaOf(op.body, 'input') } },
      };
    paths[op.path] = { ...(paths[op.path] ?? {}), [op.method]: entry };
  }
  // ErrorBody is referenced by every operation; keep the import used so the component is registered.
  void ErrorBody;
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/api/v1' }],
    security: [{ bearerToken: [] }, { sessionCookie: [] }],
    paths,
    components: {
      schemas: components(),
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token `bbt_…`.' },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'bb_session',
          description: 'The web session; writes also need `X-CSRF-Token` (the csrfToken of GET /me).',
        },
      },
    },
  };
}
