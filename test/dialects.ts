import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import type { DatabaseDialect } from '../server/config';
import { type DatabaseHandle, openDatabase } from '../server/db/connect';
import { migrateToLatest } from '../server/db/migrate';

/** The dialects storage tests run on in this run: `for (const dialect of testDialects()) describe(...)`. */
export function testDialects(): DatabaseDialect[] {
  const dialects: DatabaseDialect[] = [];
  if (inject('sqlite')) dialects.push('sqlite');
  if (inject('postgresUrl')) dialects.push('postgres');
  return dialects;
}

/** A migrated, empty database of its own for one test file, dropped by `cleanup`. */
export interface TestDatabase extends DatabaseHandle {
  /** What `openDatabase` needs to reach the same database again (e.g. a second app instance). */
  target: Parameters<typeof openDatabase>[0];
  dataDir: string;
  cleanup(): Promise<void>;
}

/**
 * Creates an isolated database: a fresh SQLite file in a temporary folder, or a fresh schema in
 * the PostgreSQL test database, so test files can run in parallel.
 */
export async function createTestDatabase(dialect: DatabaseDialect): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'qinglang-test-'));
  if (dialect === 'sqlite') {
    const target = { dialect: 'sqlite' as const, file: path.join(dataDir, 'qinglang.sqlite') };
    const handle = openDatabase(target);
    await migrateToLatest(handle.db, 'sqlite');
    return {
      ...handle,
      target,
      dataDir,
      async cleanup() {
        await handle.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const url = inject('postgresUrl');
  if (!url) throw new Error('PostgreSQL is not available in this test run');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const target = { dialect: 'postgres' as const, url, schema, poolSize: 4 };
  const handle = openDatabase(target);
  await migrateToLatest(handle.db, 'postgres');
  return {
    ...handle,
    target,
    dataDir,
    async cleanup() {
      await handle.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
