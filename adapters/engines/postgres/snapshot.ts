// Deterministic, SQL-like text of a PostgreSQL schema built from catalog queries (also serves PGlite).
import * as q from './snapshot-queries.ts';

/** Runs one catalog query; the caller pins `search_path` to pg_catalog so names print schema-qualified. */
export type CatalogQuery = (sql: string) => Promise<Array<Record<string, unknown>>>;

type Row = Record<string, string | null>;

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const ident = (name: string | null | undefined): string =>
  typeof name === 'string' && /^[a-z_][a-z0-9_$]*$/.test(name)
    ? name
    : `"${(name ?? '').replace(/"/g, '""')}"`;
const qname = (schema: string | null | undefined, name: string | null | undefined): string =>
  `${ident(schema)}.${ident(name)}`;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;

/** A rendered object plus the key it sorts by inside its section. */
interface Item {
  key: string;
  text: string;
}

/**
 * Dumps the user schemas of the connected database as text: same schema, same bytes, regardless of the
 * order objects were created in; no OIDs, owners, statistics or sequence positions. With `concurrent`, the
 * queries are issued together (for drivers that pipeline them on one connection).
 */
export async function dumpPostgresSchema(
  query: CatalogQuery,
  options: { concurrent?: boolean } = {},
): Promise<string> {
  const rows = async (sql: string): Promise<Row[]> =>
    (await query(sql)).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, toText(v)])));
  const queries = [
    q.schemasQuery,
    q.extensionsQuery,
    q.enumsQuery,
    q.domainsQuery,
    q.compositeTypesQuery,
    q.sequencesQuery,
    q.tablesQuery,
    q.columnsQuery,
    q.constraintsQuery,
    q.indexesQuery,
    q.viewsQuery,
    q.functionsQuery,
    q.triggersQuery,
    q.policiesQuery,
    q.commentsQuery,
  ];
  // postgres.js pipelines concurrent queries on the transaction's one connection; PGlite runs them in turn.
  let results: Row[][];
  if (options.concurrent) results = await Promise.all(queries.map(rows));
  else {
    results = [];
    for (const sql of queries) results.push(await rows(sql));
  }
  const [
    schemas,
    exts,
    enums,
    domains,
    composites,
    seqs,
    tables,
    cols,
    cons,
    idx,
    views,
    fns,
    trgs,
    pols,
    cmts,
  ] = results;
  const sections: Array<[string, Item[]]> = [
    ['schemas', schemas!.map((r) => ({ key: r.name!, text: `CREATE SCHEMA ${ident(r.name)};` }))],
    [
      'extensions',
      exts!.map((r) => ({
        key: r.name!,
        text: `CREATE EXTENSION ${ident(r.name)} SCHEMA ${ident(r.schema)};`,
      })),
    ],
    [
      'types',
      [...enums!.map(renderEnum), ...domains!.map(renderDomain), ...composites!.map(renderComposite)],
    ],
    ['sequences', seqs!.map(renderSequence)],
    ['tables', tables!.map((t) => renderTable(t, cols!, cons!))],
    [
      'indexes',
      idx!.map((r) => ({
        key: `${r.schema}.${r.name}`,
        text: `${r.def};${r.valid === 'false' ? ' -- INVALID' : ''}`,
      })),
    ],
    ['views', views!.map(renderView)],
    ['functions', fns!.map(renderFunction)],
    ['triggers', trgs!.map(renderTrigger)],
    ['policies', pols!.map(renderPolicy)],
    ['comments', cmts!.map(renderComment)],
  ];
  const out: string[] = [];
  for (const [title, items] of sections) {
    if (items.length === 0) continue;
    const texts = items
      .sort((a, b) => byCodeUnits(a.key, b.key) || byCodeUnits(a.text, b.text))
      .map((i) => i.text);
    out.push(`-- ${title}\n${texts.join('\n')}`);
  }
  return `${out.join('\n\n')}\n`;
}

function toText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : String(v);
}

function renderEnum(r: Row): Item {
  return {
    key: `${r.schema}.${r.name}`,
    text: `CREATE TYPE ${qname(r.schema, r.name)} AS ENUM (${r.labels});`,
  };
}

function renderDomain(r: Row): Item {
  const parts = [`CREATE DOMAIN ${qname(r.schema, r.name)} AS ${r.base}`];
  if (r.def !== null) parts.push(`DEFAULT ${r.def}`);
  if (r.notnull === 'true') parts.push('NOT NULL');
  if (r.checks) parts.push(r.checks);
  return { key: `${r.schema}.${r.name}`, text: `${parts.join(' ')};` };
}

