import type { TFunction } from 'i18next';
import type { Role } from '../../../contracts/orgs';
import { formatDateTime } from '../../shared/format';
import { CASE_ROLES, REGISTRY_ROLES, TRIAGE_ROLES } from '../../workbench/navigation';
import type { CorrelationSubject } from './api';

const text = (label: Record<string, unknown>, key: string): string | null => {
  const v = label[key];
  return typeof v === 'string' && v.trim() ? v : null;
};

/** What a linked subject is called: an entity's name, a case's number and title, a report's category and date. */
export function subjectName(type: CorrelationSubject, label: Record<string, unknown>, t: TFunction, language: string): string {
  switch (type) {
    case 'entity':
      return text(label, 'displayName') ?? t('correlation.subject.entity');
    case 'case': {
      const name = [text(label, 'number'), text(label, 'title')].filter(Boolean).join(' ');
      return name || t('correlation.subject.case');
    }
    case 'report': {
      const category = text(label, 'category');
      const received = text(label, 'receivedAt');
      if (!category || !received) return t('correlation.subject.report');
      return t('correlation.reportName', {
        category: t(`category.${category}.label`, { defaultValue: category }),
        date: formatDateTime(received, language),
      });
    }
  }
}

/** The workbench page of a subject. */
export function subjectPath(type: CorrelationSubject, id: string): string {
  switch (type) {
    case 'entity':
      return `/workbench/registry/${id}`;
    case 'case':
      return `/workbench/cases/${id}`;
    case 'report':
      return `/workbench/triage/${id}`;
  }
}

const PAGE_ROLES: Record<CorrelationSubject, Role[]> = { entity: REGISTRY_ROLES, case: CASE_ROLES, report: TRIAGE_ROLES };

/**
 * Whether the signed-in person may open a subject's page. Correlation only lists what they may
 * see, but a report seen through a case they read has no page of its own outside triage.
 */
export function canOpenSubject(type: CorrelationSubject, roles: readonly Role[]): boolean {
  return PAGE_ROLES[type].some((role) => roles.includes(role));
}

/** How each kind of subject is drawn in the graph and marked in lists. */
export const SUBJECT_STYLE: Record<CorrelationSubject, { color: string; symbol: string }> = {
  entity: { color: '#cf1322', symbol: 'diamond' },
  case: { color: '#1677ff', symbol: 'roundRect' },
  report: { color: '#d48806', symbol: 'circle' },
};
