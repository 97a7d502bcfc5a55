import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchSpans, snippet } from './highlight';
import { MAX_QUERY_TERMS, MAX_WORD_LENGTH, documentTerms, indicatorTerm, queryTerms, tokenize } from './tokenize';

const terms = (text: string) => tokenize(text).map((t) => t.term);
const docHas = (doc: string, query: string) => {
  const { frequencies } = documentTerms([doc]);
  const q = queryTerms(query);
  return q.terms.length > 0 && q.terms.every((t) => frequencies.has(t));
};

describe('tokenize', () => {
  it.each([
    ['删帖', ['删帖', '帖']],
    ['敲诈勒索', ['敲诈', '诈勒', '勒索', '索']],
    ['公关公司PR', ['公关', '关公', '公司', '司', 'pr']],
    ['删', ['删']],
    ['有偿删帖，敲诈', ['有偿', '偿删', '删帖', '帖', '敲诈', '诈']],
    ['Hello, World!', ['hello', 'world']],
    ['ＰＲ公司', ['pr', '公司', '司']],
    ['2026年', ['2026', '年']],
  ])('%s → %j', (text, expected) => {
    expect(terms(text)).toEqual(expected);
  });

  it('gives original offsets, also through NFKC', () => {
    expect(tokenize('ＰＲ公司').map((t) => [t.term, t.start, t.end])).toEqual([
      ['pr', 0, 2],
      ['公司', 2, 4],
      ['司', 3, 4],
    ]);
  });

  it('adds the canonical value of phone numbers, written any way', () => {
    expect(terms('电话138-1234-5678')).toEqual(['电话', '话', '138', '1234', '5678', 'phone:+8613812345678']);
    expect(terms('+86 138 1234 5678')).toContain('phone:+8613812345678');
    expect(terms('１３８１２３４５６７８')).toContain('phone:+8613812345678');
  });

  it('adds URLs and their domains in canonical form', () => {
    const found = terms('见 https://www.Example.com/post/1?utm_source=x 网址');
    expect(found).toContain('url:https://www.example.com/post/1');
    expect(found).toContain('domain:example.com');
    expect(found).toContain('example');
  });

  it('hashes indicator terms too long to key, and cuts long words', () => {
    const long = `https://example.com/${'a'.repeat(300)}`;
    const url = tokenize(long).find((t) => t.kind === 'indicator' && t.term.startsWith('url'))!;
    expect(url.term).toMatch(/^url#[0-9a-f]{32}$/);
    expect(indicatorTerm('url', 'x')).toBe('url:x');
    expect(terms('z'.repeat(100))).toEqual(['z'.repeat(MAX_WORD_LENGTH)]);
  });
});

describe('queryTerms', () => {
  it.each([
    ['删帖', ['删帖'], []],
    ['敲诈勒索', ['敲诈', '诈勒', '勒索'], []],
    ['公关公司PR', ['公关', '关公', '公司', 'pr'], []],
    ['13812345678', ['phone:+8613812345678'], []],
    ['138 1234 5678', ['phone:+8613812345678'], []],
    ['删', [], ['删']],
    ['删 帖子', ['帖子'], ['删']],
    ['https://example.com/a', ['url:https://example.com/a', 'domain:example.com'], []],
    ['  ，。！ ', [], []],
  ])('%s → terms %j, prefixes %j', (query, expectedTerms, expectedPrefixes) => {
    expect(queryTerms(query)).toEqual({ terms: expectedTerms, prefixes: expectedPrefixes });
  });

  it('caps the number of terms', () => {
    expect(queryTerms('一二三四五六七八九十'.repeat(10)).terms.length).toBeLessThanOrEqual(MAX_QUERY_TERMS);
  });

  it('finds documents however the phone number was written', () => {
    expect(docHas('对方电话138-1234-5678，要求付款删帖', '13812345678')).toBe(true);
    expect(docHas('对方电话13812345678，要求付款删帖', '+86 138 1234 5678')).toBe(true);
    expect(docHas('对方电话13812345678', '138')).toBe(false);
    expect(docHas('对方电话138-1234-5678', '1234')).toBe(true);
  });

  it('finds mixed Chinese and Latin text, case-insensitively', () => {
    expect(docHas('某公关公司pr团队声称可以删帖', '公关公司PR')).toBe(true);
    expect(docHas('某公关公司声称可以删帖', '公关公司PR')).toBe(false);
  });
});

/** Documents of CJK runs, Latin words, digits and punctuation. */
const cjkChar = fc.integer({ min: 0x4e00, max: 0x9fff }).map((c) => String.fromCodePoint(c));
const piece = fc.oneof(
  fc.array(cjkChar, { minLength: 1, maxLength: 12 }).map((cs) => cs.join('')),
  fc.stringMatching(/^[A-Za-z]{1,8}$/),
  fc.stringMatching(/^\d{1,12}$/),
  fc.constantFrom(' ', '，', '。', '-', '@', '.', '/', '：', '\n', 'QQ：', '微信'),
);
const document = fc.array(piece, { minLength: 1, maxLength: 30 }).map((pieces) => pieces.join(''));

describe('search properties', () => {
  it('any substring of two or more CJK characters of a document finds the document', () => {
    fc.assert(
      fc.property(document, fc.nat(), fc.nat(), (doc, a, b) => {
        const runs = [...doc.matchAll(/[\u4e00-\u9fff]{2,}/g)].map((m) => m[0]);
        if (runs.length === 0) return;
        const run = runs[a % runs.length]!;
        const chars = [...run];
        const start = a % (chars.length - 1);
        const length = 2 + (b % (chars.length - start - 1));
        const query = chars.slice(start, start + length).join('');
        const { frequencies } = documentTerms([doc]);
        const q = queryTerms(query);
        expect(q.terms.length).toBeGreaterThan(0);
        for (const term of q.terms) expect(frequencies.has(term), `${query} in ${doc}: ${term}`).toBe(true);
        // And the snippet highlights it.
        expect(matchSpans(doc, q).length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('any single CJK character of a document starts a term of it (the prefix fallback)', () => {
    fc.assert(
      fc.property(document, fc.nat(), (doc, a) => {
        const chars = [...doc].filter((c) => /[\u4e00-\u9fff]/.test(c));
        if (chars.length === 0) return;
        const char = chars[a % chars.length]!;
        const { frequencies } = documentTerms([doc]);
        expect([...frequencies.keys()].some((t) => t.startsWith(char))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('snippet', () => {
  it('marks matches as segments, merging overlapping bigrams', () => {
    const s = snippet('他们说可以有偿删帖，然后敲诈勒索受害人。', queryTerms('敲诈勒索'));
    expect(s.segments).toEqual([
      { text: '他们说可以有偿删帖，然后', match: false },
      { text: '敲诈勒索', match: true },
      { text: '受害人。', match: false },
    ]);
    expect(s.truncatedStart).toBe(false);
    expect(s.truncatedEnd).toBe(false);
  });

  it('keeps markup as text and cuts around the first match', () => {
    const text = `${'前'.repeat(100)}<b>删帖</b>${'后'.repeat(300)}`;
    const s = snippet(text, queryTerms('删帖'));
    expect(s.truncatedStart).toBe(true);
    expect(s.truncatedEnd).toBe(true);
    expect(s.segments.find((x) => x.match)!.text).toBe('删帖');
    expect(s.segments.map((x) => x.text).join('')).toContain('<b>删帖</b>');
  });

  it('highlights a phone number written differently from the query, and a lone character', () => {
    const s = snippet('电话138-1234-5678', queryTerms('13812345678'));
    expect(s.segments.find((x) => x.match)!.text).toBe('138-1234-5678');
    expect(snippet('删帖', queryTerms('删')).segments).toEqual([
      { text: '删', match: true },
      { text: '帖', match: false },
    ]);
  });
});
