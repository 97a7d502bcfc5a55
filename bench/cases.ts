/**
 * Case lists at scale: fills N cases (default 1,000,000) with realistic distributions, then measures
 * the common list and count queries of the case workbench, calling the repository directly. Prints
 * p50/p95/p99 and mean per query beside the target (p95 under 100 ms), plus fill time and rows/s.
 *
 *   npm run bench:cases -- [--cases 1000000] [--dialect sqlite|postgres|both] [--runs 200]
 *                          [--database postgres://…] [--try-index] [--explain]
 *
 * SQLite runs in a temporary folder; PostgreSQL (QINGLANG_BENCH_DATABASE_URL, or --database, or
 * postgres://postgres@127.0.0.1:5432/postgres) in a fresh schema dropped afterwards. Without
 * --dialect, both run when PostgreSQL answers, SQLite alone otherwise. `--try-index` adds the
 * experimental indexes below to the bench's own database after the fill (they are not migrations);
 * `--explain` prints the plan of each query that misses the target, for its slowest parameters.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { CompiledQuery, type KyselyPlugin, type Kysely, type RootOperationNode, sql } from 'kysely';
import pg from 'pg';
import { CASE_STATUSES } from '../contracts/cases-lifecycle';
import { REPORT_CATEGORIES } from '../contracts/reports';
import { openDatabase, type DatabaseHandle } from '../server/db/connect';
import { migrateToLatest } from '../server/db/migrate';
import type { Database as Schema } from '../server/db/schema';
import { toIsoString } from '../server/db/values';
import { OPEN_STATUSES } from '../server/modules/cases/case-lifecycle';
import * as repo from '../server/modules/cases/cases.repository';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    dialect: { type: 'string' },
    runs: { type: 'string', default: '200' },
    database: { type: 'string' },
    'try-index': { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    seed: { type: 'string', default: '20261128' },
  },
});
const CASES = Number(values.cases.replaceAll(/[_,]/g, ''));
const RUNS = Number(values.runs);
const TRY_INDEX = values['try-index'];
const TARGET_MS = 100;
const PG_URL = values.database ?? process.env.QINGLANG_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Indexes tried with --try-index, created ad hoc in the bench's own database (not migrations).
 * Each is what the plans of the missing queries asked for; see bench/README.md for the figures.
 */
const EXPERIMENTAL_INDEXES: { name: string; sql: string; why: string }[] = [
  {
    name: 'bench_cases_opened_idx',
    sql: 'create index bench_cases_opened_idx on cases (opened_at, id)',
    why: 'newest-first pages without a status filter (all cases; an agency’s cases) walk the index instead of sorting',
  },
  {
    name: 'bench_cases_lead_opened_idx',
    sql: 'create index bench_cases_lead_opened_idx on cases (lead_org_id, opened_at, id)',
    why: 'a region lead’s newest-first page merges per-lead index ranges instead of sorting the region',
  },
];

// ---------------------------------------------------------------------------------------------
// Deterministic randomness, so runs on both dialects see the same data and parameters.

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pickWeighted<T>(rand: () => number, items: readonly T[], cumulative: readonly number[]): T {
  const r = rand() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return items[lo]!;
}

function cumulate(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

/** A UUIDv7 whose time part is the given instant (ids of old cases sort before new ones). */
function idAt(ms: number): string {
  const time = ms.toString(16).padStart(12, '0');
  const random = randomUUID();
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}

// ---------------------------------------------------------------------------------------------
// The organization tree: a national centre, 31 provinces (regulator + police), 6–16 cities each.

interface Org {
  id: string;
  name: string;
  kind: string;
  parent_id: string | null;
  path: string;
  region_code: string;
}

const PROVINCE_CODES = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65,
];

