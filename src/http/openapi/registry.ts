// The API's one contract: operations and their zod schemas, from which the OpenAPI document, the web view's
// types and the tests' response checks all come.
import { z } from 'zod';

/** Named schemas of the API; each becomes `#/components/schemas/<id>`. */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

/** Registers a schema under a component name and returns it, so definitions read `const X = named('X', …)`. */
export function named<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  apiSchemas.add(schema, description ? { id, description } : { id });
  return schema;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface ApiResponse {
  description: string;
  /** Absent: no body (e.g. 204). */
  schema?: z.ZodType;
}

export interface ApiOperation {
  method: HttpMethod;
  /** OpenAPI form, relative to `/api/v1`: `/issues/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  tags: string[];
  /** Path parameters, by name. */
  pathParams?: Record<string, z.ZodType>;
  /** Query parameters as one object schema. */
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Success responses by status; errors are added for every operation. */
  responses: Record<number, ApiResponse>;
  /** Error statuses this operation may answer besides 400, 401 and 500. */
  errors?: number[];
  /** True for the few operations that need no token (the document itself). */
  public?: boolean;
}

/** Every error body: `{"error":{"code","message","requestId"}}`. */
export const ErrorBody = named(
  'ErrorBody',
  z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      requestId: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
  'What every failed request answers, with the status that matches the code.',
);

/** ISO 8601 date-time with a zone, as JSON carries dates. */
export const DateTime = z.iso.datetime({ offset: true });
