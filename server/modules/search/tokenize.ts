import { createHash } from 'node:crypto';
import { extractIndicators } from '../indicators/extract';
import { normalizeWithOffsets } from '../indicators/offsets';

/**
 * The tokenizer of full-text search (全文检索), shared by documents and queries so that both sides
 * produce the same terms, and by both database dialects so that results are identical.
 *
 * A text is normalized to NFKC (the indicators module's normalizer, which keeps offsets into the
 * original), then cut into:
 * - **CJK bigrams**: every pair of adjacent characters in a run of Han, kana or Hangul (`敲诈勒索` →
 *   `敲诈`, `诈勒`, `勒索`). Chinese has no spaces, and a word is usually two characters, so every
 *   substring of two or more characters of a document is found through bigrams it contains.
 * - **CJK tail unigrams**: the last character of every CJK run (and a run of one character) as a term
 *   of its own. A document thereby holds, for every CJK character in it, a term that *starts* with
 *   that character: the bigram it begins or, at the end of a run, its unigram. A query of one lone
 *   character is answered by a prefix range over terms (see `queryTerms`); documents do not store a
 *   unigram for every character, which would add a term per character for a query nobody needs fast.
 * - **Words**: maximal runs of other letters and digits (Latin, Cyrillic, digits…), lower-cased, cut to
 *   `MAX_WORD_LENGTH` characters.
 * - **Indicator terms**: the canonical value of each indicator the extractor finds (`phone:+8613812345678`,
 *   `domain:example.com`), so `138-1234-5678` and `+86 13812345678` find each other. Values longer
 *   than `MAX_INDICATOR_TERM` are kept as a hash of the value.
 *
 * Pure: no I/O; linear in the length of the text apart from the indicator extractor's own work.
 * A change to what it produces (here or in the indicator extractor) needs `qinglang search reindex`:
 * documents indexed before would otherwise keep the old terms.
 */

/** One token of a text with its UTF-16 span in the original (not normalized) text. */
export interface Token {
  term: string;
  start: number;
  end: number;
  /** `cjk_char`: a CJK run of one character; `cjk_tail`: the last character of a longer run. */
  kind: 'word' | 'bigram' | 'cjk_tail' | 'cjk_char' | 'indicator';
}

/** Words longer than this are cut (identically in documents and queries): hashes and base64 blobs make no useful terms. */
export const MAX_WORD_LENGTH = 40;
/** Indicator terms longer than this (long URLs) are stored as `type#` and a hash of the value. */
export const MAX_INDICATOR_TERM = 120;
/** At most this many distinct terms of a query are used (a long pasted paragraph is not a search). */
export const MAX_QUERY_TERMS = 32;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;
const CHAR_OTHER = 0;
const CHAR_WORD = 1;
const CHAR_CJK = 2;

/** What a code point is to the tokenizer; ASCII and the common CJK block without a regular expression (most of a report). */
function classify(codePoint: number): number {
  if (codePoint < 0x80) {
    return (codePoint >= 0x30 && codePoint <= 0x39) || (codePoint >= 0x41 && codePoint <= 0x5a) || (codePoint >= 0x61 && codePoint <= 0x7a)
      ? CHAR_WORD
      : CHAR_OTHER;
  }
  if (codePoint >= 0x4e00 && codePoint <= 0x9fff) return CHAR_CJK;
  const char = String.fromCodePoint(codePoint);
  return CJK.test(char) ? CHAR_CJK : WORD.test(char) ? CHAR_WORD : CHAR_OTHER;
}

/** The term of an indicator: its type and canonical value. */
export function indicatorTerm(type: string, value: string): string {
  const term = `${type}:${value}`;
  if (term.length <= MAX_INDICATOR_TERM) return term;
  return `${type}#${createHash('sha256').update(value).digest('hex').slice(0, 32)}`;
}

/**
 * All tokens of a text in the order found (CJK and words by position, then indicators). Documents
 * index every one of them; `queryTerms` picks among them.
 */
