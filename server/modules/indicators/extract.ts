import { INDICATOR_TYPES, type ExtractedIndicator, type IndicatorType } from '../../../contracts/indicators';
import { isPlausibleBankCard, isResidentIdNumber, isValidUscc } from './checks';
import { digitCount, findDigitRuns, spanOf, type DigitGroup, type DigitRun } from './digit-runs';
import { normalizeIcp, validEmailParts } from './normalize';
import { normalizeWithOffsets } from './offsets';
import {
  AMOUNTS,
  ANNOUNCED_NUMBER_AT,
  BANK_CARD_KEYWORD,
  DOMAIN_TOKEN,
  EMAIL,
  EMAIL_AT,
  FILLER_AT,
  ICP,
  KEYWORD,
  KEYWORD_AT,
  KEYWORD_JOINER_AT,
  NOT_AN_INDICATOR_KEYWORD,
  PUBLIC_SECURITY_FILING,
  TRAILING_KEYWORD_CLOSE_AT,
  TRAILING_SAME_NUMBER_AT,
  USCC_TOKEN,
  WECHAT_ID_AT,
  keywordKind,
  type KeywordKind,
} from './patterns';
import { classifyPhone, type PhoneMatch } from './phone';
import { findUrls, hasIcannSuffix, registrableDomainOfHost } from './urls';

/**
 * Finds the indicators (特征) in a text: phone numbers, e-mail addresses, QQ numbers, WeChat IDs,
 * Alipay accounts, URLs, domains, bank cards, unified social credit codes and ICP filing numbers, each
 * in its canonical form (see `normalizeIndicator`).
 *
 * Every occurrence is reported, so the same value can appear several times; de-duplication is the
 * caller's business. A span is never reported twice as the same type. `start`/`end` are UTF-16
 * offsets into `text` as given, although matching runs on its NFKC form. The result is sorted by
 * `start`, then by type in the order of `INDICATOR_TYPES`, then by `end`.
 *
 * Pure and close to linear in the length of the text: no I/O, no regular expression that can
 * backtrack catastrophically, every look-ahead and every piece of a number bounded.
 *
 * How it decides, in passes that each claim what they found so later passes leave it alone:
 * 1. `http(s)://` URLs (and their domains): nothing inside a URL is anything else.
 * 2. E-mail addresses; `12345@qq.com` is also a QQ number (same span). Their domains are not reported
 *    as domains: an address already is an indicator, and `qq.com` or `163.com` would tie every report
 *    together.
 * 3. Bare `www.` hosts, read as `http://`.
 * 4. ICP numbers; public-security filing numbers (公网安备) are claimed and dropped.
 * 5. Numbers that are not indicators: after 订单号/单号/流水号/身份证…, amounts of money, percentages.
 * 6. Accounts announced by a keyword: QQ, WeChat, Alipay (and the phone number used as one).
 * 7. Unified social credit codes (check character verified).
 * 8. Phone numbers and bank cards among the remaining runs of digits.
 * 9. Bare domain names with an ICANN public suffix.
 */
export function extractIndicators(text: string): ExtractedIndicator[] {
  const normalized = normalizeWithOffsets(text);
  const source = normalized.text;
  const found = new Findings(source.length);
  findUrlsOfKind(source, 'scheme', found);
  findEmails(source, found);
  findUrlsOfKind(source, 'www', found);
  findFilingNumbers(source, found);
  claimNonIndicators(source, found);
  const runs = findDigitRuns(source);
  const groups = indexGroups(runs);
  findAnnouncedAccounts(source, groups, found);
  findUsccs(source, found);
  findPhonesAndCards(runs, announcedCardRuns(source, groups), found);
  findDomainMentions(source, found);
  return report(found.indicators, normalized.toOriginal);
}

/** The order types are reported in at the same offset. */
const TYPE_ORDER = new Map<IndicatorType, number>(INDICATOR_TYPES.map((type, index) => [type, index]));

/** What a pass claimed: later passes may only report the listed types overlapping it. */
interface Claim {
  allows: ReadonlySet<IndicatorType>;
}

const CLAIM_EVERYTHING: Claim = { allows: new Set() };
/** An e-mail address leaves room for the Alipay account it also is when a keyword says so. */
const EMAIL_CLAIM: Claim = { allows: new Set<IndicatorType>(['alipay']) };

