import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_DEADLINE_POLICIES, type DeadlinePolicies, parseDeadlinePolicies } from './modules/cases/deadlines';
import { CHINA_HOLIDAYS, calendarWithEntries, type HolidayCalendar, parseHolidayEntries } from './modules/cases/holiday-calendar';
import { type EncryptionKeySettings, loadEncryptionKeys } from './security/encryption-keys';

/** Which storage engine a deployment runs on. */
export type DatabaseDialect = 'sqlite' | 'postgres';

/** The deployment's configuration, parsed and checked once at start-up. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };
  /** 32 bytes of key material from which every other key (HMAC, encryption) is derived. */
  secret: Buffer;
  /** True when the secret was generated and stored in the data folder on this start. */
  secretGenerated: boolean;
  logLevel: string;
  challenge: { enabled: boolean; maxNumber: number; expiresInSeconds: number };
  rateLimit: { enabled: boolean; reportsPerMinute: number; requestsPerMinute: number };
  /** Evidence uploads; `pdfFont` is the CJK font file for evidence-package summaries (`QINGLANG_PDF_FONT`), null to look for one. */
  evidence: { maxFiles: number; maxFileBytes: number; pdfFont: string | null };
  /** Trust X-Forwarded-For from a reverse proxy in front of the service. */
  trustProxy: boolean;
  /** Where the built web front end lives; served when present. */
  webDistDir: string;
  shutdownTimeoutMs: number;
  /** The address people reach the service at; invitation links are built from it. */
  publicUrl: string;
  /** Case deadlines per category (QINGLANG_DEADLINES, JSON); the defaults when unset. */
  deadlinePolicies: DeadlinePolicies;
  /** The holiday calendar: the national one plus the entries of the `QINGLANG_HOLIDAYS` file. Absent: the national one. */
  holidays?: HolidayCalendar;
  /** Staff sign-in sessions. */
  session: { idleMinutes: number; maxHours: number; cookieSecure: boolean; invitationHours: number };
  /** Data-encryption keys (reporter identities, TOTP seeds), from `QINGLANG_ENCRYPTION_KEYS` or the keys file. */
  encryption: EncryptionKeySettings;
  /** Correlation: a value with more occurrences than `hotThreshold` (`QINGLANG_HOT_INDICATOR_THRESHOLD`) counts but stops linking. */
  correlation?: { hotThreshold: number };
  /** Notification delivery from the outbox: e-mail over SMTP, signed webhooks. */
  notify: NotifySettings;
}

export interface NotifySettings {
  /** Whether this instance runs the background workers and intake's analysis threads (`QINGLANG_WORKERS`). */
  workers: boolean;
  /** How often an idle worker looks for due rows. */
  intervalMs: number;
  /** `smtp://user:pass@host:587` or `smtps://…`; null: e-mail rows are marked skipped. */
  smtpUrl: string | null;
  /** The From address of notification e-mail. */
  mailFrom: string;
  /** Let webhooks reach loopback and private addresses (tests, closed networks). */
  webhookAllowPrivate: boolean;
}

/** A configuration problem, listing every variable that is wrong so an operator fixes them in one go. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const SECRET_FILE = 'secret.key';

/**
 * Reads the configuration from the environment. Every problem is collected and reported together.
 * When `QINGLANG_SECRET` is absent a secret is generated once and kept in the data folder.
 */
