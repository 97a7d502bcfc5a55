import { describe, expect, it } from 'vitest';
import { verifyQuery } from './verify-answer';

describe('the verify-a-requester query', () => {
  it('needs a credit code, a name and an ID number or phone', () => {
    expect(verifyQuery({ uscc: '91330200MA2H4K7P3T', name: '李华' })).toBeNull();
    expect(verifyQuery({ name: '李华', phone: '13812345678' })).toBeNull();
  });

  it('trims and leaves out what is empty', () => {
    expect(verifyQuery({ uscc: ' 91330200ma2h4k7p3t ', name: ' 李华 ', idNumber: '330106 19850312 0044', phone: ' ' })).toEqual({
      uscc: '91330200MA2H4K7P3T',
      name: '李华',
      idNumber: '330106198503120044',
    });
  });
});