/** Indicators found so far (in normalized offsets) and the spans earlier passes claimed. */
class Findings {
  readonly indicators: ExtractedIndicator[] = [];
  /** Claims per character of the normalized text; most characters have none. */
  private readonly claims: (Claim[] | undefined)[];

  constructor(length: number) {
    this.claims = new Array<Claim[] | undefined>(length);
  }

  /** Whether no earlier claim on `[start, end)` forbids an indicator of this type. */
  isFree(start: number, end: number, type: IndicatorType): boolean {
    for (let i = start; i < end; i++) {
      const here = this.claims[i];
      if (here && here.some((claim) => !claim.allows.has(type))) return false;
    }
    return true;
  }

  /** Records an indicator unless an earlier claim covers it; reports whether it was recorded. */
  add(type: IndicatorType, value: string, start: number, end: number): boolean {
    if (!this.isFree(start, end, type)) return false;
    this.indicators.push({ type, value, start, end });
    return true;
  }

  /** Keeps later passes off `[start, end)`. */
  claim(start: number, end: number, claim: Claim = CLAIM_EVERYTHING): void {
    for (let i = start; i < end; i++) {
      const here = this.claims[i];
      if (here) here.push(claim);
      else this.claims[i] = [claim];
    }
  }
}

function findUrlsOfKind(source: string, kind: 'scheme' | 'www', found: Findings): void {
  for (const url of findUrls(source, kind)) {
    if (!found.isFree(url.start, url.end, 'url')) continue;
    found.add('url', url.url, url.start, url.end);
    // The domain points at the host as written, which is where its letters are.
    if (url.domain !== null) found.add('domain', url.domain, url.hostStart, url.hostEnd);
    found.claim(url.start, url.end);
  }
}

const MAX_HOST_LENGTH = 253;
const QQ_MAIL_DOMAIN = /^(?:vip\.)?qq\.com$/i;
const QQ_NUMBER = /^[1-9]\d{4,10}$/;

function findEmails(source: string, found: Findings): void {
  for (const match of source.matchAll(EMAIL)) {
    const [whole, rawLocal = '', rawDomain = ''] = match;
    // A label cut off at 63 characters is not an address.
    if (/[A-Za-z0-9-]/.test(source.charAt(match.index + whole.length))) continue;
    // Dots before the address ("…abc@qq.com") end the sentence before it.
    const leadingDots = /^\.*/.exec(rawLocal)?.[0].length ?? 0;
    const local = rawLocal.slice(leadingDots);
    const start = match.index + leadingDots;
    if (local === '' || rawDomain.length > MAX_HOST_LENGTH) continue;
    // "abc@qq.com.Thanks": a sentence may continue after the address; drop up to two trailing labels.
    let domain = rawDomain;
    for (let dropped = 0; dropped < 2 && !validEmailParts(local, domain) && domain.includes('.'); dropped++) {
      domain = domain.slice(0, domain.lastIndexOf('.'));
    }
    if (!domain.includes('.') || !validEmailParts(local, domain)) continue;
    const end = start + local.length + 1 + domain.length;
    if (!found.add('email', `${local}@${domain}`.toLowerCase(), start, end)) continue;
    // The address is the QQ number too, so both point at the whole address.
    if (QQ_MAIL_DOMAIN.test(domain) && QQ_NUMBER.test(local)) found.add('qq', local, start, end);
    found.claim(start, end, EMAIL_CLAIM);
  }
}

function findFilingNumbers(source: string, found: Findings): void {
  for (const match of source.matchAll(ICP)) {
    const end = match.index + match[0].trimEnd().length;
    const icp = normalizeIcp(match[0]);
    if (icp !== null && found.add('icp', icp, match.index, end)) found.claim(match.index, end);
  }
  for (const match of source.matchAll(PUBLIC_SECURITY_FILING)) found.claim(match.index, match.index + match[0].length);
}

function claimNonIndicators(source: string, found: Findings): void {
  for (const match of source.matchAll(NOT_AN_INDICATOR_KEYWORD)) {
    FILLER_AT.lastIndex = match.index + match[0].length;
    FILLER_AT.exec(source);
    ANNOUNCED_NUMBER_AT.lastIndex = FILLER_AT.lastIndex;
    const number = ANNOUNCED_NUMBER_AT.exec(source);
    if (number && /\d/.test(number[0])) found.claim(number.index, number.index + number[0].length);
  }
  for (const pattern of AMOUNTS) {
    for (const match of source.matchAll(pattern)) found.claim(match.index, match.index + match[0].length);
  }
}

