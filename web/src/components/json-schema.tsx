// JSON Schema (draft 2020-12, as the OpenAPI document carries it) for people: a type line per value, nested
// objects as indented property lists, and named schemas as links to their entry in the components section.
import type { ComponentChildren } from 'preact';

/** The parts of a JSON Schema this view reads; anything else is ignored. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
}

const COMPONENT_PREFIX = '#/components/schemas/';

/** The component name a `$ref` points at, or undefined for any other reference. */
export function refName(schema: JsonSchema | undefined): string | undefined {
  return schema?.$ref?.startsWith(COMPONENT_PREFIX) ? schema.$ref.slice(COMPONENT_PREFIX.length) : undefined;
}

/** Where a component's entry is: the reference page with the schema named in its query. */
export function schemaHref(name: string): string {
  return `#/api?schema=${encodeURIComponent(name)}`;
}

/** The element id of a component's entry. */
export function schemaAnchor(name: string): string {
  return `schema-${name}`;
}

export function SchemaLink({ name }: { name: string }) {
  return (
    <a class="schema-ref" href={schemaHref(name)}>
      {name}
    </a>
  );
}

const variantsOf = (s: JsonSchema) => s.anyOf ?? s.oneOf;
const isNull = (s: JsonSchema) => s.type === 'null';
const hasProperties = (s: JsonSchema) => !!s.properties && Object.keys(s.properties).length > 0;

/** The object whose properties are listed under a value: itself, its array items, or its non-null variant. */
function expandable(schema: JsonSchema): JsonSchema | undefined {
  if (hasProperties(schema)) return schema;
  if (schema.items) return expandable(schema.items);
  const variants = variantsOf(schema);
  if (variants) {
    const objects = variants.filter((v) => !isNull(v) && !!expandable(v));
    if (objects.length === 1) return expandable(objects[0]!);
  }
  if (schema.allOf?.length === 1) return expandable(schema.allOf[0]!);
  if (typeof schema.additionalProperties === 'object') return expandable(schema.additionalProperties);
  return undefined;
}

function literal(value: unknown): string {
  return JSON.stringify(value);
}

/** One line naming the type: `string (date-time)`, `array of Token`, `"owner" | "dba"`, `IssueView or null`. */
export function TypeExpr({ schema }: { schema: JsonSchema }): preact.JSX.Element {
  const name = refName(schema);
  if (name) return <SchemaLink name={name} />;
  if (schema.$ref) return <code>{schema.$ref}</code>;
  if (schema.enum) return <span class="schema-enum">{schema.enum.map(literal).join(' | ')}</span>;
  if (schema.const !== undefined) return <span class="schema-enum">{literal(schema.const)}</span>;
  const variants = variantsOf(schema);
  if (variants) {
    const nonNull = variants.filter((v) => !isNull(v));
    const nullable = nonNull.length < variants.length;
    return (
      <span>
        {nonNull.map((v, i) => (
          <span key={i}>
            {i > 0 ? ' | ' : ''}
            <TypeExpr schema={v} />
          </span>
        ))}
        {nullable ? ' or null' : ''}
      </span>
    );
  }
  if (schema.allOf) {
    return (
      <span>
        {schema.allOf.map((v, i) => (
          <span key={i}>
            {i > 0 ? ' & ' : ''}
            <TypeExpr schema={v} />
          </span>
        ))}
      </span>
    );
  }
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length === 0) return <span>any</span>;
  const nullable = types.includes('null');
  const parts = types.filter((t) => t !== 'null');
  return (
    <span>
      {parts.map((t, i) => (
        <span key={t}>
          {i > 0 ? ' | ' : ''}
          <OneType type={t} schema={schema} />
        </span>
      ))}
      {nullable ? (parts.length > 0 ? ' or null' : 'null') : ''}
    </span>
  );
}

