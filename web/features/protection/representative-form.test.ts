import { describe, expect, it } from 'vitest';
import { checkRepresentative, representativeBody } from './representative-form';

describe('the add-representative form', () => {
  it('needs a name and an ID number or a phone', () => {
    expect(checkRepresentative({})).toEqual([
      { field: 'name', key: 'nameRequired' },
      { field: 'idNumber', key: 'identifierRequired' },
    ]);
    expect(checkRepresentative({ name: '李华', phone: '13812345678' })).toEqual([]);
    expect(checkRepresentative({ name: '李华', idNumber: '330106198503120044' })).toEqual([]);
  });

  it('refuses an ID number whose check character is wrong, and a phone that is not one', () => {
    expect(checkRepresentative({ name: '李华', idNumber: '330106198503120045' })).toEqual([{ field: 'idNumber', key: 'idNumberInvalid' }]);
    expect(checkRepresentative({ name: '李华', phone: 'call me' })).toEqual([{ field: 'phone', key: 'phoneInvalid' }]);
  });

  it('sends only what was filled in, cleaned', () => {
    expect(
      representativeBody({ name: ' 李华 ', title: ' ', idNumber: '330106 19850312 0044', phone: '', validUntil: '2027-12-31' }),
    ).toEqual({
      name: '李华',
      idNumber: '330106198503120044',
      validUntil: '2027-12-31',
    });
  });
});
