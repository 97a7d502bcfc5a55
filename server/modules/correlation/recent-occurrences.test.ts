import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { SYSTEM, fileReport } from '../../../test/factories';
import { occurrenceRow } from '../../../test/report-rows';
import { buildApp } from '../../app';
import { uuidv7 } from '../../lib/ids';
import { loadConfig } from '../../config';
import { occurrencesOfSubjects } from '../../db/indicator-occurrences';
import { sharedIndicators } from '../cases/cases.repository';
import { cappedOccurrenceCount, subjectsOf, subjectsOfValues, valueKey, valuesOf } from './correlation.repository';
import { CorrelationService } from './correlation.service';
import { OccurrenceMerger, mergeAllRecentOccurrences, mergeRecentOccurrences } from './recent-occurrences';

for (const dialect of testDialects()) {
  describe(`recent indicator occurrences and their merger (${dialect})`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    }, 60_000);
    afterAll(() => t?.close());

    const db = () => t.database.db;
    const count = async (table: 'indicator_occurrences' | 'recent_indicator_occurrences') =>
      Number(
        (
          await db()
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    /** Files a report through the route (the test app runs no workers); answers its id. */
    const file = async (description: string) =>
      (await fileReport(t.app, { category: 'online_extortion', description, reporter: { anonymous: true } })).id;

    /** Everything a reader of report occurrences can see of these reports and values. */
    const readings = async (ids: string[], phone: string, wechat: string) => {
      const correlation = new CorrelationService({ db: db(), dialect, hotThreshold: 1000 });
      const correlations = [];
      for (const id of ids) {
        const answer = await correlation.correlate(SYSTEM, 'report', id);
        correlations.push({
          values: answer.values.map((v) => `${v.type}:${v.value}:${v.occurrences}`).sort(),
          links: answer.links.map((l) => `${l.subjectType}:${l.subjectId}:${l.sharedCount}`).sort(),
        });
      }
      const key = (o: { subject_id: string; type: string; value: string; field: string }) =>
        `${o.subject_id}|${o.type}|${o.value}|${o.field}`;
      return {
        correlations,
        values: await valuesOf(db(), 'report', ids, 100),
        occurrences: (await occurrencesOfSubjects(db(), 'report', ids)).map(key).sort(),
        phoneSubjects: (await subjectsOf(db(), { type: 'phone', value: phone }, 100)).map((s) => s.subject_id).sort(),
        phoneCount: await cappedOccurrenceCount(db(), { type: 'phone', value: phone }, 1001),
        wechatCount: await cappedOccurrenceCount(db(), { type: 'wechat', value: wechat }, 1001),
        shared: (await sharedIndicators(db(), ids[0]!)).map((s) => ({ ...s, reports: [...s.reports].sort() })),
      };
    };

    it('reads the same before, halfway through and after a merge, and counts what it merged', async () => {
      await mergeAllRecentOccurrences(db());
      const phone = '13811112222';
      const wechat = 'wxid_merge01';
      const ids = [
        await file(`对方用手机 ${phone} 联系我，要求支付五千元删帖，微信 ${wechat}，否则继续发布负面文章。`),
        await file(`有人通过电话 ${phone} 索要三万元，声称可以删除关于我公司的负面帖子，态度十分恶劣。`),
        await file(`自称公关公司的人用 ${phone} 和微信 ${wechat} 联系我们，开价两万元代删帖子，并发来收款账户。`),
        await file('一个与其他举报毫无关系的账号 wxid_alone99 向我们索要封口费一万元，否则曝光所谓内幕。'),
      ];
      expect(await count('recent_indicator_occurrences')).toBeGreaterThan(4);
      const before = await readings(ids, `+86${phone}`, wechat);
      // What intake wrote is read at once: the three reports sharing the phone link to each other.
      expect(before.phoneCount).toBe(3);
      expect(before.wechatCount).toBe(2);
      expect(before.phoneSubjects).toEqual([ids[0], ids[1], ids[2]].sort());
      expect(before.correlations[0]!.links).toEqual([`report:${ids[1]}:1`, `report:${ids[2]}:2`].sort());
      expect(before.shared.map((s) => s.value).sort()).toEqual([`+86${phone}`, wechat].sort());

      // Halfway: some of a report's occurrences merged and others not.
      expect(await mergeRecentOccurrences(db(), { limit: 3, skipLocked: true })).toBe(3);
      expect(await count('recent_indicator_occurrences')).toBeGreaterThan(0);
      expect(await readings(ids, `+86${phone}`, wechat)).toEqual(before);

      const merged = await mergeAllRecentOccurrences(db(), { batchSize: 2 });
      expect(merged).toEqual({ indexed: expect.any(Number), behind: false });
      expect(await count('recent_indicator_occurrences')).toBe(0);
      expect(await readings(ids, `+86${phone}`, wechat)).toEqual(before);
      // The value counts the triggers keep on the merged table.
      const counted = await db()
        .selectFrom('indicator_value_counts')
        .select(['value', 'occurrences'])
        .where('value', 'in', [`+86${phone}`, wechat])
        .orderBy('value')
        .execute();
      expect(counted.map((c) => [c.value, Number(c.occurrences)])).toEqual(
        [
          [`+86${phone}`, 3],
          [wechat, 2],
        ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
      );
    });

    it('leaves occurrences recent when a merge fails, and merges them once the fault is gone', async () => {
      await mergeAllRecentOccurrences(db());
      const merged = await count('indicator_occurrences');
      await file('微信 wxid_fault01 的人要求我们付款两万元删除帖子，电话 13933334444，还威胁继续发帖。');
      const recent = await count('recent_indicator_occurrences');
      expect(recent).toBeGreaterThan(0);
      const errors: unknown[] = [];
      const merger = new OccurrenceMerger({ db: db(), log: { error: (e) => errors.push(e) }, intervalMs: 20, busyThreshold: 1 });
      // A real failure in the middle of the merge's transaction: the merged table is not there.
      await sql`alter table indicator_occurrences rename to indicator_occurrences_away`.execute(db());
      try {
        await expect(merger.runOnce()).rejects.toThrow();
        expect(await count('recent_indicator_occurrences')).toBe(recent);
      } finally {
        await sql`alter table indicator_occurrences_away rename to indicator_occurrences`.execute(db());
      }
      expect(await count('indicator_occurrences')).toBe(merged);
      merger.start();
      await vi.waitFor(async () => expect(await count('recent_indicator_occurrences')).toBe(0), { timeout: 5_000, interval: 20 });
      await merger.stop();
      expect(await count('indicator_occurrences')).toBe(merged + recent);
    });

    it('reads the subjects of many values in one statement a chunk, from the tables each value is in', async () => {
      // 150 values (two chunks): a third only merged, a third in both tables (one subject in both),
      // a third only recent; the first has more subjects than the cap, and a kind correlation does not link.
      const row = (value: string, subjectId: string, field = 'description', subjectType = 'report') =>
        occurrenceRow(value, subjectId, { field, subjectType });
      const values = Array.from({ length: 150 }, (_, i) => ({ type: 'phone', value: `+8613700${String(i).padStart(6, '0')}` }));
      const merged: ReturnType<typeof row>[] = [];
      const recent: ReturnType<typeof row>[] = [];
      const expected = new Map<string, string[]>();
      for (const [i, v] of values.entries()) {
        const ids = Array.from({ length: i === 0 ? 14 : 3 }, () => uuidv7());
        if (i % 3 === 0) merged.push(...ids.map((id) => row(v.value, id)));
        else if (i % 3 === 1) {
          merged.push(row(v.value, ids[0]!), row(v.value, ids[1]!));
          recent.push(row(v.value, ids[1]!, 'target_url'), row(v.value, ids[2]!));
        } else recent.push(...ids.map((id) => row(v.value, id)));
        merged.push(row(v.value, uuidv7(), 'description', 'deletion_request'));
        expected.set(valueKey(v), ids.sort());
      }
      await db().insertInto('indicator_occurrences').values(merged).execute();
      await db().insertInto('recent_indicator_occurrences').values(recent).execute();
      const withRecent = new Set(values.filter((_, i) => i % 3 !== 0).map(valueKey));

      const cap = 10;
      const answered = await subjectsOfValues(db(), values, cap, withRecent);
      for (const v of values) {
        const got = (answered.get(valueKey(v)) ?? []).map((s) => {
          expect(s.subject_type).toBe('report');
          return s.subject_id;
        });
        const all = expected.get(valueKey(v))!;
        if (all.length > cap) {
          expect(got).toHaveLength(cap);
          expect(all).toEqual(expect.arrayContaining(got));
        } else expect(got.sort()).toEqual(all);
      }
      // The one-value reader answers the same.
      for (const v of [values[0]!, values[1]!, values[2]!, values[149]!])
        expect((await subjectsOf(db(), v, cap)).map((s) => s.subject_id).sort()).toEqual(
          [...(answered.get(valueKey(v)) ?? [])].map((s) => s.subject_id).sort(),
        );
      await mergeAllRecentOccurrences(db());
    });

    it('is merged in the background by a server that runs its workers', async () => {
      await file('对方手机 13955556666 微信 wxid_server01 要求支付删帖费用五千元，我们已经保存了聊天记录。');
      expect(await count('recent_indicator_occurrences')).toBeGreaterThan(0);
      const config = loadConfig({
        QINGLANG_DATA_DIR: t.database.dataDir,
        QINGLANG_SECRET: 'test-secret-test-secret-test-secret-0123456789',
        QINGLANG_CHALLENGE: 'off',
        QINGLANG_RATE_LIMIT: 'off',
        QINGLANG_WEB_DIST: `${t.database.dataDir}/no-web`,
        QINGLANG_WORKERS: 'on',
      });
      const second = await buildApp(config, { database: t.database, skipMigrations: true, logger: false });
      await second.ready();
      try {
        await vi.waitFor(async () => expect(await count('recent_indicator_occurrences')).toBe(0), { timeout: 10_000, interval: 50 });
      } finally {
        await second.close();
      }
      expect(await subjectsOf(db(), { type: 'wechat', value: 'wxid_server01' }, 10)).toHaveLength(1);
    });
  });
}
