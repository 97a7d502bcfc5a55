/**
 * Near-duplicate texts: the cost of a MinHash signature of a 300-character Chinese description, and
 * of a lookup among N stored signatures (default 100,000), through `modules/similarity` directly.
 *
 *   npx tsx bench/near-duplicates.ts [--reports 100000] [--runs 500] [--dialect sqlite|postgres|both|none]
 *                                    [--database postgres://…] [--seed 7]
 *
 * Data: descriptions of 250–350 characters built from phrase pools of extortion and paid-deletion
 * reports with random names, platforms, amounts and phone numbers (random reports share phrases, so
 * they collide in buckets more than real ones would), plus a spam wave of 2,000 copies of one text
 * with only the phone number changed, whose buckets are all crowded. SQLite runs in a temporary
 * folder; PostgreSQL (QINGLANG_BENCH_DATABASE_URL, --database, or postgres://postgres@127.0.0.1:5432/postgres)
 * in a fresh schema dropped afterwards.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../server/db/connect';
import { migrateToLatest } from '../server/db/migrate';
import { uuidv7 } from '../server/lib/ids';
import { bandKeys, minhashSignature } from '../server/modules/similarity/minhash';
import { findNearDuplicates, nearDuplicatesOfSignature } from '../server/modules/similarity/near-duplicates';
import { findSignature, insertSignatures, reportsInBuckets } from '../server/modules/similarity/near-duplicates.repository';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '500' },
    dialect: { type: 'string' },
    database: { type: 'string' },
    seed: { type: 'string', default: '7' },
  },
});
const REPORTS = Number(values.reports);
const RUNS = Number(values.runs);
const WAVE = Math.min(2000, Math.floor(REPORTS / 10));
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

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const PLATFORMS = ['微博', '抖音', '今日头条', '知乎', '百度贴吧', '小红书', '快手', '某论坛', '某资讯客户端', '微信公众号', 'B站', '豆瓣'];
const SUBJECTS = ['我公司', '我单位', '我们酒店', '我店', '我们学校', '我所在的医院', '我们小区物业', '我家企业', '本合作社', '我们工厂'];
const OPENINGS = [
  '近日，有人在{p}上发布关于{s}的不实信息，',
  '{n}某自称是{p}的编辑，',
  '从上个月开始，{p}账号“{n}说事”连续发布针对{s}的负面文章，',
  '一家自称“{n}舆情公司”的机构主动联系{s}，',
  '我在{p}上发帖反映{s}附近的问题，帖子很快被删除，',
  '有人冒充网信部门工作人员打电话给{s}，',
];
const MIDDLES = [
  '对方声称掌握了{s}的内部资料，要求支付{m}元“公关费”，否则将在{p}等多个平台继续发布。',
  '随后其工作人员通过电话{t}联系我们，报价每条删帖{m}元，保证七天内删除，不删全额退款。',
  '对方发来一份“合作协议”，要求先付一半定金，共计{m}元，收款账户是个人银行卡。',
  '他们说只要给{m}元就可以把{p}上所有负面帖子处理掉，以后也不再报道。',
  '我们拒绝后，对方在{p}又发布了三篇文章，并且打电话{t}威胁说还会继续。',
  '对方自称与{p}的审核人员关系很好，删一条帖子收费{m}元，已有多家企业付过钱。',
  '据了解，该机构长期以“舆情监测”名义向企业收取费用，联系人姓{n}，电话{t}。',
  '我们已向对方转账{m}元，但文章至今没有删除，对方还要求追加费用。',
];
const CLOSINGS = [
  '我们保存了聊天记录截图和通话录音，请求依法查处。',
  '请有关部门调查，还我们一个清朗的网络环境。',
  '相关证据已上传，希望尽快处理。',
  '这种以删帖为名敲诈勒索的行为严重影响了我们的正常经营，请求调查。',
  '我认为这是有偿删帖，请依法处理。',
];

function fill(template: string, random: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return template
    .replace(/\{p\}/g, () => pick(PLATFORMS))
    .replace(/\{s\}/g, () => pick(SUBJECTS))
    .replace(/\{n\}/g, () => SURNAMES.charAt(Math.floor(random() * SURNAMES.length)))
    .replace(/\{m\}/g, () => String(Math.round(random() * 100) * 500 + 1000))
    .replace(/\{t\}/g, () => `1${3 + Math.floor(random() * 7)}${String(Math.floor(random() * 1e9)).padStart(9, '0')}`);
}

/** A description of 250–350 characters. */
function description(random: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const target = 250 + Math.floor(random() * 100);
  let text = fill(pick(OPENINGS), random);
  while (text.length < target - 40) text += fill(pick(MIDDLES), random);
  return (text + fill(pick(CLOSINGS), random)).slice(0, 350);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function summary(name: string, samples: number[], unit: 'ms' | 'µs' = 'ms'): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
  const fmt = (x: number) => x.toFixed(unit === 'ms' ? 2 : 1).padStart(8);
  return `${name.padEnd(44)} p50 ${fmt(percentile(sorted, 50))}  p95 ${fmt(percentile(sorted, 95))}  p99 ${fmt(percentile(sorted, 99))}  mean ${fmt(mean)} ${unit}`;
}

