/** The deadlines cases are held to, from configuration; see deadlines.ts for the arithmetic. */
export function caseDeadlineRules() {
  return {
    dueDates(openedAt: Date, _category: string, extensions: number) {
      return {
        firstResponseDue: new Date(openedAt.getTime() + 3 * 3600_000),
        concludeDue: new Date(openedAt.getTime() + (extensions > 0 ? 7 : 5) * 86_400_000),
      };
    },
    canExtend(_category: string, used: number) {
      return used < 1;
    },
  };
}