/** Where a digit group sits: its run and its index in the run. */
interface GroupPosition {
  run: DigitRun;
  index: number;
}

interface GroupIndex {
  byStart: Map<number, GroupPosition>;
  byEnd: Map<number, GroupPosition>;
}

function indexGroups(runs: readonly DigitRun[]): GroupIndex {
  const byStart = new Map<number, GroupPosition>();
  const byEnd = new Map<number, GroupPosition>();
  for (const run of runs) {
    run.groups.forEach((group, index) => {
      byStart.set(group.start, { run, index });
      byEnd.set(group.end, { run, index });
    });
  }
  return { byStart, byEnd };
}

/** At most this many keywords form one list (`QQ/微信/手机：…`). */
const MAX_LISTED_KEYWORDS = 4;

function findAnnouncedAccounts(source: string, groups: GroupIndex, found: Findings): void {
  KEYWORD.lastIndex = 0;
  let keyword: RegExpExecArray | null;
  while ((keyword = KEYWORD.exec(source)) !== null) {
    const kinds = new Set<KeywordKind>([keywordKind(keyword[0])]);
    let listEnd = keyword.index + keyword[0].length;
    for (let listed = 1; listed < MAX_LISTED_KEYWORDS; listed++) {
      KEYWORD_JOINER_AT.lastIndex = listEnd;
      KEYWORD_JOINER_AT.exec(source);
      KEYWORD_AT.lastIndex = KEYWORD_JOINER_AT.lastIndex;
      const next = KEYWORD_AT.exec(source);
      // "微信：wx123abc": a keyword glued to what follows is the start of the value, not another keyword.
      if (!next || /[A-Za-z0-9_-]/.test(source.charAt(KEYWORD_AT.lastIndex))) break;
      kinds.add(keywordKind(next[0]));
      listEnd = KEYWORD_AT.lastIndex;
    }
    // The keywords of this list are done; the search resumes after it.
    KEYWORD.lastIndex = listEnd;
    // Phone numbers need no keyword; phone keywords only matter inside lists like 手机/微信.
    if (kinds.size === 1 && kinds.has('phone')) continue;
    announcedBefore(source, keyword.index, listEnd, kinds, groups, found);
    announcedAfter(source, listEnd, kinds, groups, found);
  }
}

/** The value after a keyword list: `微信：abc123`, `QQ 12345678`, `支付宝账号 a@b.com`, `vx13812345678`. */
function announcedAfter(source: string, listEnd: number, kinds: ReadonlySet<KeywordKind>, groups: GroupIndex, found: Findings): void {
  FILLER_AT.lastIndex = listEnd;
  FILLER_AT.exec(source);
  const at = FILLER_AT.lastIndex;

  EMAIL_AT.lastIndex = at;
  const email = EMAIL_AT.exec(source);
  if (email) {
    const [whole, local = '', domain = ''] = email;
    // The e-mail pass reported the address (and the QQ number a qq.com address is); an Alipay account is the one addition.
    if (kinds.has('alipay') && validEmailParts(local, domain)) {
      const end = at + whole.length;
      if (found.add('alipay', whole.toLowerCase(), at, end)) found.claim(at, end);
    }
    return;
  }

  const position = groups.byStart.get(source.charAt(at) === '+' ? at + 1 : at);
  if (position) {
    announcedDigits(source, position.run.groups, position.index, 'after', kinds, found);
    return;
  }

  if (kinds.has('wechat')) {
    WECHAT_ID_AT.lastIndex = at;
    const id = WECHAT_ID_AT.exec(source);
    if (id && found.add('wechat', id[0].toLowerCase(), at, at + id[0].length)) found.claim(at, at + id[0].length);
  }
}

/**
 * A value followed by its keywords: `13812345678（微信同号）`, `abc123(微信)`, `13812345678，微信同号`.
 * Without brackets the keywords must say 同号 (same number), or every keyword would claim the word before it.
 */
