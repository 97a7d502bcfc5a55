import { describe, expect, it } from 'vitest';
import { cleanResidentId, isValidResidentId } from './resident-id';

describe('resident ID numbers', () => {
  it('accepts numbers whose check character is right, including X', () => {
    expect(isValidResidentId('330106198503120044')).toBe(true);
    expect(isValidResidentId('330106199001010018')).toBe(true);
    expect(isValidResidentId('11010519491231002X')).toBe(true);
    expect(isValidResidentId('11010519491231002x')).toBe(true);
  });

  it('refuses a wrong check character, an impossible date, a wrong length or letters', () => {
    expect(isValidResidentId('330106198503120045')).toBe(false);
    expect(isValidResidentId('330106198502300044')).toBe(false);
    expect(isValidResidentId('33010619850312004')).toBe(false);
    expect(isValidResidentId('33010619850312004A')).toBe(false);
    expect(isValidResidentId('')).toBe(false);
  });

  it('cleans spaces, dashes and full-width digits the way people type them', () => {
    expect(cleanResidentId(' 330106 19850312-004４ ')).toBe('330106198503120044');
    expect(cleanResidentId('11010519491231002x')).toBe('11010519491231002X');
  });
});
