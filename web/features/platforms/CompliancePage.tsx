import { ArrowLeftOutlined, DownloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Empty, Flex, Progress, Table, Typography, type TableColumnsType } from 'antd';
import { ErrorAlert } from '../../shared/ErrorAlert';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../shared/format';
import { PageHeader } from '../../workbench/PageHeader';
import { useMe } from '../auth/session';
import { complianceExportUrl, deletionKeys, fetchCompliance, wordsIn, type ComplianceItem, type DeletionScope } from './api';
import { deletionScopeOf } from './DeletionRequestsPage';
import './platforms.css';

/** `/workbench/deletion-requests/compliance`: the compliance evaluation, the website's own or the region's, and its monthly export. */
export function CompliancePage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data;
  // A website's people see their own; agency staff and supervisors the websites of their region.
  const scope: DeletionScope = deletionScopeOf(me?.organization.kind);
  const [month, setMonth] = useState<Dayjs | null>(null);
  const monthText = month ? month.format('YYYY-MM') : null;
  const evaluation = useQuery({
    queryKey: deletionKeys.compliance(scope, monthText),
    queryFn: ({ signal }) => fetchCompliance(scope, monthText, signal),
  });
  const data = evaluation.data;

  const columns: TableColumnsType<ComplianceItem> = [
    { key: 'website', title: t('deletionRequests.columns.website'), dataIndex: 'websiteName' },
    {
      key: 'score',
      title: t('deletionRequests.complianceView.score'),
      render: (_, item) => (
        <Progress
          type="circle"
          size={44}
          percent={item.score}
          format={(p) => p}
          status={item.score < 60 ? 'exception' : item.score < 85 ? 'normal' : 'success'}
        />
      ),
    },
    { key: 'total', title: t('deletionRequests.complianceView.total'), dataIndex: 'total' },
    {
      key: 'onTime',
      title: t('deletionRequests.complianceView.decidedOnTime'),
      responsive: ['md'],
      render: (_, item) => `${item.decidedOnTime} / ${item.decided}`,
    },
    { key: 'overdue', title: t('deletionRequests.complianceView.pendingOverdue'), responsive: ['md'], dataIndex: 'pendingOverdue' },
    {
      key: 'highRisk',
      title: t('deletionRequests.complianceView.highRisk'),
      responsive: ['lg'],
      render: (_, item) =>
        `${item.highRisk} · ${t('deletionRequests.complianceView.highRiskApproved')} ${item.highRiskApproved} · ${t('deletionRequests.complianceView.highRiskReferred')} ${item.highRiskReferred}`,
    },
    {
      key: 'findings',
      title: t('deletionRequests.complianceView.findings'),
      render: (_, item) =>
        item.findings.length === 0 ? (
          <Typography.Text type="secondary">{t('deletionRequests.complianceView.noFindings')}</Typography.Text>
        ) : (
          <ul className="dr-urls">
            {item.findings.map((f) => (
              <li key={f.code} data-finding={f.code}>
                {wordsIn(f.words, i18n.language)} ({t('deletionRequests.complianceView.penalty', { penalty: f.penalty })})
              </li>
            ))}
          </ul>
        ),
    },
  ];

  return (
    <>
      <Link to="/workbench/deletion-requests">
        <ArrowLeftOutlined /> {t('deletionRequests.detail.back')}
      </Link>
      <PageHeader
        title={t('deletionRequests.complianceView.title')}
        lead={t('deletionRequests.complianceView.lead')}
        extra={
          <>
            <Button icon={<DownloadOutlined />} href={complianceExportUrl('csv', scope, monthText)} data-testid="export-csv">
              {t('deletionRequests.complianceView.exportCsv')}
            </Button>
            <Button icon={<DownloadOutlined />} href={complianceExportUrl('xlsx', scope, monthText)}>
              {t('deletionRequests.complianceView.exportXlsx')}
            </Button>
          </>
        }
      />
      <Flex gap={8} wrap className="dr-filters" align="center">
        <DatePicker
          picker="month"
          allowClear
          placeholder={t('deletionRequests.complianceView.last90')}
          aria-label={t('deletionRequests.complianceView.month')}
          value={month}
          onChange={setMonth}
          disabledDate={(d) => d.isAfter(new Date(), 'month')}
        />
        <Typography.Text type="secondary">
          {scope === 'website' ? t('deletionRequests.complianceView.scopeWebsite') : t('deletionRequests.complianceView.scopeRegion')}
        </Typography.Text>
      </Flex>
      {data && (
        <Typography.Paragraph type="secondary" data-testid="compliance-period">
          {t('deletionRequests.complianceView.period', {
            since: formatDateTime(data.since, i18n.language),
            until: data.until ? formatDateTime(data.until, i18n.language) : t('deletionRequests.complianceView.now'),
          })}
        </Typography.Paragraph>
      )}
      {data?.truncated && <Alert type="warning" showIcon title={t('deletionRequests.complianceView.truncated')} />}
      <ErrorAlert error={evaluation.error} />
      <Table
        data-testid="compliance-table"
        rowKey="websiteId"
        loading={evaluation.isLoading}
        columns={columns}
        dataSource={data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t('deletionRequests.complianceView.empty')} /> }}
      />
    </>
  );
}
