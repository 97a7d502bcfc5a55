import type { Kysely, Transaction } from 'kysely';
import { isHttpUrl } from '../../../contracts/reports';
import { isValidUscc } from '../../../contracts/uscc';
import type { DatabaseDialect } from '../../config';
import type { Database } from '../../db/schema';
import { inTransaction } from '../../http/idempotency';
import { type FieldProblem, ProblemError } from '../../http/problem';
import { uuidv7 } from '../../lib/ids';
import type { KeyRing } from '../../security/keys';
import { reporterIdentityContext } from '../../security/sealed-columns';
import { appendAuditEvents } from '../audit/audit.repository';
import { type Actor, auditActor } from '../auth/principal';
import { extractIndicators } from '../indicators/extract';
import { normalizeNationalId } from '../indicators/national-id';
import { normalizeIndicator } from '../indicators/normalize';
import { reportBatchWriter } from '../intake/reports.service';
import { generateAccessKey, generateTrackingCode } from '../intake/tracking-code';
import * as protectionRepo from '../protection/protection.repository';
import { decideVerification, nameKey } from '../protection/verification';
import type { AdmissibilityCriterion } from '../rules/admissibility';
import * as rulesRepo from '../rules/rules.repository';
import { beijingDate } from '../cases/deadlines';
import { minhashSignature } from '../similarity/minhash';
import { type RequestFacts, compliancePeriod, evaluateCompliance } from './compliance';
import {
  AUTO_REFER,
  HIGH_RISK,
  CONTACT_CHANNELS,
  type ContactChannel,
  type DeletionAction,
  type DeletionChannel,
  type DeletionStatus,
  REQUESTER_KINDS,
  REQUESTER_KIND_WORDS_ZH,
  CONTACT_CHANNEL_WORDS_ZH,
  REVIEW_STEPS,
  type RequesterKind,
  type ReviewStep,
  type Signal,
  deletionSignals,
  fourEyesAllows,
  nextReviewStep,
  reviewerSignal,
  receivedBetween,
  riskScore,
  transition,
} from './deletion-requests';
import { platformsPolicy, regionPrefix } from './platforms.policy';
import * as repo from './platforms.repository';

/** A deletion request as a website records it (workbench, API or one row of an import). */
export interface DeletionRequestInput {
  requesterKind: RequesterKind;
  requesterName: string;
  requesterContact?: string | undefined;
  /** How the requester reached the website. */
  contactChannel?: ContactChannel | undefined;
  /** Shown by the requester to prove who they are; used for the registry check, never stored. */
  requesterIdNumber?: string | undefined;
  requesterPhone?: string | undefined;
  principalName?: string | undefined;
  principalUscc?: string | undefined;
  authorizationDocument?: string | undefined;
  targetUrls: string[];
  reason: string;
  legalBasisCited?: string | undefined;
  money?: string | undefined;
}

export interface ReviewInput {
  step: ReviewStep;
  passed: boolean;
  answers: { criterionId: string; met: boolean; note?: string | undefined }[];
  note?: string | undefined;
}

export interface DecisionInput {
  decision: 'approve' | 'reject';
  provisionCodes: string[];
  note?: string | undefined;
}

