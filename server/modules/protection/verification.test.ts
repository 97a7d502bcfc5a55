import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RepresentativeOnFile, decideVerification, nameKey } from './verification';

const REP: RepresentativeOnFile = { nameKey: '李华', idHash: 'id-1', phoneHash: 'ph-1', status: 'active', validUntil: null };
const TODAY = '2026-11-28';

describe('verifying a requester against the representatives an enterprise registered', () => {
  it.each([
    ['name and ID number match', [REP], { nameKey: '李华', idHash: 'id-1', phoneHash: null }, 'yes'],
    ['name and phone match', [REP], { nameKey: '李华', idHash: null, phoneHash: 'ph-1' }, 'yes'],
    ['name, ID and phone match', [REP], { nameKey: '李华', idHash: 'id-1', phoneHash: 'ph-1' }, 'yes'],
    ['a name alone proves nothing', [REP], { nameKey: '李华', idHash: null, phoneHash: null }, 'no'],
    ['the ID number differs', [REP], { nameKey: '李华', idHash: 'id-2', phoneHash: null }, 'no'],
    ['the phone differs although the ID matches', [REP], { nameKey: '李华', idHash: 'id-1', phoneHash: 'ph-2' }, 'no'],
    ['another name with the right ID', [REP], { nameKey: '张三', idHash: 'id-1', phoneHash: null }, 'no'],
    ['a revoked representative', [{ ...REP, status: 'revoked' }], { nameKey: '李华', idHash: 'id-1', phoneHash: null }, 'unknown'],
    [
      'an authorization that ended yesterday',
      [{ ...REP, validUntil: '2026-11-27' }],
      { nameKey: '李华', idHash: 'id-1', phoneHash: null },
      'unknown',
    ],
    [
      'an authorization ending today still holds',
      [{ ...REP, validUntil: TODAY }],
      { nameKey: '李华', idHash: 'id-1', phoneHash: null },
      'yes',
    ],
    ['an enterprise not registered', null, { nameKey: '李华', idHash: 'id-1', phoneHash: null }, 'unknown'],
    ['an enterprise that named nobody', [], { nameKey: '李华', idHash: 'id-1', phoneHash: null }, 'unknown'],
  ] as const)('%s', (_, reps, query, answer) => {
    expect(decideVerification(reps as RepresentativeOnFile[] | null, query, TODAY)).toBe(answer);
  });

  it('never answers yes when no identifier the website gave was compared, whatever is on file', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            nameKey: fc.constantFrom('李华', '张三'),
            idHash: fc.option(fc.constantFrom('a', 'b'), { nil: null }),
            phoneHash: fc.option(fc.constantFrom('x', 'y'), { nil: null }),
            status: fc.constantFrom('active', 'revoked'),
            validUntil: fc.constant(null),
          }),
        ),
        fc.constantFrom('李华', '张三'),
        (reps, name) => decideVerification(reps, { nameKey: name, idHash: null, phoneHash: null }, TODAY) !== 'yes',
      ),
    );
  });

  it('compares names without spaces, dots or letter case', () => {
    expect(nameKey(' 王 小明 ')).toBe('王小明');
    expect(nameKey('Mary·Li')).toBe(nameKey('mary li'));
    expect(nameKey('ＬＩ　Ｈｕａ')).toBe('lihua');
  });
});
