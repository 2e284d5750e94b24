// #/api: the service's OpenAPI document (GET /api/v1/openapi.json, public) to browse: operations by tag with
// parameters, request body and responses, a filter, and every named schema in an anchored components section.
import { Fragment } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { ErrorMessage } from '../components/error-message.tsx';
import {
  type JsonSchema,
  Prose,
  refName,
  SchemaLink,
  SchemaView,
  schemaAnchor,
  TypeExpr,
} from '../components/json-schema.tsx';

/** The OpenAPI 3.1 fields this page shows. */
interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components?: {
    schemas?: Record<string, JsonSchema>;
    securitySchemes?: Record<
      string,
      { type: string; scheme?: string; in?: string; name?: string; description?: string }
    >;
  };
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

interface Content {
  content?: Record<string, { schema?: JsonSchema }>;
}

interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: Content & { required?: boolean };
  responses?: Record<string, Content & { description?: string }>;
  security?: unknown[];
}

interface Entry {
  method: string;
  path: string;
  operation: Operation;
  id: string;
  tag: string;
}

export const OPENAPI_URL = '/api/v1/openapi.json';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

type State =
  | { status: 'loading' }
  | { status: 'ready'; doc: OpenApiDocument }
  | { status: 'failed'; error: ApiError };

async function loadDocument(): Promise<OpenApiDocument> {
  let response: Response;
  try {
    // Public: no token, no cookie.
    response = await fetch(OPENAPI_URL, { headers: { Accept: 'application/json' }, credentials: 'omit' });
  } catch {
    throw new ApiError('unreachable', 'Cannot reach the server. Check that the service is running.');
  }
  if (!response.ok)
    throw new ApiError('server', `The server answered ${OPENAPI_URL} with HTTP ${response.status}.`, {
      status: response.status,
    });
  const doc = (await response.json().catch(() => undefined)) as OpenApiDocument | undefined;
  if (!doc || typeof doc.paths !== 'object')
    throw new ApiError('server', `${OPENAPI_URL} is not an OpenAPI document.`);
  return doc;
}

function entriesOf(doc: OpenApiDocument): Entry[] {
  const out: Entry[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      out.push({
        method,
        path,
        operation,
        id: operation.operationId ?? `${method}-${path}`,
        tag: operation.tags?.[0] ?? 'other',
      });
    }
  }
  return out;
}

function matches(entry: Entry, words: string[]): boolean {
  const text =
    `${entry.method} ${entry.path} ${entry.operation.summary ?? ''} ${entry.id} ${entry.tag}`.toLowerCase();
  return words.every((w) => text.includes(w));
}

/** `schema=Name` or `op=operationId` from `#/api?…`: what a link asked to show. */
function targetOf(hash: string): { schema?: string; op?: string } {
  const mark = hash.indexOf('?');
  const params = new URLSearchParams(mark === -1 ? '' : hash.slice(mark + 1));
  return { schema: params.get('schema') ?? undefined, op: params.get('op') ?? undefined };
}

const operationAnchor = (id: string) => `op-${id}`;

/** Opens the entry a link points at, scrolls it into view and moves the focus there. */
function reveal(id: string) {
  const element = document.getElementById(id);
  if (!(element instanceof HTMLDetailsElement)) return;
  element.open = true;
  element.scrollIntoView({ block: 'start' });
  element.querySelector('summary')?.focus({ preventScroll: true });
}

