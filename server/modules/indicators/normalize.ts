import type { IndicatorType } from '../../../contracts/indicators';
import { isValidUscc, luhnValid } from './checks';
import { EMAIL_AT, FILLER_AT, ICP_EXACT, KEYWORD_AT, WECHAT_ID_EXACT, keywordKind, type KeywordKind } from './patterns';
import { CN_MOBILE, classifyPhone } from './phone';
import { canonicalizeUrl, hasIcannSuffix, registrableDomainOfHost } from './urls';

/**
 * Canonical forms of indicator values typed by a person (a form field, a search box, an import), so
 * that they compare equal with what the extractor finds in free text. Each returns null when the value
 * is not a valid indicator of that type.
 *
 * These apply only the rules of the format itself (lengths, check characters). The extractor adds
 * heuristics on top (a bank card's issuer, keywords around a QQ number) because in free text it must
 * also tell an indicator from a number that happens to look like one; a person who types a value into
 * a "bank card" field has already said what it is.
 */

export { TRACKING_PARAMETERS, TRACKING_PARAMETER_PREFIXES } from './urls';
export { isValidUscc, luhnValid } from './checks';

/** Separators people put inside phone and card numbers. */
const NUMBER_SEPARATORS = /[\s\-.()\u2010-\u2015\u2212]+/;

function clean(raw: string): string {
  return raw.normalize('NFKC').trim();
}

/**
 * A phone number in E.164 (`+8613812345678`, `+861012345678`), from any usual way of writing it:
 * spaces, dashes, dots, brackets, `+86`/`0086`/`86` prefixes, full-width digits, a `tel:` prefix.
 * Mainland numbers need no prefix; other countries' numbers need their `+` country code.
 */
export function normalizePhone(raw: string): string | null {
  const value = clean(raw).replace(/^tel:/i, '');
  const groups = value.split(NUMBER_SEPARATORS).filter((group) => group !== '');
  const joined = groups.join('');
  if (!/^\+?\d+$/.test(joined) || groups.slice(1).some((group) => group.startsWith('+'))) return null;
  const digits = joined.replace('+', '');
  const sizes = groups.map((group) => group.replace('+', '').length);
  return classifyPhone({ digits, plus: joined.startsWith('+'), sizes }, false)?.e164 ?? null;
}

/**
 * Whether local part and domain make a plausible address: no leading, trailing or doubled dots in the
 * local part, well-formed labels, and a top-level domain the public suffix list knows (which also keeps
 * `logo@2x.png` out).
 */
export function validEmailParts(local: string, domain: string): boolean {
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  const labels = domain.split('.');
  if (labels.some((label) => label === '' || label.startsWith('-') || label.endsWith('-'))) return false;
  return registrableDomainOfHost(domain) !== null;
}

/** An e-mail address in lower case (`mailto:` prefix allowed). */
export function normalizeEmail(raw: string): string | null {
  const value = clean(raw).replace(/^mailto:/i, '');
  EMAIL_AT.lastIndex = 0;
  const match = EMAIL_AT.exec(value);
  if (!match || match[0].length !== value.length) return null;
  const [, local = '', domain = ''] = match;
  return validEmailParts(local, domain) ? value.toLowerCase() : null;
}

/**
 * A URL in canonical form: http(s) only, scheme and host lower case, host in punycode, default port,
 * credentials, fragment and tracking parameters (`TRACKING_PARAMETERS`, `utm_*`) dropped, path and other
 * parameters kept in order. A bare host (`www.example.com/a`, `example.com`) is read as `http://`.
 */
