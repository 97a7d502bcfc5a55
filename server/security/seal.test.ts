import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seal, unseal } from './seal';

describe('seal', () => {
  const key = randomBytes(32);

  it('round-trips a value and never shows the plaintext', () => {
    const value = { name: '张三', phone: '+8613812345678' };
    const sealed = seal(key, value, 'report:1');
    expect(sealed).not.toContain('张三');
    expect(sealed).not.toContain('13812345678');
    expect(unseal(key, sealed, 'report:1')).toEqual(value);
  });

  it('uses a fresh IV each time', () => {
    expect(seal(key, 'x', 'c')).not.toBe(seal(key, 'x', 'c'));
  });

  it('refuses another key, another context, or a changed ciphertext', () => {
    const sealed = seal(key, { a: 1 }, 'report:1');
    expect(() => unseal(randomBytes(32), sealed, 'report:1')).toThrow();
    expect(() => unseal(key, sealed, 'report:2')).toThrow();
    const parts = sealed.split('.');
    const payload = Buffer.from(parts[2]!, 'base64url');
    payload[0] = payload[0]! ^ 1;
    expect(() => unseal(key, [parts[0], parts[1], payload.toString('base64url')].join('.'), 'report:1')).toThrow();
  });
});
