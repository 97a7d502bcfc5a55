import { createHash } from 'node:crypto';
import { canonicalJson } from '../audit/audit-chain';

/** The standard steps of a website's admissibility review of a deletion request (mechanism 6). */
export const ADMISSIBILITY_STEPS = ['identity', 'authority', 'legal_basis'] as const;
export type AdmissibilityStep = (typeof ADMISSIBILITY_STEPS)[number];

export interface AdmissibilityCriterion {
  /** A stable slug reviews record their answers under. */
  id: string;
  step: AdmissibilityStep;
  title: { 'zh-CN': string; en: string };
  /** A required criterion not met means the request cannot be approved. */
  required: boolean;
  /** The provisions (rules registry codes) the criterion rests on. */
  provisionCodes: string[];
}

export interface CriterionProblem {
  index: number | null;
  field: string;
  key: 'criteriaDuplicate' | 'unknownProvision' | 'criteriaEmpty' | 'criteriaStepMissing';
  params?: Record<string, unknown>;
}

/**
 * Checks a criteria document: ids unique, each cited provision known, every step covered by at
 * least one criterion. Pure; the caller passes the provision codes that exist.
 */
export function checkCriteria(criteria: readonly AdmissibilityCriterion[], knownCodes: ReadonlySet<string>): CriterionProblem[] {
  const problems: CriterionProblem[] = [];
  if (criteria.length === 0) return [{ index: null, field: 'criteria', key: 'criteriaEmpty' }];
  const seen = new Set<string>();
  criteria.forEach((c, index) => {
    if (seen.has(c.id)) problems.push({ index, field: `criteria.${index}.id`, key: 'criteriaDuplicate', params: { value: c.id } });
    seen.add(c.id);
    c.provisionCodes.forEach((code, j) => {
      if (!knownCodes.has(code))
        problems.push({ index, field: `criteria.${index}.provisionCodes.${j}`, key: 'unknownProvision', params: { code } });
    });
  });
  for (const step of ADMISSIBILITY_STEPS) {
    if (!criteria.some((c) => c.step === step))
      problems.push({ index: null, field: 'criteria', key: 'criteriaStepMissing', params: { step } });
  }
  return problems;
}

/** The stored form of a criteria document: canonical JSON and its SHA-256, so a version can be proved. */
export function criteriaDocument(criteria: readonly AdmissibilityCriterion[]): { json: string; sha256: string } {
  const json = canonicalJson(criteria);
  return { json, sha256: createHash('sha256').update(json, 'utf8').digest('hex') };
}

/** Whether a provision is in force on a day (`YYYY-MM-DD`): from its first day up to, not including, its end. */
export function inForce(provision: { effectiveFrom: string; effectiveTo: string | null }, day: string): boolean {
  return provision.effectiveFrom <= day && (provision.effectiveTo === null || day < provision.effectiveTo);
}
