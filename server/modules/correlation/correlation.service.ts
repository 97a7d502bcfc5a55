import type { Kysely } from 'kysely';
import { INDICATOR_TYPES, type IndicatorType } from '../../../contracts/indicators';
import type { DatabaseDialect } from '../../config';
import type { Database } from '../../db/schema';
import { toIsoString } from '../../db/values';
import { ProblemError } from '../../http/problem';
import { appendAuditEvents } from '../audit/audit.repository';
import { type Actor, auditActor } from '../auth/principal';
import { normalizeIndicator } from '../indicators/normalize';
import { correlationPolicy } from './correlation.policy';
import * as repo from './correlation.repository';
import { type IndicatorValue, type SubjectType, valueKey } from './correlation.repository';
import { isHot, strengthOf } from './strength';

export interface CorrelationDeps {
  db: Kysely<Database>;
  dialect: DatabaseDialect;
  /** More occurrences than this and a value counts but stops linking (QINGLANG_HOT_INDICATOR_THRESHOLD). */
  hotThreshold: number;
  /** Caps that bound the work of one request; defaults below. */
  caps?: Partial<CorrelationCaps>;
}

export interface CorrelationCaps {
  /** Values of the subject looked at. */
  values: number;
  /** Subjects taken per value. */
  perValue: number;
  /** Linked subjects kept in total (before access control). */
  total: number;
  /** Reports of a case whose values count as the case's. */
  caseReports: number;
}

const HOT_CACHE_MS = 5 * 60_000;
const HOT_CACHE_SIZE = 10_000;

export const DEFAULT_CAPS: CorrelationCaps = { values: 100, perValue: 100, total: 500, caseReports: 200 };

export interface CorrelatedValue {
  type: string;
  value: string;
  display: string;
  /** Occurrences in the whole index, counted up to the hot threshold + 1. */
  occurrences: number;
  hot: boolean;
  warningListed: boolean;
  /** More subjects held the value than were taken (`perValue`). */
  truncated: boolean;
}

export interface Link {
  subjectType: SubjectType;
  subjectId: string;
  label: Record<string, unknown>;
  sharedCount: number;
  shared: SharedValue[];
  strength: number;
}

/** A value as links show it; one object a value, shared by every link that holds it. */
type SharedValue = IndicatorValue & { display: string };

/** A subject linked so far: the values it shares, their counts, and its label where its rows carried it. */
interface PendingLink {
  subjectType: SubjectType;
  subjectId: string;
  shared: SharedValue[];
  counts: number[];
  label?: Record<string, unknown>;
}

/** A report's label from its occurrence rows (migration 20261129500000), where they carry it. */
function rowLabel(s: repo.Subject): Record<string, unknown> | undefined {
  if (s.subject_type !== 'report' || s.report_category === null) return undefined;
  return { category: s.report_category, receivedAt: toIsoString(s.created_at) };
}

/** How a value is shown: national IDs are only kept as keyed hashes and are never shown whole. */
export function displayValue(type: string, value: string): string {
  if (type === 'national_id') return `#${value.slice(0, 8)}…`;
  return value;
}

/** Correlation on read: no pairs are stored; every answer comes from bounded index ranges. */
export class CorrelationService {
  private readonly caps: CorrelationCaps;
  /**
   * Values found hot, with their capped count and when: occurrences are only ever added in bulk, so
   * a value past the threshold stays past it. Remembered for HOT_CACHE_MS, so the T + 1 index entries of
   * a customer-service number are not walked on every request. Per instance, bounded in size.
   */
  private readonly hotCache = new Map<string, { occurrences: number; at: number }>();
  constructor(private readonly deps: CorrelationDeps) {
    this.caps = { ...DEFAULT_CAPS, ...deps.caps };
  }