function OneType({ type, schema }: { type: string; schema: JsonSchema }) {
  if (type === 'array') {
    if (schema.prefixItems) {
      return (
        <span>
          [
          {schema.prefixItems.map((item, i) => (
            <span key={i}>
              {i > 0 ? ', ' : ''}
              <TypeExpr schema={item} />
            </span>
          ))}
          ]
        </span>
      );
    }
    return schema.items ? (
      <span>
        array of <TypeExpr schema={schema.items} />
      </span>
    ) : (
      <span>array</span>
    );
  }
  if (type === 'object') {
    if (!hasProperties(schema) && typeof schema.additionalProperties === 'object') {
      const values = schema.additionalProperties;
      const any = Object.keys(values).length === 0;
      return any ? (
        <span>object (any keys)</span>
      ) : (
        <span>
          map of string to <TypeExpr schema={values} />
        </span>
      );
    }
    return <span>object</span>;
  }
  return <span>{schema.format ? `${type} (${schema.format})` : type}</span>;
}

/** Limits and defaults in words: `1 to 200`, `at most 254 characters`, `default 50`. */
function constraints(schema: JsonSchema): string[] {
  const out: string[] = [];
  const range = (min: number | undefined, max: number | undefined, unit: string) => {
    if (min !== undefined && max !== undefined) out.push(`${min} to ${max}${unit}`);
    else if (min !== undefined) out.push(`at least ${min}${unit}`);
    else if (max !== undefined) out.push(`at most ${max}${unit}`);
  };
  // The bounds every JSON integer has anyway say nothing.
  const min = schema.minimum === -Number.MAX_SAFE_INTEGER ? undefined : schema.minimum;
  const max = schema.maximum === Number.MAX_SAFE_INTEGER ? undefined : schema.maximum;
  range(min, max, '');
  if (schema.exclusiveMinimum !== undefined) out.push(`more than ${schema.exclusiveMinimum}`);
  if (schema.exclusiveMaximum !== undefined) out.push(`less than ${schema.exclusiveMaximum}`);
  range(schema.minLength, schema.maxLength, ' characters');
  range(schema.minItems, schema.maxItems, ' items');
  // Formats (date-time, email) say it better than their regular expression.
  if (schema.pattern && !schema.format) out.push(`matches ${schema.pattern}`);
  if (schema.default !== undefined) out.push(`default ${literal(schema.default)}`);
  return out;
}

/** Text with `code` spans, as the document's descriptions write them. */
export function Prose({ text }: { text: string }) {
  const parts = text.split('`');
  // An odd count of backticks leaves the last one as written.
  if (parts.length % 2 === 0) return <>{text}</>;
  return <>{parts.map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

function Notes({ schema, children }: { schema: JsonSchema; children?: ComponentChildren }) {
  const limits = constraints(schema);
  return (
    <>
      {limits.length > 0 ? <span class="schema-limits">{limits.join(' · ')}</span> : null}
      {schema.description ? (
        <span class="schema-description">
          <Prose text={schema.description} />
        </span>
      ) : null}
      {children}
    </>
  );
}

function PropertyList({ schema, depth }: { schema: JsonSchema; depth: number }) {
  const required = new Set(schema.required ?? []);
  const entries = Object.entries(schema.properties ?? {});
  return (
    <ul class="schema-props">
      {entries.map(([name, prop]) => {
        const nested = depth < 8 ? expandable(prop) : undefined;
        return (
          <li key={name}>
            <div class="schema-prop-head">
              <code class="schema-prop-name">{name}</code>
              {required.has(name) ? null : <span class="schema-optional">optional</span>}
              <span class="schema-type">
                <TypeExpr schema={prop} />
              </span>
            </div>
            <Notes schema={prop} />
            {nested ? <PropertyList schema={nested} depth={depth + 1} /> : null}
          </li>
        );
      })}
    </ul>
  );
}

/**
 * A whole schema: its type line and notes, then the properties of the object it describes. For a request body,
 * also whether properties it does not name are refused.
 */
export function SchemaView({ schema, request = false }: { schema: JsonSchema; request?: boolean }) {
  const nested = expandable(schema);
  return (
    <div class="schema">
      {hasProperties(schema) ? null : (
        <p class="schema-line">
          <span class="schema-type">
            <TypeExpr schema={schema} />
          </span>
        </p>
      )}
      <Notes schema={schema} />
      {nested ? <PropertyList schema={nested} depth={0} /> : null}
      {request && nested?.additionalProperties === false ? (
        <p class="schema-limits">Other properties are refused.</p>
      ) : null}
    </div>
  );
}
