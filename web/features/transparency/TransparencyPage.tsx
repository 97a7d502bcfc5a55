import { Alert, Button, Card, Empty, Flex, Select, Skeleton, Statistic, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../shared/error-message';
import { usePublicDeletionStatistics } from './api';
import { type WebsiteLine, approvalRate, monthsOf, websiteLines } from './transparency';
import './transparency.css';

/**
 * `/transparency`: how many deletion requests each website received, approved and rejected, month
 * by month (mechanism 6), in the open as a transparency database of takedown notices does. Counts
 * only: never who asked, for whom, or which post.
 */
export function TransparencyPage() {
  const { t, i18n } = useTranslation();
  const statistics = usePublicDeletionStatistics();
  const [month, setMonth] = useState<string | null>(null);
  const counts = useMemo(() => statistics.data?.items ?? [], [statistics.data]);
  const months = useMemo(() => monthsOf(counts), [counts]);
  const lines = useMemo(() => websiteLines(counts, month), [counts, month]);
  const totals = lines.reduce((sum, l) => ({ received: sum.received + l.received, approved: sum.approved + l.approved }), {
    received: 0,
    approved: 0,
  });
  const number = new Intl.NumberFormat(i18n.language);
  const percent = new Intl.NumberFormat(i18n.language, { style: 'percent', maximumFractionDigits: 0 });

  const columns: ColumnsType<WebsiteLine> = [
    { title: t('transparency.website'), dataIndex: 'websiteName', key: 'website', fixed: 'left', width: 140 },
    { title: t('transparency.received'), dataIndex: 'received', key: 'received', align: 'right', render: (n: number) => number.format(n) },
    { title: t('transparency.approved'), dataIndex: 'approved', key: 'approved', align: 'right', render: (n: number) => number.format(n) },
    { title: t('transparency.rejected'), dataIndex: 'rejected', key: 'rejected', align: 'right', render: (n: number) => number.format(n) },
    { title: t('transparency.other'), dataIndex: 'other', key: 'other', align: 'right', render: (n: number) => number.format(n) },
    {
      title: t('transparency.approvalRate'),
      key: 'rate',
      align: 'right',
      render: (_, line) => {
        const rate = approvalRate(line);
        return rate === null ? '—' : percent.format(rate);
      },
    },
  ];

  return (
    <Flex vertical gap={24} data-testid="transparency-page">
      <title>{`${t('transparency.title')} · ${t('product.name')}`}</title>
      <div>
        <Typography.Title level={1}>{t('transparency.title')}</Typography.Title>
        <Typography.Paragraph className="home-lead">{t('transparency.lead')}</Typography.Paragraph>
      </div>
      {statistics.isError ? (
        <Alert
          type="error"
          showIcon
          message={describeError(statistics.error, t).title}
          description={describeError(statistics.error, t).detail}
          action={<Button onClick={() => void statistics.refetch()}>{t('transparency.retry')}</Button>}
        />
      ) : statistics.isPending ? (
        <Skeleton active />
      ) : (
        <>
          <Flex gap={16} wrap align="end">
            <label className="transparency-month">
              <Typography.Text>{t('transparency.period')}</Typography.Text>
              <Select<string>
                data-testid="transparency-month"
                value={month ?? 'all'}
                onChange={(value) => setMonth(value === 'all' ? null : value)}
                options={[{ value: 'all', label: t('transparency.allMonths') }, ...months.map((m) => ({ value: m, label: m }))]}
                style={{ minWidth: 160 }}
              />
            </label>
            <Flex gap={16}>
              <Card size="small">
                <Statistic title={t('transparency.totalReceived')} value={totals.received} formatter={(v) => number.format(Number(v))} />
              </Card>
              <Card size="small">
                <Statistic title={t('transparency.totalApproved')} value={totals.approved} formatter={(v) => number.format(Number(v))} />
              </Card>
            </Flex>
          </Flex>
          {lines.length === 0 ? (
            <Empty description={t('transparency.empty')} />
          ) : (
            <Table<WebsiteLine>
              data-testid="transparency-table"
              rowKey="websiteId"
              columns={columns}
              dataSource={lines}
              pagination={lines.length > 20 ? { pageSize: 20 } : false}
              scroll={{ x: 560 }}
              size="middle"
            />
          )}
          <Typography.Paragraph type="secondary">{t('transparency.note')}</Typography.Paragraph>
        </>
      )}
    </Flex>
  );
}