function measureSignature(): void {
  const random = mulberry32(Number(values.seed));
  const texts = Array.from({ length: 200 }, () => description(random).padEnd(300, '。').slice(0, 300));
  for (let i = 0; i < 2000; i++) bandKeys(minhashSignature(texts[i % texts.length]!)!);
  const rounds = 20;
  const perRound = 1000;
  const signature: number[] = [];
  const withBands: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now();
    for (let i = 0; i < perRound; i++) minhashSignature(texts[i % texts.length]!);
    signature.push(((performance.now() - t0) * 1000) / perRound);
    t0 = performance.now();
    for (let i = 0; i < perRound; i++) bandKeys(minhashSignature(texts[i % texts.length]!)!);
    withBands.push(((performance.now() - t0) * 1000) / perRound);
  }
  console.log('\nSignature of a 300-character Chinese description (mean per report over rounds of 1,000):');
  console.log(summary('minhashSignature', signature, 'µs'));
  console.log(summary('minhashSignature + bandKeys', withBands, 'µs'));
}

interface Stored {
  ids: string[];
  texts: string[];
  waveIds: string[];
}

async function fillDatabase(handle: DatabaseHandle): Promise<Stored> {
  const random = mulberry32(Number(values.seed) + 1);
  const ids: string[] = [];
  const texts: string[] = [];
  const waveIds: string[] = [];
  const waveText = description(random);
  const now = new Date().toISOString();
  const t0 = performance.now();
  let signing = 0;
  const BATCH = 500;
  for (let start = 0; start < REPORTS; start += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, REPORTS - start) }, (_, i) => {
      const n = start + i;
      const inWave = n % Math.floor(REPORTS / WAVE) === 0 && waveIds.length < WAVE;
      const text = inWave ? waveText.replace(/1[3-9]\d{9}/, `139${String(n).padStart(8, '0')}`) : description(random);
      const id = uuidv7();
      if (inWave) waveIds.push(id);
      ids.push(id);
      texts.push(text);
      return { id, text };
    });
    const s0 = performance.now();
    const entries = batch.map(({ id, text }) => ({ reportId: id, signature: minhashSignature(text)!, createdAt: now }));
    signing += performance.now() - s0;
    await handle.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('reports')
        .values(
          batch.map(({ id, text }) => ({
            id,
            tracking_code: `B${id.replace(/-/g, '').slice(-14)}`,
            access_key_hash: 'bench',
            category: 'online_extortion',
            status: 'received',
            description: text,
            target_urls: '[]',
            reporter_kind: 'anonymous',
            contact_consent: 0,
            locale: 'zh-CN',
            received_at: now,
            updated_at: now,
          })),
        )
        .execute();
      await insertSignatures(trx, entries);
    });
    if ((start / BATCH) % 40 === 0) process.stdout.write(`  ${start.toLocaleString('en')} reports\r`);
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `  filled ${REPORTS.toLocaleString('en')} reports with signatures and band rows in ${seconds.toFixed(1)} s ` +
      `(${Math.round(REPORTS / seconds).toLocaleString('en')} reports/s; signing ${(signing / 1000).toFixed(1)} s of it), spam wave of ${waveIds.length}`,
  );
  return { ids, texts, waveIds };
}