function buildOrgs(rand: () => number) {
  const orgs: Org[] = [];
  const base = Date.parse('2024-01-01T00:00:00Z');
  let n = 0;
  const make = (name: string, kind: string, parent: Org | null, region: string): Org => {
    const id = idAt(base + n++);
    const org = { id, name, kind, parent_id: parent?.id ?? null, path: `${parent?.path ?? '/'}${id}/`, region_code: region };
    orgs.push(org);
    return org;
  };
  const centre = make('国家网络违法和不良信息举报中心', 'reporting_centre', null, '100000');
  const provinces: { regulator: Org; police: Org }[] = [];
  const leads: Org[] = [];
  const policeOfProvince = new Map<string, Org>();
  const provinceOfOrg = new Map<string, Org>();
  for (const code of PROVINCE_CODES) {
    const regulator = make(`省网信办 ${code}`, 'regulator', centre, `${code}0000`);
    const police = make(`省公安厅网安总队 ${code}`, 'police', regulator, `${code}0000`);
    provinces.push({ regulator, police });
    leads.push(regulator);
    policeOfProvince.set(regulator.id, police);
    provinceOfOrg.set(regulator.id, regulator);
    const cities = 6 + Math.floor(rand() * 11);
    for (let c = 1; c <= cities; c++) {
      const city = make(`市网信办 ${code}${String(c).padStart(2, '0')}`, 'regulator', regulator, `${code}${String(c).padStart(2, '0')}00`);
      leads.push(city);
      policeOfProvince.set(city.id, police);
      provinceOfOrg.set(city.id, regulator);
    }
  }
  // Zipf-ish (s = 0.8) over a shuffled order of lead agencies: a few big cities hold many cases.
  const order = leads.map((org) => ({ org, r: rand() })).sort((a, b) => a.r - b.r);
  const leadWeights = order.map((_, rank) => 1 / Math.pow(rank + 1, 0.8));
  return {
    orgs,
    centre,
    provinces,
    leads: order.map((o) => o.org),
    leadCumulative: cumulate(leadWeights),
    policeOfProvince,
    provinceOfOrg,
  };
}

// ---------------------------------------------------------------------------------------------
// Cases: opened over two years, most concluded or closed, ~15% open (mostly recent ones).

const DAY = 86_400_000;
const NOW = Date.now();
const SPAN = 730 * DAY;
const CATEGORY_WEIGHTS = cumulate([40, 30, 12, 8, 10]);
const PRIORITIES = ['normal', 'high', 'urgent'] as const;
const PRIORITY_WEIGHTS = cumulate([80, 15, 5]);
const OPEN_WEIGHTS = cumulate([12, 20, 3, 20, 30, 15]); // triage, assigned, returned, accepted, investigating, disposing
const CASE_COLUMNS = [
  'id',
  'number',
  'category',
  'region_code',
  'priority',
  'status',
  'title',
  'money_paid',
  'lead_org_id',
  'opened_at',
  'assigned_at',
  'conclude_due',
  'concluded_at',
  'closed_at',
  'updated_at',
] as const;
const AGENCY_COLUMNS = ['case_id', 'org_id', 'role', 'added_at', 'case_status', 'case_opened_at'] as const;
type CaseTuple = [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  number,
  string | null,
  string,
  string | null,
  string,
  string | null,
  string | null,
  string,
];
/** case_id, org_id, role, added_at, and the copies of the case's status and opened_at. */
type AgencyTuple = [string, string, string, string, string, string];

