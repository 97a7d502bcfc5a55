import type { UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import {
  DESCRIPTION_MAX_LENGTH,
  DESCRIPTION_MIN_LENGTH,
  REPORTER_PHONE_PATTERN,
  TARGET_URLS_MAX,
  type PaymentChannel,
  type ReportCategory,
  type ReporterKind,
} from '../../../contracts/reports';
import { isValidUscc as isValidCode } from '../../../contracts/uscc';
import type { NamedReporter, PublicConfig, ReportSubmission } from './api';

/**
 * The report form's values and how they become the API body. The names mirror the API's field paths
 * (`reporter.email`, `money.amount`) so the server's field errors land on the right inputs.
 */
export interface ReportFormValues {
  category?: ReportCategory;
  description?: string;
  /** One address per line. */
  targetUrls?: string;
  platform?: string;
  occurredAt?: Dayjs | null;
  money?: { amount?: number | null; currency?: string; channel?: PaymentChannel };
  reporter: {
    kind: ReporterKind;
    name?: string;
    phone?: string;
    email?: string;
    enterprise?: { name?: string; uscc?: string };
    contactConsent?: boolean;
  };
  evidence?: UploadFile[];
  challenge?: string | null;
}

/** Every field the form has, in the API's dotted form; server errors are placed on these. */
export const REPORT_FORM_FIELDS = [
  'category',
  'description',
  'targetUrls',
  'platform',
  'occurredAt',
  'money.amount',
  'money.currency',
  'money.channel',
  'reporter.kind',
  'reporter.name',
  'reporter.phone',
  'reporter.email',
  'reporter.enterprise.name',
  'reporter.enterprise.uscc',
  'reporter.contactConsent',
  'evidence',
] as const;

/** Server limits the form checks before sending (the server checks them again). */
export const LIMITS = {
  descriptionMin: DESCRIPTION_MIN_LENGTH,
  descriptionMax: DESCRIPTION_MAX_LENGTH,
  targetUrlsMax: TARGET_URLS_MAX,
  targetUrlMaxLength: 2048,
  platformMax: 200,
  nameMax: 100,
  phoneMax: 40,
  emailMax: 254,
  enterpriseNameMax: 200,
  amountMax: 1e12,
} as const;

export const CURRENCIES = ['CNY', 'HKD', 'MOP', 'TWD', 'USD', 'EUR', 'GBP', 'JPY'] as const;

/** Length as JSON Schema (and so the server) counts it: in Unicode code points, not UTF-16 units. */
export function textLength(text: string): number {
  return [...text].length;
}

function trimmed(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

/** The lines of the addresses box that hold something. */
export function splitTargetUrls(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export { isHttpUrl } from '../../../contracts/reports';

/** As the server checks it: a digit or `+` first, then digits, spaces, dashes or brackets. */
export function isPlausiblePhone(text: string): boolean {
  return REPORTER_PHONE_PATTERN.test(text.normalize('NFKC').trim());
}

/** A unified social credit code (统一社会信用代码, GB 32100-2015) with a correct check character. */
export function isValidUscc(input: string): boolean {
  return isValidCode(input.normalize('NFKC').trim().toUpperCase());
}

/** The media types a browser may report for a file the server accepts under another name. */
const TYPE_ALIASES: Record<string, string> = {
  'application/x-zip-compressed': 'application/zip',
  'application/x-zip': 'application/zip',
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'audio/mp3': 'audio/mpeg',
  'audio/x-mp3': 'audio/mpeg',
  'audio/wave': 'audio/wav',
  'audio/vnd.wave': 'audio/wav',
  'audio/x-aac': 'audio/aac',
  'video/avi': 'video/x-msvideo',
  'video/msvideo': 'video/x-msvideo',
  'video/x-m4v': 'video/mp4',
};

/** The `accept` attribute for the file picker: the allowed types and the names browsers use for them. */
export function acceptAttribute(allowedTypes: readonly string[]): string {
  const allowed = new Set(allowedTypes);
  const aliases = Object.entries(TYPE_ALIASES)
    .filter(([, canonical]) => allowed.has(canonical))
    .map(([alias]) => alias);
  return [...allowedTypes, ...aliases].join(',');
}

/**
 * Whether a file may be of an accepted type. The server decides from the content; the browser's
 * guess from the name is only used to refuse what is clearly not accepted. An unknown type passes.
 */
export function mayBeAllowedType(file: Pick<File, 'type'>, allowedTypes: readonly string[]): boolean {
  if (!file.type) return true;
  const type = file.type.toLowerCase().split(';')[0]!.trim();
  const canonical = TYPE_ALIASES[type] ?? type;
  return allowedTypes.some((allowed) => (allowed.endsWith('/*') ? canonical.startsWith(allowed.slice(0, -1)) : allowed === canonical));
}

/** What is wrong with the chosen evidence files, one problem per entry. */
export type EvidenceProblem =
  | { kind: 'tooMany'; limit: number }
  | { kind: 'tooLarge'; name: string; limitBytes: number }
  | { kind: 'empty'; name: string }
  | { kind: 'type'; name: string };

export function checkEvidence(files: readonly File[], limits: PublicConfig['evidence']): EvidenceProblem[] {
  const problems: EvidenceProblem[] = [];
  if (files.length > limits.maxFiles) problems.push({ kind: 'tooMany', limit: limits.maxFiles });
  for (const file of files) {
    if (file.size === 0) problems.push({ kind: 'empty', name: file.name });
    else if (file.size > limits.maxFileBytes) problems.push({ kind: 'tooLarge', name: file.name, limitBytes: limits.maxFileBytes });
    if (!mayBeAllowedType(file, limits.allowedTypes)) problems.push({ kind: 'type', name: file.name });
  }
  return problems;
}

/** The files behind the upload list (antd keeps the browser's File as `originFileObj`). */
export function evidenceFiles(list: readonly UploadFile[] | undefined): File[] {
  return (list ?? []).flatMap((item) => (item.originFileObj ? [item.originFileObj as File] : []));
}

/** Whether the reporter left any way to be contacted. */
export function hasContact(reporter: ReportFormValues['reporter']): boolean {
  return Boolean(trimmed(reporter.phone) || trimmed(reporter.email));
}

/**
 * The API body for validated form values. Empty optional fields are left out, an anonymous report
 * carries nothing about its reporter, and money is sent only when something about it was given.
 */
export function toSubmission(values: ReportFormValues): ReportSubmission {
  const submission: ReportSubmission = {
    category: values.category ?? 'other',
    description: (values.description ?? '').trim(),
    reporter: { anonymous: true },
  };
  const urls = splitTargetUrls(values.targetUrls);
  if (urls.length > 0) submission.targetUrls = urls;
  const platform = trimmed(values.platform);
  if (platform) submission.platform = platform;
  if (values.occurredAt) submission.occurredAt = values.occurredAt.toDate().toISOString();

  const amount = values.money?.amount;
  const channel = values.money?.channel;
  if ((amount !== undefined && amount !== null) || channel) {
    submission.money = {
      ...(amount !== undefined && amount !== null ? { amount, currency: values.money?.currency ?? 'CNY' } : {}),
      ...(channel ? { channel } : {}),
    };
  }

  const reporter = values.reporter;
  if (reporter.kind !== 'anonymous') {
    const named: NamedReporter = { anonymous: false, contactConsent: Boolean(reporter.contactConsent) };
    const name = trimmed(reporter.name);
    const phone = trimmed(reporter.phone);
    const email = trimmed(reporter.email);
    if (name) named.name = name;
    if (phone) named.phone = phone;
    if (email) named.email = email;
    if (reporter.kind === 'enterprise') {
      named.enterprise = {
        name: trimmed(reporter.enterprise?.name) ?? '',
        uscc: (reporter.enterprise?.uscc ?? '').normalize('NFKC').trim().toUpperCase(),
      };
    }
    submission.reporter = named;
  }
  return submission;
}
