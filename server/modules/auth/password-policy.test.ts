import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../contracts/orgs';
import { COMMON_PASSWORDS_ZH } from './common-passwords-zh';
import { PASSWORD_PROBLEMS, checkPassword, passwordProblemMessage } from './password-policy';

const codePoints = (text: string): number => [...text.normalize('NFKC')].length;
const PADDING_CHARS = [...'0123456789!@#$%&*.-_?'];

describe('checkPassword: length', () => {
  it('uses the limits from the contracts', () => {
    expect(PASSWORD_MIN_LENGTH).toBe(12);
    expect(PASSWORD_MAX_LENGTH).toBe(128);
  });

  it('counts code points, not UTF-16 units', () => {
    const emoji = [...'🦊🐼🐯🦁🐸🐵🐔🐧🐦🐤🦆🦉'];
    expect(emoji.join('')).toHaveLength(24);
    expect(checkPassword(emoji.slice(0, 11).join(''), {})).toBe('too_short');
    expect(checkPassword(emoji.join(''), {})).toBeNull();
  });

  it('counts after NFKC normalisation', () => {
    // U+FDFA (one code point) is eighteen after NFKC; 'e' + combining acute becomes one 'é'.
    expect(checkPassword('\uFDFA', {})).toBeNull();
    expect([...'Ke\u0301ttle-orbi']).toHaveLength(12);
    expect(checkPassword('Ke\u0301ttle-orbi', {})).toBe('too_short');
    expect(checkPassword('Ke\u0301ttle-orbit', {})).toBeNull();
  });

  it('too_short exactly when the normalized password has fewer than the minimum code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 24 }), (password) => {
        expect(checkPassword(password, {}) === 'too_short').toBe(codePoints(password) < PASSWORD_MIN_LENGTH);
      }),
      { numRuns: 500 },
    );
  });

  it('too_long exactly when the normalized password has more than the maximum code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 110, maxLength: 200 }), (password) => {
        expect(checkPassword(password, {}) === 'too_long').toBe(codePoints(password) > PASSWORD_MAX_LENGTH);
      }),
      { numRuns: 200 },
    );
    expect(checkPassword('mulberry-kettle-orbit-47 '.repeat(6).slice(0, 128), {})).toBeNull();
    expect(checkPassword('mulberry-kettle-orbit-47 '.repeat(6).slice(0, 129), {})).toBe('too_long');
  });
});