  async correlate(actor: Actor, subjectType: SubjectType, id: string) {
    const db = this.deps.db;
    const { caps } = this;
    await this.requireVisible(actor, subjectType, id);

    // The subject's values; a case's are its own and its reports'.
    const exclude = new Set([`${subjectType}:${id}`]);
    let values = await repo.valuesOf(db, subjectType, [id], caps.values);
    if (subjectType === 'case') {
      const reportIds = await repo.reportIdsOfCase(db, id, caps.caseReports);
      for (const r of reportIds) exclude.add(`report:${r}`);
      const seen = new Set(values.map(valueKey));
      for (const v of await repo.valuesOf(db, 'report', reportIds, caps.values)) {
        if (seen.has(valueKey(v))) continue;
        values.push(v);
        seen.add(valueKey(v));
      }
      values = values.slice(0, caps.values);
    }

    const listed = await repo.warningListed(db, values);
    const recent = await repo.valuesWithRecentOccurrences(db, values);
    const threshold = this.deps.hotThreshold;
    const linked = new Map<string, PendingLink>();
    let truncated = false;
    const outValues: CorrelatedValue[] = [];
    const counts = await this.occurrenceCounts(values, threshold, recent);
    const judged = values.map((v) => {
      const key = valueKey(v);
      const occurrences = counts.get(key) ?? 0;
      const warning = listed.has(key);
      return { v, key, occurrences, warning, hot: isHot(occurrences, threshold, warning) };
    });
    // Hot values count but do not link: only the others' subjects are read, in one statement.
    const subjectsOf = await repo.subjectsOfValues(
      db,
      judged.filter((j) => !j.hot).map((j) => j.v),
      caps.perValue + exclude.size,
      recent,
    );
    for (const { v, key, occurrences, warning, hot } of judged) {
      let valueTruncated = false;
      const shown: SharedValue = { type: v.type, value: v.value, display: displayValue(v.type, v.value) };
      if (!hot) {
        const subjects = subjectsOf.get(key) ?? [];
        // The first `perValue` subjects not excluded (the subject itself, a case's reports); each key built once.
        let others = 0;
        for (const s of subjects) {
          const subjectKey = `${s.subject_type}:${s.subject_id}`;
          if (exclude.has(subjectKey) || ++others > caps.perValue) continue;
          let link = linked.get(subjectKey);
          if (!link) {
            if (linked.size >= caps.total) {
              truncated = true;
              continue;
            }
            link = { subjectType: s.subject_type as SubjectType, subjectId: s.subject_id, shared: [], counts: [], label: rowLabel(s) };
            linked.set(subjectKey, link);
          }
          link.shared.push(shown);
          link.counts.push(occurrences);
        }
        valueTruncated = others > caps.perValue || subjects.length === caps.perValue + exclude.size;
      }
      truncated ||= valueTruncated;
      outValues.push({ ...shown, occurrences, hot, warningListed: warning, truncated: valueTruncated });
    }
    const reportCases = await this.linkCasesOfReports(linked, exclude);
    truncated ||= reportCases.truncated;

    // The linked reports' cases were just read; access control needs the same rows.
    const visible = await this.visibleLinks(actor, [...linked.values()], reportCases.holding);
    const links: Link[] = visible
      .map((l) => ({
        subjectType: l.subjectType,
        subjectId: l.subjectId,
        label: l.label,
        sharedCount: l.shared.length,
        shared: l.shared,
        strength: Math.round(strengthOf(l.counts, threshold) * 1000) / 1000,
      }))
      .sort((a, b) => b.strength - a.strength || b.sharedCount - a.sharedCount || a.subjectId.localeCompare(b.subjectId));
    return { subject: { type: subjectType, id }, hotThreshold: threshold, values: outValues, links, truncated };
  }

  /**
   * Intake writes occurrences for reports, not for the cases holding them, so a case would never be
   * linked: a case shares what its linked reports share. Adds (or completes) those case links in
   * place; answers whether the total cap stopped one, and the cases holding each linked report.
   */
  private async linkCasesOfReports(
    linked: Map<string, PendingLink>,
    exclude: ReadonlySet<string>,
  ): Promise<{ truncated: boolean; holding: { report_id: string; case_id: string }[] }> {
    const reportLinks = new Map([...linked.values()].filter((l) => l.subjectType === 'report').map((l) => [l.subjectId, l]));
    const holding = await repo.casesOfReports(this.deps.db, [...reportLinks.keys()]);
    let truncated = false;
    for (const h of holding) {
      const key = `case:${h.case_id}`;
      const report = reportLinks.get(h.report_id);
      if (!report || exclude.has(key)) continue;
      let link = linked.get(key);
      if (!link) {
        if (linked.size >= this.caps.total) {
          truncated = true;
          continue;
        }
        link = { subjectType: 'case', subjectId: h.case_id, shared: [], counts: [] };
        linked.set(key, link);
      }
      const seen = new Set(link.shared.map(valueKey));
      for (const [i, v] of report.shared.entries()) {
        if (seen.has(valueKey(v))) continue;
        seen.add(valueKey(v));
        link.shared.push(v);
        link.counts.push(report.counts[i]!);
      }
    }
    return { truncated, holding };
  }

