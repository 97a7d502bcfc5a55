import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseDialect } from '../../config';
import { type TestApp, createTestApp } from '../../../test/app';
import { testDialects } from '../../../test/dialects';
import { createOrganization, createUser, openSession } from '../../../test/factories';
import { reindexSearch } from './search-index';

/** Reports filed in this order on every dialect; descriptions are unique so results compare across databases. */
const REPORTS: { category: string; description: string; platform?: string; targetUrls?: string[] }[] = [
  { category: 'paid_deletion', description: '某公关公司PR团队声称收费两万元即可删帖，联系电话138-1234-5678。' },
  { category: 'paid_deletion', description: '有偿删帖中介在论坛发广告，删帖删帖删帖，价格面议，QQ：12345678。' },
  { category: 'online_extortion', description: '自媒体账号以曝光负面新闻相要挟，敲诈勒索我公司五万元，电话13812345678。' },
  { category: 'online_extortion', description: '对方威胁发布不实文章，要求支付“公关费”，否则继续敲诈。Contact: extortion@example.com' },
  {
    category: 'paid_posting',
    description: 'A PR agency offered paid posting and deletion services on a forum; see the link for details.',
    targetUrls: ['https://bbs.example.com/thread/42?utm_source=wechat'],
  },
  { category: 'other', description: '网站上有一篇关于本公司的文章，内容不实，希望删除，并非敲诈事件。', platform: '某论坛' },
  { category: 'paid_deletion', description: '收到短信称可以付费删帖，<script>alert(1)</script> 链接可疑，请核查处理。' },
];

/** Registry entities made in this order on every dialect. */
const ENTITIES = [
  {
    kind: 'practitioner',
    displayName: '张某',
    role: '删帖中介',
    nationalId: '11010519491231002X',
    identifiers: [{ type: 'phone', value: '13700001234' }],
  },
  { kind: 'website', displayName: '某删帖服务网站', identifiers: [{ type: 'domain', value: 'shantie.example.net' }] },
  { kind: 'intermediary', displayName: '某公关删帖工作室', identifiers: [{ type: 'wechat', value: 'shantie_pr88' }] },
];

interface Fixture {
  t: TestApp;
  as: Record<string, Record<string, string>>;
  reportIds: string[];
}

async function setUp(dialect: DatabaseDialect): Promise<Fixture> {
  const t = await createTestApp(dialect);
  const centre = await createOrganization(t.app, { kind: 'reporting_centre', name: '举报中心', regionCode: '100000' });
  const zj = await createOrganization(t.app, { kind: 'regulator', name: '浙江省网信办', regionCode: '330000', parentId: centre.id });
  const hz = await createOrganization(t.app, { kind: 'regulator', name: '杭州市网信办', regionCode: '330100', parentId: zj.id });
  const police = await createOrganization(t.app, { kind: 'police', name: '浙江省公安厅', regionCode: '330000', parentId: centre.id });
  const site = await createOrganization(t.app, { kind: 'website', name: '某论坛', parentId: centre.id, domains: ['forum.example.cn'] });
  const session = async (orgId: string, role: Parameters<typeof createUser>[1]['roles'][number]) =>
    (await openSession(t.app, (await createUser(t.app, { orgId, roles: [role] })).id)).headers;
  const as = {
    triage: await session(centre.id, 'triage_officer'),
    hzOfficer: await session(hz.id, 'case_officer'),
    zjOfficer: await session(zj.id, 'case_officer'),
    zjLead: await session(zj.id, 'agency_lead'),
    policeOfficer: await session(police.id, 'case_officer'),
    website: await session(site.id, 'website_compliance'),
  };
  const reportIds: string[] = [];
  for (const report of REPORTS) {
    const receipt = await t.app.inject({ method: 'POST', url: '/api/v1/reports', payload: { ...report, reporter: { anonymous: true } } });
    expect(receipt.statusCode).toBe(201);
    const row = await t.database.db
      .selectFrom('reports')
      .select('id')
      .where('tracking_code', '=', receipt.json().trackingCode)
      .executeTakeFirstOrThrow();
    reportIds.push(row.id);
  }
  const open = async (reportId: string, title: string, leadOrgId: string, regionCode: string) => {
    const opened = await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: as.triage,
      payload: {
        reportIds: [reportId],
        title,
        summary: `${title}：涉及有偿删帖和敲诈勒索线索，请核查。`,
        category: 'online_extortion',
        regionCode,
        priority: 'normal',
        moneyPaid: false,
        override: { leadOrgId, assistingOrgIds: [], reason: '测试指定' },
      },
    });
    expect(opened.statusCode, opened.body).toBe(201);
  };
  await open(reportIds[2]!, '杭州自媒体敲诈企业案', hz.id, '330106');
  await open(reportIds[3]!, '公安厅敲诈线索案', police.id, '330000');
  for (const entity of ENTITIES) {
    const made = await t.app.inject({ method: 'POST', url: '/api/v1/registry/entities', headers: as.zjOfficer, payload: entity });
    expect(made.statusCode, made.body).toBe(201);
  }
  return { t, as, reportIds };
}

