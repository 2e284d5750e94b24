// Catalog queries behind the PostgreSQL schema snapshot; every column is text so rendering is type-free.

/** Excludes system schemas and temporary schemas. */
const USER_NS = `n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname NOT LIKE 'pg_temp_%' AND n.nspname NOT LIKE 'pg_toast_temp_%'`;

/** Excludes objects that belong to an extension; the extension line already stands for them. */
const notExtensionMember = (catalog: string, oid: string): string =>
  `NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.classid = '${catalog}'::regclass
     AND dep.objid = ${oid} AND dep.deptype = 'e')`;

export const schemasQuery = `SELECT n.nspname AS name FROM pg_namespace n WHERE ${USER_NS}`;

export const extensionsQuery = `SELECT e.extname AS name, n.nspname AS schema
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql'`;

export const enumsQuery = `SELECT n.nspname AS schema, t.typname AS name,
    string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) AS labels
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
  WHERE ${USER_NS} AND ${notExtensionMember('pg_type', 't.oid')}
  GROUP BY n.nspname, t.typname`;

export const domainsQuery = `SELECT n.nspname AS schema, t.typname AS name,
    format_type(t.typbasetype, t.typtypmod) AS base, t.typnotnull::text AS notnull, t.typdefault AS def,
    (SELECT string_agg('CONSTRAINT ' || quote_ident(c.conname) || ' ' || pg_get_constraintdef(c.oid, true),
       ' ' ORDER BY c.conname COLLATE "C") FROM pg_constraint c WHERE c.contypid = t.oid) AS checks
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  WHERE t.typtype = 'd' AND ${USER_NS} AND ${notExtensionMember('pg_type', 't.oid')}`;

export const compositeTypesQuery = `SELECT n.nspname AS schema, t.typname AS name,
    string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum) AS attrs
  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
  JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  WHERE ${USER_NS} AND ${notExtensionMember('pg_type', 't.oid')}
  GROUP BY n.nspname, t.typname`;

export const sequencesQuery = `SELECT n.nspname AS schema, c.relname AS name, format_type(s.seqtypid, NULL) AS type,
    s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max, s.seqstart::text AS start,
    s.seqcache::text AS cache, s.seqcycle::text AS cycle,
    (SELECT quote_ident(tn.nspname) || '.' || quote_ident(tc.relname) || '.' || quote_ident(ta.attname)
       FROM pg_depend d JOIN pg_class tc ON tc.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = tc.relnamespace
       JOIN pg_attribute ta ON ta.attrelid = tc.oid AND ta.attnum = d.refobjsubid
       WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'a' LIMIT 1) AS owned_by
  FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${USER_NS} AND ${notExtensionMember('pg_class', 'c.oid')}
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
      AND d.deptype = 'i')`;

export const tablesQuery = `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
    c.relpersistence::text AS persistence, c.relrowsecurity::text AS rls,
    array_to_string(c.reloptions, ', ') AS options,
    CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partkey,
    CASE WHEN c.relispartition THEN (SELECT quote_ident(pn.nspname) || '.' || quote_ident(pc.relname)
      FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = pc.relnamespace
      WHERE i.inhrelid = c.oid) END AS partition_of,
    CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS bound
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('r', 'p') AND ${USER_NS} AND ${notExtensionMember('pg_class', 'c.oid')}`;

export const columnsQuery = `SELECT n.nspname AS schema, c.relname AS table, a.attname AS name,
    lpad(a.attnum::text, 5, '0') AS num, format_type(a.atttypid, a.atttypmod) AS type,
    a.attnotnull::text AS notnull, pg_get_expr(d.adbin, d.adrelid) AS def, a.attidentity::text AS identity,
    a.attgenerated::text AS generated,
    CASE WHEN a.attcollation <> 0 AND a.attcollation <> t.typcollation THEN
      (SELECT quote_ident(co.collname) FROM pg_collation co WHERE co.oid = a.attcollation) END AS collation
  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND ${USER_NS}
    AND ${notExtensionMember('pg_class', 'c.oid')}`;

/** Table constraints except NOT NULL ones (PostgreSQL 18 lists those; the column lines already say them). */
export const constraintsQuery = `SELECT n.nspname AS schema, c.relname AS table, con.conname AS name,
    pg_get_constraintdef(con.oid, true) AS def
  FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE con.contype IN ('p', 'u', 'f', 'c', 'x') AND ${USER_NS} AND ${notExtensionMember('pg_class', 'c.oid')}`;

/** Indexes that no constraint owns; constraint-backed ones are covered by their constraint line. */
export const indexesQuery = `SELECT n.nspname AS schema, ci.relname AS name, pg_get_indexdef(i.indexrelid) AS def,
    i.indisvalid::text AS valid
  FROM pg_index i JOIN pg_class ci ON ci.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ci.relnamespace
  WHERE ${USER_NS} AND ${notExtensionMember('pg_class', 'i.indrelid')}
    AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid
      AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x'))`;

export const viewsQuery = `SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS kind,
    pg_get_viewdef(c.oid, true) AS def
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('v', 'm') AND ${USER_NS} AND ${notExtensionMember('pg_class', 'c.oid')}`;

export const functionsQuery = `SELECT n.nspname AS schema, p.proname AS name,
    pg_get_function_identity_arguments(p.oid) AS args, p.prokind::text AS kind,
    CASE WHEN p.prokind <> 'a' THEN pg_get_functiondef(p.oid) END AS def
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
  WHERE ${USER_NS} AND ${notExtensionMember('pg_proc', 'p.oid')}`;

export const triggersQuery = `SELECT n.nspname AS schema, c.relname AS table, t.tgname AS name,
    pg_get_triggerdef(t.oid, true) AS def, t.tgenabled::text AS enabled
  FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE NOT t.tgisinternal AND ${USER_NS}`;

export const policiesQuery = `SELECT schemaname AS schema, tablename AS table, policyname AS name,
    permissive, array_to_string(roles, ', ') AS roles, cmd, qual, with_check
  FROM pg_policies`;

/**
 * Comments on user objects, identified by name rather than OID. Objects below FirstNormalObjectId (16384)
 * come with the server (access methods, the public schema), so their comments are not the user's schema.
 */
export const commentsQuery = `SELECT o.type, o.identity, d.description
  FROM pg_description d, LATERAL pg_identify_object(d.classoid, d.objoid, d.objsubid) o
  WHERE d.objoid >= 16384 AND o.type NOT IN ('extension', 'language')
    AND COALESCE(o.schema, o.identity) NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
    AND COALESCE(o.schema, o.identity) NOT LIKE 'pg_temp_%'
    AND NOT EXISTS (SELECT 1 FROM pg_depend dep WHERE dep.objid = d.objoid AND dep.deptype = 'e')`;
