/** The statuses of a case (案件), in lifecycle order; see DESIGN.md. */
export const CASE_STATUSES = ['triage', 'assigned', 'returned', 'accepted', 'investigating', 'disposing', 'concluded', 'closed'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

/** The moves of a case; the server lists those the signed-in person may make, the case page a button for each. */
export const CASE_ACTIONS = [
  'route',
  'accept',
  'return',
  'reroute',
  'transfer',
  'investigate',
  'dispose',
  'conclude',
  'close',
  'reopen',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/** How a concluded case ended. */
export const CASE_RESULTS = ['disposed', 'referred_to_police', 'not_substantiated'] as const;
export type CaseResult = (typeof CASE_RESULTS)[number];
