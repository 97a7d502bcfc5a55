import type { ReportStatus, ReportStep } from '../../../contracts/reports';

/** The colour of a report's status tag on the desk. */
export function deskStatusColor(status: ReportStatus): string {
  switch (status) {
    case 'received':
      return 'blue';
    case 'under_review':
      return 'processing';
    case 'accepted':
      return 'success';
    case 'merged':
      return 'cyan';
    case 'not_accepted':
      return 'default';
  }
}

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