const search = async (f: Fixture, who: string, params: Record<string, string>) =>
  f.t.app.inject({ method: 'GET', url: `/api/v1/search?${new URLSearchParams(params).toString()}`, headers: f.as[who] });

interface Item {
  id: string;
  label: string;
  title: { segments: { text: string; match: boolean }[] } | null;
  snippet: { segments: { text: string; match: boolean }[]; truncatedStart: boolean; truncatedEnd: boolean };
  score: number;
  createdAt: string;
  status: string;
}
const textOf = (item: Item) =>
  item.title ? item.title.segments.map((s) => s.text).join('') : item.snippet.segments.map((s) => s.text).join('');
const matched = (item: Item) => item.snippet.segments.filter((s) => s.match).map((s) => s.text);

for (const dialect of testDialects()) {
  describe(`search (${dialect})`, () => {
    let f: Fixture;
    beforeAll(async () => {
      f = await setUp(dialect);
    }, 60_000);
    afterAll(() => f.t.close());

    it('finds reports by a two-character Chinese query, ranked by how often it occurs, with the match marked', async () => {
      const res = await search(f, 'triage', { q: '删帖' });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json<{ type: string; items: Item[]; total: number; capped: boolean }>();
      expect(body.type).toBe('report');
      expect(body.total).toBe(3);
      expect(body.capped).toBe(false);
      // The report saying 删帖 four times ranks first.
      expect(body.items[0]!.id).toBe(f.reportIds[1]);
      expect(body.items.map((i) => i.id).sort()).toEqual([f.reportIds[0], f.reportIds[1], f.reportIds[6]].sort());
      for (const item of body.items) expect(matched(item)).toContain('删帖');
      // Markup in a description comes back as text in a segment, for the client to escape.
      const withScript = body.items.find((i) => i.id === f.reportIds[6])!;
      expect(withScript.snippet.segments.map((s) => s.text).join('')).toContain('<script>alert(1)</script>');
    });

    it('requires every term, matches mixed text, phone numbers however written, URLs and e-mail', async () => {
      const ids = async (q: string, extra: Record<string, string> = {}) =>
        (await search(f, 'triage', { q, ...extra })).json<{ items: Item[] }>().items.map((i) => i.id);
      expect(await ids('敲诈勒索')).toEqual([f.reportIds[2]]);
      expect(await ids('公关公司PR')).toEqual([f.reportIds[0]]);
      expect(await ids('公关公司 删帖')).toEqual([f.reportIds[0]]);
      expect((await ids('13812345678')).sort()).toEqual([f.reportIds[0], f.reportIds[2]].sort());
      expect((await ids('+86 138-1234-5678')).sort()).toEqual([f.reportIds[0], f.reportIds[2]].sort());
      expect(await ids('https://bbs.example.com/thread/42')).toEqual([f.reportIds[4]]);
      expect(await ids('bbs.example.com')).toEqual([f.reportIds[4]]);
      expect(await ids('EXTORTION@example.com')).toEqual([f.reportIds[3]]);
      expect(await ids('paid POSTING')).toEqual([f.reportIds[4]]);
      expect(await ids('某论坛')).toEqual([f.reportIds[5]]);
      expect(await ids('删帖 不存在的词')).toEqual([]);
      expect(await ids('，。')).toEqual([]);
    });

    it('serves a lone character from the index by prefix', async () => {
      const body = (await search(f, 'triage', { q: '诈' })).json<{ items: Item[] }>();
      expect(body.items.map((i) => i.id).sort()).toEqual([f.reportIds[2], f.reportIds[3], f.reportIds[5]].sort());
    });

    it('filters by category, status and date', async () => {
      const count = async (params: Record<string, string>) => (await search(f, 'triage', params)).json<{ total: number }>().total;
      expect(await count({ q: '敲诈', category: 'online_extortion' })).toBe(2);
      expect(await count({ q: '敲诈', category: 'other' })).toBe(1);
      // Reports 2 and 3 were accepted into cases.
      expect(await count({ q: '敲诈', status: 'accepted' })).toBe(2);
      expect(await count({ q: '敲诈', status: 'received' })).toBe(1);
      // A bare date is a day in China Standard Time: today there, whatever the hour in UTC.
      const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
      expect(await count({ q: '敲诈', from: '2000-01-01', to: today })).toBe(3);
      expect(await count({ q: '敲诈', to: '2000-01-01' })).toBe(0);
      expect(await count({ q: '敲诈', from: new Date(Date.now() + 86_400_000).toISOString() })).toBe(0);
    });

    it('pages with a cursor through the same order', async () => {
      const all = (await search(f, 'triage', { q: '删帖' })).json<{ items: Item[] }>().items.map((i) => i.id);
      const pages: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: Item[]; nextCursor: string | null } = (
          await search(f, 'triage', { q: '删帖', limit: '2', ...(cursor ? { cursor } : {}) })
        ).json();
        pages.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(pages).toEqual(all);
      expect((await search(f, 'triage', { q: '删帖', cursor: 'nonsense' })).statusCode).toBe(400);
    });

    it('shows cases only as the case policy allows, reports only to triage', async () => {
      const labels = async (who: string) =>
        (await search(f, who, { q: '敲诈', type: 'case' })).json<{ items: Item[] }>().items.map((i) => textOf(i));
      expect((await labels('triage')).sort()).toEqual(['公安厅敲诈线索案', '杭州自媒体敲诈企业案'].sort());
      expect(await labels('hzOfficer')).toEqual(['杭州自媒体敲诈企业案']);
      expect(await labels('policeOfficer')).toEqual(['公安厅敲诈线索案']);
      // A lead of the province sees the city's case; a case officer of the province does not.
      expect(await labels('zjLead')).toEqual(['杭州自媒体敲诈企业案']);
      expect(await labels('zjOfficer')).toEqual([]);
      // Without a type, agency staff search cases.
      expect((await search(f, 'hzOfficer', { q: '敲诈' })).json<{ type: string }>().type).toBe('case');
      expect((await search(f, 'hzOfficer', { q: '敲诈', type: 'report' })).statusCode).toBe(403);
      expect((await f.t.app.inject({ method: 'GET', url: '/api/v1/search?q=%E5%88%A0%E5%B8%96' })).statusCode).toBe(401);
      // Region filter: 330100 is Hangzhou and below.
      const region = (await search(f, 'triage', { q: '敲诈', type: 'case', region: '330100' })).json<{ items: Item[] }>();
      expect(region.items.map(textOf)).toEqual(['杭州自媒体敲诈企业案']);
      const title = region.items[0]!.title!.segments.filter((s) => s.match).map((s) => s.text);
      expect(title).toEqual(['敲诈']);
    });

    it('finds registry entities for those who may read the registry, national IDs only masked, filtered by kind and status', async () => {
      const body = (await search(f, 'triage', { q: '删帖', type: 'entity' })).json<{
        type: string;
        items: (Item & { entityKind: string })[];
      }>();
      expect(body.type).toBe('entity');
      expect(body.items.map((i) => i.label).sort()).toEqual(['张某', '某公关删帖工作室', '某删帖服务网站'].sort());
      expect(body.items.every((i) => i.status === 'suspected')).toBe(true);
      const ids = async (who: string, params: Record<string, string>) =>
        (await search(f, who, { type: 'entity', ...params })).json<{ items: Item[] }>().items.map((i) => i.label);
      expect(await ids('zjOfficer', { q: '+86 137 0000 1234' })).toEqual(['张某']);
      expect(await ids('hzOfficer', { q: 'shantie.example.net' })).toEqual(['某删帖服务网站']);
      expect(await ids('triage', { q: '删帖', entityKind: 'website' })).toEqual(['某删帖服务网站']);
      expect(await ids('triage', { q: '删帖', status: 'confirmed' })).toEqual([]);
      expect((await ids('triage', { q: '删帖', status: 'suspected' })).length).toBe(3);
      // The resident ID number is shown masked and cannot be searched for in the clear.
      const person = (await search(f, 'triage', { q: '13700001234', type: 'entity' })).body;
      expect(person).toContain('1101**********002X');
      expect(person).not.toContain('19491231');
      expect(await ids('triage', { q: '11010519491231002X' })).toEqual([]);
      // Entities are not reports or cases.
      expect((await search(f, 'triage', { q: '某删帖服务网站' })).json<{ total: number }>().total).toBe(0);
      // A website's staff may not read the registry: the search of it is refused.
      expect((await search(f, 'website', { q: '删帖', type: 'entity' })).statusCode).toBe(403);
      // Filters of another type are refused, not ignored.
      expect((await search(f, 'triage', { q: '删帖', type: 'entity', category: 'paid_deletion' })).statusCode).toBe(400);
      expect((await search(f, 'triage', { q: '删帖', entityKind: 'website' })).statusCode).toBe(400);
    });

    it('rejects malformed filters', async () => {
      expect((await search(f, 'triage', { q: '删帖', from: 'yesterday' })).statusCode).toBe(400);
      expect((await search(f, 'triage', { q: '删帖', status: 'nonsense' })).statusCode).toBe(400);
      expect((await search(f, 'triage', { q: '' })).statusCode).toBe(400);
    });

    it('rebuilds the same index with reindex', async () => {
      const before = (await search(f, 'triage', { q: '删帖' })).json<{ items: Item[] }>().items.map((i) => [i.id, i.score]);
      const postings = async () =>
        Number(
          (
            await f.t.database.db
              .selectFrom('search_postings')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      const count = await postings();
      expect(await reindexSearch(f.t.database.db)).toEqual({ reports: REPORTS.length, cases: 2 });
      expect(await postings()).toBe(count);
      const after = (await search(f, 'triage', { q: '删帖' })).json<{ items: Item[] }>().items.map((i) => [i.id, i.score]);
      expect(after).toEqual(before);
    });
  });
}

const dialects = testDialects();
describe.runIf(dialects.includes('sqlite') && dialects.includes('postgres'))('search answers the same on SQLite and PostgreSQL', () => {
  let sqlite: Fixture;
  let postgres: Fixture;
  beforeAll(async () => {
    sqlite = await setUp('sqlite');
    postgres = await setUp('postgres');
  }, 120_000);
  afterAll(async () => {
    await sqlite?.t.close();
    await postgres?.t.close();
  });

  const QUERIES: [string, Record<string, string>][] = [
    ['triage', { q: '删帖' }],
    ['triage', { q: '敲诈' }],
    ['triage', { q: '诈' }],
    ['triage', { q: '公司' }],
    ['triage', { q: '公关 删帖' }],
    ['triage', { q: '13812345678' }],
    ['triage', { q: 'example.com' }],
    ['triage', { q: '敲诈', status: 'accepted' }],
    ['triage', { q: '删帖', limit: '1' }],
    ['triage', { q: '敲诈', type: 'case' }],
    ['zjLead', { q: '删帖', type: 'case' }],
    ['hzOfficer', { q: '有偿删帖' }],
    ['triage', { q: '删帖', type: 'entity' }],
    ['zjOfficer', { q: '13700001234', type: 'entity' }],
    ['triage', { q: '删', type: 'entity', entityKind: 'practitioner' }],
  ];

  it.each(QUERIES)('%s %j', async (who, params) => {
    // Ids differ between the databases; what was found, in which order, with which score, must not.
    const comparable = (body: { items: Item[]; total: number; capped: boolean; nextCursor: string | null }) => ({
      total: body.total,
      capped: body.capped,
      nextCursor: body.nextCursor,
      items: body.items.map((i) => ({ text: textOf(i), snippet: i.snippet, score: i.score, status: i.status })),
    });
    const a = await search(sqlite, who, params);
    const b = await search(postgres, who, params);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    const left = comparable(a.json());
    expect(left.total).toBeGreaterThan(0);
    expect(comparable(b.json())).toEqual(left);
  });
});
