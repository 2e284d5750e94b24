import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PglitePreparedReads as PreparedReads } from '../../db/store/prepared.ts';

describe('PreparedReads (embedded store)', () => {
  let lite: PGlite;
  beforeAll(async () => {
    lite = new PGlite();
    await lite.exec(`create table people (id int primary key, name text not null, born timestamptz);
      insert into people select g, 'person ' || g, '2000-01-01'::timestamptz + g * interval '1 day'
        from generate_series(1, 200) g;
      insert into people values (201, 'O''Brien', null), (202, '''; drop table people; --', null);`);
  });
  afterAll(() => lite.close());

  const statements = async () =>
    (
      await lite.query<{ name: string; generic_plans: number }>(
        `select name, generic_plans from pg_prepared_statements where name like 'bb_read_%'`,
      )
    ).rows;

  it('answers as the plain query does, with a generic plan made once', async () => {
    const reads = new PreparedReads(lite);
    const byId = (id: number) => sql`select id, name from people where id > ${id} order by id limit 3`;
    for (const id of [0, 10, 150, 199]) {
      const plain = await lite.query(`select id, name from people where id > $1 order by id limit 3`, [id], {
        rowMode: 'array',
      });
      expect(await reads.rows(byId(id))).toEqual(plain.rows);
    }
    const [prepared] = await statements();
    expect(prepared!.generic_plans).toBeGreaterThan(0);
    expect(
      (await lite.query<{ plan_cache_mode: string }>('show plan_cache_mode')).rows[0]!.plan_cache_mode,
    ).toBe('auto');
  });

  it('takes quotes, injection attempts and dates as data', async () => {
    const reads = new PreparedReads(lite);
    const named = (name: string) => sql`select id from people where name = ${name}`;
    expect(await reads.rows(named("O'Brien"))).toEqual([[201]]);
    expect(await reads.rows(named("'; drop table people; --"))).toEqual([[202]]);
    expect(await reads.rows(named('nobody'))).toEqual([]);
    const since = sql`select count(*)::int from people where born >= ${new Date('2000-01-11T00:00:00Z')}`;
    expect(await reads.rows(since)).toEqual([[191]]);
    expect((await lite.query<{ n: number }>('select count(*)::int as n from people')).rows[0]!.n).toBe(202);
  });

  it('runs a read whose parameters are not plain scalars unprepared', async () => {
    const reads = new PreparedReads(lite);
    const before = (await statements()).length;
    expect(await reads.rows(sql`select (${{ id: 7 }}::jsonb ->> 'id')::int`)).toEqual([[7]]);
    // A NUL cannot be inlined; unprepared, PostgreSQL refuses it with its own error.
    await expect(reads.rows(sql`select ${'a\u0000b'}::text`)).rejects.toThrow();
    expect((await statements()).length).toBe(before);
  }, 10_000);

  it('survives statements deallocated behind its back and keeps at most 64 prepared', async () => {
    const reads = new PreparedReads(lite);
    const q = sql`select name from people where id = ${5}`;
    expect(await reads.rows(q)).toEqual([['person 5']]);
    await lite.exec('deallocate all');
    expect(await reads.rows(q)).toEqual([['person 5']]);
    expect(await reads.rows(q)).toEqual([['person 5']]);
    for (let i = 0; i < 80; i++) expect(await reads.rows(sql.raw(`select ${i} as n`))).toEqual([[i]]);
    // Deallocation of the evicted runs behind the read; a query after it sees its effect.
    await new Promise((r) => setTimeout(r, 50));
    expect((await statements()).length).toBeLessThanOrEqual(64);
  });

  it('reports an error of the statement and leaves the session as it was', async () => {
    const reads = new PreparedReads(lite);
    const divide = (d: number) => sql`select 100 / ${d}::int`;
    expect(await reads.rows(divide(4))).toEqual([[25]]);
    await expect(reads.rows(divide(0))).rejects.toThrow(/division by zero/);
    expect(
      (await lite.query<{ plan_cache_mode: string }>('show plan_cache_mode')).rows[0]!.plan_cache_mode,
    ).toBe('auto');
    expect(await reads.rows(divide(5))).toEqual([[20]]);
  });
});
