import { Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { CasePriority } from '../../../contracts/cases';
import type { CaseStatus } from '../../../contracts/cases-lifecycle';
import { formatDateTime } from '../../shared/format';

const STATUS_COLORS: Record<CaseStatus, string> = {
  triage: 'default',
  assigned: 'blue',
  returned: 'orange',
  accepted: 'cyan',
  investigating: 'geekblue',
  disposing: 'purple',
  concluded: 'green',
  closed: 'default',
};

const PRIORITY_COLORS: Record<CasePriority, string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };

export function CaseStatusTag({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} className="no-margin">
      {t(`caseStatus.${status}`)}
    </Tag>
  );
}

export function PriorityTag({ priority }: { priority: CasePriority }) {
  const { t } = useTranslation();
  return (
    <Tag color={PRIORITY_COLORS[priority]} className="no-margin">
      {t(`priority.${priority}`)}
    </Tag>
  );
}

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** "due in 3 days" / "overdue by 5 hours", counted from now. */
export function describeDue(iso: string, t: TFunction, now: number = Date.now()): { overdue: boolean; text: string } {
  const diff = new Date(iso).getTime() - now;
  const overdue = diff < 0;
  const abs = Math.abs(diff);
  const days = Math.floor(abs / DAY);
  const text =
    days >= 1
      ? t(overdue ? 'cases.due.overDays' : 'cases.due.inDays', { count: days })
      : t(overdue ? 'cases.due.overHours' : 'cases.due.inHours', { count: Math.max(1, Math.round(abs / HOUR)) });
  return { overdue, text };
}

/** A deadline in the user's zone with how far away it is; red when it has passed. */
export function DueDate({ iso, done = false }: { iso: string | null; done?: boolean }) {
  const { t, i18n } = useTranslation();
  if (!iso) return <Typography.Text type="secondary">—</Typography.Text>;
  const due = describeDue(iso, t);
  return (
    <span>
      <Typography.Text type={!done && due.overdue ? 'danger' : undefined}>{formatDateTime(iso, i18n.language)}</Typography.Text>
      {!done && (
        <Typography.Text type={due.overdue ? 'danger' : 'secondary'} className="wb-cell-detail">
          {' '}
          ({due.text})
        </Typography.Text>
      )}
    </span>
  );
}

/** An amount of money in the interface language. */
export function formatMoney(money: { amount: number; currency: string } | null, language: string): string {
  if (!money) return '—';
  try {
    return new Intl.NumberFormat(language, { style: 'currency', currency: money.currency }).format(money.amount);
  } catch {
    return `${money.amount} ${money.currency}`;
  }
}
