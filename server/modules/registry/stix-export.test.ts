import { describe, expect, it } from 'vitest';
import { stixValidator } from '../../../test/conformance/stix2.1/validator';
import { type StixExportInput, buildStixBundle, uuidv5 } from './stix-export';

const NATIONAL_ID_HASH = 'a'.repeat(64);

const INPUT: StixExportInput = {
  organizations: [{ id: 'org-1', name: '浙江省网信办', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-02T00:00:00.000Z' }],
  cases: [{ id: 'case-1', number: 'QL-2026-000001', openedAt: '2026-02-01T08:00:00.000Z', updatedAt: '2026-02-03T08:00:00.000Z' }],
  entities: [
    {
      id: 'e-website',
      kind: 'website',
      displayName: '某维权论坛',
      status: 'confirmed',
      attributes: {},
      createdAt: '2026-02-02T00:00:00.000Z',
      updatedAt: '2026-02-02T00:00:00.000Z',
      identifiers: [
        { type: 'domain', value: 'example.com' },
        { type: 'url', value: 'http://bbs.example.com/thread/1' },
        { type: 'icp', value: '浙ICP备12345678号' },
        { type: 'domain', value: 'xn--fsqu00a.xn--fiqs8s' },
      ],
    },
    {
      id: 'e-account',
      kind: 'account',
      displayName: '某博主',
      status: 'suspected',
      attributes: { platform: 'weibo', handle: 'someblogger' },
      createdAt: '2026-02-02T00:00:00.000Z',
      updatedAt: '2026-02-02T00:00:00.000Z',
      identifiers: [
        { type: 'account', value: 'weibo:someblogger' },
        { type: 'qq', value: '12345678' },
        { type: 'email', value: 'blogger@example.cn' },
      ],
    },
    {
      id: 'e-practitioner',
      kind: 'practitioner',
      displayName: '张某',
      status: 'confirmed',
      attributes: { role: '删帖中介', nationalIdMasked: '1101**********002X', nationalIdHash: NATIONAL_ID_HASH },
      createdAt: '2026-02-02T00:00:00.000Z',
      updatedAt: '2026-02-02T00:00:00.000Z',
      identifiers: [
        { type: 'national_id', value: NATIONAL_ID_HASH },
        { type: 'phone', value: '+8613812345678' },
        { type: 'wechat', value: 'shantie_zhang' },
      ],
    },
    {
      id: 'e-intermediary',
      kind: 'intermediary',
      displayName: '某公关公司',
      status: 'suspected',
      attributes: { uscc: '91350100M000100Y43' },
      createdAt: '2026-02-02T00:00:00.000Z',
      updatedAt: '2026-02-02T00:00:00.000Z',
      identifiers: [{ type: 'uscc', value: '91350100M000100Y43' }],
    },
    {
      id: 'e-payment',
      kind: 'payment_account',
      displayName: '收款卡',
      status: 'cleared',
      attributes: { channel: 'bank_card' },
      createdAt: '2026-02-02T00:00:00.000Z',
      updatedAt: '2026-02-02T00:00:00.000Z',
      identifiers: [{ type: 'bank_card', value: '6222020200000000006' }],
    },
  ],
  records: ['e-website', 'e-account', 'e-practitioner', 'e-intermediary', 'e-payment'].map((entityId, i) => ({
    id: `r-${i}`,
    entityId,
    caseId: 'case-1',
    summary: '收取费用删除帖子',
    sourceOrgId: 'org-1',
    legalBasis: '《网络信息内容生态治理规定》第十条',
    occurredAt: '2026-01-15T00:00:00.000Z',
    recordedAt: '2026-02-02T01:00:00.000Z',
  })),
};

describe('STIX 2.1 export', () => {
  const stix = stixValidator();

  it('makes objects each valid against its own OASIS schema, in a bundle common/bundle.json accepts', () => {
    const bundle = buildStixBundle(INPUT);
    for (const object of bundle.objects ?? []) {
      const validate = stix.object(object.type);
      expect(validate(object), `${object.id}: ${stix.errors(validate)}`).toBe(true);
    }
    // bundle.json at 3bf9e69 cannot accept any incident (see the next test); everything else in the bundle it accepts.
    const withoutIncidents = { ...bundle, objects: bundle.objects!.filter((o) => o.type !== 'incident') };
    expect(stix.bundle(withoutIncidents), stix.errors(stix.bundle)).toBe(true);
  });

  it('incidents: bundle.json at 3bf9e69 rejects even the minimal incident of the specification (an upstream defect)', () => {
    // `incident` is missing from bundle.json's list of object schemas, and in its branch for custom
    // objects an SDO satisfies both core.json and cyber-observable-core.json, which a `oneOf` forbids.
    // (The same defect was reported for `infrastructure`: oasis-open/cti-stix2-json-schemas#133.)
    const minimal = {
      type: 'incident',
      spec_version: '2.1',
      id: 'incident--2f2d4926-0d63-4c86-8a44-6ea7d2d1fc3c',
      created: '2026-01-01T00:00:00.000Z',
      modified: '2026-01-01T00:00:00.000Z',
      name: 'Minimal incident',
    };
    expect(stix.object('incident')(minimal)).toBe(true);
    expect(stix.bundle({ type: 'bundle', id: 'bundle--2f2d4926-0d63-4c86-8a44-6ea7d2d1fc3d', objects: [minimal] })).toBe(false);
    // Ours are just as valid as that one on their own schema (checked above), and the bundle fails only on them.
    const bundle = buildStixBundle(INPUT);
    const incidentsOnly = { ...bundle, objects: bundle.objects!.filter((o) => o.type === 'incident') };
    expect(stix.bundle(incidentsOnly)).toBe(false);
  });

  it('has identities, observables, incidents and relationships for the registry', () => {
    const objects = buildStixBundle(INPUT).objects ?? [];
    const ofType = (type: string) => objects.filter((o) => o.type === type);
    expect(ofType('identity').map((o) => o.name)).toEqual(expect.arrayContaining(['浙江省网信办', '张某', '某公关公司']));
    expect(ofType('identity').find((o) => o.name === '张某')).toMatchObject({ identity_class: 'individual', roles: ['删帖中介'] });
    expect(ofType('domain-name').map((o) => o.value)).toEqual(expect.arrayContaining(['example.com', 'xn--fsqu00a.xn--fiqs8s']));
    expect(ofType('url').map((o) => o.value)).toEqual(['http://bbs.example.com/thread/1']);
    expect(ofType('email-addr').map((o) => o.value)).toEqual(['blogger@example.cn']);
    expect(
      ofType('user-account')
        .map((o) => `${String(o.account_type)}:${String(o.user_id)}`)
        .sort(),
    ).toEqual(['bank_card:6222020200000000006', 'qq:12345678', 'wechat:shantie_zhang', 'weibo:someblogger']);
    expect(ofType('incident')).toEqual([expect.objectContaining({ name: 'QL-2026-000001' })]);
    const orgIdentity = ofType('identity').find((o) => o.name === '浙江省网信办')!;
    const records = ofType('relationship').filter((r) => r.target_ref === ofType('incident')[0]!.id);
    expect(records).toHaveLength(5);
    for (const r of records) expect(r.created_by_ref).toBe(orgIdentity.id);
    // Every reference points at an object in the bundle.
    const ids = new Set(objects.map((o) => o.id));
    for (const r of ofType('relationship')) expect(ids.has(r.source_ref as string) && ids.has(r.target_ref as string)).toBe(true);
  });

  it('never exports a national ID, not even its keyed hash or masked display', () => {
    const text = JSON.stringify(buildStixBundle(INPUT));
    expect(text).not.toContain(NATIONAL_ID_HASH);
    expect(text).not.toContain('1101**********002X');
    expect(text).toContain('+8613812345678');
  });

  it('is deterministic: the same registry gives the same bundle, ids included', () => {
    const first = buildStixBundle(INPUT);
    const again = buildStixBundle({ ...INPUT, entities: [...INPUT.entities].reverse(), records: [...INPUT.records].reverse() });
    expect(JSON.stringify(again)).toBe(JSON.stringify(first));
    expect(first.id).toMatch(/^bundle--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('gives observables the ids the STIX specification derives from their values', () => {
    expect(uuidv5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
    const domain = (buildStixBundle(INPUT).objects ?? []).find((o) => o.type === 'domain-name' && o.value === 'example.com');
    expect(domain?.id).toBe('domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7');
  });

  it('exports an empty registry as a valid bundle without objects', () => {
    const bundle = buildStixBundle({ entities: [], records: [], cases: [], organizations: [] });
    expect(bundle.objects).toBeUndefined();
    expect(stix.bundle(bundle), stix.errors(stix.bundle)).toBe(true);
  });

  it('the schemas catch a broken object (the validator is really checking)', () => {
    const bundle = buildStixBundle(INPUT);
    const broken = { ...bundle, objects: [{ ...bundle.objects![0]!, id: 'identity--not-a-uuid' }] };
    expect(stix.bundle(broken)).toBe(false);
  });
});
