import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PostgreSQL URL storage tests use, or null when PostgreSQL is not part of this run. */
    postgresUrl: string | null;
    /** SQLite is left out when only the PostgreSQL pass is asked for. */
    sqlite: boolean;
  }
}

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Decides once per run which dialects storage tests use. `QINGLANG_TEST_DIALECTS` picks them
 * (default `sqlite,postgres`); PostgreSQL at `QINGLANG_TEST_DATABASE_URL` is used when it answers,
 * and skipped with a notice when it does not, unless it was asked for alone, which then fails.
 */
export default async function setup(project: TestProject): Promise<void> {
  const wanted = (process.env.QINGLANG_TEST_DIALECTS ?? 'sqlite,postgres').split(',').map((d) => d.trim());
  const url = process.env.QINGLANG_TEST_DATABASE_URL ?? DEFAULT_URL;
  let postgresUrl: string | null = null;
  if (wanted.includes('postgres')) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('select 1');
      postgresUrl = url;
    } catch (error) {
      if (!wanted.includes('sqlite')) throw new Error(`PostgreSQL was asked for but is not reachable at ${url}`, { cause: error });
      console.warn(`\n[qinglang] PostgreSQL not reachable at ${url}: the PostgreSQL storage suite was SKIPPED (SQLite ran).\n`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  project.provide('postgresUrl', postgresUrl);
  project.provide('sqlite', wanted.includes('sqlite'));
}
