import { describe, expect, it } from 'vitest';
import { isResidentIdNumber } from '../server/modules/indicators/checks';
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

  it('judges every number the way the server does', () => {
    const samples = ['330106198503120044', '330106198503120040', '11010519491231002X', '110105194912310021', '000106198503120044'];
    for (let i = 0; i < 200; i++) {
      const digits = Array.from({ length: 17 }, (_, k) => (k === 0 ? 1 + ((i * 7) % 9) : (i * 31 + k * 17) % 10)).join('');
      samples.push(`${digits.slice(0, 6)}1990${String(1 + (i % 12)).padStart(2, '0')}15${digits.slice(14)}${'0123456789X'.charAt(i % 11)}`);
    }
    for (const sample of samples) expect(isValidResidentId(sample), sample).toBe(isResidentIdNumber(sample));
  });
});