function announcedBefore(
  source: string,
  listStart: number,
  listEnd: number,
  kinds: ReadonlySet<KeywordKind>,
  groups: GroupIndex,
  found: Findings,
): void {
  let valueEnd = skipSpacesBackward(source, listStart);
  if (source.charAt(valueEnd - 1) === '(') {
    TRAILING_KEYWORD_CLOSE_AT.lastIndex = listEnd;
    if (!TRAILING_KEYWORD_CLOSE_AT.test(source)) return;
    valueEnd = skipSpacesBackward(source, valueEnd - 1);
  } else {
    TRAILING_SAME_NUMBER_AT.lastIndex = listEnd;
    if (!TRAILING_SAME_NUMBER_AT.test(source)) return;
    if (/[,;、]/.test(source.charAt(valueEnd - 1))) valueEnd = skipSpacesBackward(source, valueEnd - 1);
  }

  const position = groups.byEnd.get(valueEnd);
  if (position) {
    announcedDigits(source, position.run.groups, position.index, 'before', kinds, found);
    return;
  }
  if (!kinds.has('wechat')) return;
  let start = valueEnd;
  while (start > 0 && valueEnd - start <= 20 && /[A-Za-z0-9_-]/.test(source.charAt(start - 1))) start--;
  // Part of a longer word: not an ID.
  if (/[A-Za-z0-9_-]/.test(source.charAt(start - 1))) return;
  WECHAT_ID_AT.lastIndex = start;
  const id = WECHAT_ID_AT.exec(source);
  if (id && start + id[0].length === valueEnd && found.add('wechat', id[0].toLowerCase(), start, valueEnd)) found.claim(start, valueEnd);
}

function skipSpacesBackward(source: string, position: number): number {
  let at = position;
  while (at > 0 && position - at < 2 && /[ \t]/.test(source.charAt(at - 1))) at--;
  return at;
}

/** Separators inside a card or QQ number: spaces and dashes only (dots and brackets belong to phones and decimals). */
const CARD_GAP = /^[ \t\-\u2010-\u2015]+$/;

/** Characters that make a number part of a word, an address or a percentage. */
const GLUED_AFTER = /[A-Za-z_@%]/;

/**
 * Digits a keyword list announces, starting (`after`) or ending (`before`) at group `index` of a run.
 * QQ keywords take the digits as a QQ number and nothing else; WeChat and Alipay keywords take a phone
 * number, which people use as both (a WeChat "ID" that is a mobile number is reported as its 11 digits,
 * next to the phone number itself).
 */
function announcedDigits(
  source: string,
  groups: readonly DigitGroup[],
  index: number,
  direction: 'after' | 'before',
  kinds: ReadonlySet<KeywordKind>,
  found: Findings,
): void {
  // The rest of the run first (any grouping when it is the whole run), then pieces of a few groups, longest first.
  const pieces: [number, number][] = [];
  if (direction === 'after') {
    pieces.push([index, groups.length]);
    for (let to = Math.min(groups.length - 1, index + MAX_PIECE_GROUPS); to > index; to--) pieces.push([index, to]);
  } else {
    pieces.push([0, index + 1]);
    for (let from = Math.max(1, index + 1 - MAX_PIECE_GROUPS); from <= index; from++) pieces.push([from, index + 1]);
  }
  const additions: { type: IndicatorType; value: string; start: number; end: number }[] = [];

  if (kinds.has('qq')) {
    // The whole run if it is only split by spaces or dashes ("1234 5678"), or else just the announced group.
    const [runFrom, runTo] = pieces[0] ?? [index, index + 1];
    const splitPlainly = groups.slice(runFrom + 1, runTo).every((group) => CARD_GAP.test(group.gapBefore));
    const candidates: [number, number][] = splitPlainly
      ? [
          [runFrom, runTo],
          [index, index + 1],
        ]
      : [[index, index + 1]];
    for (const [from, to] of candidates) {
      const digits = groups.slice(from, to).map((group) => group.digits);
      const span = spanOf(groups, from, to);
      if (groups[from]?.plus || !QQ_NUMBER.test(digits.join('')) || /[A-Za-z_%]/.test(source.charAt(span.end))) continue;
      additions.push({ type: 'qq', value: digits.join(''), ...span });
      break;
    }
  }

  if (kinds.has('wechat') || kinds.has('alipay') || kinds.has('phone')) {
    for (const [from, to] of pieces) {
      const entire = from === 0 && to === groups.length;
      const phone = phoneOf(groups, from, to, !entire);
      if (!phone) continue;
      const span = spanOf(groups, from, to);
      if (GLUED_AFTER.test(source.charAt(span.end))) break;
      additions.push({ type: 'phone', value: phone.e164, ...span });
      if (kinds.has('wechat') && phone.cnMobile) additions.push({ type: 'wechat', value: phone.e164.slice(3), ...span });
      if (kinds.has('alipay') && (phone.cnMobile || !phone.e164.startsWith('+86')))
        additions.push({ type: 'alipay', value: phone.e164, ...span });
      break;
    }
  }

  // Claims come after all additions, so that one value can be reported as several types.
  const recorded = additions.filter((addition) => found.add(addition.type, addition.value, addition.start, addition.end));
  for (const addition of recorded) found.claim(addition.start, addition.end);
}

