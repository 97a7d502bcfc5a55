import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CheckpointedSqliteDialect, SqliteCheckpointer } from './sqlite-checkpointer';

const PAGE = 4096;

describe('SQLite checkpoints on a thread of their own', () => {
  let dir: string;
  let file: string;
  let writer: SqliteDatabase.Database;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'qinglang-checkpointer-'));
    file = path.join(dir, 'db.sqlite');
    writer = new SqliteDatabase(file);
    writer.pragma('journal_mode = WAL');
    writer.pragma('synchronous = NORMAL');
    writer.exec('create table t (id integer primary key, body blob not null)');
  });
  afterEach(() => {
    if (writer.open) writer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const walBytes = () => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  const autocheckpoint = () => writer.pragma('wal_autocheckpoint', { simple: true });

  it('keeps the WAL bounded while the writer writes without pause, the writer itself never checkpointing', async () => {
    const checkpointer = new SqliteCheckpointer(file, writer, { pauseFrames: 200 });
    const db = new Kysely<{ t: { id: number | null; body: Buffer } }>({
      dialect: new CheckpointedSqliteDialect({ database: writer }, checkpointer),
    });
    // The writer checkpoints by itself until the thread has started and checkpointed once.
    expect(autocheckpoint()).toBe(1000);
    await vi.waitFor(() => expect(checkpointer.progress().checkpoints).toBeGreaterThan(0), { timeout: 10_000 });
    // 600 transactions of ~25 pages each: ~15,000 frames, 60 MB of WAL if nothing started it over.
    for (let i = 0; i < 600; i++) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('t')
          .values(Array.from({ length: 25 }, () => ({ id: null, body: Buffer.alloc(PAGE - 200, i) })))
          .execute();
      });
    }
    expect(autocheckpoint()).toBe(0);
    expect(checkpointer.progress().checkpoints).toBeGreaterThan(10);
    // The pause threshold, and what was written while the thread's last figures were not yet published
    // or a restart of the WAL lost a race with the thread: a few times 200 frames, far from 15,000.
    expect(walBytes()).toBeLessThan(3_000 * (PAGE + 24));
    const { n } = (await sql<{ n: number }>`select count(*) as n from t`.execute(db)).rows[0]!;
    expect(n).toBe(15_000);
    await checkpointer.close();
    expect(autocheckpoint()).toBe(1000);
    await db.destroy();

    // Everything written is in the file, whole.
    const reopened = new SqliteDatabase(file, { readonly: true });
    expect(reopened.prepare('select count(*) as n from t').get()).toEqual({ n: 15_000 });
    expect(reopened.pragma('integrity_check', { simple: true })).toBe('ok');
    reopened.close();
  });

  it('copies writes into the database file soon after they commit', async () => {
    const checkpointer = new SqliteCheckpointer(file, writer);
    writer.prepare('insert into t (body) values (?)').run(Buffer.alloc(100));
    checkpointer.written();
    await vi.waitFor(
      () => {
        const { walFrames, copiedFrames } = checkpointer.progress();
        expect(walFrames).toBeGreaterThan(0);
        expect(copiedFrames).toBe(walFrames);
      },
      { timeout: 10_000 },
    );
    await checkpointer.close();
  });

  it('finishes closing even when nothing else keeps the process alive', () => {
    writer.close();
    const fixture = fileURLToPath(new URL('./sqlite-checkpointer.fixture.ts', import.meta.url));
    const output = execFileSync(process.execPath, ['--import', 'tsx', fixture, file], { encoding: 'utf8', timeout: 30_000 });
    expect(output.trim()).toBe('closed');
  });

  it('hands checkpoints back to the writer when the thread fails', async () => {
    const onError = vi.fn();
    // The thread cannot open a file in a folder that does not exist.
    const checkpointer = new SqliteCheckpointer(path.join(dir, 'missing', 'db.sqlite'), writer, { onError, pauseFrames: 1 });
    await vi.waitFor(() => expect(onError).toHaveBeenCalledTimes(1), { timeout: 10_000 });
    expect(checkpointer.active).toBe(false);
    expect(autocheckpoint()).toBe(1000);
    // The writer no longer waits for a thread that is gone.
    checkpointer.written();
    await checkpointer.settle();
    await checkpointer.close();
  });
});