function* caseBatches(tree: ReturnType<typeof buildOrgs>, total: number, batchSize: number, rand: () => number) {
  // Opened instants in increasing order (sorted uniforms), so ids and numbers follow time.
  let cursor = 0;
  let seq = 0;
  while (cursor < total) {
    const size = Math.min(batchSize, total - cursor);
    const cases: CaseTuple[] = [];
    const agencies: AgencyTuple[] = [];
    for (let i = 0; i < size; i++, cursor++) {
      const opened = NOW - SPAN + Math.floor(((cursor + rand()) / total) * SPAN);
      const age = NOW - opened;
      const openProbability = age < 60 * DAY ? 0.6 : 0.11;
      let status: string;
      if (rand() < openProbability) status = pickWeighted(rand, OPEN_STATUSES, OPEN_WEIGHTS);
      else status = rand() < 0.4 ? 'concluded' : 'closed';
      const routed = status !== 'triage';
      const lead = routed ? pickWeighted(rand, tree.leads, tree.leadCumulative) : null;
      const region = lead ? lead.region_code : `${PROVINCE_CODES[Math.floor(rand() * PROVINCE_CODES.length)]}0100`;
      const id = idAt(opened);
      const openedIso = new Date(opened).toISOString();
      const assigned = routed ? opened + Math.floor(rand() * DAY) : null;
      const due = opened + 7 * DAY;
      const concluded = status === 'concluded' || status === 'closed' ? opened + Math.floor(rand() * 10 * DAY) : null;
      const closed = status === 'closed' && concluded !== null ? concluded + Math.floor(rand() * 3 * DAY) : null;
      const updated = closed ?? concluded ?? assigned ?? opened;
      const year = new Date(opened).getUTCFullYear();
      seq += 1;
      cases.push([
        id,
        `QL-${year}-${String(seq).padStart(7, '0')}`,
        pickWeighted(rand, REPORT_CATEGORIES, CATEGORY_WEIGHTS),
        region,
        pickWeighted(rand, PRIORITIES, PRIORITY_WEIGHTS),
        status,
        `案件 ${seq}：自媒体账号以删帖为名索要费用`,
        rand() < 0.3 ? 1 : 0,
        lead?.id ?? null,
        openedIso,
        assigned === null ? null : new Date(assigned).toISOString(),
        new Date(due).toISOString(),
        concluded === null ? null : new Date(Math.min(concluded, NOW)).toISOString(),
        closed === null ? null : new Date(Math.min(closed, NOW)).toISOString(),
        new Date(Math.min(updated, NOW)).toISOString(),
      ]);
      if (lead && assigned !== null) {
        const at = new Date(assigned).toISOString();
        agencies.push([id, lead.id, 'lead', at, status, openedIso]);
        // Police assisting on about a third of routed cases (extortion with money paid, mostly).
        if (rand() < 0.3) agencies.push([id, tree.policeOfProvince.get(lead.id)!.id, 'assisting', at, status, openedIso]);
      }
    }
    yield { cases, agencies };
  }
}

// ---------------------------------------------------------------------------------------------
// Filling each dialect.

interface Filled {
  cases: number;
  agencies: number;
  seconds: number;
}

function orgRows(tree: ReturnType<typeof buildOrgs>) {
  const at = new Date(NOW - SPAN - DAY).toISOString();
  return tree.orgs.map((o) => ({ ...o, domains: '[]', icp_numbers: '[]', uscc: null, status: 'active', created_at: at, updated_at: at }));
}

async function fillSqlite(file: string, tree: ReturnType<typeof buildOrgs>): Promise<Filled> {
  const started = performance.now();
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = OFF');
  raw.pragma('cache_size = -262144');
  const orgInsert = raw.prepare(
    'insert into organizations (id, name, kind, parent_id, path, region_code, domains, icp_numbers, uscc, status, created_at, updated_at) values (@id, @name, @kind, @parent_id, @path, @region_code, @domains, @icp_numbers, @uscc, @status, @created_at, @updated_at)',
  );
  raw.transaction(() => {
    for (const row of orgRows(tree)) orgInsert.run(row);
  })();
  // Multi-row inserts of 500 cases (15 columns: 7,500 parameters) inside transactions of 20,000.
  const ROWS = 500;
  const caseSql = (n: number) =>
    `insert into cases (${CASE_COLUMNS.join(', ')}) values ${Array.from({ length: n }, () => `(${CASE_COLUMNS.map(() => '?').join(', ')})`).join(', ')}`;
  const agencySql = (n: number) =>
    `insert into case_agencies (${AGENCY_COLUMNS.join(', ')}) values ${Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?)').join(', ')}`;
  const caseFull = raw.prepare(caseSql(ROWS));
  const agencyFull = raw.prepare(agencySql(ROWS));
  const insertChunks = (stmtFull: Database.Statement, make: (n: number) => string, rows: unknown[][]) => {
    for (let i = 0; i < rows.length; i += ROWS) {
      const chunk = rows.slice(i, i + ROWS);
      const stmt = chunk.length === ROWS ? stmtFull : raw.prepare(make(chunk.length));
      stmt.run(chunk.flat());
    }
  };
  let cases = 0;
  let agencies = 0;
  const rand = mulberry32(Number(values.seed) + 1);
  const write = raw.transaction((batch: { cases: CaseTuple[]; agencies: AgencyTuple[] }) => {
    insertChunks(caseFull, caseSql, batch.cases);
    insertChunks(agencyFull, agencySql, batch.agencies);
  });
  for (const batch of caseBatches(tree, CASES, 20_000, rand)) {
    write(batch);
    cases += batch.cases.length;
    agencies += batch.agencies.length;
    progress(cases, started);
  }
  raw.exec('analyze');
  raw.pragma('wal_checkpoint(TRUNCATE)');
  raw.close();
  process.stdout.write('\n');
  return { cases, agencies, seconds: (performance.now() - started) / 1000 };
}

