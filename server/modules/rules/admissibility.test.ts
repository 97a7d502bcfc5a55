import { describe, expect, it } from 'vitest';
import { SEED_ADMISSIBILITY_CRITERIA } from '../../db/migrations/seed/20261128640000_rules-seed';
import { type AdmissibilityCriterion, checkCriteria, criteriaDocument, inForce } from './admissibility';

const KNOWN = new Set(['CSL-47', 'NICEG-24', 'SPC-2013-NET-7']);
const seed = SEED_ADMISSIBILITY_CRITERIA as unknown as AdmissibilityCriterion[];

describe('admissibility criteria', () => {
  it('accepts the seeded criteria, which cover every step', () => {
    expect(checkCriteria(seed, KNOWN)).toEqual([]);
  });

  it('names a repeated id, an unknown provision, a missing step and an empty document', () => {
    const criteria: AdmissibilityCriterion[] = [
      { ...seed[0]!, provisionCodes: [] },
      { ...seed[0]!, provisionCodes: ['NO-SUCH'] },
    ];
    expect(checkCriteria(criteria, KNOWN)).toEqual([
      { index: 1, field: 'criteria.1.id', key: 'criteriaDuplicate', params: { value: 'identity-verified' } },
      { index: 1, field: 'criteria.1.provisionCodes.0', key: 'unknownProvision', params: { code: 'NO-SUCH' } },
      { index: null, field: 'criteria', key: 'criteriaStepMissing', params: { step: 'authority' } },
      { index: null, field: 'criteria', key: 'criteriaStepMissing', params: { step: 'legal_basis' } },
    ]);
    expect(checkCriteria([], KNOWN)).toEqual([{ index: null, field: 'criteria', key: 'criteriaEmpty' }]);
  });

  it('hashes the same criteria the same whatever the key order, and different criteria differently', () => {
    const reordered = seed.map((c) => ({ provisionCodes: c.provisionCodes, required: c.required, title: c.title, step: c.step, id: c.id }));
    expect(criteriaDocument(reordered).sha256).toBe(criteriaDocument(seed).sha256);
    expect(criteriaDocument(seed.slice(1)).sha256).not.toBe(criteriaDocument(seed).sha256);
  });

  it('knows when a provision is in force: from its first day, until the day it ends', () => {
    const p = { effectiveFrom: '2020-03-01', effectiveTo: '2026-01-01' };
    expect(inForce(p, '2020-02-29')).toBe(false);
    expect(inForce(p, '2020-03-01')).toBe(true);
    expect(inForce(p, '2025-12-31')).toBe(true);
    expect(inForce(p, '2026-01-01')).toBe(false);
    expect(inForce({ effectiveFrom: '2020-03-01', effectiveTo: null }, '2099-01-01')).toBe(true);
  });
});