export function loadConfig(env: Env = process.env, options: { cwd?: string } = {}): Config {
  const problems: string[] = [];
  const cwd = options.cwd ?? process.cwd();

  const port = parseInteger(env.PORT, 3000, 'PORT', 0, 65535, problems);
  const host = env.HOST?.trim() || '0.0.0.0';
  const dataDir = path.resolve(cwd, env.QINGLANG_DATA_DIR?.trim() || './data');

  let database: Config['database'] = { dialect: 'sqlite', file: path.join(dataDir, 'qinglang.sqlite') };
  const databaseUrl = env.DATABASE_URL?.trim();
  if (databaseUrl) {
    if (/^postgres(ql)?:\/\//i.test(databaseUrl)) {
      database = { dialect: 'postgres', url: databaseUrl };
    } else if (/^sqlite:/i.test(databaseUrl)) {
      const file = databaseUrl.replace(/^sqlite:(\/\/)?/i, '');
      database = { dialect: 'sqlite', file: file === ':memory:' ? file : path.resolve(cwd, file) };
    } else {
      problems.push('DATABASE_URL must start with postgres://, postgresql:// or sqlite:');
    }
  }

  const challenge = parseSwitch(env.QINGLANG_CHALLENGE, true, 'QINGLANG_CHALLENGE', problems);
  const rateLimitRaw = env.QINGLANG_RATE_LIMIT?.trim();
  let rateLimitEnabled = true;
  let reportsPerMinute = 10;
  if (rateLimitRaw) {
    if (/^(off|false|0)$/i.test(rateLimitRaw)) rateLimitEnabled = false;
    else if (/^(on|true)$/i.test(rateLimitRaw)) rateLimitEnabled = true;
    else reportsPerMinute = parseInteger(rateLimitRaw, 10, 'QINGLANG_RATE_LIMIT', 1, 1_000_000, problems);
  }
  const requestsPerMinute = parseInteger(env.QINGLANG_RATE_LIMIT_REQUESTS, 600, 'QINGLANG_RATE_LIMIT_REQUESTS', 1, 10_000_000, problems);

  const maxFiles = parseInteger(env.QINGLANG_EVIDENCE_MAX_FILES, 10, 'QINGLANG_EVIDENCE_MAX_FILES', 0, 100, problems);
  const maxFileMb = parseInteger(env.QINGLANG_EVIDENCE_MAX_MB, 20, 'QINGLANG_EVIDENCE_MAX_MB', 1, 1024, problems);
  const pdfFont = env.QINGLANG_PDF_FONT?.trim() ? path.resolve(cwd, env.QINGLANG_PDF_FONT.trim()) : null;
  if (pdfFont && !existsSync(pdfFont.replace(/#[^#/\\]*$/, '')))
    problems.push(`QINGLANG_PDF_FONT names a font file that does not exist: ${pdfFont} (a .ttf, .otf or .ttc with Chinese glyphs)`);
  const challengeMax = parseInteger(env.QINGLANG_CHALLENGE_MAX_NUMBER, 50_000, 'QINGLANG_CHALLENGE_MAX_NUMBER', 1000, 10_000_000, problems);
  const shutdownTimeoutMs = parseInteger(env.QINGLANG_SHUTDOWN_TIMEOUT_MS, 10_000, 'QINGLANG_SHUTDOWN_TIMEOUT_MS', 0, 600_000, problems);
  const hotThreshold = parseInteger(env.QINGLANG_HOT_INDICATOR_THRESHOLD, 1000, 'QINGLANG_HOT_INDICATOR_THRESHOLD', 1, 1_000_000, problems);
  const trustProxy = parseSwitch(env.QINGLANG_TRUST_PROXY, false, 'QINGLANG_TRUST_PROXY', problems);

  const idleMinutes = parseInteger(env.QINGLANG_SESSION_IDLE_MINUTES, 480, 'QINGLANG_SESSION_IDLE_MINUTES', 5, 7 * 24 * 60, problems);
  const maxHours = parseInteger(env.QINGLANG_SESSION_MAX_HOURS, 7 * 24, 'QINGLANG_SESSION_MAX_HOURS', 1, 90 * 24, problems);
  const invitationHours = parseInteger(env.QINGLANG_INVITATION_HOURS, 72, 'QINGLANG_INVITATION_HOURS', 1, 30 * 24, problems);
  const cookieSecure = parseSwitch(env.QINGLANG_COOKIE_SECURE, true, 'QINGLANG_COOKIE_SECURE', problems);
  let publicUrl = `http://localhost:${port}`;
  const publicUrlRaw = env.QINGLANG_PUBLIC_URL?.trim();
  if (publicUrlRaw) {
    try {
      const parsed = new URL(publicUrlRaw);
      if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
      publicUrl = parsed.origin + parsed.pathname.replace(/\/+$/, '');
    } catch {
      problems.push(`QINGLANG_PUBLIC_URL must be an http:// or https:// address (got "${publicUrlRaw}")`);
    }
  }

  let deadlinePolicies = DEFAULT_DEADLINE_POLICIES;
  const deadlinesRaw = env.QINGLANG_DEADLINES?.trim();
  if (deadlinesRaw) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(deadlinesRaw);
    } catch {
      problems.push('QINGLANG_DEADLINES must be JSON, e.g. {"online_extortion":{"concludeWorkingDays":3}}');
    }
    if (parsed !== undefined) {
      const result = parseDeadlinePolicies(parsed);
      if (result.ok) deadlinePolicies = result.policies;
      else for (const p of result.problems) problems.push(`QINGLANG_DEADLINES${p.path ? `.${p.path}` : ''} ${p.message}`);
    }
  }

  let holidays: HolidayCalendar = CHINA_HOLIDAYS;
  const holidaysFile = env.QINGLANG_HOLIDAYS?.trim();
  if (holidaysFile) {
    const file = path.resolve(options.cwd ?? process.cwd(), holidaysFile);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read as JSON';
      problems.push(
        `QINGLANG_HOLIDAYS names a file that ${reason}: ${file} (a JSON array of {"date": "YYYY-MM-DD", "kind": "holiday" | "workday"})`,
      );
    }
    if (parsed !== undefined) {
      const result = parseHolidayEntries(parsed);
      if (result.ok) holidays = calendarWithEntries(CHINA_HOLIDAYS, result.entries);
      else
        for (const problem of result.problems) problems.push(`QINGLANG_HOLIDAYS (${file})${problem.startsWith('[') ? '' : ' '}${problem}`);
    }
  }

  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    problems.push('LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent');
  }

  let secret: Buffer | undefined;
  let secretGenerated = false;
  const secretRaw = env.QINGLANG_SECRET?.trim();
  if (secretRaw) {
    if (secretRaw.length < 32) problems.push('QINGLANG_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`)');
    else secret = Buffer.from(secretRaw, 'utf8');
  }

  const encryption = loadEncryptionKeys(env.QINGLANG_ENCRYPTION_KEYS, dataDir, problems);
  const notify = parseNotifySettings(env, publicUrl, problems);

  if (problems.length > 0) throw new ConfigError(problems);

  if (!secret) {
    const stored = readOrCreateSecret(dataDir);
    secret = stored.secret;
    secretGenerated = stored.created;
  }

  return {
    port,
    host,
    dataDir,
    database,
    secret,
    secretGenerated,
    logLevel,
    challenge: { enabled: challenge, maxNumber: challengeMax, expiresInSeconds: 600 },
    rateLimit: { enabled: rateLimitEnabled, reportsPerMinute, requestsPerMinute },
    evidence: { maxFiles, maxFileBytes: maxFileMb * 1024 * 1024, pdfFont },
    trustProxy,
    webDistDir: path.resolve(cwd, env.QINGLANG_WEB_DIST?.trim() || 'dist/web'),
    shutdownTimeoutMs,
    publicUrl,
    deadlinePolicies,
    holidays,
    session: { idleMinutes, maxHours, cookieSecure, invitationHours },
    encryption,
    notify,
    correlation: { hotThreshold },
  };
}

