import { createRequire } from 'node:module';
import type * as LanguageCommon from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../../contracts/orgs';
import { COMMON_PASSWORDS_ZH } from './common-passwords-zh';

/** Why a chosen password is refused; each has a message in {@link passwordProblemMessage}. */
export const PASSWORD_PROBLEMS = ['too_short', 'too_long', 'common', 'contains_identity'] as const;
export type PasswordProblem = (typeof PASSWORD_PROBLEMS)[number];

/** What the policy knows about the account, so a password cannot simply repeat it. */
export interface PasswordContext {
  email?: string;
  displayName?: string;
}

/**
 * Checks a new password against the policy (NIST SP 800-63B style: length and a blocklist, no
 * composition rules) and names the first problem, or returns null when the password is acceptable.
 * Length is counted in Unicode code points after NFKC normalisation, the same form that is hashed.
 */
export function checkPassword(password: string, context: PasswordContext): PasswordProblem | null {
  const normalized = password.normalize('NFKC');
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  const lower = normalized.toLowerCase();
  if (isGuessable(lower)) return 'common';
  if (containsIdentity(lower, context)) return 'contains_identity';
  return null;
}

/** A clear, short explanation of a password problem for the person choosing the password. */
export function passwordProblemMessage(problem: PasswordProblem, locale: 'zh-CN' | 'en'): string {
  const zh = locale === 'zh-CN';
  switch (problem) {
    case 'too_short':
      return zh ? `密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符` : `Use at least ${PASSWORD_MIN_LENGTH} characters`;
    case 'too_long':
      return zh ? `密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符` : `Use at most ${PASSWORD_MAX_LENGTH} characters`;
    case 'common':
      return zh
        ? '这个密码太常见或太容易猜到，请换一个。可以试试由几个不相关的词组成的长句子'
        : 'This password is too common or too easy to guess. Try a longer phrase of several unrelated words';
    case 'contains_identity':
      return zh ? '密码不能包含您的邮箱用户名或显示名称' : 'Do not include your e-mail name or display name in the password';
  }
}

// --- Common passwords -------------------------------------------------------------------------

let commonPasswords: ReadonlySet<string> | undefined;
let longestCommonPassword = 0;

/**
 * The blocklist, built on first use: the zxcvbn-ts list (about 49,000 of the most frequent
 * passwords in public breaches, MIT) and our Chinese additions. Loaded through `require` so that
 * importing this module costs nothing until a password is actually checked.
 */
function commonPasswordSet(): ReadonlySet<string> {
  if (commonPasswords === undefined) {
    const require = createRequire(import.meta.url);
    const { dictionary } = require('@zxcvbn-ts/language-common') as typeof LanguageCommon;
    const set = new Set<string>();
    for (const entry of [...dictionary['passwords-common'], ...COMMON_PASSWORDS_ZH]) {
      const normalized = entry.normalize('NFKC').toLowerCase();
      set.add(normalized);
      longestCommonPassword = Math.max(longestCommonPassword, normalized.length);
    }
    commonPasswords = set;
  }
  return commonPasswords;
}

/**
 * Runs that people walk along on the keyboard or count through. A password is a sequence when it
 * follows one of these forwards or backwards, wrapping around (so `890123456789` counts too).
 */
const SEQUENCES = [
  '0123456789',
  'abcdefghijklmnopqrstuvwxyz',
  'qwertyuiopasdfghjklzxcvbnm',
  '`1234567890-=',
  '~!@#$%^&*()_+',
  'qwertyuiop[]\\',
  "asdfghjkl;'",
  'zxcvbnm,./',
  '1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/',
  '!qaz@wsx#edc$rfv%tgb^yhn&ujm*ik<(ol>)p:?',
  'zaq1xsw2cde3vfr4bgt5nhy6mju7,ki8.lo9/;p0',
  'qazwsxedcrfvtgbyhnujmikolp',
  '1q2w3e4r5t6y7u8i9o0p',
  'q1w2e3r4t5y6u7i8o9p0',
];
/** Each sequence as a map from character to position; no character occurs twice in one sequence. */
const SEQUENCE_POSITIONS = SEQUENCES.map((sequence) => new Map([...sequence].map((char, i) => [char, i])));

/** Whether `chars[start..end)` follows one of the sequences, one step at a time in one direction. */
function isSequence(chars: readonly string[], start: number, end: number): boolean {
  if (end - start < 3) return false;
  return SEQUENCE_POSITIONS.some((positions) => {
    const size = positions.size;
    const first = positions.get(chars[start] ?? '');
    const second = positions.get(chars[start + 1] ?? '');
    if (first === undefined || second === undefined) return false;
    const step = (second - first + size) % size;
    if (step !== 1 && step !== size - 1) return false;
    let previous = first;
    for (let i = start + 1; i < end; i++) {
      const position = positions.get(chars[i] ?? '');
      if (position !== (previous + step) % size) return false;
      previous = position;
    }
    return true;
  });
}

let failure = new Int32Array(PASSWORD_MAX_LENGTH);