async function fillPostgres(url: string, schema: string, tree: ReturnType<typeof buildOrgs>): Promise<Filled> {
  const started = performance.now();
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query('set synchronous_commit = off');
    for (const row of orgRows(tree)) {
      await client.query(
        'insert into organizations (id, name, kind, parent_id, path, region_code, domains, icp_numbers, uscc, status, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)',
        [
          row.id,
          row.name,
          row.kind,
          row.parent_id,
          row.path,
          row.region_code,
          row.domains,
          row.icp_numbers,
          row.uscc,
          row.status,
          row.created_at,
          row.updated_at,
        ],
      );
    }
    // One `insert … select from unnest(arrays)` per 20,000 cases: one round trip, one statement.
    const caseTypes = [
      'text',
      'text',
      'text',
      'text',
      'text',
      'text',
      'text',
      'int',
      'text',
      'timestamptz',
      'timestamptz',
      'timestamptz',
      'timestamptz',
      'timestamptz',
      'timestamptz',
    ];
    const caseInsert = `insert into cases (${CASE_COLUMNS.join(', ')}) select * from unnest(${caseTypes.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})`;
    const agencyInsert = `insert into case_agencies (${AGENCY_COLUMNS.join(', ')}) select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::timestamptz[])`;
    const columnsOf = <T extends unknown[]>(rows: T[], width: number) => Array.from({ length: width }, (_, c) => rows.map((r) => r[c]));
    let cases = 0;
    let agencies = 0;
    const rand = mulberry32(Number(values.seed) + 1);
    for (const batch of caseBatches(tree, CASES, 20_000, rand)) {
      await client.query('begin');
      await client.query(caseInsert, columnsOf(batch.cases, CASE_COLUMNS.length));
      await client.query(agencyInsert, columnsOf(batch.agencies, AGENCY_COLUMNS.length));
      await client.query('commit');
      cases += batch.cases.length;
      agencies += batch.agencies.length;
      progress(cases, started);
    }
    // VACUUM as well as ANALYZE: sets the visibility map, so counts can be index-only scans (as
    // autovacuum would do in production).
    await client.query('vacuum analyze');
    process.stdout.write('\n');
    return { cases, agencies, seconds: (performance.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

function progress(done: number, started: number) {
  if (!process.stdout.isTTY) return;
  const s = (performance.now() - started) / 1000;
  process.stdout.write(`\r  filled ${done.toLocaleString('en')} / ${CASES.toLocaleString('en')} cases (${s.toFixed(0)} s)   `);
}

// ---------------------------------------------------------------------------------------------
// Measuring.

/** Remembers the last query sent, so a slow one's plan can be asked for. */
class LastQuery implements KyselyPlugin {
  node: RootOperationNode | undefined;
  transformQuery(args: { node: RootOperationNode }): RootOperationNode {
    this.node = args.node;
    return args.node;
  }
  transformResult<T>(args: { result: T }): Promise<T> {
    return Promise.resolve(args.result);
  }
}

interface Measured {
  name: string;
  times: number[];
  sizes: number[];
  slowest: { ms: number; node: RootOperationNode | undefined; label: string };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function measureDialect(handle: DatabaseHandle, tree: ReturnType<typeof buildOrgs>, label: string, filled: Filled) {
  const recorder = new LastQuery();
  const db = handle.db.withPlugin(recorder) as Kysely<Schema>;
  const rand = mulberry32(Number(values.seed) + 2);
  const agencies = [...tree.leads, ...tree.provinces.map((p) => p.police)];
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  // Status sets as the workbench sends them: none (all), the open ones, or one status.
  const statusSet = (): string[] | undefined => {
    const r = rand();
    if (r < 0.4) return undefined;
    if (r < 0.7) return [...OPEN_STATUSES];
    return [pick(CASE_STATUSES)];
  };
  const describe = (s: string[] | undefined) => (s === undefined ? 'any status' : s.length > 1 ? 'open statuses' : s[0]!);
  const results: Measured[] = [];

  async function measure(name: string, run: () => Promise<{ size: number; label: string }>) {
    const m: Measured = { name, times: [], sizes: [], slowest: { ms: -1, node: undefined, label: '' } };
    for (let i = 0; i < 5; i++) await run(); // warm-up: statement caches, page cache
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const { size, label: l } = await run();
      const ms = performance.now() - t0;
      m.times.push(ms);
      m.sizes.push(size);
      if (ms > m.slowest.ms) m.slowest = { ms, node: recorder.node, label: l };
    }
    results.push(m);
    process.stdout.write(`  measured ${name}\n`);
  }

  const orgLabel = (o: Org) => `${o.name} (${o.kind})`;
  const provinceName = (o: Org) => o.name;

  await measure('1 agency (mine) first page, 50 newest', async () => {
    const org = pick(agencies);
    const status = statusSet();
    const rows = await repo.listCases(db, { orgId: org.id, ...(status ? { status } : {}), limit: 50, sort: 'opened_desc' });
    return { size: rows.length, label: `${orgLabel(org)}, ${describe(status)}` };
  });
  await measure('2 agency (mine) count', async () => {
    const org = pick(agencies);
    const status = statusSet();
    const n = await repo.countCases(db, { orgId: org.id, ...(status ? { status } : {}) });
    return { size: n, label: `${orgLabel(org)}, ${describe(status)}` };
  });
  await measure('3a region lead first page (province)', async () => {
    const province = pick(tree.provinces).regulator;
    const status = statusSet();
    const rows = await repo.listCases(db, { leadPathPrefix: province.path, ...(status ? { status } : {}), limit: 50, sort: 'opened_desc' });
    return { size: rows.length, label: `${provinceName(province)}, ${describe(status)}` };
  });
  await measure('3b region lead count (province)', async () => {
    const province = pick(tree.provinces).regulator;
    const status = statusSet();
    const n = await repo.countCases(db, { leadPathPrefix: province.path, ...(status ? { status } : {}) });
    return { size: n, label: `${provinceName(province)}, ${describe(status)}` };
  });
  await measure('4a overdue list (province, by due)', async () => {
    const province = pick(tree.provinces).regulator;
    const rows = await repo.listCases(db, {
      leadPathPrefix: province.path,
      status: [...OPEN_STATUSES],
      overdueAt: new Date().toISOString(),
      limit: 50,
      sort: 'due_asc',
    });
    return { size: rows.length, label: provinceName(province) };
  });
  await measure('4b overdue count (province)', async () => {
    const province = pick(tree.provinces).regulator;
    const n = await repo.countCases(db, { leadPathPrefix: province.path, status: [...OPEN_STATUSES], overdueAt: new Date().toISOString() });
    return { size: n, label: provinceName(province) };
  });
  await measure('5a triage all cases first page', async () => {
    const status = statusSet();
    const rows = await repo.listCases(db, { ...(status ? { status } : {}), limit: 50, sort: 'opened_desc' });
    return { size: rows.length, label: describe(status) };
  });
  await measure('5b triage total count, status filter', async () => {
    const status = statusSet() ?? [pick(CASE_STATUSES)];
    const n = await repo.countCases(db, { status });
    return { size: n, label: describe(status) };
  });
  // The 20th page: the cursor is the 950th row, found outside the timing.
  const cursorFor = async (filter: Omit<repo.CaseListFilter, 'limit' | 'sort' | 'before'>) => {
    const rows = await repo.listCases(handle.db, { ...filter, limit: 950, sort: 'opened_desc' });
    const last = rows.at(-1);
    return last ? { openedAt: toIsoString(last.opened_at), id: last.id } : undefined;
  };
  const pages: {
    filter: Omit<repo.CaseListFilter, 'limit' | 'sort' | 'before'>;
    before: { openedAt: string; id: string } | undefined;
    label: string;
  }[] = [];
  for (let i = 0; i < Math.min(RUNS, 50); i++) {
    const status = statusSet();
    const filter = status ? { status } : {};
    pages.push({ filter, before: await cursorFor(filter), label: describe(status) });
  }
  let p = 0;
  await measure('6a triage all cases, 20th page (cursor)', async () => {
    const page = pages[p++ % pages.length]!;
    const rows = await repo.listCases(db, {
      ...page.filter,
      ...(page.before ? { before: page.before } : {}),
      limit: 50,
      sort: 'opened_desc',
    });
    return { size: rows.length, label: page.label };
  });
  const minePages: typeof pages = [];
  for (let i = 0; i < Math.min(RUNS, 50); i++) {
    const org = pick(agencies);
    const status = statusSet();
    const filter = { orgId: org.id, ...(status ? { status } : {}) };
    minePages.push({ filter, before: await cursorFor(filter), label: `${orgLabel(org)}, ${describe(status)}` });
  }
  p = 0;
  await measure('6b agency (mine), 20th page (cursor)', async () => {
    const page = minePages[p++ % minePages.length]!;
    const rows = await repo.listCases(db, {
      ...page.filter,
      ...(page.before ? { before: page.before } : {}),
      limit: 50,
      sort: 'opened_desc',
    });
    return { size: rows.length, label: page.label };
  });

  // The table.
  const fmt = (ms: number) => ms.toFixed(1).padStart(8);
  console.log('');
  console.log(
    `${label}: ${filled.cases.toLocaleString('en')} cases, ${filled.agencies.toLocaleString('en')} case_agencies rows, ${tree.orgs.length} organizations`,
  );
  console.log(
    `fill: ${filled.seconds.toFixed(1)} s including ANALYZE (${Math.round(filled.cases / filled.seconds).toLocaleString('en')} cases/s, ${Math.round((filled.cases + filled.agencies) / filled.seconds).toLocaleString('en')} rows/s)`,
  );
  if (TRY_INDEX) console.log(`EXPERIMENTAL INDEXES (not in the migrations): ${EXPERIMENTAL_INDEXES.map((i) => i.name).join(', ')}`);
  console.log(`${RUNS} runs per query, random organization and status set; times in ms`);
  console.log(
    `${'query'.padEnd(40)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'mean'.padStart(8)} ${'max'.padStart(8)}  ${'rows/n med'.padStart(10)}  target p95 < ${TARGET_MS} ms`,
  );
  const misses: Measured[] = [];
  for (const m of results) {
    const sorted = [...m.times].sort((a, b) => a - b);
    const sizes = [...m.sizes].sort((a, b) => a - b);
    const p95 = percentile(sorted, 95);
    const met = p95 < TARGET_MS;
    if (!met) misses.push(m);
    const mean = m.times.reduce((a, b) => a + b, 0) / m.times.length;
    console.log(
      `${m.name.padEnd(40)} ${fmt(percentile(sorted, 50))} ${fmt(p95)} ${fmt(percentile(sorted, 99))} ${fmt(mean)} ${fmt(sorted.at(-1)!)}  ${String(percentile(sizes, 50)).padStart(10)}  ${met ? 'MET' : 'NOT MET'}`,
    );
  }
  const met = results.length - misses.length;
  console.log(`${met} of ${results.length} queries meet the target`);
  // Queries that meet the target but whose slowest run did not: their tail is worth a look too.
  const tails = results.filter((m) => !misses.includes(m) && m.slowest.ms >= TARGET_MS);
  for (const m of misses) console.log(`  slowest ${m.name}: ${m.slowest.ms.toFixed(1)} ms — ${m.slowest.label}`);
  for (const m of tails) console.log(`  slowest run of ${m.name} (target met): ${m.slowest.ms.toFixed(1)} ms — ${m.slowest.label}`);
  if (values.explain) {
    for (const m of [...misses, ...tails]) {
      if (!m.slowest.node) continue;
      const compiled = handle.db.getExecutor().compileQuery(m.slowest.node, { queryId: 'explain' } as never);
      const prefix = handle.dialect === 'sqlite' ? 'explain query plan ' : 'explain (analyze, buffers) ';
      const plan = await handle.db.executeQuery<Record<string, unknown>>(
        CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]),
      );
      console.log(`\nplan of ${m.name} (${m.slowest.label}):\n  ${compiled.sql}`);
      for (const row of plan.rows)
        console.log(`  ${handle.dialect === 'sqlite' ? `${row.id}|${row.parent}| ${row.detail}` : row['QUERY PLAN']}`);
    }
  }
}

async function createExperimentalIndexes(handle: DatabaseHandle) {
  for (const index of EXPERIMENTAL_INDEXES) {
    const t0 = performance.now();
    await sql.raw(index.sql).execute(handle.db);
    console.log(`  EXPERIMENTAL INDEX ${index.name} created in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${index.why}`);
  }
  await sql.raw('analyze').execute(handle.db);
}

// ---------------------------------------------------------------------------------------------

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function runSqlite() {
  const dir = mkdtempSync(path.join(tmpdir(), 'qinglang-bench-cases-'));
  const file = path.join(dir, 'qinglang.sqlite');
  try {
    console.log(`\nSQLite (${file})`);
    const tree = buildOrgs(mulberry32(Number(values.seed)));
    const setup = openDatabase({ dialect: 'sqlite', file });
    await migrateToLatest(setup.db, 'sqlite');
    await setup.close();
    const filled = await fillSqlite(file, tree);
    const handle = openDatabase({ dialect: 'sqlite', file });
    try {
      if (TRY_INDEX) await createExperimentalIndexes(handle);
      await measureDialect(handle, tree, 'SQLite (WAL, synchronous=NORMAL, 64 MB cache)', filled);
    } finally {
      await handle.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runPostgres() {
  const schema = `bench_cases_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const version = (await admin.query<{ server_version: string }>('show server_version')).rows[0]?.server_version;
  await admin.query(`create schema ${schema}`);
  try {
    console.log(`\nPostgreSQL ${version} (schema ${schema}, dropped afterwards)`);
    const tree = buildOrgs(mulberry32(Number(values.seed)));
    const setup = openDatabase({ dialect: 'postgres', url: PG_URL, schema, poolSize: 1 });
    await migrateToLatest(setup.db, 'postgres');
    await setup.close();
    const filled = await fillPostgres(PG_URL, schema, tree);
    const handle = openDatabase({ dialect: 'postgres', url: PG_URL, schema, poolSize: 2 });
    try {
      if (TRY_INDEX) await createExperimentalIndexes(handle);
      await measureDialect(handle, tree, `PostgreSQL ${version}`, filled);
    } finally {
      await handle.close();
    }
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

const dialect = values.dialect ?? ((await postgresAnswers(PG_URL)) ? 'both' : 'sqlite');
if (!['sqlite', 'postgres', 'both'].includes(dialect)) throw new Error(`--dialect must be sqlite, postgres or both (got ${dialect})`);
console.log(
  `Qinglang case-list benchmark: ${CASES.toLocaleString('en')} cases, ${RUNS} runs per query, target p95 < ${TARGET_MS} ms${TRY_INDEX ? ', WITH EXPERIMENTAL INDEXES' : ''}`,
);
if (dialect === 'sqlite' || dialect === 'both') await runSqlite();
if (dialect === 'postgres' || dialect === 'both') await runPostgres();
