/**
 * Full-text search at scale: fills N reports (default 100,000) with synthetic Chinese descriptions
 * (Zipf-skewed words, phone numbers, QQ numbers, URLs), indexed the way intake indexes them (the
 * same `indexDocuments`, in batches of 200 per transaction), then measures `SearchService.search`
 * as triage calls it for common, rare, long and mixed queries, with and without filters. Prints
 * p50/p95/p99/mean per query beside the target (p95 under 100 ms), the fill rate, and on SQLite the
 * bytes of index per report (dbstat: search_postings, search_documents and its unique index).
 *
 *   npm run bench:search -- [--reports 100000] [--dialect sqlite|postgres|both] [--runs 100]
 *                           [--database postgres://…] [--explain]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { syntheticReportRow } from '../test/report-rows';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { REPORT_CATEGORIES, REPORT_STATUSES } from '../contracts/reports';
import type { DatabaseDialect } from '../server/config';
import { type DatabaseHandle, openDatabase } from '../server/db/connect';
import { migrateToLatest } from '../server/db/migrate';
import type { NewReportRow } from '../server/db/schema';
import { uuidv7 } from '../server/lib/ids';
import { indexDocuments, reportSearchDocument } from '../server/modules/search/search-index';
import { preferNestedLoops } from '../server/modules/search/search.repository';
import { SearchService, type SearchParams } from '../server/modules/search/search.service';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '100000' },
    dialect: { type: 'string' },
    runs: { type: 'string', default: '100' },
    database: { type: 'string' },
    explain: { type: 'boolean', default: false },
    seed: { type: 'string', default: '20261128' },
  },
});
const REPORTS = Number(values.reports.replaceAll(/[_,]/g, ''));
const RUNS = Number(values.runs);
const TARGET_MS = 100;
const PG_URL = values.database ?? process.env.QINGLANG_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

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

/** The domain's own words, frequent in reports, then filler words made of common characters. */
const DOMAIN_WORDS = [
  '删帖',
  '有偿删帖',
  '敲诈',
  '敲诈勒索',
  '公关公司',
  '负面信息',
  '曝光',
  '威胁',
  '转账',
  '支付宝',
  '微信',
  '自媒体',
  '论坛',
  '帖子',
  '文章',
  '举报',
  '公司',
  '企业',
  '对方',
  '要求',
  '联系',
  '费用',
  '万元',
  '删除',
  '发布',
  '不实',
  '新闻',
  '网站',
  '账号',
  '中介',
  '客服',
  '平台',
  '律师函',
  '赔偿',
  '截图',
  '证据',
  '报警',
  '聊天记录',
  '收款',
  '银行卡',
];
const COMMON_CHARS =
  '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严';

function fillerWords(random: () => number, count: number): string[] {
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    const length = random() < 0.7 ? 2 : random() < 0.8 ? 3 : 4;
    let word = '';
    for (let k = 0; k < length; k++) word += COMMON_CHARS[Math.floor(random() * COMMON_CHARS.length)]!;
    words.push(word);
  }
  return words;
}

/** Zipf-skewed pick among `n` items (s = 1). */
function zipf(random: () => number, n: number): number {
  // Inverse of the continuous approximation: rank ≈ n^u.
  return Math.min(n - 1, Math.floor(Math.pow(n, random())) - 1);
}

function description(random: () => number, filler: string[]): string {
  const target = 60 + Math.floor(random() * 200);
  const parts: string[] = [];
  let length = 0;
  while (length < target) {
    const roll = random();
    let part: string;
    if (roll < 0.25) part = DOMAIN_WORDS[zipf(random, DOMAIN_WORDS.length)]!;
    else if (roll < 0.9) part = filler[zipf(random, filler.length)]!;
    else if (roll < 0.95) part = random() < 0.5 ? '，' : '。';
    else if (roll < 0.97) part = `电话1${3 + Math.floor(random() * 6)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`;
    else if (roll < 0.985) part = `QQ：${10000 + Math.floor(random() * 1e8)}`;
    else part = ` https://bbs${Math.floor(random() * 500)}.example.com/t/${Math.floor(random() * 1e6)} `;
    parts.push(part);
    length += part.length;
  }
  return parts.join('');
}