/** The length of the shortest block that `chars[start..end)` is made of, from the KMP failure function. */
function repeatingUnit(chars: readonly string[], start: number, end: number): number {
  const length = end - start;
  if (failure.length < length) failure = new Int32Array(length);
  failure[0] = 0;
  for (let i = 1, k = 0; i < length; i++) {
    while (k > 0 && chars[start + i] !== chars[start + k]) k = failure[k - 1] ?? 0;
    if (chars[start + i] === chars[start + k]) k++;
    failure[i] = k;
  }
  const unit = length - (failure[length - 1] ?? 0);
  return length % unit === 0 ? unit : length;
}

/**
 * Whether `chars[start..end)` (lower case, as code points) is a listed password, a sequence, or a
 * block repeated: a short one (`abababababab`, `passpasspass`) or a guessable one (`iloveyouiloveyou`).
 */
function isGuessableRange(chars: readonly string[], start: number, end: number): boolean {
  const length = end - start;
  const list = commonPasswordSet();
  if (length <= longestCommonPassword && list.has(chars.slice(start, end).join(''))) return true;
  if (isSequence(chars, start, end)) return true;
  const unit = repeatingUnit(chars, start, end);
  return unit < length && (unit <= 4 || isGuessableRange(chars, start, start + unit));
}

/** The usual substitutions of digits and symbols for letters; `1` is tried as both `i` and `l`. */
const LEET = new Map([
  ['0', 'o'],
  ['3', 'e'],
  ['4', 'a'],
  ['@', 'a'],
  ['5', 's'],
  ['$', 's'],
  ['7', 't'],
  ['+', 't'],
  ['!', 'i'],
]);

/** The password read with the substitutions undone, one variant per reading of `1`; none if nothing changes. */
function unleetVariants(chars: readonly string[]): string[][] {
  if (!chars.some((char) => char === '1' || LEET.has(char))) return [];
  return (['i', 'l'] as const).map((one) => chars.map((char) => (char === '1' ? one : (LEET.get(char) ?? char))));
}

/** Digits, punctuation, symbols and spaces: what people pad a weak password with. */
const PADDING = /^[\p{N}\p{P}\p{S}\p{Z}]$/u;
const LETTER = /\p{L}/u;
/** A core with a letter must be at least this long: a lone `x` beside random digits is no common password. */
const MIN_CORE_LENGTH = 4;
/** A core of padding characters only (all digits, say) must be longer, since short ones turn up by chance. */
const MIN_PADDING_CORE_LENGTH = 7;

/**
 * Whether the password is guessable: listed, a sequence, a repetition, or one of these with only
 * digits, punctuation or symbols before and after it (`password1234!`, `2024woaini1314`), also after
 * undoing the usual letter substitutions (`p@ssw0rd`).
 */
function isGuessable(lower: string): boolean {
  const chars = [...lower];
  const n = chars.length;
  let lead = 0;
  while (lead < n && PADDING.test(chars[lead] ?? '')) lead++;
  let trail = 0;
  while (trail < n && PADDING.test(chars[n - 1 - trail] ?? '')) trail++;
  // A core starts inside the leading padding run and ends inside the trailing one, so it always holds
  // the middle, and has a letter exactly when the middle does. When the whole password is padding,
  // both runs cover it and any stretch of it is a candidate.
  const hasLetter = LETTER.test(chars.slice(lead, n - trail).join(''));
  const minLength = hasLetter ? MIN_CORE_LENGTH : MIN_PADDING_CORE_LENGTH;
  // Substitutions are only undone around letters: digits alone are read as digits.
  const readings = hasLetter ? [chars, ...unleetVariants(chars)] : [chars];
  for (let start = 0; start <= lead; start++) {
    for (let end = Math.max(n - trail, start + minLength); end <= n; end++) {
      if (readings.some((reading) => isGuessableRange(reading, start, end))) return true;
    }
  }
  return false;
}

// --- Identity ----------------------------------------------------------------------------------

/** Separators people drop when they fold a name into a password: `li.wei` becomes `liwei`. */
const SEPARATORS = /[\s._\-+]/gu;
const MIN_IDENTITY_LENGTH = 4;

function identityParts(context: PasswordContext): string[] {
  const parts: string[] = [];
  if (context.email) {
    const local = context.email.normalize('NFKC').toLowerCase().split('@')[0] ?? '';
    // Sub-addresses (`wei+qinglang@`) still name the same person.
    parts.push(local, local.split('+')[0] ?? '');
  }
  if (context.displayName) {
    const name = context.displayName.normalize('NFKC').toLowerCase().trim();
    parts.push(name);
  }
  const forms = parts.flatMap((part) => [part, part.replace(SEPARATORS, '')]);
  return [...new Set(forms)].filter((form) => [...form].length >= MIN_IDENTITY_LENGTH);
}

function containsIdentity(lower: string, context: PasswordContext): boolean {
  const folded = lower.replace(SEPARATORS, '');
  return identityParts(context).some((part) => lower.includes(part) || folded.includes(part));
}
