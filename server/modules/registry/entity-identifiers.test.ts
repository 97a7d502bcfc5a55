import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { maskNationalId, normalizeNationalId } from '../indicators/national-id';
import { accountIdentifier, defaultKindFor, describeEntity } from './entity-identifiers';

const hash = (value: string) => createHmac('sha256', 'test-key').update(value).digest('hex');
// A valid resident ID number (GB 11643 check character), made up.
const NATIONAL_ID = '11010519491231002X';

describe('entity identifiers', () => {
  it('keeps a practitioner’s national ID only as a keyed hash and a masked display', () => {
    const described = describeEntity(
      { kind: 'practitioner', displayName: '张某', role: '删帖中介', nationalId: ' 110105 19491231 002x ' },
      hash,
    );
    expect(described.ok).toBe(true);
    if (!described.ok) return;
    expect(described.identifiers).toEqual([{ type: 'national_id', value: hash(NATIONAL_ID) }]);
    expect(described.attributes).toEqual({
      role: '删帖中介',
      nationalIdMasked: '1101**********002X',
      nationalIdHash: hash(NATIONAL_ID),
    });
    expect(JSON.stringify(described)).not.toContain('19491231');
  });

  it('masks 18 characters as the first four, ten stars and the last four', () => {
    expect(maskNationalId('330102198001011234')).toBe('3301**********1234');
    expect(normalizeNationalId('330102198001011235')).toBeNull();
  });

  it('refuses an invalid national ID, fields of another kind, and bad identifiers, field by field', () => {
    const described = describeEntity(
      {
        kind: 'practitioner',
        displayName: '张某',
        nationalId: '110105194912310021',
        uscc: '91330000MA27XYZ123',
        identifiers: [
          { type: 'phone', value: '138 1234 5678' },
          { type: 'email', value: 'not an address' },
        ],
      },
      hash,
    );
    expect(described).toEqual({
      ok: false,
      problems: [
        { field: 'uscc', key: 'notForEntityKind' },
        { field: 'nationalId', key: 'invalid' },
        { field: 'identifiers.1.value', key: 'invalid' },
      ],
    });
  });

  it('gives accounts one identifier: the indicator on QQ and WeChat, platform:handle elsewhere', () => {
    expect(accountIdentifier('QQ', '12345678')).toEqual({ type: 'qq', value: '12345678' });
    expect(accountIdentifier('Weibo', '@SomeBlogger')).toEqual({ type: 'account', value: 'weibo:someblogger' });
    expect(accountIdentifier('a:b', 'x')).toBeNull();
    const described = describeEntity({ kind: 'account', displayName: '某博主', platform: 'weibo' }, hash);
    expect(described).toEqual({ ok: false, problems: [{ field: 'handle', key: 'required' }] });
  });

  it('canonicalizes identifiers and drops repeats', () => {
    const described = describeEntity(
      {
        kind: 'website',
        displayName: '某论坛',
        identifiers: [
          { type: 'domain', value: 'https://WWW.Example.com.cn/bbs' },
          { type: 'domain', value: 'example.com.cn' },
          { type: 'icp', value: '浙ICP备12345678号' },
        ],
      },
      hash,
    );
    expect(described.ok && described.identifiers).toEqual([
      { type: 'domain', value: 'example.com.cn' },
      { type: 'icp', value: '浙ICP备12345678号' },
    ]);
  });

  it('chooses a kind for each indicator type', () => {
    expect(defaultKindFor('domain')).toBe('website');
    expect(defaultKindFor('uscc')).toBe('intermediary');
    expect(defaultKindFor('bank_card')).toBe('payment_account');
    expect(defaultKindFor('qq')).toBe('account');
    expect(defaultKindFor('phone')).toBe('practitioner');
  });
});