async function fill(handle: DatabaseHandle, random: () => number): Promise<number> {
  const filler = fillerWords(random, 20_000);
  const started = performance.now();
  const start = Date.now() - 2 * 365 * 86_400_000;
  const BATCH = 200;
  // Time spent writing the report rows, and indexing them (tokenizing and writing postings).
  let reportMs = 0;
  let indexMs = 0;
  for (let i = 0; i < REPORTS; i += BATCH) {
    const rows: (NewReportRow & { received_at: string })[] = [];
    for (let k = i; k < Math.min(REPORTS, i + BATCH); k++) {
      const at = new Date(start + Math.floor((k / REPORTS) * 2 * 365 * 86_400_000)).toISOString();
      rows.push(
        syntheticReportRow({
          id: uuidv7(),
          trackingCode: `B${k.toString(36).toUpperCase().padStart(11, '0')}`,
          description: description(random, filler),
          at,
          category: REPORT_CATEGORIES[zipf(random, REPORT_CATEGORIES.length)]!,
          status: REPORT_STATUSES[zipf(random, REPORT_STATUSES.length)]!,
        }),
      );
    }
    await handle.db.transaction().execute(async (trx) => {
      const t0 = performance.now();
      await trx.insertInto('reports').values(rows).execute();
      const t1 = performance.now();
      await indexDocuments(trx, rows.map(reportSearchDocument), { fresh: true });
      reportMs += t1 - t0;
      indexMs += performance.now() - t1;
    });
    if ((i / BATCH) % 50 === 0) process.stdout.write(`\r  filled ${i + rows.length} / ${REPORTS}`);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(`\r  filled ${REPORTS} reports in ${seconds.toFixed(1)} s (${Math.round(REPORTS / seconds)} reports/s)\n`);
  console.log(
    `  per report: ${((reportMs * 1000) / REPORTS).toFixed(0)} µs writing the report row, ${((indexMs * 1000) / REPORTS).toFixed(0)} µs indexing it`,
  );
  return seconds;
}

const QUERIES: { name: string; params: SearchParams }[] = [
  { name: '2 chars, very common (删帖)', params: { q: '删帖' } },
  { name: '2 chars, common (敲诈)', params: { q: '敲诈' } },
  { name: '4 chars (敲诈勒索)', params: { q: '敲诈勒索' } },
  { name: '4 chars (公关公司)', params: { q: '公关公司' } },
  { name: 'two words (有偿删帖 公关公司)', params: { q: '有偿删帖 公关公司' } },
  { name: '8 chars phrase (负面信息威胁曝光)', params: { q: '负面信息威胁曝光' } },
  { name: 'filler word (rare)', params: { q: '' } },
  { name: 'lone character (删)', params: { q: '删' } },
  { name: '删帖 + category + status', params: { q: '删帖', category: 'paid_deletion', status: 'received' } },
  { name: '删帖 + last 30 days', params: { q: '删帖', from: new Date(Date.now() - 30 * 86_400_000).toISOString() } },
  { name: '敲诈 page 3', params: { q: '敲诈', cursor: Buffer.from(JSON.stringify({ o: 40 })).toString('base64url') } },
  { name: 'domain (example.com)', params: { q: 'example.com' } },
  { name: 'no match', params: { q: '量子纠缠' } },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function indexBytes(handle: DatabaseHandle): Promise<string> {
  if (handle.dialect !== 'sqlite') {
    const { rows } = await sql<{
      n: string;
    }>`select pg_total_relation_size('search_postings') + pg_total_relation_size('search_documents') as n`.execute(handle.db);
    return `${Math.round(Number(rows[0]!.n) / REPORTS)} bytes per report (tables and indexes)`;
  }
  try {
    const { rows } = await sql<{ name: string; bytes: number }>`select name, sum(pgsize) as bytes from dbstat
      where name in ('search_postings', 'search_documents', 'sqlite_autoindex_search_documents_1') group by name`.execute(handle.db);
    const total = rows.reduce((sum, r) => sum + Number(r.bytes), 0);
    const parts = rows.map((r) => `${r.name} ${Math.round(Number(r.bytes) / REPORTS)}`).join(', ');
    const reports = await sql<{ bytes: number }>`select sum(pgsize) as bytes from dbstat where name = 'reports'`.execute(handle.db);
    return `${Math.round(total / REPORTS)} bytes per report (${parts}); the reports table itself ${Math.round(Number(reports.rows[0]!.bytes) / REPORTS)}`;
  } catch (error) {
    return `dbstat unavailable: ${String(error)}`;
  }
}

async function run(dialect: DatabaseDialect): Promise<void> {
  console.log(`\n== ${dialect}, ${REPORTS.toLocaleString('en')} reports ==`);
  const random = mulberry32(Number(values.seed));
  let handle: DatabaseHandle;
  let cleanup: () => Promise<void>;
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'qinglang-bench-search-'));
    handle = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'bench.sqlite') });
    cleanup = async () => {
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    };
  } else {
    const schema = `bench_search_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    handle = openDatabase({ dialect: 'postgres', url: PG_URL, schema, poolSize: 4 });
    cleanup = async () => {
      await handle.close();
      const client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    };
  }
  try {
    await migrateToLatest(handle.db, dialect);
    await fill(handle, random);
    // Autovacuum would have run by now in a live database: it sets the visibility map that index-only scans need.
    if (dialect === 'postgres') await sql`vacuum analyze`.execute(handle.db);
    console.log(`  index: ${await indexBytes(handle)}`);
    const service = new SearchService({ db: handle.db, dialect });
    const actor = { kind: 'system' as const, name: 'bench' };
    // A rare filler word: one of the Zipf tail.
    const rare = fillerWords(mulberry32(Number(values.seed)), 20_000)[15_000]!;
    console.log(
      `  ${'query'.padEnd(40)} ${'results'.padStart(8)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'mean'.padStart(8)}`,
    );
    for (const query of QUERIES) {
      const params = query.params.q === '' ? { ...query.params, q: rare } : query.params;
      const times: number[] = [];
      let last = await service.search(actor, params);
      for (let i = 0; i < RUNS; i++) {
        const started = performance.now();
        last = await service.search(actor, params);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const p95 = percentile(times, 95);
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      const results = `${last.total}${last.capped ? '+' : ''}`;
      console.log(
        `  ${(query.name + (query.params.q === '' ? ` ${rare}` : '')).padEnd(40)} ${results.padStart(8)} ${percentile(times, 50).toFixed(1).padStart(8)} ${p95.toFixed(1).padStart(8)} ${percentile(times, 99).toFixed(1).padStart(8)} ${mean.toFixed(1).padStart(8)} ${p95 <= TARGET_MS ? 'ok' : 'MISS'}`,
      );
    }
    if (values.explain) {
      const plan =
        dialect === 'sqlite'
          ? await sql`explain query plan select d.doc_no from (select doc_no, tf from search_postings where term = '删帖' and doc_type = 1 order by doc_no desc limit 5000) p0 cross join search_postings p1 cross join search_documents d cross join reports r where p1.term = '公关' and p1.doc_type = 1 and p1.doc_no = p0.doc_no and d.doc_no = p0.doc_no and r.id = d.doc_id and r.status = 'received'`.execute(
              handle.db,
            )
          : await handle.db.transaction().execute(async (trx) => {
              await preferNestedLoops(trx);
              return sql`explain select d.doc_no from (select doc_no, tf from search_postings where term = '删帖' and doc_type = 1 order by doc_no desc limit 5000) p0 cross join search_postings p1 cross join search_documents d cross join reports r where p1.term = '公关' and p1.doc_type = 1 and p1.doc_no = p0.doc_no and d.doc_no = p0.doc_no and r.id = d.doc_id and r.status = 'received'`.execute(
                trx,
              );
            });
      for (const row of plan.rows) console.log(`  plan: ${JSON.stringify(row)}`);
    }
  } finally {
    await cleanup();
  }
}

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const dialects: DatabaseDialect[] =
  values.dialect === 'sqlite' || values.dialect === 'postgres'
    ? [values.dialect]
    : values.dialect === 'both' || (await postgresAnswers())
      ? ['sqlite', 'postgres']
      : ['sqlite'];
for (const dialect of dialects) await run(dialect);