function phoneOf(groups: readonly DigitGroup[], from: number, to: number, strict: boolean): PhoneMatch | null {
  // No phone number has more digits, whatever its prefix; checked first so long runs cost nothing.
  if (digitCount(groups, from, to) > 16) return null;
  for (let i = from + 1; i < to; i++) if (groups[i]?.plus) return null;
  const slice = groups.slice(from, to);
  const digits = slice.map((group) => group.digits).join('');
  return classifyPhone({ digits, plus: groups[from]?.plus ?? false, sizes: slice.map((group) => group.digits.length) }, strict);
}

function announcedCardRuns(source: string, groups: GroupIndex): Set<DigitRun> {
  const runs = new Set<DigitRun>();
  for (const match of source.matchAll(BANK_CARD_KEYWORD)) {
    FILLER_AT.lastIndex = match.index + match[0].length;
    FILLER_AT.exec(source);
    const position = groups.byStart.get(FILLER_AT.lastIndex);
    if (position) runs.add(position.run);
  }
  return runs;
}

const ALL_DIGIT_USCC = /^(?:1[1239]|5[1239]|9[123])[1-8]/;

function findUsccs(source: string, found: Findings): void {
  for (const match of source.matchAll(USCC_TOKEN)) {
    const code = match[0].toUpperCase();
    if (!isValidUscc(code) || !/\d/.test(code) || isResidentIdNumber(code)) continue;
    // An all-digit code collides with long numbers (one in 31 passes by chance), so hold it to the code's
    // structure: registration authority and organization type, then a region code starting 1–8.
    if (/^\d+$/.test(code) && !ALL_DIGIT_USCC.test(code)) continue;
    const end = match.index + code.length;
    if (found.add('uscc', code, match.index, end)) found.claim(match.index, end);
  }
}

/** The most digit groups one phone number or card is written in (`+86 138 1234 5678` is four). */
const MAX_PIECE_GROUPS = 6;

interface NumberPiece {
  type: 'phone' | 'bank_card';
  value: string;
}

/**
 * Phones and bank cards among runs of digit groups. A run is first read as one number, any grouping
 * allowed. When it is not one, it is cut into pieces at group boundaries, each piece grouped the usual
 * way for its kind, choosing the cut that covers the most digits; that finds `13812345678 13912345678`
 * and `2023-11-05 138 1234 5678` without reading a phone out of the middle of a longer number.
 */
function findPhonesAndCards(runs: readonly DigitRun[], announcedCards: ReadonlySet<DigitRun>, found: Findings): void {
  for (const run of runs) {
    const { groups } = run;
    // Digits glued to a word belong to it (a WeChat ID, an e-mail address, `QQ12345`).
    const from = groups[0]?.gluedLeft ? 1 : 0;
    const to = groups[groups.length - 1]?.gluedRight ? groups.length - 1 : groups.length;
    if (from >= to) continue;
    const announced = announcedCards.has(run);
    const entire = from === 0 && to === groups.length;
    const whole = classifyNumber(groups, from, to, !entire, announced);
    if (whole) {
      addNumber(whole, groups, from, to, found);
      continue;
    }
    for (const [pieceFrom, pieceTo, piece] of bestPieces(groups, from, to, announced)) addNumber(piece, groups, pieceFrom, pieceTo, found);
  }
}

function addNumber(piece: NumberPiece, groups: readonly DigitGroup[], from: number, to: number, found: Findings): void {
  const span = spanOf(groups, from, to);
  found.add(piece.type, piece.value, span.start, span.end);
}

