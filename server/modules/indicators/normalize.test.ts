import { describe, expect, it } from 'vitest';
import { INDICATOR_TYPES, type IndicatorType } from '../../../contracts/indicators';
import { hasPlausibleIssuer, isPlausibleBankCard, isResidentIdNumber, startsWithDate, usccCheckCharacter } from './checks';
import {
  isValidUscc,
  luhnValid,
  normalizeAlipay,
  normalizeBankCard,
  normalizeEmail,
  normalizeIcp,
  normalizeIndicator,
  normalizePhone,
  normalizeQq,
  normalizeUrl,
  normalizeUscc,
  normalizeWechat,
  registrableDomain,
} from './normalize';
import { normalizeWithOffsets } from './offsets';

describe('normalizePhone', () => {
  it.each([
    ['13812345678', '+8613812345678'],
    ['138 1234 5678', '+8613812345678'],
    ['138-1234-5678', '+8613812345678'],
    ['+86 138 1234 5678', '+8613812345678'],
    ['0086-13812345678', '+8613812345678'],
    ['8613812345678', '+8613812345678'],
    ['１３８１２３４５６７８', '+8613812345678'],
    ['tel:+8613812345678', '+8613812345678'],
    ['(010) 1234-5678', '+861012345678'],
    ['010-12345678', '+861012345678'],
    ['0755-1234567', '+867551234567'],
    ['+86 755 1234 5678', '+8675512345678'],
    ['+1 (415) 555-2671', '+14155552671'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizePhone(raw)).toBe(expected);
  });

  it.each(['', '12345', '1381234567', '138123456789', '23812345678', '12345678', '138-1234-567a', '+86 138 +1234 5678', '01234567890'])(
    'rejects %j',
    (raw) => {
      expect(normalizePhone(raw)).toBeNull();
    },
  );
});

describe('normalizeEmail', () => {
  it('lower-cases and accepts mailto: and full-width forms', () => {
    expect(normalizeEmail(' Foo.Bar@Example.COM ')).toBe('foo.bar@example.com');
    expect(normalizeEmail('mailto:a@b.com')).toBe('a@b.com');
    expect(normalizeEmail('ａ＠ｂ．ｃｏｍ')).toBe('a@b.com');
  });

  it.each(['', 'a@b', 'a@localhost', '@b.com', 'a@@b.com', '.a@b.com', 'a..b@b.com', 'a b@c.com', 'logo@2x.png', 'a@-b.com'])(
    'rejects %j',
    (raw) => {
      expect(normalizeEmail(raw)).toBeNull();
    },
  );
});

describe('normalizeUrl', () => {
  it.each([
    ['https://Example.COM', 'https://example.com/'],
    ['HTTPS://Example.com:443/a/B?x=1#frag', 'https://example.com/a/B?x=1'],
    ['http://example.com:80/', 'http://example.com/'],
    ['http://example.com:8080/', 'http://example.com:8080/'],
    ['https://example.com/?utm_source=a&utm_medium=b', 'https://example.com/'],
    ['https://example.com/p?b=2&from=x&a=1&spm=3&timestamp=1&scene=1', 'https://example.com/p?b=2&a=1'],
    [
      'https://example.com/p?share_token=t&share_source=s&share_medium=m&fbclid=f&gclid=g&srcid=1&isappinstalled=0',
      'https://example.com/p',
    ],
    ['www.Example.com/a', 'http://www.example.com/a'],
    ['example.com', 'http://example.com/'],
    ['https://例子.中国/', 'https://xn--fsqu00a.xn--fiqs8s/'],
    ['https://user:pw@example.com/', 'https://example.com/'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeUrl(raw)).toBe(expected);
  });

  it.each(['', 'ftp://example.com/', 'javascript:alert(1)', 'not a url', 'http://', 'http://localhost/', 'file.txt'])(
    'rejects %j',
    (raw) => {
      expect(normalizeUrl(raw)).toBeNull();
    },
  );
});