export function ApiReferencePage() {
  const [state, setState] = useState<State>({ status: 'loading' });
  const [filter, setFilter] = useState('');
  const [hash, setHash] = useState(() => window.location.hash);

  useEffect(() => {
    let live = true;
    loadDocument().then(
      (doc) => live && setState({ status: 'ready', doc }),
      (caught) =>
        live &&
        setState({
          status: 'failed',
          error: caught instanceof ApiError ? caught : new ApiError('server', String(caught)),
        }),
    );
    const onHash = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onHash);
    return () => {
      live = false;
      window.removeEventListener('hashchange', onHash);
    };
  }, []);

  const target = targetOf(hash);
  useEffect(() => {
    if (state.status !== 'ready') return;
    if (target.schema) reveal(schemaAnchor(target.schema));
    else if (target.op) reveal(operationAnchor(target.op));
  }, [state.status, target.schema, target.op]);

  const entries = useMemo(() => (state.status === 'ready' ? entriesOf(state.doc) : []), [state]);
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = entries.filter((e) => matches(e, words));
  const tags = [...new Set(entries.map((e) => e.tag))];

  return (
    <main class="page api-reference" id="main">
      <h1>API reference</h1>
      {state.status === 'loading' ? (
        <p class="muted" aria-live="polite">
          Loading the API document...
        </p>
      ) : null}
      {state.status === 'failed' ? (
        <ErrorMessage title="The API document could not be loaded." error={state.error} />
      ) : null}
      {state.status === 'ready' ? (
        <>
          <Intro doc={state.doc} />
          <search class="panel api-filter" aria-label="Operations">
            <label for="api-filter">Filter operations</label>
            <input
              id="api-filter"
              type="search"
              autocomplete="off"
              spellcheck={false}
              placeholder="e.g. issues, POST, token"
              value={filter}
              onInput={(e) => setFilter(e.currentTarget.value)}
            />
            <p class="muted small" aria-live="polite">
              {words.length === 0
                ? `${entries.length} operations in ${tags.length} groups.`
                : `${shown.length} of ${entries.length} operations match.`}
            </p>
          </search>
          {tags.map((tag) => {
            const inTag = shown.filter((e) => e.tag === tag);
            if (inTag.length === 0) return null;
            return (
              <section class="panel api-tag" key={tag} aria-labelledby={`tag-${tag}`}>
                <h2 id={`tag-${tag}`}>{tag}</h2>
                <ul class="plain-list api-operations">
                  {inTag.map((entry) => (
                    <li key={entry.id}>
                      <OperationView entry={entry} />
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
          {shown.length === 0 ? <p class="panel">No operation matches “{filter}”.</p> : null}
          <Components schemas={state.doc.components?.schemas ?? {}} />
        </>
      ) : null}
    </main>
  );
}

function Intro({ doc }: { doc: OpenApiDocument }) {
  const base = doc.servers?.[0]?.url ?? '/';
  const schemes = Object.entries(doc.components?.securitySchemes ?? {});
  return (
    <section class="panel" aria-labelledby="api-about">
      <h2 id="api-about">
        {doc.info.title} <span class="muted">v{doc.info.version}</span>
      </h2>
      {doc.info.description ? (
        <p>
          <Prose text={doc.info.description} />
        </p>
      ) : null}
      <dl class="facts">
        <dt>Base path</dt>
        <dd>
          <code>{base}</code>
        </dd>
        <dt>Document</dt>
        <dd>
          <a href={OPENAPI_URL}>
            <code>{OPENAPI_URL}</code>
          </a>{' '}
          (OpenAPI {doc.openapi}, no token needed)
        </dd>
        {schemes.map(([name, scheme]) => (
          <Fragment key={name}>
            <dt>{name}</dt>
            <dd>
              {scheme.type === 'http'
                ? `HTTP ${scheme.scheme ?? ''}`
                : `${scheme.in ?? ''} ${scheme.name ?? ''}`}
              {scheme.description ? (
                <>
                  {' — '}
                  <Prose text={scheme.description} />
                </>
              ) : null}
            </dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

/** A path that wraps on a phone before a `/`, never inside a segment when it can help it. */
function PathText({ path }: { path: string }) {
  const segments = path.split('/').slice(1);
  return (
    <>
      {segments.map((segment, i) => (
        <Fragment key={i}>
          {i > 0 ? <wbr /> : null}/{segment}
        </Fragment>
      ))}
    </>
  );
}

function MethodBadge({ method }: { method: string }) {
  return <span class={`method method-${method}`}>{method.toUpperCase()}</span>;
}

function OperationView({ entry }: { entry: Entry }) {
  const { operation } = entry;
  const params = operation.parameters ?? [];
  const body = operation.requestBody?.content?.['application/json']?.schema;
  const responses = Object.entries(operation.responses ?? {});
  const successes = responses.filter(([status]) => /^[123]/.test(status));
  const failures = responses.filter(([status]) => !/^[123]/.test(status));
  // Errors all share one body in this API; name it once instead of on every status.
  const errorNames = new Set(failures.map(([, r]) => refName(r.content?.['application/json']?.schema)));
  const errorSchema = errorNames.size === 1 ? [...errorNames][0] : undefined;
  const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
  return (
    <details class="api-op" id={operationAnchor(entry.id)}>
      <summary>
        <span class="api-op-line">
          <MethodBadge method={entry.method} />
          <code class="api-path">
            <PathText path={entry.path} />
          </code>
          {isPublic ? <span class="badge">public</span> : null}
        </span>
        <span class="api-op-summary">
          <Prose text={operation.summary ?? entry.id} />
        </span>
      </summary>
      <div class="api-op-body">
        <p class="muted small">
          Operation id{' '}
          <a href={`#/api?op=${encodeURIComponent(entry.id)}`} title="A link to this operation">
            <code>{entry.id}</code>
          </a>
        </p>
        {operation.description ? <p>{operation.description}</p> : null}
        {params.length > 0 ? (
          <>
            <h3>Parameters</h3>
            <ul class="schema-props">
              {params.map((p) => (
                <li key={`${p.in}-${p.name}`}>
                  <div class="schema-prop-head">
                    <code class="schema-prop-name">{p.name}</code>
                    <span class="schema-in">{p.in}</span>
                    {p.required ? null : <span class="schema-optional">optional</span>}
                    {p.schema ? (
                      <span class="schema-type">
                        <TypeExpr schema={p.schema} />
                      </span>
                    ) : null}
                  </div>
                  {p.description ? (
                    <span class="schema-description">
                      <Prose text={p.description} />
                    </span>
                  ) : null}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {body ? (
          <>
            <h3>Request body</h3>
            <SchemaView schema={body} request />
          </>
        ) : null}
        <h3>Responses</h3>
        <ul class="plain-list api-responses">
          {successes.map(([status, response]) => {
            const schema = response.content?.['application/json']?.schema;
            const name = refName(schema);
            return (
              <li key={status}>
                <div class="schema-prop-head">
                  <span class="status-code ok">{status}</span>
                  {name ? <SchemaLink name={name} /> : schema ? null : <span class="muted">no body</span>}
                </div>
                {response.description ? (
                  <span class="schema-description">
                    <Prose text={response.description} />
                  </span>
                ) : null}
                {schema && !name ? <SchemaView schema={schema} /> : null}
              </li>
            );
          })}
        </ul>
        {failures.length > 0 ? (
          <>
            <h3>Errors</h3>
            {errorSchema ? (
              <p class="schema-line small">
                Each answers <SchemaLink name={errorSchema} />.
              </p>
            ) : null}
            <ul class="plain-list api-errors">
              {failures.map(([status, response]) => {
                const name = refName(response.content?.['application/json']?.schema);
                return (
                  <li key={status} class="small">
                    <span class="status-code">{status}</span> {response.description ?? ''}
                    {name && name !== errorSchema ? (
                      <>
                        {' '}
                        (<SchemaLink name={name} />)
                      </>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </>
        ) : null}
      </div>
    </details>
  );
}

function Components({ schemas }: { schemas: Record<string, JsonSchema> }) {
  const names = Object.keys(schemas).sort((a, b) => a.localeCompare(b));
  return (
    <section class="panel" aria-labelledby="api-schemas">
      <h2 id="api-schemas">Schemas</h2>
      <p class="muted">Named shapes that operations refer to; links in the operations lead here.</p>
      <ul class="plain-list api-operations">
        {names.map((name) => (
          <li key={name}>
            <details class="api-op" id={schemaAnchor(name)}>
              <summary>
                <code class="api-path">{name}</code>
                {schemas[name]?.description ? (
                  <span class="api-op-summary">
                    <Prose text={schemas[name]?.description ?? ''} />
                  </span>
                ) : null}
              </summary>
              <div class="api-op-body">
                <SchemaView schema={{ ...schemas[name], description: undefined }} />
              </div>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