export function normalizeUrl(raw: string): string | null {
  const value = clean(raw);
  if (value === '' || /\s/.test(value)) return null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return canonicalizeUrl(value)?.url ?? null;
  const host = value.split(/[/?#:]/, 1)[0] ?? '';
  if (!/^www\./i.test(host) && !hasIcannSuffix(host)) return null;
  return canonicalizeUrl(`http://${value}`)?.url ?? null;
}

/**
 * The registrable domain (public suffix list) of a domain name, host or URL, lower case, in punycode:
 * `www.Example.com.cn` → `example.com.cn`, `https://例子.中国/a` → `xn--fsqu00a.xn--fiqs8s`. Null for
 * IP addresses, unknown suffixes and e-mail addresses (an e-mail address is its own indicator).
 */
export function registrableDomain(raw: string): string | null {
  const value = clean(raw);
  if (value === '' || /\s/.test(value)) return null;
  let host: string;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    try {
      host = new URL(value).hostname;
    } catch {
      return null;
    }
  } else {
    if (value.includes('@')) return null;
    host = (value.split(/[/?#]/, 1)[0] ?? '').replace(/:\d*$/, '');
  }
  return registrableDomainOfHost(host);
}

/** A unified social credit code in upper case, or null when it is malformed or its check character is wrong. */
export function normalizeUscc(raw: string): string | null {
  const value = clean(raw)
    .replace(/[\s-]+/g, '')
    .toUpperCase();
  return isValidUscc(value) ? value : null;
}

/**
 * An ICP filing or licence number as written, without spaces and with `ICP` in capitals:
 * `京ICP备12345678号-1`, `京ICP证123456号`. `号` is added where it was left out, and a site suffix written
 * before `号` (`京ICP备12345678-1号`) moves after it, so each filing has one form.
 */
export function normalizeIcp(raw: string): string | null {
  const match = ICP_EXACT.exec(clean(raw).replace(/\s+/g, ''));
  if (!match) return null;
  const [, province, kind, number, siteBefore, , siteAfter] = match;
  if (siteBefore !== undefined && siteAfter !== undefined) return null;
  const site = siteBefore ?? siteAfter;
  return `${province}ICP${kind}${number}号${site === undefined ? '' : `-${site}`}`;
}

/** A bank card number as its digits, when it has 13–19 digits and passes the Luhn check. */
export function normalizeBankCard(raw: string): string | null {
  const digits = clean(raw).replace(/[\s\-\u2010-\u2015]+/g, '');
  return /^\d{13,19}$/.test(digits) && luhnValid(digits) ? digits : null;
}

/** Removes a leading keyword of the given kind and what follows it (`QQ号：`, `微信:`, `支付宝账号 `). */
function withoutKeyword(value: string, kind: KeywordKind): string {
  KEYWORD_AT.lastIndex = 0;
  const keyword = KEYWORD_AT.exec(value);
  if (!keyword || keywordKind(keyword[0]) !== kind) return value;
  FILLER_AT.lastIndex = KEYWORD_AT.lastIndex;
  FILLER_AT.exec(value);
  return value.slice(FILLER_AT.lastIndex).trim();
}

/** A QQ number: 5–11 digits, no leading zero; `12345@qq.com` and a leading `QQ:` are accepted. */
export function normalizeQq(raw: string): string | null {
  const value = withoutKeyword(clean(raw), 'qq')
    .replace(/@(?:vip\.)?qq\.com$/i, '')
    .replace(/[\s-]+/g, '');
  return /^[1-9]\d{4,10}$/.test(value) ? value : null;
}

/**
 * A WeChat ID in lower case, or, for the many people whose WeChat ID is their mobile number, that
 * number's 11 national digits (however it is written).
 */
export function normalizeWechat(raw: string): string | null {
  const typed = clean(raw);
  // "wx13812345678" is read as written: an ID may start with letters that also spell a keyword.
  if (WECHAT_ID_EXACT.test(typed)) return typed.toLowerCase();
  const value = withoutKeyword(typed, 'wechat');
  if (WECHAT_ID_EXACT.test(value)) return value.toLowerCase();
  const phone = normalizePhone(value);
  return phone !== null && phone.startsWith('+86') && CN_MOBILE.test(phone.slice(3)) ? phone.slice(3) : null;
}

/** An Alipay account: a phone number in E.164 (mainland mobile or international) or an e-mail address in lower case. */
export function normalizeAlipay(raw: string): string | null {
  const value = withoutKeyword(clean(raw), 'alipay');
  if (value.includes('@')) return normalizeEmail(value);
  const phone = normalizePhone(value);
  if (phone === null) return null;
  return !phone.startsWith('+86') || CN_MOBILE.test(phone.slice(3)) ? phone : null;
}

/**
 * The canonical form of a value of the given indicator type as typed by a person, or null when it is
 * not a valid value of that type. Extracted indicators already carry this form.
 */
export function normalizeIndicator(type: IndicatorType, raw: string): string | null {
  switch (type) {
    case 'phone':
      return normalizePhone(raw);
    case 'email':
      return normalizeEmail(raw);
    case 'qq':
      return normalizeQq(raw);
    case 'wechat':
      return normalizeWechat(raw);
    case 'alipay':
      return normalizeAlipay(raw);
    case 'url':
      return normalizeUrl(raw);
    case 'domain':
      return registrableDomain(raw);
    case 'bank_card':
      return normalizeBankCard(raw);
    case 'uscc':
      return normalizeUscc(raw);
    case 'icp':
      return normalizeIcp(raw);
  }
}