export interface ListQuery {
  scope: 'website' | 'region';
  status?: string[] | undefined;
  requesterKind?: string[] | undefined;
  requesterName?: string | undefined;
  minRisk?: number | undefined;
  /** Received on or after this day (`YYYY-MM-DD`, China Standard Time). */
  receivedFrom?: string | undefined;
  /** Received on or before this day (`YYYY-MM-DD`, China Standard Time). */
  receivedTo?: string | undefined;
  before?: string | undefined;
  limit?: number | undefined;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const MAX_IMPORT_ROWS = 1000;
const LIMITS = { name: 200, text: 5000, url: 2048, urls: 50, short: 500 };

/** Checks one request's fields (also each imported row); `prefix` names the row (`rows.3.`). */
export function checkRequestInput(raw: unknown, prefix = ''): { input: DeletionRequestInput | null; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { input: null, problems: [{ field: prefix.replace(/\.$/, '') || 'body', key: 'invalid' }] };
  const record = raw as Record<string, unknown>;
  const text = (field: string, required: boolean, max: number): string | undefined => {
    const value = record[field];
    if (value === undefined || value === null || value === '') {
      if (required) problems.push({ field: `${prefix}${field}`, key: 'required' });
      return undefined;
    }
    if (typeof value !== 'string') {
      problems.push({ field: `${prefix}${field}`, key: 'type', params: { type: 'string' } });
      return undefined;
    }
    const trimmed = value.trim();
    if (required && trimmed.length === 0) problems.push({ field: `${prefix}${field}`, key: 'required' });
    if (trimmed.length > max) problems.push({ field: `${prefix}${field}`, key: 'maxLength', params: { limit: max } });
    return trimmed || undefined;
  };
  const kind = record.requesterKind;
  if (typeof kind !== 'string' || !(REQUESTER_KINDS as readonly string[]).includes(kind))
    problems.push({ field: `${prefix}requesterKind`, key: 'enum', params: { allowed: REQUESTER_KINDS.join(', ') } });
  const contactChannel = text('contactChannel', false, LIMITS.name);
  if (contactChannel !== undefined && !(CONTACT_CHANNELS as readonly string[]).includes(contactChannel))
    problems.push({ field: `${prefix}contactChannel`, key: 'enum', params: { allowed: CONTACT_CHANNELS.join(', ') } });
  const requesterName = text('requesterName', true, LIMITS.name);
  const reason = text('reason', true, LIMITS.text);
  const principalUscc = text('principalUscc', false, 18)?.toUpperCase();
  if (principalUscc !== undefined && !isValidUscc(principalUscc)) problems.push({ field: `${prefix}principalUscc`, key: 'uscc' });
  const principalName = text('principalName', false, LIMITS.name);
  if (principalUscc !== undefined && principalName === undefined) problems.push({ field: `${prefix}principalName`, key: 'required' });
  const idNumber = text('requesterIdNumber', false, 32);
  if (idNumber !== undefined && !normalizeNationalId(idNumber)) problems.push({ field: `${prefix}requesterIdNumber`, key: 'nationalId' });
  const phone = text('requesterPhone', false, 32);
  if (phone !== undefined && !normalizeIndicator('phone', phone)) problems.push({ field: `${prefix}requesterPhone`, key: 'phone' });
  let targetUrls: string[] = [];
  const urls = record.targetUrls;
  if (!Array.isArray(urls) || urls.length === 0) problems.push({ field: `${prefix}targetUrls`, key: 'minItems', params: { limit: 1 } });
  else if (urls.length > LIMITS.urls) problems.push({ field: `${prefix}targetUrls`, key: 'maxItems', params: { limit: LIMITS.urls } });
  else {
    targetUrls = urls.map((u, i) => {
      const url = typeof u === 'string' ? u.trim() : '';
      if (!isHttpUrl(url) || url.length > LIMITS.url) problems.push({ field: `${prefix}targetUrls.${i}`, key: 'url' });
      return url;
    });
  }
  const input: DeletionRequestInput = {
    requesterKind: kind as RequesterKind,
    requesterName: requesterName ?? '',
    requesterContact: text('requesterContact', false, LIMITS.short),
    contactChannel: contactChannel as ContactChannel | undefined,
    requesterIdNumber: idNumber,
    requesterPhone: phone,
    principalName,
    principalUscc,
    authorizationDocument: text('authorizationDocument', false, LIMITS.text),
    targetUrls,
    reason: reason ?? '',
    legalBasisCited: text('legalBasisCited', false, LIMITS.text),
    money: text('money', false, LIMITS.short),
  };
  return { input: problems.length === 0 ? input : null, problems };
}

/** Splits CSV text (RFC 4180: quotes, doubled quotes, CRLF) into records of the header's columns. */
export function parseCsv(text: string): Record<string, string>[] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const source = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  const nonEmpty = rows.filter((r) => r.some((c) => c.trim() !== ''));
  const [header, ...body] = nonEmpty;
  if (!header) return [];
  const names = header.map((h) => h.trim());
  return body.map((cells) => Object.fromEntries(names.map((name, i) => [name, cells[i] ?? ''])));
}

/** A CSV record as the JSON a row would be: target URLs separated by spaces, new lines or `|`. */
function csvRecordToRow(record: Record<string, string>): Record<string, unknown> {
  const { targetUrls, ...rest } = record;
  return {
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v.trim() !== '')),
    targetUrls: (targetUrls ?? '').split(/[\s|]+/).filter((u) => u !== ''),
  };
}

export interface PlatformsDeps {
  db: Kysely<Database>;
  dialect: DatabaseDialect;
  keys: KeyRing;
  /** Keyed hash of a normalized identifier, the same the protection registry stores. */
  hashIdentifier: (type: 'national_id' | 'phone', normalized: string) => string;
  now?: () => Date;
}