describe('registrableDomain', () => {
  it.each([
    ['example.com', 'example.com'],
    ['www.Example.COM.CN', 'example.com.cn'],
    ['https://sub.example.co.uk/path?q=1', 'example.co.uk'],
    ['例子.中国', 'xn--fsqu00a.xn--fiqs8s'],
    ['bücher.de', 'xn--bcher-kva.de'],
    ['foo.github.io', 'foo.github.io'],
    ['example.com:8080/path', 'example.com'],
    ['example.com.', 'example.com'],
  ])('%s → %s', (raw, expected) => {
    expect(registrableDomain(raw)).toBe(expected);
  });

  it.each(['', '127.0.0.1', 'http://10.0.0.1/', 'localhost', 'a@example.com', 'com', 'example.notarealtld'])('rejects %j', (raw) => {
    expect(registrableDomain(raw)).toBeNull();
  });
});

describe('unified social credit codes', () => {
  it('computes the GB 32100-2015 check character', () => {
    expect(usccCheckCharacter('91350100M000100Y4')).toBe('3');
    expect(usccCheckCharacter('91110108MA01ABCD1')).toBe('E');
    expect(usccCheckCharacter('12100000400000624')).toBe('D');
    expect(usccCheckCharacter('9135010OM000100Y4')).toBeNull();
    expect(usccCheckCharacter('short')).toBeNull();
  });

  it('validates and normalizes', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(isValidUscc('91350100m000100y43')).toBe(true);
    expect(isValidUscc('91350100M000100Y44')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(normalizeUscc(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
    expect(normalizeUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toBe('91350100M000100Y43');
    expect(normalizeUscc('91350100M000100Y44')).toBeNull();
    expect(normalizeUscc('91350100I000100Y43')).toBeNull();
  });
});

describe('bank cards and other checks', () => {
  it('implements Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('6222021234567890128')).toBe(true);
    expect(luhnValid('6222021234567890123')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(luhnValid('4111-1111-1111-1111')).toBe(false);
  });

  it('normalizes a typed card number to its digits', () => {
    expect(normalizeBankCard('6222 0212 3456 7890 128')).toBe('6222021234567890128');
    expect(normalizeBankCard('４１１１-１１１１-１１１１-１１１１')).toBe('4111111111111111');
    expect(normalizeBankCard('6222 0212 3456 7890 123')).toBeNull();
    expect(normalizeBankCard('411111111111')).toBeNull();
  });

  it('tells issuers, dates and resident IDs apart', () => {
    expect(hasPlausibleIssuer('6222')).toBe(true);
    expect(hasPlausibleIssuer('2221')).toBe(true);
    expect(hasPlausibleIssuer('2023')).toBe(false);
    expect(hasPlausibleIssuer('1381')).toBe(false);
    expect(startsWithDate('20231105123')).toBe(true);
    expect(startsWithDate('20231305123')).toBe(false);
    expect(startsWithDate('20230230123')).toBe(false);
    expect(isResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isResidentIdNumber('11010519491231002x')).toBe(true);
    expect(isResidentIdNumber('110105194912310021')).toBe(false);
    expect(isPlausibleBankCard('2023110512345675')).toBe(false);
    expect(isPlausibleBankCard('2023110512345675', true)).toBe(true);
  });
});

describe('normalizeIcp', () => {
  it.each([
    ['京ICP备12345678号-1', '京ICP备12345678号-1'],
    ['京ICP备12345678号', '京ICP备12345678号'],
    ['京ICP备12345678', '京ICP备12345678号'],
    ['京icp备12345678号', '京ICP备12345678号'],
    ['京ICP备12345678-1号', '京ICP备12345678号-1'],
    [' 粤 ICP 备 2021012345 号 ', '粤ICP备2021012345号'],
    ['京ICP证123456号', '京ICP证123456号'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeIcp(raw)).toBe(expected);
  });

  it.each(['京公网安备11010502030143号', 'ICP备12345678号', '美ICP备12345678号', '京ICP备123号', '京ICP备12345678-1号-2'])(
    'rejects %j',
    (raw) => {
      expect(normalizeIcp(raw)).toBeNull();
    },
  );
});

describe('account normalizers', () => {
  it('normalizes QQ numbers', () => {
    expect(normalizeQq('12345678')).toBe('12345678');
    expect(normalizeQq('QQ：12345678')).toBe('12345678');
    expect(normalizeQq('12345678@qq.com')).toBe('12345678');
    expect(normalizeQq('１２３４ ５６７８')).toBe('12345678');
    expect(normalizeQq('01234567')).toBeNull();
    expect(normalizeQq('1234')).toBeNull();
    expect(normalizeQq('123456789012')).toBeNull();
  });

  it('normalizes WeChat IDs, and mobile numbers used as one', () => {
    expect(normalizeWechat('ABC_123456')).toBe('abc_123456');
    expect(normalizeWechat('微信号：ABC_123456')).toBe('abc_123456');
    expect(normalizeWechat('vx: wxid_abc123')).toBe('wxid_abc123');
    expect(normalizeWechat('+86 138 1234 5678')).toBe('13812345678');
    expect(normalizeWechat('abc12')).toBeNull();
    expect(normalizeWechat('1abcdef')).toBeNull();
    expect(normalizeWechat('010-12345678')).toBeNull();
  });

  it('normalizes Alipay accounts', () => {
    expect(normalizeAlipay('138 1234 5678')).toBe('+8613812345678');
    expect(normalizeAlipay('支付宝：Foo@Example.com')).toBe('foo@example.com');
    expect(normalizeAlipay('+1 415 555 2671')).toBe('+14155552671');
    expect(normalizeAlipay('010-12345678')).toBeNull();
    expect(normalizeAlipay('not an account')).toBeNull();
  });
});

describe('normalizeIndicator', () => {
  const examples: Record<IndicatorType, [raw: string, canonical: string, invalid: string]> = {
    phone: ['+86 138-1234-5678', '+8613812345678', '1234'],
    email: ['A@B.com', 'a@b.com', 'a@b'],
    qq: ['QQ 12345', '12345', '0123'],
    wechat: ['微信 Abc_12345', 'abc_12345', '_abc'],
    alipay: ['13812345678', '+8613812345678', 'nobody'],
    url: ['https://Example.com/x?utm_source=1#y', 'https://example.com/x', 'ftp://example.com'],
    domain: ['https://www.example.com.cn/a', 'example.com.cn', '10.0.0.1'],
    bank_card: ['6222 0212 3456 7890 128', '6222021234567890128', '6222 0212 3456 7890 123'],
    uscc: ['91350100m000100y43', '91350100M000100Y43', '91350100M000100Y44'],
    icp: ['京ICP备12345678号-1', '京ICP备12345678号-1', '京公网安备11010502030143号'],
  };

  it.each(INDICATOR_TYPES)('normalizes and rejects values of type %s', (type) => {
    const [raw, canonical, invalid] = examples[type];
    expect(normalizeIndicator(type, raw)).toBe(canonical);
    expect(normalizeIndicator(type, canonical)).toBe(canonical);
    expect(normalizeIndicator(type, invalid)).toBeNull();
  });
});

describe('normalizeWithOffsets', () => {
  it('is the identity on NFKC text', () => {
    const normalized = normalizeWithOffsets('abc 微信');
    expect(normalized.text).toBe('abc 微信');
    expect(normalized.toOriginal(1, 3)).toEqual({ start: 1, end: 3 });
  });

  it('maps every normalized unit back to the characters it came from', () => {
    const original = 'ａ㈱ｂe\u0301😀①';
    const normalized = normalizeWithOffsets(original);
    expect(normalized.text).toBe('a(株)bé😀1');
    expect(normalized.toOriginal(0, 1)).toEqual({ start: 0, end: 1 });
    expect(normalized.toOriginal(2, 3)).toEqual({ start: 1, end: 2 });
    expect(normalized.toOriginal(4, 5)).toEqual({ start: 2, end: 3 });
    expect(normalized.toOriginal(5, 6)).toEqual({ start: 3, end: 5 });
    expect(normalized.toOriginal(6, 8)).toEqual({ start: 5, end: 7 });
    expect(normalized.toOriginal(8, 9)).toEqual({ start: 7, end: 8 });
  });
});
