import type { ReportStep } from '../../../contracts/reports';

/** The colour of a report's status tag on the desk: the tracking page's. */
export { reportStatusColor as deskStatusColor } from '../reports/report-status';

/** The colour of a step on the timeline; public notes are the result of a concluded case. */
export function deskStepColor(step: ReportStep): string {
  switch (step.status) {
    case 'accepted':
    case 'note':
      return 'green';
    case 'not_accepted':
      return 'gray';
    case 'received':
    case 'under_review':
    case 'merged':
      return 'blue';
  }
}
