import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from './connect';
import { isUniqueViolation } from './errors';
import { END_THREAD, INSERT_NAMES } from './sqlite-thread.fixture';

describe('SQLite on a thread of its own', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qinglang-sqlite-thread-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  let files = 0;
  const open = (options: { checkpointThread?: boolean } = {}) => {
    const file = path.join(dir, `db-${++files}.sqlite`);
    return { file, handle: openDatabase({ dialect: 'sqlite', file }, { thread: true, ...options }) };
  };
  const things = (handle: DatabaseHandle) =>
    sql`create table things (id integer primary key, name text not null unique, data blob)`.execute(handle.db);

  it('runs statements in the thread: rows, changes, insert ids and BLOBs come back as in this thread', async () => {
    const { handle } = open();
    try {
      await things(handle);
      const inserted = await sql`insert into things (name, data) values (${'a'}, ${Buffer.from([1, 2, 3])})`.execute(handle.db);
      expect(inserted.numAffectedRows).toBe(1n);
      expect(inserted.insertId).toBe(1n);
      // Read inside a transaction, so in the thread: a row cloned from there.
      const { rows } = await handle.db
        .transaction()
        .execute((trx) => sql<{ id: number; name: string; data: Buffer }>`select id, name, data from things`.execute(trx));
      expect(rows).toHaveLength(1);
      expect(rows[0]!.name).toBe('a');
      // A Buffer, as better-sqlite3 gives in this thread: repositories read BLOBs through Buffer's methods.
      expect(Buffer.isBuffer(rows[0]!.data)).toBe(true);
      expect([...rows[0]!.data]).toEqual([1, 2, 3]);
    } finally {
      await handle.close();
    }
  });

  it('commits a transaction whole, rolls a failed one back whole, and keeps the error SQLite gave', async () => {
    const { file, handle } = open();
    try {
      await things(handle);
      await handle.db.transaction().execute(async (trx) => {
        await sql`insert into things (name) values ('a')`.execute(trx);
        await sql`insert into things (name) values ('b')`.execute(trx);
      });
      const failed = await handle.db
        .transaction()
        .execute(async (trx) => {
          await sql`insert into things (name) values ('c')`.execute(trx);
          await sql`insert into things (name) values ('a')`.execute(trx);
        })
        .catch((error: unknown) => error);
      expect(isUniqueViolation(failed)).toBe(true);
      expect((failed as { code?: string }).code).toBe('SQLITE_CONSTRAINT_UNIQUE');
      // Savepoints: an inner failure undone, the rest kept.
      const trx = await handle.db.startTransaction().execute();
      await sql`insert into things (name) values ('d')`.execute(trx);
      const inner = await trx.savepoint('inner').execute();
      await sql`insert into things (name) values ('e')`.execute(inner);
      await inner.rollbackToSavepoint('inner').execute();
      await trx.commit().execute();
    } finally {
      await handle.close();
    }
    // Read by another connection once the thread has closed its own: only committed rows are there.
    const raw = new SqliteDatabase(file, { readonly: true });
    const names = (raw.prepare('select name from things order by name').all() as { name: string }[]).map((r) => r.name);
    raw.close();
    expect(names).toEqual(['a', 'b', 'd']);
  });

  it('hands the one connection to one transaction at a time, so concurrent transactions never interleave', async () => {
    const { handle } = open();
    try {
      await sql`create table counter (n integer not null)`.execute(handle.db);
      await sql`insert into counter (n) values (0)`.execute(handle.db);
      // Each reads the counter, yields, and writes it one higher: interleaved, updates would be lost.
      await Promise.all(
        Array.from({ length: 20 }, () =>
          handle.db.transaction().execute(async (trx) => {
            const { rows } = await sql<{ n: number }>`select n from counter`.execute(trx);
            await new Promise((resolve) => setImmediate(resolve));
            await sql`update counter set n = ${rows[0]!.n + 1}`.execute(trx);
          }),
        ),
      );
      const { rows } = await sql<{ n: number }>`select n from counter`.execute(handle.db);
      expect(rows[0]!.n).toBe(20);
    } finally {
      await handle.close();
    }
  });

  it('runs transactions sent whole in the thread, several at once and between ones run statement by statement', async () => {
    const { file, handle } = open();
    try {
      await things(handle);
      const run = handle.runInThread!;
      // This side's transaction, statement by statement, is open when the others are sent; they wait for
      // it (run inside it, their own `begin` would fail), and another of this side's waits for them.
      let opened = () => {};
      const isOpen = new Promise<void>((resolve) => (opened = resolve));
      const here = handle.db.transaction().execute(async (trx) => {
        await sql`insert into things (name) values ('here-1')`.execute(trx);
        opened();
        await new Promise((resolve) => setTimeout(resolve, 20));
        await sql`insert into things (name) values ('here-2')`.execute(trx);
      });
      await isOpen;
      const sent = Array.from({ length: 8 }, (_, i) => run(INSERT_NAMES, { names: [`t${i}a`, `t${i}b`] }));
      const after = sql`insert into things (name) values ('after')`.execute(handle.db);
      await after;
      const results = await Promise.all(sent);
      await here;
      expect(results.map((r) => r.inserted)).toEqual(Array(8).fill(2));
      // They ran in another thread than this one.
      expect(new Set(results.map((r) => r.thread)).size).toBe(1);
      expect(results[0]!.thread).not.toBe((await import('node:worker_threads')).threadId);

      // A transaction that fails halfway stores nothing, and its error comes back; so does SQLite's own.
      await expect(run(INSERT_NAMES, { names: ['f1', 'f2', 'f3'], failAt: 2 })).rejects.toThrow('failing on purpose at f3');
      const duplicate = await run(INSERT_NAMES, { names: ['d1', 't0a'] }).catch((error: unknown) => error);
      expect(isUniqueViolation(duplicate)).toBe(true);
    } finally {
      await handle.close();
    }
    const raw = new SqliteDatabase(file, { readonly: true });
    const names = (raw.prepare('select name from things').all() as { name: string }[]).map((r) => r.name);
    raw.close();
    expect(names).toHaveLength(19);
    expect(names).toEqual(expect.arrayContaining(['here-1', 'here-2', 't7b', 'after']));
    expect(names).not.toContain('f1');
    expect(names).not.toContain('d1');
  });

  it('reads outside a transaction at once in this thread, and inside one in the thread, where its own writes are', async () => {
    const { handle } = open();
    try {
      await things(handle);
      const count = async (db: Kysely<any>) => (await sql<{ n: number }>`select count(*) as n from things`.execute(db)).rows[0]!.n;
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      let opened = () => {};
      const isOpen = new Promise<void>((resolve) => (opened = resolve));
      const seenInside: number[] = [];
      const transaction = handle.db.transaction().execute(async (trx) => {
        await sql`insert into things (name) values ('uncommitted')`.execute(trx);
        seenInside.push(await count(trx));
        opened();
        await held;
      });
      await isOpen;
      // The transaction holds the thread's connection; a read outside it answers meanwhile, without its row.
      expect(await count(handle.db)).toBe(0);
      release();
      await transaction;
      expect(seenInside).toEqual([1]);
      expect(await count(handle.db)).toBe(1);
    } finally {
      await handle.close();
    }
  });

  it('streams a select in chunks', async () => {
    const { handle } = open();
    try {
      await things(handle);
      await sql`with recursive n(i) as (select 1 union all select i + 1 from n where i < 250)
        insert into things (name) select 'n' || i from n`.execute(handle.db);
      const chunks: number[] = [];
      for await (const row of handle.db
        .selectFrom('things' as never)
        .select(sql`name`.as('name'))
        .stream(100))
        chunks.push(row ? 1 : 0);
      expect(chunks).toHaveLength(250);
    } finally {
      await handle.close();
    }
  });

  it('with a checkpoint thread, copies what was written into the database file by the time it closes', async () => {
    const { file, handle } = open({ checkpointThread: true });
    await things(handle);
    for (let i = 0; i < 50; i++) await sql`insert into things (name) values (${`n${i}`})`.execute(handle.db);
    await handle.close();
    const raw = new SqliteDatabase(file, { readonly: true });
    const count = raw.prepare('select count(*) as n from things').get() as { n: number };
    const integrity = raw.pragma('integrity_check', { simple: true });
    raw.close();
    expect(count.n).toBe(50);
    expect(integrity).toBe('ok');
  });

  it('answers every statement after it has closed with an error, and a file it cannot open with the reason', async () => {
    const { handle } = open();
    await sql`select 1`.execute(handle.db);
    await handle.close();
    await expect(sql`select 1`.execute(handle.db)).rejects.toThrow();

    // A thread that ends by itself takes the database down with it, reads in this thread too.
    const crashed = open();
    await sql`select 1`.execute(crashed.handle.db);
    await expect(crashed.handle.runInThread!(END_THREAD, null)).rejects.toThrow(/exited \(code 3\)/);
    await expect(sql`select 1`.execute(crashed.handle.db)).rejects.toThrow(/exited \(code 3\)/);
    await crashed.handle.close();

    // A folder where the database file should be.
    const broken = openDatabase({ dialect: 'sqlite', file: dir }, { thread: true });
    await expect(sql`select 1`.execute(broken.db)).rejects.toThrow(/directory|unable to open/i);
    await broken.close();
  });
});
