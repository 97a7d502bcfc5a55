/** The statuses of a case (案件), in lifecycle order; see DESIGN.md. */
export const CASE_STATUSES = ['triage', 'assigned', 'returned', 'accepted', 'investigating', 'disposing', 'concluded', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
