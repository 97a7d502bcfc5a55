import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeletionStatus, DeletionSignal, RequesterKind } from './api';
import { HIGH_RISK, wordsIn } from './api';

const STATUS_COLORS: Record<DeletionStatus, string> = {
  received: 'gold',
  identity_checked: 'blue',
  authority_checked: 'blue',
  legal_basis_checked: 'geekblue',
  approved: 'orange',
  rejected: 'default',
  executed: 'green',
};

const SEVERITY_COLORS: Record<DeletionSignal['severity'], string> = { low: 'default', medium: 'orange', high: 'red' };

export function DeletionStatusTag({ status }: { status: DeletionStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={STATUS_COLORS[status]} className="no-margin">
      {t(`deletionRequests.status.${status}`)}
    </Tag>
  );
}

export function RequesterKindTag({ kind }: { kind: RequesterKind }) {
  const { t } = useTranslation();
  return (
    <Tag color={kind === 'agent' ? 'volcano' : undefined} className="no-margin">
      {t(`deletionRequests.requesterKind.${kind}`)}
    </Tag>
  );
}

/** The risk score; high risk in red, as the server marks it. */
export function RiskTag({ score }: { score: number }) {
  const { t } = useTranslation();
  const high = score >= HIGH_RISK;
  return (
    <Tag color={high ? 'red' : score > 0 ? 'orange' : 'default'} className="no-margin" data-risk={score}>
      {t(high ? 'deletionRequests.risk.high' : 'deletionRequests.risk.normal', { score })}
    </Tag>
  );
}

/** One signal's severity, and its explanation in the reader's language. */
export function SignalLine({ signal }: { signal: DeletionSignal }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="dr-signal" data-signal={signal.code}>
      <Tag color={SEVERITY_COLORS[signal.severity]}>{t(`deletionRequests.detail.severity.${signal.severity}`)}</Tag>
      <span>{wordsIn(signal.words, i18n.language)}</span>
    </li>
  );
}