/** Cuts groups `[from, to)` into pieces that each are a phone or card, covering the most digits, then using the fewest pieces. */
function bestPieces(groups: readonly DigitGroup[], from: number, to: number, announced: boolean): [number, number, NumberPiece][] {
  const length = to - from;
  const covered = new Int32Array(length + 1);
  const count = new Int32Array(length + 1);
  const choice: ({ to: number; piece: NumberPiece } | null)[] = new Array<{ to: number; piece: NumberPiece } | null>(length + 1).fill(null);
  for (let i = to - 1; i >= from; i--) {
    const k = i - from;
    let bestCovered = covered[k + 1] ?? 0;
    let bestCount = count[k + 1] ?? 0;
    let best: { to: number; piece: NumberPiece } | null = null;
    for (let j = i + 1; j <= Math.min(to, i + MAX_PIECE_GROUPS); j++) {
      const piece = classifyNumber(groups, i, j, true, announced);
      if (!piece) continue;
      const pieceCovered = digitCount(groups, i, j) + (covered[j - from] ?? 0);
      const pieceCount = 1 + (count[j - from] ?? 0);
      if (pieceCovered > bestCovered || (pieceCovered === bestCovered && pieceCount < bestCount)) {
        bestCovered = pieceCovered;
        bestCount = pieceCount;
        best = { to: j, piece };
      }
    }
    covered[k] = bestCovered;
    count[k] = bestCount;
    choice[k] = best;
  }
  const pieces: [number, number, NumberPiece][] = [];
  for (let i = from; i < to;) {
    const chosen = choice[i - from];
    if (chosen) {
      pieces.push([i, chosen.to, chosen.piece]);
      i = chosen.to;
    } else {
      i++;
    }
  }
  return pieces;
}

/**
 * Reads groups `[from, to)` as one phone number or bank card. `strict` when they are only part of
 * their run: then a phone must be grouped the usual way and a card must be one unbroken group.
 */
function classifyNumber(groups: readonly DigitGroup[], from: number, to: number, strict: boolean, announced: boolean): NumberPiece | null {
  if (digitCount(groups, from, to) > 19) return null;
  const phone = phoneOf(groups, from, to, strict);
  if (phone) return { type: 'phone', value: phone.e164 };
  if (groups[from]?.plus || (strict && to - from > 1)) return null;
  for (let i = from + 1; i < to; i++) if (!CARD_GAP.test(groups[i]?.gapBefore ?? '')) return null;
  const digits = groups
    .slice(from, to)
    .map((group) => group.digits)
    .join('');
  return isPlausibleBankCard(digits, announced) ? { type: 'bank_card', value: digits } : null;
}

/** Labels of a host name: letters, digits and inner hyphens, at most 63 characters. */
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const TOP_LEVEL_LABEL = /^(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/**
 * Top-level domains that, written bare, are far more often a file name (`evidence.zip`, `README.md`,
 * `IMG_0001.mov`, `run.sh`) than a web site. They still count inside URLs and e-mail addresses.
 */
const FILE_EXTENSION_TLDS = new Set(['zip', 'mov', 'md', 'py', 'sh']);

function findDomainMentions(source: string, found: Findings): void {
  for (const match of source.matchAll(DOMAIN_TOKEN)) {
    // The local part of something the e-mail pass did not accept is not a host either.
    if (source.charAt(match.index + match[0].length) === '@') continue;
    const host = match[0].replace(/[.-]+$/, '');
    if (!host.includes('.') || host.length > MAX_HOST_LENGTH) continue;
    const labels = host.split('.');
    const topLevel = (labels[labels.length - 1] ?? '').toLowerCase();
    if (!labels.every((label) => LABEL.test(label)) || !TOP_LEVEL_LABEL.test(topLevel) || FILE_EXTENSION_TLDS.has(topLevel)) continue;
    if (!hasIcannSuffix(host)) continue;
    const domain = registrableDomainOfHost(host);
    if (domain !== null) found.add('domain', domain, match.index, match.index + host.length);
  }
}

/** Maps to original offsets, drops a repeated type on the same span, and sorts. */
function report(
  indicators: readonly ExtractedIndicator[],
  toOriginal: (start: number, end: number) => { start: number; end: number },
): ExtractedIndicator[] {
  const seen = new Set<string>();
  const reported: ExtractedIndicator[] = [];
  for (const indicator of indicators) {
    const { start, end } = toOriginal(indicator.start, indicator.end);
    const key = `${indicator.type} ${start} ${end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    reported.push({ type: indicator.type, value: indicator.value, start, end });
  }
  return reported.sort(
    (a, b) =>
      a.start - b.start ||
      (TYPE_ORDER.get(a.type) ?? 0) - (TYPE_ORDER.get(b.type) ?? 0) ||
      a.end - b.end ||
      (a.value < b.value ? -1 : a.value > b.value ? 1 : 0),
  );
}
