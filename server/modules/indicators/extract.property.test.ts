import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INDICATOR_TYPES, type ExtractedIndicator } from '../../../contracts/indicators';
import { extractIndicators } from './extract';
import { normalizeIndicator, normalizeUrl, normalizeUscc } from './normalize';
import { TRACKING_PARAMETERS, isTrackingParameter } from './urls';

// Independent implementations of the check algorithms, so the properties do not grade the code with itself.

function luhnCheckDigit(body: string): string {
  let sum = 0;
  [...body].reverse().forEach((char, i) => {
    const d = Number(char) * (i % 2 === 0 ? 2 : 1);
    sum += d > 9 ? d - 9 : d;
  });
  return String((10 - (sum % 10)) % 10);
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function usccCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARS.indexOf(first17.charAt(i)) * (3 ** i % 31);
  return USCC_CHARS.charAt((31 - (sum % 31)) % 31);
}

/** Whether 18 digits read as a resident ID number (birth date and ISO 7064 MOD 11-2 check), which cards must not be. */
function readsAsResidentId(number: string): boolean {
  if (number.length !== 18) return false;
  const birth = new Date(`${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}T00:00:00Z`);
  const year = Number(number.slice(6, 10));
  if (
    Number.isNaN(birth.getTime()) ||
    year < 1900 ||
    year > 2099 ||
    birth.toISOString().slice(0, 10).replace(/-/g, '') !== number.slice(6, 14)
  )
    return false;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((total, weight, i) => total + weight * Number(number.charAt(i)), 0);
  return '10X98765432'.charAt(sum % 11) === number.charAt(17);
}

/** The full-width form of printable ASCII (what NFKC undoes). */
function fullWidth(char: string): string {
  const code = char.charCodeAt(0);
  if (char === ' ') return '\u3000';
  return code > 0x20 && code < 0x7f ? String.fromCharCode(code + 0xfee0) : char;
}

/** Renders each character full-width where the mask says so. */
function withMask(text: string, mask: readonly boolean[]): string {
  return [...text].map((char, i) => (mask[i % mask.length] ? fullWidth(char) : char)).join('');
}

/** Changes the case of each letter where the mask says so. */
function withCase(text: string, mask: readonly boolean[]): string {
  return [...text].map((char, i) => (mask[i % mask.length] ? char.toUpperCase() : char.toLowerCase())).join('');
}

/** Splits digits at the given positions, joining the pieces with the given separators. */
function grouped(digits: string, cuts: readonly number[], separators: readonly string[]): string {
  const positions = [...new Set(cuts.filter((cut) => cut > 0 && cut < digits.length))].sort((a, b) => a - b);
  let out = '';
  let from = 0;
  positions.forEach((cut, i) => {
    out += digits.slice(from, cut) + (separators[i % separators.length] ?? ' ');
    from = cut;
  });
  return out + digits.slice(from);
}

const mask = fc.array(fc.boolean(), { minLength: 1, maxLength: 24 });
const digit = fc.integer({ min: 0, max: 9 }).map(String);
const digits = (length: number) => fc.array(digit, { minLength: length, maxLength: length }).map((list) => list.join(''));
const before = fc.constantFrom('', '电话：', '请拨打', '联系人张先生 ', '对方说：', '见');
const after = fc.constantFrom('', '。', '，谢谢', ' 随时联系', '！', '）');

/** The text of an indicator's span, NFKC-normalized, as a check that offsets point at the indicator. */
function sliceOf(text: string, indicator: ExtractedIndicator): string {
  return text.slice(indicator.start, indicator.end).normalize('NFKC');
}

function typesAndValues(text: string): [string, string][] {
  return extractIndicators(text).map(({ type, value }) => [type, value]);
}

