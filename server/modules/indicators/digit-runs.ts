/**
 * Runs of digit groups: `138 1234 5678`, `+86-138-1234-5678`, `(010) 12345678`, `6222 0212 3456 7890 123`.
 *
 * Phones and bank cards are found by first cutting the text into maximal runs of digit groups joined
 * by short separators, and only then deciding what the run (or a piece of it) is. Working on whole runs
 * is what keeps a phone number from being read out of the middle of an order number: a piece is only
 * ever a whole number of groups, never part of a group.
 */

/** One maximal sequence of ASCII digits. */
export interface DigitGroup {
  /** Offset of the first digit in the normalized text. */
  start: number;
  /** Offset after the last digit. */
  end: number;
  digits: string;
  /** A `+` immediately precedes the digits (international prefix). */
  plus: boolean;
  /** An opening bracket immediately precedes the digits (or their `+`): `(010) 12345678`. */
  openParen: boolean;
  /** The separator text between the previous group of the run and this one ('' for the first group). */
  gapBefore: string;
  /** Glued to a letter, `_` or `@` on the left: part of a word such as a WeChat ID or `QQ12345`. */
  gluedLeft: boolean;
  /** Glued to a letter, `_`, `@` or `%` on the right: part of a word, an e-mail address or a percentage. */
  gluedRight: boolean;
}

/** Digit groups separated only by short separators. */
export interface DigitRun {
  groups: DigitGroup[];
}

/** Separators people put inside numbers: spaces, dashes, dots and parentheses, at most three in a row. */
const GAP = /^[ \t\-.()\u2010-\u2015\u2212]{1,3}$/;
/** Characters that make digits part of a word rather than a number of their own. */
const GLUE_LEFT = /[A-Za-z_@]/;
const GLUE_RIGHT = /[A-Za-z_@%]/;

/**
 * Cuts normalized text into runs of digit groups. A group glued to a word never joins a run with its
 * neighbours: it ends the run on its left side and starts a new one on its right side.
 */
export function findDigitRuns(text: string): DigitRun[] {
  const runs: DigitRun[] = [];
  let current: DigitGroup[] = [];
  for (const match of text.matchAll(/\d+/g)) {
    const start = match.index;
    const end = start + match[0].length;
    const plus = text.charAt(start - 1) === '+';
    const before = text.charAt(plus ? start - 2 : start - 1);
    const group: DigitGroup = {
      start,
      end,
      digits: match[0],
      plus,
      openParen: text.charAt(plus ? start - 2 : start - 1) === '(',
      gapBefore: '',
      gluedLeft: GLUE_LEFT.test(before),
      gluedRight: GLUE_RIGHT.test(text.charAt(end)),
    };
    const previous = current[current.length - 1];
    if (previous) {
      const gap = text.slice(previous.end, plus ? start - 1 : start);
      if (!previous.gluedRight && !group.gluedLeft && GAP.test(gap)) {
        group.gapBefore = gap;
        current.push(group);
        continue;
      }
      runs.push({ groups: current });
    }
    current = [group];
  }
  if (current.length > 0) runs.push({ groups: current });
  return runs;
}

/** Total number of digits in groups `[from, to)`. */
export function digitCount(groups: readonly DigitGroup[], from = 0, to = groups.length): number {
  let count = 0;
  for (let i = from; i < to; i++) count += groups[i]?.digits.length ?? 0;
  return count;
}

/**
 * The normalized-text span of groups `[from, to)`, including a leading `+`, and the opening bracket of
 * `(010) 12345678` when the bracket closes inside the span.
 */
export function spanOf(groups: readonly DigitGroup[], from: number, to: number): { start: number; end: number } {
  const first = groups[from];
  const last = groups[to - 1];
  if (!first || !last) throw new RangeError('empty group range');
  let start = first.plus ? first.start - 1 : first.start;
  if (first.openParen && groups.slice(from + 1, to).some((group) => group.gapBefore.includes(')'))) start--;
  return { start, end: last.end };
}
