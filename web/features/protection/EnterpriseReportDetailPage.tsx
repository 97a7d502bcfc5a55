import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Flex, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router-dom';
import { describeError } from '../../shared/error-message';
import { formatBytes, formatDateTime } from '../../shared/format';
import { LinkButton } from '../../shared/LinkButton';
import { PageHeader } from '../../workbench/PageHeader';
import { fetchDeskReport } from './desk-api';
import { ReportSteps } from '../reports/ReportSteps';
import { reportStatusColor } from '../reports/report-status';
import './protection.css';

/** One of the enterprise's desk reports: status, case number, result, and the public timeline (newest first). */
export function EnterpriseReportDetailPage() {
  const { t, i18n } = useTranslation();
  const { reportId = '' } = useParams<{ reportId: string }>();
  const filed = (useLocation().state as { filed?: boolean } | null)?.filed === true;
  const report = useQuery({
    queryKey: ['protection', 'desk', 'reports', reportId, i18n.language],
    queryFn: ({ signal }) => fetchDeskReport(reportId, signal),
  });
  const back = <LinkButton to="/workbench/protection/reports">{t('enterpriseDesk.reports.title')}</LinkButton>;
  if (report.isPending) return <Spin size="large" />;
  if (report.isError) {
    const error = describeError(report.error, t);
    return (
      <Flex vertical gap={16}>
        <PageHeader title={t('enterpriseDesk.detail.title')} extra={back} />
        <Alert type="error" showIcon title={error.title} description={error.detail} />
      </Flex>
    );
  }
  const r = report.data;
  const language = i18n.language;

  return (
    <Flex vertical gap={16}>
      <PageHeader title={t('enterpriseDesk.detail.title')} lead={r.trackingCode} extra={back} />
      {filed && <Alert type="success" showIcon title={t('enterpriseDesk.detail.filed')} data-testid="desk-filed" />}
      <Card size="small">
        <Flex vertical gap={8}>
          <span>
            <Tag color={reportStatusColor(r.status)} data-testid="desk-status">
              {t(`reportStatus.${r.status}`)}
            </Tag>
          </span>
          <Typography.Text strong data-testid="desk-status-text">
            {r.statusText}
          </Typography.Text>
          <Descriptions
            column={{ xs: 1, sm: 2 }}
            size="small"
            items={[
              { key: 'code', label: t('receipt.trackingCode'), children: r.trackingCode },
              {
                key: 'case',
                label: t('enterpriseDesk.fields.case'),
                children: <span data-testid="desk-case-number">{r.caseNumber ?? t('enterpriseDesk.reports.noCase')}</span>,
              },
              { key: 'category', label: t('track.fields.category'), children: t(`category.${r.category}.label`) },
              { key: 'received', label: t('track.fields.receivedAt'), children: formatDateTime(r.receivedAt, language) },
              { key: 'updated', label: t('track.fields.updatedAt'), children: formatDateTime(r.updatedAt, language) },
              ...(r.platform ? [{ key: 'platform', label: t('report.fields.platform.label'), children: r.platform }] : []),
            ]}
          />
        </Flex>
      </Card>
      {r.result && (
        <Alert
          type={r.status === 'accepted' ? 'success' : 'info'}
          showIcon
          title={t('track.resultTitle', { result: r.result.text })}
          description={r.result.note ?? undefined}
          data-testid="desk-result"
        />
      )}
      <Card title={t('track.stepsTitle')} size="small">
        <ReportSteps steps={r.steps} testId="desk-steps" />
      </Card>
      <Card title={t('enterpriseDesk.detail.evidenceTitle')} size="small">
        {r.evidence.length === 0 ? (
          <Typography.Text type="secondary">{t('enterpriseDesk.detail.noEvidence')}</Typography.Text>
        ) : (
          <ol className="desk-evidence" data-testid="desk-evidence">
            {r.evidence.map((file, index) => (
              <li key={`${index}:${file.sha256}`}>
                <Typography.Text>{file.fileName}</Typography.Text>{' '}
                <Typography.Text type="secondary">
                  {file.mediaType} · {formatBytes(file.size, language)}
                </Typography.Text>
                <div>
                  <Typography.Text type="secondary" className="mono" copyable={{ text: file.sha256 }}>
                    SHA-256 {file.sha256.slice(0, 16)}…
                  </Typography.Text>
                </div>
              </li>
            ))}
          </ol>
        )}
      </Card>
      <Card title={t('report.fields.description.label')} size="small">
        <Typography.Paragraph className="desk-description">{r.description}</Typography.Paragraph>
        {r.targetUrls.length > 0 && (
          <ul className="desk-urls">
            {r.targetUrls.map((url) => (
              <li key={url}>
                <Typography.Text copyable>{url}</Typography.Text>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </Flex>
  );
}