async function measureLookups(handle: DatabaseHandle, stored: Stored): Promise<void> {
  const random = mulberry32(Number(values.seed) + 2);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const inWave = new Set(stored.waveIds);
  const ordinary = stored.ids.map((_, n) => n).filter((n) => !inWave.has(stored.ids[n]!));
  for (let i = 0; i < 50; i++) await findNearDuplicates(handle.db, stored.ids[pick(ordinary)]!);

  const byId: number[] = [];
  const found: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const id = stored.ids[pick(ordinary)]!;
    const t0 = performance.now();
    const result = await findNearDuplicates(handle.db, id);
    byId.push(performance.now() - t0);
    found.push(result.length);
  }
  const wave: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await findNearDuplicates(handle.db, pick(stored.waveIds));
    wave.push(performance.now() - t0);
  }
  const fresh: number[] = [];
  let freshFound = 0;
  for (let i = 0; i < RUNS; i++) {
    const n = pick(ordinary);
    const edited = stored.texts[n]!.replace(/1[3-9]\d{9}/, '13700000000').replace('。', '！');
    const t0 = performance.now();
    const result = await nearDuplicatesOfSignature(handle.db, minhashSignature(edited)!, 'none');
    fresh.push(performance.now() - t0);
    if (result.some((d) => d.reportId === stored.ids[n])) freshFound++;
  }
  // How much work the caps left: index rows read from the buckets, and distinct candidates among them.
  const rowsRead: number[] = [];
  const candidates: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 200); i++) {
    const id = stored.ids[pick(ordinary)]!;
    const signature = (await findSignature(handle.db, id))!;
    const rows = await reportsInBuckets(handle.db, bandKeys(signature), id, 50);
    rowsRead.push(rows.length);
    candidates.push(new Set(rows).size);
  }
  rowsRead.sort((a, b) => a - b);
  candidates.sort((a, b) => a - b);
  console.log(
    `  bucket rows read per lookup: median ${percentile(rowsRead, 50)}, p99 ${percentile(rowsRead, 99)} (cap 20 × 50); ` +
      `distinct candidates: median ${percentile(candidates, 50)}, p99 ${percentile(candidates, 99)}`,
  );
  const sortedFound = [...found].sort((a, b) => a - b);
  console.log(summary('lookup of a stored report (not in the wave)', byId));
  console.log(summary(`lookup of a report in the spam wave (${stored.waveIds.length})`, wave));
  console.log(summary('new edited text: sign + lookup', fresh));
  console.log(
    `  near-duplicates per stored report: median ${percentile(sortedFound, 50)}, p99 ${percentile(sortedFound, 99)}; ` +
      `edited texts whose original was found: ${freshFound}/${RUNS}`,
  );
}

async function run(handle: DatabaseHandle, label: string): Promise<void> {
  console.log(`\n${label}`);
  const stored = await fillDatabase(handle);
  await measureLookups(handle, stored);
}

async function runSqlite(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'qinglang-bench-near-duplicates-'));
  try {
    const handle = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'qinglang.sqlite') });
    try {
      await migrateToLatest(handle.db, 'sqlite');
      await run(handle, 'SQLite (WAL, synchronous=NORMAL)');
    } finally {
      await handle.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function runPostgres(): Promise<void> {
  const schema = `bench_near_dup_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  const version = (await admin.query<{ server_version: string }>('show server_version')).rows[0]?.server_version;
  await admin.query(`create schema ${schema}`);
  try {
    const handle = openDatabase({ dialect: 'postgres', url: PG_URL, schema, poolSize: 2 });
    try {
      await migrateToLatest(handle.db, 'postgres');
      await run(handle, `PostgreSQL ${version} (schema ${schema}, dropped afterwards)`);
    } finally {
      await handle.close();
    }
  } finally {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

const dialect = values.dialect ?? 'sqlite';
if (!['sqlite', 'postgres', 'both', 'none'].includes(dialect))
  throw new Error(`--dialect must be sqlite, postgres, both or none (signatures only) (got ${dialect})`);
console.log(`Qinglang near-duplicate benchmark: ${REPORTS.toLocaleString('en')} stored reports, ${RUNS} lookups per kind`);
measureSignature();
if (dialect === 'sqlite' || dialect === 'both') await runSqlite();
if (dialect === 'postgres' || dialect === 'both') await runPostgres();
