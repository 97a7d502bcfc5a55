import { describe, expect, it } from 'vitest';
import {
  BANDS,
  DEFAULT_MIN_SIMILARITY,
  SIGNATURE_SIZE,
  bandKeys,
  candidateProbability,
  comparableText,
  decodeSignature,
  encodeSignature,
  estimateSimilarity,
  minhashSignature,
} from './minhash';
import { REPORT_TEXTS } from './report-texts.fixture';

const { selfMedia, forumDeletion, fakeJournalist, fakeOfficial, englishBlogger } = REPORT_TEXTS;

function similarity(a: string, b: string): number {
  return estimateSimilarity(minhashSignature(a)!, minhashSignature(b)!);
}

function shareBand(a: string, b: string): boolean {
  const keysB = new Set(bandKeys(minhashSignature(b)!).map((k) => `${k.band}:${k.bucket}`));
  return bandKeys(minhashSignature(a)!).some((k) => keysB.has(`${k.band}:${k.bucket}`));
}

describe('near-duplicate report texts', () => {
  it.each([
    ['a changed phone number', selfMedia, selfMedia.replace('13812345678', '13998765432')],
    ['added punctuation', selfMedia, selfMedia.replace('于11月初', '于11月初，').replace('。我们', '！！我们').replace(/“|”/g, '"')],
    [
      'full-width digits and added spaces',
      selfMedia,
      selfMedia.replace('13812345678', '１３８ １２３４ ５６７８').replace('5万元', ' 5 万元 '),
    ],
    ['a changed amount', fakeJournalist, fakeJournalist.replace('三万元', '五万元').replace('三天内', '两天内')],
    ['a sentence added at the end', forumDeletion, `${forumDeletion}另外，该公关公司的业务员还加了我的微信，说可以帮我“反删”。`],
    [
      'the reporter’s second filing with a different greeting',
      fakeOfficial,
      `您好，我要举报：${fakeOfficial.replace('一万五千元', '15000元')}谢谢。`,
    ],
    [
      'English with changed case and punctuation',
      englishBlogger,
      englishBlogger.toUpperCase().replace(/,/g, '').replace('20000', '20 000'),
    ],
  ])('finds %s as a near-duplicate', (_name, original, edited) => {
    expect(similarity(original, edited)).toBeGreaterThanOrEqual(DEFAULT_MIN_SIMILARITY);
    expect(shareBand(original, edited)).toBe(true);
  });

  const texts = Object.entries(REPORT_TEXTS);
  const pairs = texts.flatMap(([nameA, a], i) => texts.slice(i + 1).map(([nameB, b]) => [nameA, nameB, a, b] as const));
  it.each(pairs)('does not take %s and %s for near-duplicates', (_a, _b, a, b) => {
    expect(similarity(a, b)).toBeLessThan(0.3);
  });

  it('answers 1.0 for the same text and for one that differs only in width, case, spacing and punctuation', () => {
    expect(similarity(selfMedia, selfMedia)).toBe(1);
    expect(similarity('对方微信 ABC123，电话：13812345678！', '对方微信abc１２３电话13812345678')).toBe(1);
  });

  it('normalizes to NFKC, lower case, without punctuation, keeping spaces only between words of spaced scripts', () => {
    expect(comparableText('  支付 “合作费” ５万元， Pay   NOW! ')).toBe('支付合作费5万元pay now');
    expect(comparableText('微信 wxid_kz8812 和 QQ 12345')).toBe('微信wxid kz8812和qq 12345');
  });

  it('has no signature for a text without letters or digits, and one shingle for a very short text', () => {
    expect(minhashSignature('')).toBeNull();
    expect(minhashSignature('……！！？？ ——')).toBeNull();
    expect(similarity('删帖', '删帖')).toBe(1);
    expect(similarity('删帖', '敲诈')).toBe(0);
  });

  it('gives one band key per band, the same for the same text', () => {
    const keys = bandKeys(minhashSignature(selfMedia)!);
    expect(keys.map((k) => k.band)).toEqual([...Array(BANDS).keys()]);
    expect(keys.every((k) => Number.isInteger(k.bucket) && k.bucket >= -(2 ** 31) && k.bucket < 2 ** 31)).toBe(true);
    expect(bandKeys(minhashSignature(selfMedia)!)).toEqual(keys);
  });

  it('stores a signature as 4 bytes a slot and reads it back', () => {
    const signature = minhashSignature(forumDeletion)!;
    const bytes = encodeSignature(signature);
    expect(bytes.byteLength).toBe(SIGNATURE_SIZE * 4);
    expect(decodeSignature(bytes)).toEqual(signature);
    expect(decodeSignature(bytes.subarray(4))).toBeNull();
  });

  it('has the documented S-curve: rare candidates at 0.3, most at 0.6, nearly all from 0.7', () => {
    expect(candidateProbability(0.3)).toBeLessThan(0.05);
    expect(candidateProbability(0.6)).toBeGreaterThan(0.8);
    expect(candidateProbability(0.7)).toBeGreaterThan(0.97);
    expect(candidateProbability(0.8)).toBeGreaterThan(0.999);
  });
});
