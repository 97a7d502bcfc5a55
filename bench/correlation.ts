/**
 * Correlation on read: the time to correlate one report (its values, their capped counts, the
 * subjects sharing them, access control and labels) with N occurrences in `indicator_occurrences`
 * (default 1,000,000), through CorrelationService directly as the system actor.
 *
 *   npx tsx bench/correlation.ts [--occurrences 1000000] [--runs 500] [--dialect sqlite|postgres|both]
 *                                [--database postgres://…] [--seed 11]
 *
 * Data: reports of 5 indicator values each. Values are drawn so that most are unique, some are
 * shared by a handful of reports, some by hundreds, and a few hot ones by thousands (customer-service
 * numbers): every correlated report touches one hot value. 1 report in 100 is a real `reports` row
 * (the measured subjects and the links that get labelled); the rest are occurrences only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { syntheticReportRow } from '../test/report-rows';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Insertable, sql } from 'kysely';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../server/db/connect';
import { migrateToLatest } from '../server/db/migrate';
import type { ReportsTable } from '../server/db/schema';
import { uuidv7 } from '../server/lib/ids';
import { CorrelationService } from '../server/modules/correlation/correlation.service';

const { values } = parseArgs({
  options: {
    occurrences: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '500' },
    dialect: { type: 'string', default: 'sqlite' },
    database: { type: 'string' },
    seed: { type: 'string', default: '11' },
  },
});
const OCCURRENCES = Number(values.occurrences);
const RUNS = Number(values.runs);
const PER_REPORT = 5;
const PG_URL = values.database ?? process.env.QINGLANG_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const phone = (n: number) => `1${String(3_000_000_000 + n).padStart(10, '0')}`;

async function load(handle: DatabaseHandle, rand: () => number): Promise<string[]> {
  const db = handle.db;
  const reports = Math.floor(OCCURRENCES / PER_REPORT);
  const now = new Date().toISOString();
  const measured: string[] = [];
  let rows: { type: string; value: string; subject_type: string; subject_id: string; field: string; created_at: string }[] = [];
  let reportRows: Insertable<ReportsTable>[] = [];
  const flush = async () => {
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('indicator_occurrences')
          .values(rows.slice(i, i + 500))
          .execute();
      for (let i = 0; i < reportRows.length; i += 200)
        await trx
          .insertInto('reports')
          .values(reportRows.slice(i, i + 200))
          .execute();
    });
    rows = [];
    reportRows = [];
  };
  for (let r = 0; r < reports; r++) {
    const id = uuidv7();
    const chosen = new Set<string>();
    // One hot value (20 customer-service numbers shared by all), then values of falling rarity.
    chosen.add(`9558${Math.floor(rand() * 20)}`);
    while (chosen.size < PER_REPORT) {
      const x = rand();
      if (x < 0.55)
        chosen.add(phone(Math.floor(rand() * 1e9))); // unique
      else if (x < 0.85)
        chosen.add(phone(1e9 + Math.floor(rand() * (reports / 3)))); // a handful each
      else chosen.add(phone(2e9 + Math.floor(rand() * (reports / 300)))); // hundreds each
    }
    for (const value of chosen)
      rows.push({ type: 'phone', value, subject_type: 'report', subject_id: id, field: 'description', created_at: now });
    if (r % 100 === 0) {
      measured.push(id);
      reportRows.push(syntheticReportRow({ id, trackingCode: `B${r}`, description: '基准测试举报', at: now, category: 'paid_deletion' }));
    }
    if (rows.length >= 20_000) await flush();
  }
  await flush();
  return measured;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function run(dialect: 'sqlite' | 'postgres') {
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'ql-corr-bench-'));
    handle = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'bench.db') });
    cleanup = async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const schema = `bench_corr_${Date.now()}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    handle = openDatabase({ dialect: 'postgres', url: PG_URL, schema });
    cleanup = async () => {
      await handle.close();
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    };
  }
  try {
    await migrateToLatest(handle.db, dialect);
    const started = performance.now();
    const measured = await load(handle, mulberry32(Number(values.seed)));
    const loadSeconds = (performance.now() - started) / 1000;
    if (dialect === 'postgres') await sql`vacuum analyze indicator_occurrences`.execute(handle.db); // what autovacuum does in steady state
    const service = new CorrelationService({ db: handle.db, dialect, hotThreshold: 1000 });
    const system = { kind: 'system' } as never;
    for (const id of measured.slice(0, 20)) await service.correlate(system, 'report', id); // warm-up
    const times: number[] = [];
    let links = 0;
    let hot = 0;
    for (let i = 0; i < RUNS; i++) {
      const id = measured[i % measured.length]!;
      const t0 = performance.now();
      const result = await service.correlate(system, 'report', id);
      times.push(performance.now() - t0);
      links += result.links.length;
      hot += result.values.filter((v) => v.hot).length;
    }
    times.sort((a, b) => a - b);
    console.log(
      `${dialect}: ${OCCURRENCES.toLocaleString('en')} occurrences (loaded in ${loadSeconds.toFixed(0)} s); ${RUNS} correlations: ` +
        `p50 ${percentile(times, 50).toFixed(2)} ms, p99 ${percentile(times, 99).toFixed(2)} ms, max ${times[times.length - 1]!.toFixed(2)} ms; ` +
        `${(links / RUNS).toFixed(1)} visible links and ${(hot / RUNS).toFixed(1)} hot values per report`,
    );
  } finally {
    await cleanup();
  }
}

const dialects = values.dialect === 'both' ? (['sqlite', 'postgres'] as const) : [values.dialect as 'sqlite' | 'postgres'];
for (const d of dialects) await run(d);