  /**
   * The values' occurrences, each counted up to the hot threshold + 1: hot values from the cache, the
   * rest in one statement (two when some have recent occurrences).
   */
  private async occurrenceCounts(
    values: readonly IndicatorValue[],
    threshold: number,
    recent: ReadonlySet<string>,
  ): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    const uncached: IndicatorValue[] = [];
    for (const v of values) {
      const key = valueKey(v);
      const cached = this.hotCache.get(key);
      if (cached && Date.now() - cached.at < HOT_CACHE_MS) counts.set(key, cached.occurrences);
      else uncached.push(v);
    }
    for (const [key, n] of await repo.cappedOccurrenceCounts(this.deps.db, uncached, threshold + 1, recent)) {
      counts.set(key, this.counted(key, n));
    }
    return counts;
  }

  /** A value's fresh count, remembered (as the newest entry) when it is past the hot threshold. */
  private counted(key: string, occurrences: number): number {
    if (occurrences <= this.deps.hotThreshold) return occurrences;
    this.hotCache.delete(key);
    if (this.hotCache.size >= HOT_CACHE_SIZE) this.hotCache.delete(this.hotCache.keys().next().value!);
    this.hotCache.set(key, { occurrences, at: Date.now() });
    return occurrences;
  }

  /** "Not found" unless the caller may open the subject itself. */
  private async requireVisible(actor: Actor, subjectType: SubjectType, id: string): Promise<void> {
    const db = this.deps.db;
    let ok = false;
    if (subjectType === 'entity') {
      ok = correlationPolicy.canSeeEntities(actor) && (await repo.entityLabels(db, [id])).length === 1;
    } else if (subjectType === 'case') {
      const exists = (await repo.caseLabels(db, [id])).length === 1;
      ok = exists && correlationPolicy.canSeeCase(actor, (await repo.agenciesOfCases(db, [id])).get(id) ?? []);
    } else {
      const exists = (await repo.reportLabels(db, [id])).length === 1;
      if (exists) {
        const holding = (await repo.casesOfReports(db, [id])).map((c) => c.case_id);
        const agencies = await repo.agenciesOfCases(db, holding);
        ok = correlationPolicy.canSeeReport(
          actor,
          holding.map((c) => agencies.get(c) ?? []),
        );
      }
    }
    if (!ok) throw new ProblemError('not_found');
  }

  /**
   * Keeps the links the caller may see, with a label for each: a report's from its occurrence rows
   * where they carry it, else from `reports`. `holding` are the cases of the linked reports (every one
   * of them), as `casesOfReports` answers.
   */
  private async visibleLinks<T extends { subjectType: SubjectType; subjectId: string; label?: Record<string, unknown> }>(
    actor: Actor,
    links: T[],
    holding: readonly { report_id: string; case_id: string }[],
  ) {
    const db = this.deps.db;
    const ids = (type: SubjectType) => links.filter((l) => l.subjectType === type).map((l) => l.subjectId);
    const reportIds = links.filter((l) => l.subjectType === 'report' && !l.label).map((l) => l.subjectId);
    const caseIds = ids('case');
    const entityIds = correlationPolicy.canSeeEntities(actor) ? ids('entity') : [];
    const agencies = await repo.agenciesOfCases(db, [...new Set([...caseIds, ...holding.map((h) => h.case_id)])]);
    const casesOfReport = new Map<string, string[]>();
    for (const h of holding) casesOfReport.set(h.report_id, [...(casesOfReport.get(h.report_id) ?? []), h.case_id]);
    const canSeeReport = (id: string) =>
      correlationPolicy.canSeeReport(
        actor,
        (casesOfReport.get(id) ?? []).map((c) => agencies.get(c) ?? []),
      );

    const [reports, cases, entities] = await Promise.all([
      repo.reportLabels(db, reportIds.filter(canSeeReport)),
      repo.caseLabels(
        db,
        caseIds.filter((c) => correlationPolicy.canSeeCase(actor, agencies.get(c) ?? [])),
      ),
      repo.entityLabels(db, entityIds),
    ]);
    const labels = new Map<string, Record<string, unknown>>();
    for (const r of reports) labels.set(`report:${r.id}`, { category: r.category, receivedAt: toIsoString(r.received_at) });
    for (const c of cases) labels.set(`case:${c.id}`, { number: c.number, title: c.title });
    for (const e of entities) labels.set(`entity:${e.id}`, { kind: e.kind, displayName: e.display_name, status: e.status });
    // Reports labelled by their rows, for those who may see them.
    for (const l of links)
      if (l.subjectType === 'report' && l.label && canSeeReport(l.subjectId)) labels.set(`report:${l.subjectId}`, l.label);
    // The links are this request's own objects: labelled in place, not copied.
    return links.filter((l): l is T & { label: Record<string, unknown> } => {
      l.label = labels.get(`${l.subjectType}:${l.subjectId}`);
      return l.label !== undefined;
    });
  }

  /** Reports touching a confirmed registry entity, for the triage queue and report view. */
  async confirmedEntityFlags(reportIds: readonly string[]) {
    const rows = await repo.confirmedEntitiesTouched(this.deps.db, reportIds);
    const byReport = new Map<string, { id: string; displayName: string; kind: string }[]>();
    for (const r of rows)
      byReport.set(r.report_id, [...(byReport.get(r.report_id) ?? []), { id: r.entity_id, displayName: r.display_name, kind: r.kind }]);
    return byReport;
  }

  // ───────────── Warning list ─────────────

  async listWarningList(actor: Actor) {
    if (!correlationPolicy.readWarningList(actor)) throw new ProblemError('forbidden');
    return repo.listWarningList(this.deps.db);
  }

  private parseValue(type: string, raw: string): IndicatorValue {
    if (!(INDICATOR_TYPES as readonly string[]).includes(type)) {
      throw new ProblemError('validation', { fields: [{ field: 'type', key: 'invalid' }] });
    }
    // Service numbers (95588, 10086) are not subscriber numbers the normalizer accepts; kept as their digits.
    const value = normalizeIndicator(type as IndicatorType, raw) ?? (type === 'phone' && /^\d{5,20}$/.test(raw.trim()) ? raw.trim() : null);
    if (!value) throw new ProblemError('validation', { fields: [{ field: 'value', key: 'invalid' }] });
    return { type, value };
  }

  async addWarning(actor: Actor, input: { type: string; value: string; reason: string }) {
    if (!correlationPolicy.manageWarningList(actor)) throw new ProblemError('forbidden');
    const v = this.parseValue(input.type, input.value);
    const reason = input.reason.trim();
    if (!reason) throw new ProblemError('validation', { fields: [{ field: 'reason', key: 'required' }] });
    return this.deps.db.transaction().execute(async (trx) => {
      if (await repo.findWarningEntry(trx, v)) throw new ProblemError('conflict');
      await trx
        .insertInto('indicator_warning_list')
        .values({ ...v, reason, added_by: actor.kind === 'user' ? actor.userId : null, added_at: new Date().toISOString() })
        .execute();
      await appendAuditEvents(trx, this.deps.dialect, [
        {
          ...auditActor(actor),
          action: 'correlation.warning_added',
          objectType: 'indicator',
          objectId: valueKey(v).replace('\u0000', ':'),
          summary: { type: v.type, reason },
        },
      ]);
      return v;
    });
  }

  async removeWarning(actor: Actor, input: { type: string; value: string; reason: string }) {
    if (!correlationPolicy.manageWarningList(actor)) throw new ProblemError('forbidden');
    const v = this.parseValue(input.type, input.value);
    const reason = input.reason.trim();
    if (!reason) throw new ProblemError('validation', { fields: [{ field: 'reason', key: 'required' }] });
    await this.deps.db.transaction().execute(async (trx) => {
      if (!(await repo.findWarningEntry(trx, v))) throw new ProblemError('not_found');
      await trx.deleteFrom('indicator_warning_list').where('type', '=', v.type).where('value', '=', v.value).execute();
      await appendAuditEvents(trx, this.deps.dialect, [
        {
          ...auditActor(actor),
          action: 'correlation.warning_removed',
          objectType: 'indicator',
          objectId: valueKey(v).replace('\u0000', ':'),
          summary: { type: v.type, reason },
        },
      ]);
    });
  }
}