/**
 * Deletion requests at websites (mechanism 6): the log, the admissibility review with four eyes,
 * signals of paid deletion, and referral of a high-risk request to the triage queue as a clue.
 */
export class PlatformsService {
  constructor(private readonly deps: PlatformsDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private async audit(trx: Kysely<Database>, actor: Actor, action: string, objectId: string, summary: object, at: string) {
    await appendAuditEvents(trx, this.deps.dialect, [
      { ...auditActor(actor), action, objectType: 'deletion_request', objectId, occurredAt: at, summary: { ...summary } },
    ]);
  }

  private async event(
    trx: Kysely<Database>,
    actor: Actor,
    requestId: string,
    action: string,
    from: string | null,
    to: string,
    note: string | null,
    at: string,
  ) {
    const who = auditActor(actor);
    await repo.insertEvent(trx, {
      id: uuidv7(),
      request_id: requestId,
      action,
      from_status: from,
      to_status: to,
      actor_type: who.actorType,
      actor_id: who.actorId,
      note,
      occurred_at: at,
    });
  }

  private async actorRegion(db: Kysely<Database>, actor: Actor): Promise<string | null> {
    if (actor.kind !== 'user') return null;
    const org = await db.selectFrom('organizations').select('region_code').where('id', '=', actor.orgId).executeTakeFirst();
    return org?.region_code ?? null;
  }

  private async readable(db: Kysely<Database>, actor: Actor, id: string): Promise<repo.RequestWithWebsite> {
    const found = await repo.findRequest(db, id);
    const website = found && {
      websiteOrgId: found.website_org_id,
      websitePath: found.website_path,
      websiteRegionCode: found.website_region_code,
    };
    if (!found || !website || !platformsPolicy.reads(actor, website, await this.actorRegion(db, actor)))
      throw new ProblemError('not_found');
    return found;
  }

  /** The website the actor files for, or 403. */
  private websiteOf(actor: Actor): string {
    if ((actor.kind === 'user' || actor.kind === 'token') && platformsPolicy.creates(actor, actor.orgId)) return actor.orgId;
    throw new ProblemError('forbidden');
  }

  /** Records a request; in `within` when given (an idempotent request's transaction). */
  async create(actor: Actor, raw: DeletionRequestInput, within?: Kysely<Database>) {
    const websiteOrgId = this.websiteOf(actor);
    const { input, problems } = checkRequestInput(raw);
    if (!input) throw new ProblemError('validation', { fields: problems });
    const channel: DeletionChannel = actor.kind === 'token' ? 'api' : 'workbench';
    const id = await inTransaction(this.deps.db, within, (trx) => this.store(trx, actor, websiteOrgId, input, channel));
    return this.get(actor, id, within);
  }

  /**
   * Imports rows (parsed JSON objects, or CSV text with a header row). All or nothing: when any row
   * is invalid nothing is stored and the answer lists every problem by row (`rows.<n>.<field>`, n
   * from 0); otherwise every row is stored in one transaction. The work is synchronous and bounded
   * (1000 rows), so the answer itself is the progress report.
   */
  async importRequests(actor: Actor, source: { rows?: unknown[] | undefined; csv?: string | undefined }) {
    const websiteOrgId = this.websiteOf(actor);
    const rows: unknown[] = source.rows ?? (source.csv !== undefined ? parseCsv(source.csv).map(csvRecordToRow) : []);
    if (rows.length === 0) throw new ProblemError('validation', { fields: [{ field: 'rows', key: 'minItems', params: { limit: 1 } }] });
    if (rows.length > MAX_IMPORT_ROWS)
      throw new ProblemError('validation', { fields: [{ field: 'rows', key: 'maxItems', params: { limit: MAX_IMPORT_ROWS } }] });
    const checked = rows.map((row, i) => checkRequestInput(row, `rows.${i}.`));
    const problems = checked.flatMap((c) => c.problems);
    if (problems.length > 0) throw new ProblemError('validation', { fields: problems });
    const ids = await this.deps.db.transaction().execute(async (trx) => {
      const stored: string[] = [];
      for (const { input } of checked) stored.push(await this.store(trx, actor, websiteOrgId, input!, 'import'));
      return stored;
    });
    return { total: rows.length, stored: ids.length, ids };
  }

  private async store(
    trx: Kysely<Database>,
    actor: Actor,
    websiteOrgId: string,
    input: DeletionRequestInput,
    channel: DeletionChannel,
  ): Promise<string> {
    const now = this.now();
    const at = now.toISOString();
    const id = uuidv7();
    const requesterKey = nameKey(input.requesterName);
    const authority = input.principalUscc ? await this.authority(trx, input) : null;
    const who = auditActor(actor);
    await repo.insertRequest(trx, {
      id,
      website_org_id: websiteOrgId,
      channel,
      contact_channel: input.contactChannel ?? null,
      requester_kind: input.requesterKind,
      requester_name: input.requesterName,
      requester_key: requesterKey,
      requester_contact: input.requesterContact ?? null,
      principal_name: input.principalName ?? null,
      principal_uscc: input.principalUscc ?? null,
      authority_answer: authority,
      authorization_document: input.authorizationDocument ?? null,
      target_urls: JSON.stringify(input.targetUrls),
      reason: input.reason,
      legal_basis_cited: input.legalBasisCited ?? null,
      money: input.money ?? null,
      status: 'received',
      risk_score: 0,
      decision_provisions: '[]',
      created_by_type: who.actorType,
      created_by: who.actorId,
      received_at: at,
      updated_at: at,
    });
    const counts = await repo.requesterCounts(trx, requesterKey, websiteOrgId, new Date(now.getTime() - 30 * DAY_MS).toISOString());
    const signals = deletionSignals(
      {
        requesterKind: input.requesterKind,
        authority,
        principalName: input.principalName ?? null,
        money: input.money ?? null,
        reason: input.reason,
        legalBasisCited: input.legalBasisCited ?? null,
      },
      { requesterAtWebsite: counts.atWebsite, requesterWebsites: counts.websites },
    );
    const score = riskScore(signals);
    await repo.insertSignals(
      trx,
      signals.map((s) => signalRow(id, s, at)),
    );
    await repo.updateRequest(trx, id, 'received', { risk_score: score });
    await repo.insertIndicators(
      trx,
      requestIndicators(input).map((i) => ({ ...i, subject_id: id, created_at: at })),
    );
    await this.event(trx, actor, id, 'received', null, 'received', null, at);
    await this.audit(
      trx,
      actor,
      'deletion_request.received',
      id,
      {
        channel,
        contactChannel: input.contactChannel ?? null,
        requesterKind: input.requesterKind,
        authority,
        riskScore: score,
        signals: signals.map((s) => s.code),
      },
      at,
    );
    if (score >= AUTO_REFER) {
      const found = (await repo.findRequest(trx, id))!;
      await this.referInside(trx, actor, found, 'rule', at);
    }
    return id;
  }

  /** The protection registry's answer for the enterprise named: the same rule as `ProtectionService.verify`. */
  private async authority(trx: Kysely<Database>, input: DeletionRequestInput): Promise<'yes' | 'no' | 'unknown'> {
    const enterprises = await protectionRepo.findEnterprisesByUscc(trx, input.principalUscc!);
    const representatives =
      enterprises.length === 0
        ? null
        : (
            await protectionRepo.listRepresentatives(
              trx,
              enterprises.map((e) => e.id),
              true,
            )
          ).map((r) => ({
            nameKey: r.name_key,
            idHash: r.id_hash,
            phoneHash: r.phone_hash,
            status: r.status,
            validUntil: r.valid_until,
          }));
    const idNumber = input.requesterIdNumber ? normalizeNationalId(input.requesterIdNumber) : null;
    const phone = input.requesterPhone ? normalizeIndicator('phone', input.requesterPhone) : null;
    return decideVerification(
      representatives,
      {
        nameKey: nameKey(input.requesterName),
        idHash: idNumber ? this.deps.hashIdentifier('national_id', idNumber) : null,
        phoneHash: phone ? this.deps.hashIdentifier('phone', phone) : null,
      },
      beijingDate(this.now()),
    );
  }

  /** One request with its signals, review steps, timeline and the actions open to the actor. */
  async get(actor: Actor, id: string, within?: Kysely<Database>) {
    const db = within ?? this.deps.db;
    const found = await this.readable(db, actor, id);
    const [signals, reviews, events, criteria] = await Promise.all([
      repo.listSignals(db, [id]),
      repo.listReviews(db, id),
      repo.listEvents(db, id),
      rulesRepo.latestCriteria(db),
    ]);
    return {
      request: found,
      signals,
      reviews,
      events,
      actions: this.actionsFor(actor, found, reviews),
      criteriaVersion: criteria?.version ?? null,
    };
  }

  private actionsFor(
    actor: Actor,
    found: repo.RequestWithWebsite,
    reviews: { step: string; passed: number; reviewer_id: string | null }[],
  ): DeletionAction[] {
    if (!platformsPolicy.works(actor, found.website_org_id)) return [];
    const status = found.status as DeletionStatus;
    const out: DeletionAction[] = [];
    if (nextReviewStep(status)) out.push('review');
    if (
      transition(status, 'approve') &&
      actor.kind === 'user' &&
      reviews.every((r) => Number(r.passed) === 1) &&
      fourEyesAllows(
        actor.userId,
        reviews.map((r) => ({ step: r.step as ReviewStep, reviewerId: r.reviewer_id })),
      )
    )
      out.push('approve');
    if (transition(status, 'reject')) out.push('reject');
    if (transition(status, 'execute')) out.push('execute');
    if (found.referred_report_id === null) out.push('refer');
    return out;
  }

  /** The websites a listing covers: the actor's own, or those of its region (agencies above them, supervisors of the region). */
  private async scopeFilter(
    actor: Actor,
    scope: 'website' | 'region',
  ): Promise<Pick<repo.ListFilter, 'websiteOrgId' | 'underPath' | 'regionPrefix'>> {
    if (scope === 'website') return { websiteOrgId: this.websiteOf(actor) };
    if (actor.kind !== 'user' || !platformsPolicy.regional(actor)) throw new ProblemError('forbidden');
    const region = actor.roles.includes('supervisor') ? await this.actorRegion(this.deps.db, actor) : null;
    return { underPath: actor.orgPath, ...(region ? { regionPrefix: regionPrefix(region) } : {}) };
  }

  async list(actor: Actor, query: ListQuery) {
    const limit = Math.min(Math.max(query.limit ?? 50, 1), 200);
    const scope = await this.scopeFilter(actor, query.scope);
    const received = receivedBetween(query.receivedFrom, query.receivedTo);
    if ('problem' in received)
      throw new ProblemError('validation', {
        fields: [
          received.problem === 'order'
            ? { field: 'receivedTo', key: 'dateRangeOrder' }
            : { field: received.problem, key: 'format', params: { format: 'YYYY-MM-DD' } },
        ],
      });
    const filter = {
      ...scope,
      ...(received.since !== undefined ? { receivedSince: received.since } : {}),
      ...(received.until !== undefined ? { receivedUntil: received.until } : {}),
      ...(query.requesterKind?.length ? { requesterKind: query.requesterKind } : {}),
      ...(query.requesterName?.trim() ? { requesterKey: nameKey(query.requesterName) } : {}),
      ...(query.minRisk !== undefined ? { minRisk: query.minRisk } : {}),
    };
    const rows = await repo.listRequests(this.deps.db, {
      ...filter,
      ...(query.status?.length ? { status: query.status } : {}),
      ...(query.before ? { before: query.before } : {}),
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    const signals = await repo.listSignals(
      this.deps.db,
      page.map((r) => r.id),
    );
    const counts = await repo.countByStatus(this.deps.db, filter);
    return { items: page, signals, counts, nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null };
  }

  /** Records one review step with an answer per criterion of the criteria version in force. */
  async review(actor: Actor, id: string, input: ReviewInput) {
    await this.deps.db.transaction().execute(async (trx) => {
      const found = await this.readable(trx, actor, id);
      if (actor.kind !== 'user' || !platformsPolicy.works(actor, found.website_org_id)) throw new ProblemError('forbidden');
      const to = transition(found.status as DeletionStatus, 'review', input.step);
      if (!to)
        throw new ProblemError('conflict', { fields: [{ field: 'step', key: 'deletionStepOutOfOrder', params: { step: input.step } }] });
      const latest = await rulesRepo.latestCriteria(trx);
      const criteria = latest ? (JSON.parse(latest.criteria) as AdmissibilityCriterion[]).filter((c) => c.step === input.step) : [];
      const problems: FieldProblem[] = [];
      const answered = new Map<string, boolean>();
      input.answers.forEach((a, i) => {
        if (!criteria.some((c) => c.id === a.criterionId)) problems.push({ field: `answers.${i}.criterionId`, key: 'invalid' });
        else if (answered.has(a.criterionId)) problems.push({ field: `answers.${i}.criterionId`, key: 'uniqueItems' });
        answered.set(a.criterionId, a.met);
      });
      for (const c of criteria)
        if (!answered.has(c.id)) problems.push({ field: 'answers', key: 'deletionCriterionUnanswered', params: { id: c.id } });
      if (input.passed && criteria.some((c) => c.required && answered.get(c.id) === false))
        problems.push({ field: 'passed', key: 'deletionRequiredCriterionUnmet' });
      if (problems.length > 0) throw new ProblemError('validation', { fields: problems });
      const at = this.now().toISOString();
      await repo.insertReview(trx, {
        id: uuidv7(),
        request_id: id,
        step: input.step,
        passed: input.passed ? 1 : 0,
        criteria_version: latest?.version ?? null,
        answers: JSON.stringify(input.answers.map((a) => ({ criterionId: a.criterionId, met: a.met, note: a.note ?? null }))),
        note: input.note ?? null,
        reviewer_id: actor.userId,
        reviewed_at: at,
      });
      if ((await repo.updateRequest(trx, id, found.status, { status: to, updated_at: at })) !== 1) throw new ProblemError('conflict');
      await this.event(trx, actor, id, `review.${input.step}`, found.status, to, input.note ?? null, at);
      await this.audit(
        trx,
        actor,
        'deletion_request.reviewed',
        id,
        { step: input.step, passed: input.passed, criteriaVersion: latest?.version ?? null },
        at,
      );
    });
    return this.get(actor, id);
  }

  /** Approves or rejects, citing provisions; an approval needs a second person (four eyes). */
  async decide(actor: Actor, id: string, input: DecisionInput) {
    await this.deps.db.transaction().execute(async (trx) => {
      const found = await this.readable(trx, actor, id);
      if (actor.kind !== 'user' || !platformsPolicy.works(actor, found.website_org_id)) throw new ProblemError('forbidden');
      const to = transition(found.status as DeletionStatus, input.decision);
      if (!to) throw new ProblemError('conflict');
      const known = await rulesRepo.knownProvisionCodes(trx);
      const problems: FieldProblem[] = [];
      const codes = [...new Set(input.provisionCodes.map((c) => c.trim()))];
      if (codes.length === 0) problems.push({ field: 'provisionCodes', key: 'minItems', params: { limit: 1 } });
      codes.forEach((code, i) => {
        if (!known.has(code)) problems.push({ field: `provisionCodes.${i}`, key: 'unknownProvision', params: { code } });
      });
      if (problems.length > 0) throw new ProblemError('validation', { fields: problems });
      const reviews = await repo.listReviews(trx, id);
      const now = this.now();
      const at = now.toISOString();
      if (input.decision === 'approve') {
        if (
          !fourEyesAllows(
            actor.userId,
            reviews.map((r) => ({ step: r.step as ReviewStep, reviewerId: r.reviewer_id })),
          )
        )
          throw new ProblemError('forbidden', { fields: [{ field: 'decision', key: 'deletionFourEyes' }] });
        if (REVIEW_STEPS.some((step) => !reviews.some((r) => r.step === step && Number(r.passed) === 1)))
          throw new ProblemError('conflict', { fields: [{ field: 'decision', key: 'deletionStepFailed' }] });
        const approvals = (await repo.approvalsSince(trx, actor.userId, new Date(now.getTime() - 7 * DAY_MS).toISOString())) + 1;
        const signal = reviewerSignal({ requesterAtWebsite: 0, requesterWebsites: 0, approverApprovals: approvals });
        if (signal) {
          await repo.insertSignals(trx, [signalRow(id, signal, at)]);
          const all = await repo.listSignals(trx, [id]);
          await repo.updateRequest(trx, id, found.status, { risk_score: riskScore(all.map(signalOf)) });
        }
      }
      const changed = await repo.updateRequest(trx, id, found.status, {
        status: to,
        decision_provisions: JSON.stringify(codes),
        decision_note: input.note ?? null,
        decided_by: actor.userId,
        decided_at: at,
        updated_at: at,
      });
      if (changed !== 1) throw new ProblemError('conflict');
      await this.event(trx, actor, id, input.decision, found.status, to, input.note ?? null, at);
      await this.audit(
        trx,
        actor,
        `deletion_request.${input.decision === 'approve' ? 'approved' : 'rejected'}`,
        id,
        { provisionCodes: codes },
        at,
      );
    });
    return this.get(actor, id);
  }

  /** Records that the approved deletion was carried out. */
  async execute(actor: Actor, id: string, input: { note?: string | undefined }) {
    await this.deps.db.transaction().execute(async (trx) => {
      const found = await this.readable(trx, actor, id);
      if (!platformsPolicy.works(actor, found.website_org_id)) throw new ProblemError('forbidden');
      const to = transition(found.status as DeletionStatus, 'execute');
      if (!to) throw new ProblemError('conflict');
      const at = this.now().toISOString();
      if (
        (await repo.updateRequest(trx, id, found.status, {
          status: to,
          executed_at: at,
          execution_note: input.note ?? null,
          updated_at: at,
        })) !== 1
      )
        throw new ProblemError('conflict');
      await this.event(trx, actor, id, 'execute', found.status, to, input.note ?? null, at);
      await this.audit(trx, actor, 'deletion_request.executed', id, {}, at);
    });
    return this.get(actor, id);
  }

  /** Refers the request to the reporting centre as a clue: a paid-deletion report in the triage queue, in the same transaction. */
  async refer(actor: Actor, id: string, input: { note?: string | undefined }) {
    await this.deps.db.transaction().execute(async (trx) => {
      const found = await this.readable(trx, actor, id);
      if (!platformsPolicy.works(actor, found.website_org_id)) throw new ProblemError('forbidden');
      if (found.referred_report_id !== null)
        throw new ProblemError('conflict', { fields: [{ field: 'id', key: 'deletionAlreadyReferred' }] });
      await this.referInside(trx, actor, found, input.note ?? null, this.now().toISOString());
    });
    return this.get(actor, id);
  }

  private async referInside(trx: Kysely<Database>, actor: Actor, found: repo.RequestWithWebsite, note: string | null, at: string) {
    const signals = await repo.listSignals(trx, [found.id]);
    const urls = JSON.parse(found.target_urls) as string[];
    const description = [
      `网站“${found.website_name}”收到的删帖请求疑似有偿删帖（风险分 ${found.risk_score}），由网站移送。`,
      `请求人（${REQUESTER_KIND_WORDS_ZH[found.requester_kind as RequesterKind] ?? found.requester_kind}）：${found.requester_name}${found.requester_contact ? `，联系方式：${found.requester_contact}` : ''}`,
      ...(found.contact_channel
        ? [`请求途径：${CONTACT_CHANNEL_WORDS_ZH[found.contact_channel as ContactChannel] ?? found.contact_channel}`]
        : []),
      ...(found.principal_name ? [`所称委托方：${found.principal_name}${found.principal_uscc ? `（${found.principal_uscc}）` : ''}`] : []),
      `理由：${found.reason}`,
      ...(found.legal_basis_cited ? [`所引法律依据：${found.legal_basis_cited}`] : []),
      ...(found.money ? [`提及金额：${found.money}`] : []),
      ...signals.map((s) => `信号：${s.words_zh}`),
      ...(note && note !== 'rule' ? [`移送说明：${note}`] : []),
      `删帖请求：/workbench/deletion-requests/${found.id}`,
    ].join('\n');
    const reportId = uuidv7();
    const org = await trx
      .selectFrom('organizations')
      .select(['name', 'uscc'])
      .where('id', '=', found.website_org_id)
      .executeTakeFirstOrThrow();
    const identity = { name: org.name, ...(org.uscc ? { enterprise: { name: org.name, uscc: org.uscc } } : {}) };
    const outcomes = await reportBatchWriter(this.deps.dialect)(trx as Transaction<Database>, [
      {
        report: {
          id: reportId,
          tracking_code: generateTrackingCode(),
          access_key_hash: this.deps.keys.keyedHash('access-key-hash', generateAccessKey()),
          category: 'paid_deletion',
          status: 'received',
          description,
          platform: found.website_name,
          occurred_at: toIso(found.received_at),
          target_urls: JSON.stringify(urls),
          money_amount: null,
          money_currency: null,
          money_channel: null,
          reporter_kind: 'enterprise',
          reporter_sealed: this.deps.keys.sealing.seal(identity, reporterIdentityContext(reportId)),
          contact_consent: 0,
          locale: 'zh-CN',
          result_code: null,
          result_note: null,
          received_at: at,
          updated_at: at,
          // A clue the website referred, not a report of the public: triage and the audit log say so.
          source: 'website',
        },
        // The audit event names who referred it, not "the public".
        actor: auditActor(actor),
        eventId: uuidv7(),
        evidence: [],
        indicators: requestIndicators({
          reason: found.reason,
          requesterContact: found.requester_contact ?? undefined,
          targetUrls: urls,
        }).map((i) => ({ ...i })),
        nearDuplicateSignature: minhashSignature(description),
        challenge: null,
      },
    ]);
    if (outcomes[0] !== 'stored') throw new Error('The referral report was not stored');
    if ((await repo.setReferredReport(trx, found.id, reportId, at)) !== 1) throw new ProblemError('conflict');
    await this.event(
      trx,
      actor,
      found.id,
      note === 'rule' ? 'referred_by_rule' : 'referred',
      found.status,
      found.status,
      note === 'rule' ? null : note,
      at,
    );
    await this.audit(trx, actor, 'deletion_request.referred', found.id, { reportId, byRule: note === 'rule' }, at);
  }

  /**
   * Compliance evaluation per website of the requests received in a month (`YYYY-MM`, China
   * Standard Time) or, without one, in the last 90 days: the website's own (scope `website`), or every
   * website of the actor's region (scope `region`). At most 50,000 requests are read; beyond that the
   * evaluation covers the newest, and says so with `truncated`.
   */
  async compliance(actor: Actor, scope: 'website' | 'region', month?: string) {
    const filter = await this.scopeFilter(actor, scope);
    const now = this.now();
    const period = compliancePeriod(month, now);
    if (!period)
      throw new ProblemError('validation', { fields: [{ field: 'month', key: 'monthNotBegun', params: { month: month ?? '' } }] });
    const limit = 50_000;
    const rows = await repo.complianceFacts(this.deps.db, filter, period, limit + 1);
    const byWebsite = new Map<string, { name: string; facts: RequestFacts[] }>();
    for (const row of rows.slice(0, limit)) {
      const entry = byWebsite.get(row.website_org_id) ?? { name: row.website_name, facts: [] };
      entry.facts.push({
        status: row.status,
        riskScore: Number(row.risk_score),
        receivedAt: toIso(row.received_at),
        decidedAt: row.decided_at === null ? null : toIso(row.decided_at),
        referred: row.referred_report_id !== null,
      });
      byWebsite.set(row.website_org_id, entry);
    }
    return {
      since: period.since,
      until: period.until,
      truncated: rows.length > limit,
      items: [...byWebsite.entries()]
        .map(([websiteId, { name, facts }]) => ({ websiteId, websiteName: name, ...evaluateCompliance(facts, now, HIGH_RISK) }))
        .sort((a, b) => a.score - b.score || a.websiteName.localeCompare(b.websiteName)),
    };
  }

  /** Public aggregate counts per website per month (China Standard Time), this month and the eleven before. */
  async publicStatistics() {
    const [year, month] = beijingDate(this.now()).split('-').map(Number) as [number, number];
    const since = compliancePeriod(`${new Date(Date.UTC(year, month - 12, 1)).toISOString().slice(0, 7)}`, this.now())!.since;
    return repo.monthlyCounts(this.deps.db, this.deps.dialect, since);
  }
}

function toIso(value: Date | string): string {
  return typeof value === 'string' ? value : value.toISOString();
}

function signalRow(requestId: string, s: Signal, at: string) {
  return { request_id: requestId, code: s.code, severity: s.severity, words_zh: s.words['zh-CN'], words_en: s.words.en, created_at: at };
}

function signalOf(row: { code: string; severity: string; words_zh: string; words_en: string }): Signal {
  return {
    code: row.code as Signal['code'],
    severity: row.severity as Signal['severity'],
    words: { 'zh-CN': row.words_zh, en: row.words_en },
  };
}

/** Indicators in what the requester wrote, so correlation links requesters across reports and websites. */
function requestIndicators(
  input: Pick<DeletionRequestInput, 'reason' | 'requesterContact' | 'targetUrls'> & { authorizationDocument?: string | undefined },
) {
  const seen = new Set<string>();
  const out: { type: string; value: string; field: string }[] = [];
  const add = (text: string | undefined, field: string) => {
    if (!text) return;
    for (const found of extractIndicators(text)) {
      const key = `${found.type}\u0000${found.value}\u0000${field}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ type: found.type, value: found.value, field });
    }
  };
  add(input.reason, 'description');
  add(input.requesterContact, 'requester');
  add(input.authorizationDocument, 'description');
  for (const url of input.targetUrls) add(url, 'target_url');
  return out;
}