function parseNotifySettings(env: Env, publicUrl: string, problems: string[]): NotifySettings {
  const workers = parseSwitch(env.QINGLANG_WORKERS, true, 'QINGLANG_WORKERS', problems);
  const intervalMs = parseInteger(env.QINGLANG_WORKER_INTERVAL_MS, 2000, 'QINGLANG_WORKER_INTERVAL_MS', 50, 600_000, problems);
  const webhookAllowPrivate = parseSwitch(env.QINGLANG_WEBHOOK_ALLOW_PRIVATE, false, 'QINGLANG_WEBHOOK_ALLOW_PRIVATE', problems);
  let smtpUrl: string | null = null;
  const smtpRaw = env.QINGLANG_SMTP_URL?.trim();
  if (smtpRaw) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(smtpRaw);
    } catch {
      parsed = undefined;
    }
    // The URL carries the SMTP password: never echo it back.
    if (!parsed || (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') || !parsed.hostname)
      problems.push('QINGLANG_SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465');
    else smtpUrl = smtpRaw;
  }
  const mailFrom = env.QINGLANG_MAIL_FROM?.trim() || `Qinglang <noreply@${new URL(publicUrl).hostname}>`;
  if (!/^(?:[^<>]*<)?[^\s@<>]+@[^\s@<>]+>?$/.test(mailFrom))
    problems.push(
      `QINGLANG_MAIL_FROM must be an e-mail address, optionally with a name: "Qinglang <noreply@example.cn>" (got "${mailFrom}")`,
    );
  return { workers, intervalMs, smtpUrl, mailFrom, webhookAllowPrivate };
}

function readOrCreateSecret(dataDir: string): { secret: Buffer; created: boolean } {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, SECRET_FILE);
  if (existsSync(file)) {
    const text = readFileSync(file, 'utf8').trim();
    if (text.length >= 32) return { secret: Buffer.from(text, 'utf8'), created: false };
  }
  const text = randomBytes(32).toString('hex');
  writeFileSync(file, `${text}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secret: Buffer.from(text, 'utf8'), created: true };
}

function parseInteger(raw: string | undefined, fallback: number, name: string, min: number, max: number, problems: string[]): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw.trim());
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

function parseSwitch(raw: string | undefined, fallback: boolean, name: string, problems: string[]): boolean {
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(value)) return true;
  if (['off', 'false', '0', 'no'].includes(value)) return false;
  problems.push(`${name} must be "on" or "off" (got "${raw}")`);
  return fallback;
}
