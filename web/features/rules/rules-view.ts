import type { Me } from '../../../contracts/orgs';

/** The review steps of a deletion request, in order (the server's `ADMISSIBILITY_STEPS`). */
export const ADMISSIBILITY_STEPS = ['identity', 'authority', 'legal_basis'] as const;
export type AdmissibilityStep = (typeof ADMISSIBILITY_STEPS)[number];

/** One admissibility criterion: a check at a step, in both languages, with the provisions it rests on. */
export interface Criterion {
  id: string;
  step: AdmissibilityStep;
  title: { 'zh-CN': string; en: string };
  required: boolean;
  provisionCodes: string[];
}

/** Today's date in China (UTC+8), as `YYYY-MM-DD`: the day the server's "in force" means. */
export function chinaToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** The criteria grouped by review step, in the order a reviewer takes them; steps without criteria are kept, empty. */
export function criteriaByStep(criteria: readonly Criterion[]): { step: AdmissibilityStep; criteria: Criterion[] }[] {
  return ADMISSIBILITY_STEPS.map((step) => ({ step, criteria: criteria.filter((c) => c.step === step) }));
}

/** Whether this person edits the rules: an administrator of a top-level organization (the server's rule). */
export function editsRules(me: Me | null | undefined): boolean {
  return !!me && me.organization.parentId === null && me.user.roles.includes('admin');
}

/** The criterion title in the reader's language, falling back to Chinese. */
export function criterionTitle(criterion: Criterion, language: string): string {
  return language.startsWith('en') ? criterion.title.en : criterion.title['zh-CN'];
}