export function tokenize(text: string): Token[] {
  const normalized = normalizeWithOffsets(text);
  const source = normalized.text;
  const tokens: Token[] = [];
  const at = (term: string, start: number, end: number, kind: Token['kind']) => {
    const original = normalized.toOriginal(start, end);
    tokens.push({ term, start: original.start, end: original.end, kind });
  };

  // The CJK run being read: characters and their spans in the normalized text.
  let run: { char: string; start: number; end: number }[] = [];
  const closeRun = () => {
    if (run.length === 1) at(run[0]!.char, run[0]!.start, run[0]!.end, 'cjk_char');
    else if (run.length > 1) {
      for (let k = 0; k + 1 < run.length; k++) at(run[k]!.char + run[k + 1]!.char, run[k]!.start, run[k + 1]!.end, 'bigram');
      const last = run[run.length - 1]!;
      at(last.char, last.start, last.end, 'cjk_tail');
    }
    run = [];
  };
  let wordStart = -1;
  const closeWord = (end: number) => {
    if (wordStart < 0) return;
    const word = [...source.slice(wordStart, end).toLowerCase()].slice(0, MAX_WORD_LENGTH).join('');
    at(word, wordStart, end, 'word');
    wordStart = -1;
  };

  let i = 0;
  while (i < source.length) {
    const codePoint = source.codePointAt(i)!;
    const next = i + (codePoint > 0xffff ? 2 : 1);
    const kind = classify(codePoint);
    if (kind === CHAR_CJK) {
      closeWord(i);
      run.push({ char: source.slice(i, next), start: i, end: next });
    } else if (kind === CHAR_WORD) {
      closeRun();
      if (wordStart < 0) wordStart = i;
    } else {
      closeRun();
      closeWord(i);
    }
    i = next;
  }
  closeRun();
  closeWord(source.length);

  for (const found of extractIndicators(text)) {
    tokens.push({ term: indicatorTerm(found.type, found.value), start: found.start, end: found.end, kind: 'indicator' });
  }
  return tokens;
}

/** The terms of a document with their frequencies, and its length in tokens (for ranking). */
export interface DocumentTerms {
  frequencies: Map<string, number>;
  length: number;
}

/** Terms of a document made of several texts (title, summary, description…), each tokenized on its own. */
export function documentTerms(texts: readonly (string | null | undefined)[]): DocumentTerms {
  const frequencies = new Map<string, number>();
  let length = 0;
  for (const text of texts) {
    if (!text) continue;
    for (const token of tokenize(text)) {
      frequencies.set(token.term, (frequencies.get(token.term) ?? 0) + 1);
      length++;
    }
  }
  return { frequencies, length };
}

/** What a query asks for: documents holding every term, and (only when there are no terms) a lone character. */
export interface SearchQuery {
  /** Distinct terms a document must all contain, in the order of the query; at most `MAX_QUERY_TERMS`. */
  terms: string[];
  /**
   * Lone CJK characters of the query (`删`). Used only when `terms` is empty: then a document matches
   * when it holds a term starting with the first of them (a prefix range over the index). With other
   * terms present they do not narrow the search (one character narrows little) but are still
   * highlighted in snippets.
   */
  prefixes: string[];
}

/**
 * The terms of a query, tokenized like documents, except: words that lie inside an indicator are left
 * out (the indicator term stands for them, so `13812345678` finds `138-1234-5678`, whose words are
 * `138`, `1234`, `5678`); the tail unigram of a run of two or more characters is left out (its bigram
 * already requires the character); a CJK run of one character becomes a prefix.
 */
export function queryTerms(query: string): SearchQuery {
  const tokens = tokenize(query);
  const indicators = tokens.filter((t) => t.kind === 'indicator');
  const insideIndicator = (t: Token) => indicators.some((ind) => t.start >= ind.start && t.end <= ind.end);
  const terms: string[] = [];
  const prefixes: string[] = [];
  const seen = new Set<string>();
  const add = (list: string[], term: string) => {
    if (seen.has(term)) return;
    seen.add(term);
    list.push(term);
  };
  for (const token of tokens) {
    switch (token.kind) {
      case 'indicator':
      case 'bigram':
        add(terms, token.term);
        break;
      case 'word':
        if (!insideIndicator(token)) add(terms, token.term);
        break;
      case 'cjk_char':
        add(prefixes, token.term);
        break;
      case 'cjk_tail':
        break;
    }
  }
  return { terms: terms.slice(0, MAX_QUERY_TERMS), prefixes };
}

/** The largest string that starts with `prefix`, for a range `term >= prefix and term < prefixEnd(prefix)` (code point order). */
export function prefixEnd(prefix: string): string {
  return `${prefix}\u{10ffff}`;
}