describe('checkPassword: common passwords', () => {
  it.each([
    'leavemealone',
    'finalfantasy',
    'administrator',
    'sonyericsson',
    'LeaveMeAlone',
    '123456789012',
    '098765432109',
    '890123456789',
    'qwertyuiopas',
    'abcdefghijkl',
    'zyxwvutsrqpo',
    'xyzabcdefghi',
    '1qaz2wsx3edc',
    '1q2w3e4r5t6y',
    '!@#$%^&*()_+',
    'zxcvbnm,./123',
    'aaaaaaaaaaaa',
    'abababababab',
    'passpasspass',
    'iloveyouiloveyou',
    'password1234!',
    'PASSWORD1234!',
    '!!password2024',
    '2024-dragon-2024',
    'summer2024!!',
    'ｐａｓｓｗｏｒｄ１２３４',
    'P@ssw0rd2024!',
    '1loveyou2024',
    'f00tb4ll-2024',
    'Pr1nc3ss!2024',
    'dr4g0n2024!!',
    'b4seb4ll1234',
    'we1come2024!',
    'qwertyuiop12',
  ])('refuses %s', (password) => {
    expect(checkPassword(password, {})).toBe('common');
  });

  it.each([
    'woaini1314!!',
    'woaini5201314',
    '520131452013',
    '1qaz2wsx!!!!',
    'a123456789!!',
    '2024woaini1314',
    'wodemima2024',
    '775852112345',
  ])('refuses the Chinese favourite %s', (password) => {
    expect(checkPassword(password, {})).toBe('common');
  });

  it('refuses every entry of the Chinese list once padded to length', () => {
    for (const entry of COMMON_PASSWORDS_ZH) {
      const padded = entry + '!'.repeat(Math.max(0, PASSWORD_MIN_LENGTH - entry.length));
      expect(checkPassword(padded, {}), padded).toBe('common');
      expect(checkPassword(`2024${padded}`, {}), padded).toBe('common');
    }
  });

  it('refuses a listed password with only digits or punctuation before and after it', () => {
    const listed = ['password', 'dragon', 'monkey', 'iloveyou', 'sunshine', 'football', 'princess', 'woaini', 'qinglang'];
    const padding = fc.array(fc.constantFrom(...PADDING_CHARS), { maxLength: 20 }).map((chars) => chars.join(''));
    fc.assert(
      fc.property(fc.constantFrom(...listed), padding, padding, fc.boolean(), (word, before, after, upper) => {
        fc.pre(codePoints(before + word + after) >= PASSWORD_MIN_LENGTH);
        const password = before + (upper ? word.toUpperCase() : word) + after;
        expect(checkPassword(password, {})).toBe('common');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses one character repeated, whatever the character', () => {
    const single = fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((char) => [...char.normalize('NFKC')].length === 1);
    fc.assert(
      fc.property(single, fc.integer({ min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH }), (char, times) => {
        expect(checkPassword(char.repeat(times), {})).toBe('common');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a block of up to four characters repeated', () => {
    const block = fc.array(fc.constantFrom(...'abcdefghijkmnpqrstuvwxyz23456789#%&'), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(block, fc.integer({ min: 3, max: 30 }), (chars, times) => {
        const password = chars.join('').repeat(times);
        fc.pre(password.length >= PASSWORD_MIN_LENGTH && password.length <= PASSWORD_MAX_LENGTH);
        expect(checkPassword(password, {})).toBe('common');
      }),
      { numRuns: 300 },
    );
  });

  it('refuses any stretch of a counting or keyboard sequence, forwards or backwards, wrapping around', () => {
    const sequences = [
      '0123456789',
      'abcdefghijklmnopqrstuvwxyz',
      'qwertyuiopasdfghjklzxcvbnm',
      '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...sequences),
        fc.nat(),
        fc.integer({ min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH }),
        fc.boolean(),
        (sequence, offset, length, backwards) => {
          const chars = Array.from({ length }, (_, i) => sequence.charAt((offset + i) % sequence.length));
          const password = (backwards ? chars.reverse() : chars).join('');
          expect(checkPassword(password, {})).toBe('common');
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each([
    'mulberry-kettle-orbit-47',
    'correct horse battery staple',
    'Tr0ub4dor&3x',
    '我家小猫喜欢在阳台上晒太阳',
    'x83920174836',
    '839201748362',
    'Kettle 7 sojourn fig',
    '青山-绿水-2024-长流',
  ])('accepts %s', (password) => {
    expect(checkPassword(password, { email: 'li.wei@example.cn', displayName: 'Li Wei' })).toBeNull();
  });

  it('accepts random lower-case letters', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), { minLength: 16, maxLength: 40 }), (chars) => {
        expect(checkPassword(chars.join(''), {})).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('stays fast on the longest, most padded passwords', () => {
    const worst = ['7'.repeat(60) + 'a' + '1'.repeat(67), '9183746502'.repeat(13).slice(0, 128), '!@#$%12345'.repeat(13).slice(0, 128)];
    checkPassword('warm-up-the-blocklist', {});
    const started = performance.now();
    for (const password of worst) checkPassword(password, {});
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('checkPassword: identity', () => {
  it('refuses the e-mail local part, case-insensitively', () => {
    expect(checkPassword('my-Zhangsan-rocket-7', { email: 'zhangsan@example.cn' })).toBe('contains_identity');
    expect(checkPassword('my-zhangsan-rocket-7', { email: 'ZhangSan@Example.cn' })).toBe('contains_identity');
  });

  it('refuses the local part without its dots or sub-address', () => {
    expect(checkPassword('orbit-liwei-kettle', { email: 'li.wei+qinglang@example.cn' })).toBe('contains_identity');
    expect(checkPassword('orbit-li.wei-kettle', { email: 'li.wei@example.cn' })).toBe('contains_identity');
  });

  it('refuses the display name, also with its spaces left out', () => {
    expect(checkPassword('kettle Wang Fang orbit', { displayName: 'Wang Fang' })).toBe('contains_identity');
    expect(checkPassword('kettle-wangfang-orbit', { displayName: 'Wang Fang' })).toBe('contains_identity');
    expect(checkPassword('风筝-欧阳娜娜-在天上飞翔', { displayName: '欧阳娜娜' })).toBe('contains_identity');
  });

  it('ignores names and local parts shorter than four characters', () => {
    expect(checkPassword('orbit-wei-kettle-42', { email: 'wei@example.cn', displayName: 'Wei' })).toBeNull();
    expect(checkPassword('风筝-张伟-在天空中飞翔吧', { displayName: '张伟' })).toBeNull();
  });

  it('refuses any password that embeds a local part of four or more letters', () => {
    const letters = fc.array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), { minLength: 4, maxLength: 12 }).map((c) => c.join(''));
    const filler = fc.array(fc.constantFrom(...'bcdfghjkmnpqrstvwxz-'), { minLength: 4, maxLength: 20 }).map((c) => c.join(''));
    fc.assert(
      fc.property(letters, filler, filler, (local, before, after) => {
        const password = `${before}${local.toUpperCase()}${after}`;
        const result = checkPassword(password, { email: `${local}@example.cn` });
        // A blocklist hit is reported first; either way the password is refused.
        expect(['contains_identity', 'common']).toContain(result);
        expect(checkPassword(password, {})).not.toBe('contains_identity');
      }),
      { numRuns: 200 },
    );
  });
});

describe('passwordProblemMessage', () => {
  it('names the limits in both languages', () => {
    expect(passwordProblemMessage('too_short', 'zh-CN')).toBe('密码至少需要 12 个字符');
    expect(passwordProblemMessage('too_short', 'en')).toBe('Use at least 12 characters');
    expect(passwordProblemMessage('too_long', 'zh-CN')).toBe('密码不能超过 128 个字符');
    expect(passwordProblemMessage('too_long', 'en')).toBe('Use at most 128 characters');
  });

  it('gives every problem its own message in each language', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const messages = PASSWORD_PROBLEMS.map((problem) => passwordProblemMessage(problem, locale));
      expect(new Set(messages).size).toBe(PASSWORD_PROBLEMS.length);
    }
    for (const problem of PASSWORD_PROBLEMS) {
      expect(passwordProblemMessage(problem, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
      expect(passwordProblemMessage(problem, 'en')).toMatch(/^[\x20-\x7e]+$/);
    }
  });
});
