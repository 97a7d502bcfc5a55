import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './connect';

describe('openDatabase on SQLite', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qinglang-connect-'));
  const file = path.join(dir, 'qinglang.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the query planner statistics of the tables it used by the time it closes', async () => {
    const handle = openDatabase({ dialect: 'sqlite', file });
    await sql`create table things (id integer primary key, kind text not null)`.execute(handle.db);
    await sql`create index things_kind_idx on things (kind)`.execute(handle.db);
    await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 5000)
      insert into things (kind) select 'k' || (i % 7) from n`.execute(handle.db);
    await sql`select count(*) from things where kind = 'k3'`.execute(handle.db);
    await handle.close();

    const raw = new SqliteDatabase(file, { readonly: true });
    const stats = raw.prepare(`select tbl, idx, stat from sqlite_stat1 where tbl = 'things'`).all() as { idx: string; stat: string }[];
    raw.close();
    expect(stats.map((s) => s.idx)).toContain('things_kind_idx');
    // Rows in the table, then rows per distinct kind.
    expect(stats.find((s) => s.idx === 'things_kind_idx')!.stat.split(' ')[0]).toBe('5000');
  });
});
