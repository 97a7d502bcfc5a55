import { domainToASCII } from 'node:url';
import { parse } from 'tldts';

/**
 * URLs and domains: finding them in running Chinese text, where they are usually glued to the words
 * around them, and reducing them to one canonical form.
 */

/**
 * Query parameters that say how a link was shared or clicked, not what it points to. They are dropped
 * so the same post shared from two apps is one URL. Matched case-insensitively; every `utm_*` parameter
 * is dropped too (see `TRACKING_PARAMETER_PREFIXES`).
 */
export const TRACKING_PARAMETERS = [
  'spm',
  'from',
  'share_token',
  'share_source',
  'share_medium',
  'fbclid',
  'gclid',
  'scene',
  'srcid',
  'isappinstalled',
  'timestamp',
] as const;

/** Prefixes of query parameter names that are always tracking parameters. */
export const TRACKING_PARAMETER_PREFIXES = ['utm_'] as const;

const TRACKING = new Set<string>(TRACKING_PARAMETERS);

/** Whether a raw (possibly percent-encoded) query parameter name is a tracking parameter. */
export function isTrackingParameter(rawName: string): boolean {
  let name = rawName;
  try {
    name = decodeURIComponent(rawName.replace(/\+/g, ' '));
  } catch {
    // A malformed escape is a name like any other; compare it as written.
  }
  name = name.toLowerCase();
  return TRACKING.has(name) || TRACKING_PARAMETER_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/**
 * The registrable domain of a host name (public suffix list via tldts), lower case, internationalized
 * names in punycode; null for IP addresses and names without a known public suffix.
 *
 * Private suffixes count (a site on `foo.github.io` or `bar.blogspot.com` is its own registrable domain),
 * because two unrelated operators on the same hosting service must not correlate as one domain.
 */
export function registrableDomainOfHost(host: string): string | null {
  const ascii = toAsciiHost(host);
  if (ascii === null) return null;
  const info = parse(ascii, { allowPrivateDomains: true });
  if (info.isIp || !(info.isIcann || info.isPrivate)) return null;
  // A bare private suffix ("github.io") has no private registrable domain; fall back to the ICANN one.
  return info.domain ?? parse(ascii).domain;
}

/** Whether tldts recognizes the host's suffix in the ICANN section of the public suffix list. */
export function hasIcannSuffix(host: string): boolean {
  const ascii = toAsciiHost(host);
  if (ascii === null) return false;
  const info = parse(ascii);
  return !info.isIp && info.isIcann === true && info.domain !== null;
}

function toAsciiHost(host: string): string | null {
  const trimmed = host.replace(/\.$/, '').toLowerCase();
  if (trimmed === '' || trimmed.length > 253) return null;
  const ascii = domainToASCII(trimmed);
  return ascii === '' ? null : ascii;
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** A host a URL may have: an IP address or a name with a known public suffix. */
function isUsableHost(host: string): boolean {
  if (IPV4.test(host) || host.startsWith('[')) return true;
  return registrableDomainOfHost(host) !== null;
}

/** A URL in canonical form and the host it names. */
export interface CanonicalUrl {
  url: string;
  /** Lower case, punycode, no trailing dot. */
  hostname: string;
}

/**
 * Canonical form of an absolute http(s) URL: scheme and host lower case, internationalized host in
 * punycode, default port, credentials and fragment dropped, tracking parameters dropped, path and the
 * other parameters kept in their order. Null when it is not an http(s) URL with a usable host.
 */
export function canonicalizeUrl(candidate: string): CanonicalUrl | null {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const hostname = url.hostname.replace(/\.$/, '');
  if (!isUsableHost(hostname)) return null;
  const host = url.port ? `${hostname}:${url.port}` : hostname;
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((parameter) => parameter !== '' && !isTrackingParameter(parameter.split('=')[0] ?? ''));
  const query = kept.length > 0 ? `?${kept.join('&')}` : '';
  return { url: `${url.protocol}//${host}${url.pathname}${query}`, hostname };
}

/** A URL found in normalized text. */
export interface UrlMatch {
  start: number;
  end: number;
  /** Span of the host name as written (for the `domain` indicator). */
  hostStart: number;
  hostEnd: number;
  url: string;
  /** Registrable domain of the host; null for IP addresses. */
  domain: string | null;
}

/** `http://` or `https://` not inside a word or another scheme. */
const SCHEME = /(?<![A-Za-z0-9+.-])https?:\/\//gi;
/** A bare `www.` host not inside a word, an e-mail address, a path or another URL (`网址:www.…` is fine). */
const BARE_WWW = /(?<![A-Za-z0-9@._%/\\-])www\./gi;

/** ASCII characters of an authority (userinfo, host, port). Sub-delimiters are left out: they end URLs in prose far more often than they occur in hosts. */
const AUTHORITY_ASCII = /[A-Za-z0-9.\-_~%:@[\]]/;
/** Non-ASCII letters, digits and marks: internationalized host names. */
const AUTHORITY_UNICODE = /[\p{L}\p{N}\p{M}]/u;
/** ASCII characters of a path, query or fragment. Non-ASCII ends the URL: in Chinese text the next word follows with no space. */
const PATH_CHAR = /[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]/;
/** Punctuation that ends a sentence rather than a URL. */
const TRAILING = new Set(['.', ',', ';', ':', '!', '?', "'", '"', '*']);

const MAX_AUTHORITY = 512;
const MAX_URL = 2048;

/**
 * Finds `http(s)://` URLs (`kind: 'scheme'`) or bare `www.` hosts (`kind: 'www'`, read as `http://`) in
 * normalized text. Scanning is linear: each match resumes after the previous one.
 */
export function findUrls(text: string, kind: 'scheme' | 'www'): UrlMatch[] {
  const pattern = kind === 'scheme' ? SCHEME : BARE_WWW;
  pattern.lastIndex = 0;
  const matches: UrlMatch[] = [];
  let found: RegExpExecArray | null;
  while ((found = pattern.exec(text)) !== null) {
    const start = found.index;
    const authorityStart = kind === 'scheme' ? start + found[0].length : start;
    const scanned = scanUrl(text, start, authorityStart, kind === 'www');
    if (scanned.match) matches.push(scanned.match);
    pattern.lastIndex = Math.max(pattern.lastIndex, scanned.resumeAt);
  }
  return matches;
}

function scanUrl(text: string, start: number, authorityStart: number, bare: boolean): { match: UrlMatch | null; resumeAt: number } {
  let q = authorityStart;
  const limit = Math.min(text.length, authorityStart + MAX_AUTHORITY);
  while (q < limit) {
    const codePoint = text.codePointAt(q) ?? 0;
    const char = String.fromCodePoint(codePoint);
    if (codePoint < 0x80 ? !AUTHORITY_ASCII.test(char) : !AUTHORITY_UNICODE.test(char)) break;
    q += char.length;
  }
  const none = { match: null, resumeAt: q };
  const authority = text.slice(authorityStart, q);
  // Credentials are ASCII: an "@" after Chinese text glued to the host ("example.com联系abc@qq.com")
  // belongs to an e-mail address that follows the URL.
  const firstNonAscii = authority.search(/[\u0080-\uffff]/);
  const at = (firstNonAscii < 0 ? authority : authority.slice(0, firstNonAscii)).lastIndexOf('@');
  // "www.name@example.com" is an e-mail address, not a web address.
  if (bare && at >= 0) return none;
  const hostStart = authorityStart + at + 1;
  const hostAndPort = authority.slice(at + 1);
  let host: string;
  let afterHost: string;
  if (hostAndPort.startsWith('[')) {
    const close = hostAndPort.indexOf(']');
    if (close < 0) return none;
    host = hostAndPort.slice(0, close + 1);
    afterHost = hostAndPort.slice(close + 1);
  } else {
    const colon = hostAndPort.indexOf(':');
    host = colon < 0 ? hostAndPort : hostAndPort.slice(0, colon);
    afterHost = colon < 0 ? '' : hostAndPort.slice(colon);
  }
  const hostLength = usableHostLength(host);
  if (hostLength === 0) return none;
  let end = hostStart + hostLength;
  if (hostLength === host.length) {
    const port = /^:\d{1,5}/.exec(afterHost)?.[0] ?? '';
    end += port.length;
    // A path follows only when the authority was read to its end.
    if (port.length === afterHost.length && end === q && /[/?#]/.test(text.charAt(end))) {
      const pathLimit = Math.min(text.length, start + MAX_URL);
      while (end < pathLimit && PATH_CHAR.test(text.charAt(end))) end++;
    }
  }
  end = trimTrailingPunctuation(text, hostStart + hostLength, end);
  const written = text.slice(start, end);
  const canonical = canonicalizeUrl(bare ? `http://${written}` : written);
  if (!canonical) return none;
  return {
    match: {
      start,
      end,
      hostStart,
      hostEnd: hostStart + hostLength,
      url: canonical.url,
      domain: registrableDomainOfHost(canonical.hostname),
    },
    resumeAt: end,
  };
}

/**
 * How much of a scanned host is really the host. In Chinese text the next word is glued on
 * (`abc.com联系我们`, `例子.中国的网站`), and internationalized names make non-ASCII letters legal, so the
 * scanned text is cut back to the longest name with a known suffix, trying the likely cuts first: where
 * ASCII turns into non-ASCII, then before a dot, then inside a trailing run of non-ASCII letters (an
 * internationalized top-level domain such as 中国 followed by prose). 0 when no cut gives a usable host.
 */
function usableHostLength(scanned: string): number {
  const host = scanned.replace(/[.-]+$/, '');
  if (host === '') return 0;
  if (host.startsWith('[') || isUsableHost(host)) return host.length;
  const transitions: number[] = [];
  const beforeDots: number[] = [];
  for (let i = 1; i < host.length; i++) {
    const before = host.charAt(i - 1);
    const at = host.charCodeAt(i);
    if (at >= 0x80 && /[A-Za-z0-9]/.test(before)) transitions.push(i);
    if (at === 0x2e && before !== '.' && before !== '-') beforeDots.push(i);
  }
  const insideTrailingRun: number[] = [];
  for (let i = host.length - 1; i > 0 && insideTrailingRun.length < 64; i--) {
    const before = host.charCodeAt(i - 1);
    if (before < 0x80 || host.charCodeAt(i) < 0x80) break;
    // Never cut between the two halves of a surrogate pair.
    if (before < 0xd800 || before > 0xdbff) insideTrailingRun.push(i);
  }
  // Longest first within each kind of cut.
  for (const length of [...transitions.reverse(), ...beforeDots.reverse(), ...insideTrailingRun]) {
    if (isUsableHost(host.slice(0, length))) return length;
  }
  return 0;
}

function trimTrailingPunctuation(text: string, minimumEnd: number, end: number): number {
  let opened = 0;
  let closed = 0;
  let squareOpened = 0;
  let squareClosed = 0;
  for (let i = minimumEnd; i < end; i++) {
    const char = text.charAt(i);
    if (char === '(') opened++;
    else if (char === ')') closed++;
    else if (char === '[') squareOpened++;
    else if (char === ']') squareClosed++;
  }
  let trimmed = end;
  while (trimmed > minimumEnd) {
    const char = text.charAt(trimmed - 1);
    if (TRAILING.has(char)) {
      trimmed--;
    } else if (char === ')' && closed > opened) {
      closed--;
      trimmed--;
    } else if (char === ']' && squareClosed > squareOpened) {
      squareClosed--;
      trimmed--;
    } else {
      break;
    }
  }
  return trimmed;
}