function renderComposite(r: Row): Item {
  return { key: `${r.schema}.${r.name}`, text: `CREATE TYPE ${qname(r.schema, r.name)} AS (${r.attrs});` };
}

function renderSequence(r: Row): Item {
  const text =
    `CREATE SEQUENCE ${qname(r.schema, r.name)} AS ${r.type} INCREMENT ${r.increment} MINVALUE ${r.min}` +
    ` MAXVALUE ${r.max} START ${r.start} CACHE ${r.cache}${r.cycle === 'true' ? ' CYCLE' : ''}` +
    `${r.owned_by ? ` OWNED BY ${r.owned_by}` : ''};`;
  return { key: `${r.schema}.${r.name}`, text };
}

function renderTable(t: Row, cols: Row[], cons: Row[]): Item {
  const name = qname(t.schema, t.name);
  const own = (r: Row): boolean => r.schema === t.schema && r.table === t.name;
  const columns = cols
    .filter(own)
    .sort((a, b) => byCodeUnits(a.num!, b.num!))
    .map((c) => {
      let line = `  ${ident(c.name)} ${c.type}`;
      if (c.collation) line += ` COLLATE ${c.collation}`;
      if (c.identity === 'a' || c.identity === 'd') {
        line += ` GENERATED ${c.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
      } else if (c.generated === 's' || c.generated === 'v') {
        line += ` GENERATED ALWAYS AS (${c.def}) ${c.generated === 's' ? 'STORED' : 'VIRTUAL'}`;
      } else if (c.def !== null) line += ` DEFAULT ${c.def}`;
      if (c.notnull === 'true') line += ' NOT NULL';
      return line;
    });
  const kind = t.persistence === 'u' ? 'UNLOGGED TABLE' : 'TABLE';
  let text = `CREATE ${kind} ${name} (\n${columns.join(',\n')}\n)`;
  if (t.partkey) text += ` PARTITION BY ${t.partkey}`;
  if (t.options) text += ` WITH (${t.options})`;
  text += ';';
  if (t.partition_of) text += `\nALTER TABLE ${t.partition_of} ATTACH PARTITION ${name} ${t.bound};`;
  const constraints = cons
    .filter(own)
    .sort((a, b) => byCodeUnits(a.name!, b.name!))
    .map((c) => `ALTER TABLE ${name} ADD CONSTRAINT ${ident(c.name)} ${c.def};`);
  if (constraints.length > 0) text += `\n${constraints.join('\n')}`;
  if (t.rls === 'true') text += `\nALTER TABLE ${name} ENABLE ROW LEVEL SECURITY;`;
  return { key: `${t.schema}.${t.name}`, text };
}

function renderView(r: Row): Item {
  const kind = r.kind === 'm' ? 'MATERIALIZED VIEW' : 'VIEW';
  const body = (r.def ?? '').trim().replace(/;$/, '');
  return { key: `${r.schema}.${r.name}`, text: `CREATE ${kind} ${qname(r.schema, r.name)} AS\n${body};` };
}

function renderFunction(r: Row): Item {
  const key = `${r.schema}.${r.name}(${r.args})`;
  if (r.kind === 'a') return { key, text: `-- aggregate ${qname(r.schema, r.name)}(${r.args})` };
  return { key, text: `${(r.def ?? '').trim()};` };
}

function renderTrigger(r: Row): Item {
  let text = `${r.def};`;
  if (r.enabled === 'D')
    text += `\nALTER TABLE ${qname(r.schema, r.table)} DISABLE TRIGGER ${ident(r.name)};`;
  return { key: `${r.schema}.${r.table}.${r.name}`, text };
}

function renderPolicy(r: Row): Item {
  let text = `CREATE POLICY ${ident(r.name)} ON ${qname(r.schema, r.table)} AS ${r.permissive} FOR ${r.cmd}`;
  text += ` TO ${r.roles}`;
  if (r.qual) text += ` USING (${r.qual})`;
  if (r.with_check) text += ` WITH CHECK (${r.with_check})`;
  return { key: `${r.schema}.${r.table}.${r.name}`, text: `${text};` };
}

function renderComment(r: Row): Item {
  const type = (r.type ?? '').toUpperCase().replace(/^TABLE (COLUMN|CONSTRAINT)$/, '$1');
  return {
    key: `${r.identity} ${type}`,
    text: `COMMENT ON ${type} ${r.identity} IS ${literal(r.description ?? '')};`,
  };
}
