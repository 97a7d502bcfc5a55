import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Flex, Grid, List, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { describeError } from '../../shared/error-message';
import { formatDateTime } from '../../shared/format';
import { LinkButton } from '../../shared/LinkButton';
import { PageHeader } from '../../workbench/PageHeader';
import { fetchDeskReports, type DeskReportSummary } from './desk-api';
import { reportStatusColor } from '../reports/report-status';
import './protection.css';

/** The enterprise desk's "my reports": each with its status, the case it joined and the result in plain words. */
export function EnterpriseReportsPage() {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const reports = useQuery({
    queryKey: ['protection', 'desk', 'reports', i18n.language],
    queryFn: ({ signal }) => fetchDeskReports(signal),
  });
  const header = (
    <PageHeader
      title={t('enterpriseDesk.reports.title')}
      lead={t('enterpriseDesk.reports.lead')}
      extra={
        <LinkButton type="primary" icon={<PlusOutlined />} to="/workbench/protection/reports/new" data-testid="desk-new-report">
          {t('enterpriseDesk.report.title')}
        </LinkButton>
      }
    />
  );
  if (reports.isError) {
    const error = describeError(reports.error, t);
    return (
      <Flex vertical gap={16}>
        {header}
        <Alert type="error" showIcon title={error.title} description={error.detail} />
      </Flex>
    );
  }
  const items = reports.data?.items ?? [];
  const link = (r: DeskReportSummary) => <Link to={`/workbench/protection/reports/${r.id}`}>{r.trackingCode}</Link>;
  const status = (r: DeskReportSummary) => {
    // The steps come oldest first; the newest is what changed last.
    const latest = r.steps.at(-1);
    return (
      <Flex vertical gap={2}>
        <span>
          <Tag color={reportStatusColor(r.status)}>{t(`reportStatus.${r.status}`)}</Tag>
        </span>
        <Typography.Text type="secondary">{r.result ? r.result.text : r.statusText}</Typography.Text>
        {latest && (
          <Typography.Text type="secondary" data-testid="desk-latest-step">
            {latest.title} · <time dateTime={latest.at}>{formatDateTime(latest.at, i18n.language)}</time>
          </Typography.Text>
        )}
      </Flex>
    );
  };
  const caseNumber = (r: DeskReportSummary) => r.caseNumber ?? t('enterpriseDesk.reports.noCase');

  return (
    <Flex vertical gap={16}>
      {header}
      <Card size="small">
        {screens.md === false ? (
          <List<DeskReportSummary>
            data-testid="desk-reports"
            loading={reports.isPending}
            dataSource={items}
            locale={{ emptyText: t('enterpriseDesk.reports.empty') }}
            renderItem={(r) => (
              <List.Item key={r.id} data-testid="desk-report-row">
                <Flex vertical gap={4} className="desk-report-item">
                  <Flex justify="space-between" gap={8} wrap>
                    {link(r)}
                    <Typography.Text type="secondary">{formatDateTime(r.receivedAt, i18n.language)}</Typography.Text>
                  </Flex>
                  <Typography.Text>{t(`category.${r.category}.label`)}</Typography.Text>
                  {status(r)}
                  <Typography.Text>
                    {t('enterpriseDesk.fields.case')}
                    {t('common.labelSeparator')}
                    <span data-testid="desk-case-number">{caseNumber(r)}</span>
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        ) : (
          <Table<DeskReportSummary>
            rowKey="id"
            size="small"
            data-testid="desk-reports"
            loading={reports.isPending}
            dataSource={items}
            pagination={items.length > 20 ? { pageSize: 20 } : false}
            locale={{ emptyText: t('enterpriseDesk.reports.empty') }}
            onRow={() => ({ 'data-testid': 'desk-report-row' }) as React.HTMLAttributes<HTMLElement>}
            columns={[
              { key: 'code', title: t('receipt.trackingCode'), render: (_, r) => link(r) },
              { key: 'category', title: t('track.fields.category'), render: (_, r) => t(`category.${r.category}.label`) },
              { key: 'received', title: t('track.fields.receivedAt'), render: (_, r) => formatDateTime(r.receivedAt, i18n.language) },
              { key: 'status', title: t('track.statusLabel'), render: (_, r) => status(r) },
              {
                key: 'case',
                title: t('enterpriseDesk.fields.case'),
                render: (_, r) => <span data-testid="desk-case-number">{caseNumber(r)}</span>,
              },
            ]}
          />
        )}
      </Card>
    </Flex>
  );
}
