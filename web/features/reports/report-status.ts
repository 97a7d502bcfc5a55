import type { ReportStatus } from '../../../contracts/reports';

/** The colour of a report's status tag, the same on the tracking page and on the enterprise desk. */
export function reportStatusColor(status: ReportStatus): string {
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