describe('formatting variations normalize to one value', () => {
  it('mobile numbers with any separators, prefixes and full-width digits', () => {
    const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), digits(9)).map(([second, rest]) => `1${second}${rest}`);
    const prefix = fc.constantFrom('', '+86', '+86 ', '+86-', '0086', '0086 ', '0086-', '86', '86 ', '(+86) ', '＋８６ ');
    const separator = fc.constantFrom(' ', '-', '.', '  ', ' - ', '\u3000', '－', '\t', '—');
    fc.assert(
      fc.property(
        mobile,
        prefix,
        fc.array(fc.integer({ min: 1, max: 10 }), { maxLength: 10 }),
        fc.array(separator, { minLength: 1, maxLength: 10 }),
        mask,
        before,
        after,
        (national, prefixText, cuts, separators, widths, head, tail) => {
          const number = withMask(prefixText + grouped(national, cuts, separators), widths);
          const text = head + number + tail;
          const result = extractIndicators(text);
          expect(result.map(({ type, value }) => [type, value])).toEqual([['phone', `+86${national}`]]);
          const [phone] = result;
          if (!phone) return;
          expect(sliceOf(text, phone).replace(/\D/g, '')).toContain(national);
          expect(normalizeIndicator('phone', text.slice(phone.start, phone.end))).toBe(`+86${national}`);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('bank cards with any grouping by spaces or dashes', () => {
    const card = fc
      .tuple(fc.constantFrom('62', '4', '35', '54'), fc.integer({ min: 13, max: 19 }))
      .chain(([issuer, length]) => digits(length - issuer.length - 1).map((body) => issuer + body))
      .map((body) => body + luhnCheckDigit(body));
    const fourBlocks = (number: string) => Array.from({ length: Math.ceil(number.length / 4) }, (_, i) => 4 * (i + 1));
    fc.assert(
      fc.property(
        card,
        fc.oneof(fc.constant(null), fc.array(fc.integer({ min: 1, max: 18 }), { maxLength: 8 })),
        fc.array(fc.constantFrom(' ', '-', '  ', ' - ', '\u3000', '－'), { minLength: 1, maxLength: 6 }),
        mask,
        fc.constantFrom('', '卡号：', '收款银行卡 ', '转到'),
        after,
        (number, cuts, separators, widths, head, tail) => {
          fc.pre(!readsAsResidentId(number));
          const text = head + withMask(grouped(number, cuts ?? fourBlocks(number), separators), widths) + tail;
          const result = extractIndicators(text);
          expect(result.map(({ type, value }) => [type, value])).toEqual([['bank_card', number]]);
          const [found] = result;
          if (!found) return;
          expect(sliceOf(text, found).replace(/\D/g, '')).toBe(number);
          expect(normalizeIndicator('bank_card', text.slice(found.start, found.end))).toBe(number);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('unified social credit codes in any letter case', () => {
    const code = fc
      .tuple(
        fc.constantFrom('11', '12', '13', '19', '51', '52', '53', '59', '91', '92', '93', 'Y1'),
        fc.constantFrom('110108', '310115', '440300', '350100', '510107'),
        fc.array(fc.constantFrom(...USCC_CHARS), { minLength: 9, maxLength: 9 }),
      )
      .map(([kind, region, organization]) => kind + region + organization.join(''))
      .map((first17) => first17 + usccCheck(first17));
    fc.assert(
      fc.property(
        code,
        mask,
        mask,
        fc.constantFrom('', '统一社会信用代码：', '信用代码 ', '（代码'),
        after,
        (valid, cases, widths, head, tail) => {
          const written = withMask(withCase(valid, cases), widths);
          const text = head + written + tail;
          const result = extractIndicators(text);
          expect(result.map(({ type, value }) => [type, value])).toEqual([['uscc', valid]]);
          expect(normalizeUscc(written)).toBe(valid);
          const [found] = result;
          if (found) expect(sliceOf(text, found).toUpperCase()).toBe(valid);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a USCC with any other check character is not one', () => {
    const first17 = fc
      .array(fc.constantFrom(...USCC_CHARS), { minLength: 17, maxLength: 17 })
      .map((chars) => `91${chars.join('').slice(2)}`);
    fc.assert(
      fc.property(first17, fc.constantFrom(...USCC_CHARS), (body, check) => {
        fc.pre(check !== usccCheck(body));
        expect(typesAndValues(body + check).filter(([type]) => type === 'uscc')).toEqual([]);
        expect(normalizeUscc(body + check)).toBeNull();
      }),
    );
  });

  it('URLs with tracking parameters, host case, default ports and fragments', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9]{3,9}$/);
    const suffix = fc.constantFrom('com', 'cn', 'com.cn', 'net', 'org', 'org.cn', 'io');
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,8}$/);
    const name = fc.stringMatching(/^[a-z][a-z0-9_]{0,6}$/).filter((candidate) => !isTrackingParameter(candidate));
    // No value ends in a dot: a URL at the end of a sentence leaves its final dot to the sentence.
    const value = fc.stringMatching(/^(?:[A-Za-z0-9~-]{0,6}|[A-Za-z0-9]{1,3}[.%][A-Za-z0-9]{1,3})$/);
    const trackingName = fc.constantFrom(...TRACKING_PARAMETERS, 'utm_source', 'utm_medium', 'UTM_Campaign', 'utm_content', 'SPM', 'From');
    fc.assert(
      fc.property(
        fc.constantFrom('http', 'https'),
        mask,
        fc.array(label, { minLength: 1, maxLength: 3 }),
        suffix,
        mask,
        fc.array(segment, { maxLength: 4 }),
        fc.array(fc.tuple(name, value), { maxLength: 4 }),
        fc.array(fc.tuple(trackingName, value, fc.nat()), { maxLength: 4 }),
        fc.boolean(),
        fc.option(fc.stringMatching(/^[A-Za-z0-9/_-]{0,10}$/)),
        fc.constantFrom('', '链接：', '原帖地址', '见 ', '（'),
        fc.constantFrom('', '。', '，请删除', ' ', '）', '》'),
        (scheme, schemeCase, labels, tld, hostCase, segments, parameters, tracking, defaultPort, fragment, head, tail) => {
          const host = [...labels, tld].join('.');
          const path = `/${segments.join('/')}`;
          const kept = parameters.map(([key, val]) => `${key}=${val}`);
          const query = [...kept];
          for (const [key, val, at] of tracking) query.splice(at % (query.length + 1), 0, `${key}=${val}`);
          const port = defaultPort ? (scheme === 'http' ? ':80' : ':443') : '';
          const written = `${withCase(scheme, schemeCase)}://${withCase(host, hostCase)}${port}${path}${query.length > 0 ? `?${query.join('&')}` : ''}${fragment === null ? '' : `#${fragment}`}`;
          const canonical = `${scheme}://${host}${path}${kept.length > 0 ? `?${kept.join('&')}` : ''}`;
          const text = head + written + tail;
          expect(typesAndValues(text)).toEqual([
            ['url', canonical],
            ['domain', `${labels[labels.length - 1]}.${tld}`],
          ]);
          expect(normalizeUrl(written)).toBe(canonical);
          const [url] = extractIndicators(text);
          if (url) expect(text.slice(url.start, url.end)).toBe(written);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('WeChat IDs after every spelling of the keyword', () => {
    const id = fc
      .tuple(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), fc.stringMatching(/^[a-z0-9_-]{5,19}$/), mask)
      .map(([first, rest, cases]) => withCase(first + rest, cases));
    const keyword = fc.constantFrom(
      '微信',
      '微信号',
      'V信',
      'v信',
      '薇信',
      '威信',
      'vx',
      'VX',
      'wx',
      'WX',
      'weixin',
      'wechat',
      'WeChat',
      'ｗｘ',
      'ＶＸ',
      '加微信',
      'vx号',
      '微信ID',
      '加V',
    );
    const filler = fc.constantFrom('', ':', '：', ' ', ' : ', '：  ', '\u3000');
    fc.assert(
      fc.property(
        id,
        keyword,
        filler,
        mask,
        fc.boolean(),
        fc.constantFrom('', '加我', '请加', '对方'),
        after,
        (wechatId, word, gap, widths, wide, head, tail) => {
          // An ASCII keyword glued to a letter would be part of the ID.
          const separator = gap === '' && /[A-Za-zＡ-Ｚａ-ｚ]$/.test(word) ? ':' : gap;
          const written = wide ? withMask(wechatId, widths) : wechatId;
          const text = head + word + separator + written + tail;
          const result = extractIndicators(text);
          expect(result.map(({ type, value }) => [type, value])).toEqual([['wechat', wechatId.toLowerCase()]]);
          const [found] = result;
          if (found) expect(sliceOf(text, found).toLowerCase()).toBe(wechatId.toLowerCase());
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** Fragments that make up text rich in (near-)indicators. */
const fragment = fc.oneof(
  fc.constantFrom(
    '微信',
    'QQ',
    'qq号',
    '支付宝',
    'V信',
    'vx',
    'wx',
    '扣扣',
    '手机',
    '电话',
    '（微信同号）',
    'http://',
    'https://',
    'www.',
    '.com',
    '.cn',
    '@qq.com',
    '@163.com',
    '京ICP备',
    '号',
    '-1',
    '元',
    '¥',
    '订单号',
    '公网安备',
    '身份证',
    '卡号',
    '+86',
    '0086',
    '(',
    ')',
    '（',
    '）',
    '：',
    ':',
    '/',
    '?',
    '=',
    '&',
    '#',
    '.',
    ',',
    '，',
    '。',
    '-',
    '_',
    ' ',
    '\u3000',
    '\n',
    'X',
    '例子',
    '中国',
  ),
  fc.stringMatching(/^[0-9]{1,19}$/),
  fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_-]{0,20}$/),
  fc.stringMatching(/^[０-９]{1,11}$/),
  fc.constantFrom('13812345678', '138 1234 5678', '6222021234567890128', '91350100M000100Y43', 'abc_123456', 'example.com', '010-12345678'),
);
const richText = fc.array(fragment, { maxLength: 40 }).map((parts) => parts.join(''));

/** The parts of a value that must be visible in the text it was found in. */
function visibleCore(indicator: ExtractedIndicator): string {
  switch (indicator.type) {
    case 'phone':
      // National digits: mainland numbers may be written without +86.
      return indicator.value.startsWith('+86') ? indicator.value.slice(3) : indicator.value.slice(1);
    case 'alipay':
      return indicator.value.startsWith('+86') ? indicator.value.slice(3) : indicator.value.replace(/^\+/, '');
    case 'url':
    case 'domain':
      // Hosts may be written in Unicode and reported in punycode; the scheme or first label is visible.
      return '';
    case 'email':
    case 'qq':
    case 'wechat':
    case 'bank_card':
    case 'uscc':
      return indicator.value;
    case 'icp':
      return /\d{5,}/.exec(indicator.value)?.[0] ?? '';
  }
}

function checkWellFormed(text: string, result: readonly ExtractedIndicator[]): void {
  const keys = new Set<string>();
  let previous: ExtractedIndicator | undefined;
  for (const indicator of result) {
    expect(INDICATOR_TYPES).toContain(indicator.type);
    expect(indicator.value).not.toBe('');
    expect(Number.isInteger(indicator.start) && Number.isInteger(indicator.end)).toBe(true);
    expect(indicator.start).toBeGreaterThanOrEqual(0);
    expect(indicator.end).toBeGreaterThan(indicator.start);
    expect(indicator.end).toBeLessThanOrEqual(text.length);
    const key = `${indicator.type}:${indicator.start}:${indicator.end}`;
    expect(keys.has(key)).toBe(false);
    keys.add(key);
    if (previous) expect(previous.start).toBeLessThanOrEqual(indicator.start);
    previous = indicator;
  }
}

describe('offsets', () => {
  it('slice the original text to a substring that shows the indicator and normalizes to its value', () => {
    fc.assert(
      fc.property(richText, (text) => {
        const result = extractIndicators(text);
        checkWellFormed(text, result);
        for (const indicator of result) {
          const slice = text.slice(indicator.start, indicator.end);
          const core = visibleCore(indicator).toLowerCase();
          const visible = slice.normalize('NFKC').toLowerCase();
          // Numbers may be written with separators between their digits.
          if (/^\d+$/.test(core)) expect(visible.replace(/\D/g, '')).toContain(core);
          else expect(visible).toContain(core);
          expect({ ...indicator, normalized: normalizeIndicator(indicator.type, slice) }).toEqual({
            ...indicator,
            normalized: indicator.value,
          });
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('robustness', () => {
  const loneSurrogates = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) });

  it.each([
    ['ASCII', fc.string()],
    ['any code point', fc.string({ unit: 'binary' })],
    ['graphemes', fc.string({ unit: 'grapheme' })],
    ['UTF-16 units with lone surrogates', loneSurrogates],
    ['indicator-rich text', richText],
  ])('never throws and reports well-formed results on %s', (_name, arbitrary) => {
    fc.assert(
      fc.property(arbitrary, (text) => {
        checkWellFormed(text, extractIndicators(text));
      }),
      { numRuns: 500 },
    );
  });
});
