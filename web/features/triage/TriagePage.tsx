import { CheckOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Select, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { REPORT_CATEGORIES, type ReportCategory } from '../../../contracts/reports';
import { describeError } from '../../shared/error-message';
import { formatDateTime } from '../../shared/format';
import { PageHeader } from '../../workbench/PageHeader';
import { formatMoney } from '../cases/labels';
import { fetchTriageQueue, startReview, triageKeys, type QueuedReport } from './api';
import { NotAcceptedModal } from './NotAcceptedModal';
import '../cases/casework.css';
import { ErrorAlert } from '../../shared/ErrorAlert';

/** `/workbench/triage`: reports waiting for triage, reviewed or declined in bulk, opened one by one. */
export function TriagePage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [category, setCategory] = useState<ReportCategory | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [declining, setDeclining] = useState<string[] | null>(null);
  const language = i18n.language;

  const queue = useInfiniteQuery({
    queryKey: triageKeys.queue(category),
    queryFn: ({ pageParam, signal }) => fetchTriageQueue(category, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextAfter,
    staleTime: 15 * 1000,
  });
  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  const counts = queue.data?.pages[0]?.counts ?? {};

  const review = useMutation({
    mutationFn: (reportIds: string[]) => startReview(reportIds),
    onSuccess: ({ count }) => {
      setSelected([]);
      void message.success(t('triage.reviewStarted', { count }));
      void queryClient.invalidateQueries({ queryKey: triageKeys.all });
    },
    onError: (error) => void message.error(describeError(error, t).title),
  });

  const columns: TableColumnsType<QueuedReport> = [
    {
      key: 'code',
      title: t('triage.columns.trackingCode'),
      render: (_, report) => (
        <Flex vertical>
          <Link to={`/workbench/triage/${report.id}`} className="mono" onClick={(event) => event.stopPropagation()}>
            {report.trackingCode}
          </Link>
          <Typography.Text type="secondary" className="wb-cell-detail">
            {formatDateTime(report.receivedAt, language)}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'category', title: t('triage.columns.category'), render: (_, report) => t(`category.${report.category}.label`) },
    {
      key: 'status',
      title: t('triage.columns.status'),
      render: (_, report) => (
        <Flex gap={4} wrap>
          <Tag color={report.status === 'received' ? 'gold' : 'blue'} className="no-margin">
            {t(`reportStatus.${report.status}`)}
          </Tag>
          {report.touchesConfirmedEntity ? (
            <Tag color="red" className="no-margin" title={report.confirmedEntities?.map((e) => e.displayName).join('、')}>
              {t('correlation.touchesConfirmedEntity')}
            </Tag>
          ) : null}
        </Flex>
      ),
    },
    {
      key: 'description',
      title: t('triage.columns.description'),
      responsive: ['md'],
      render: (_, report) => (
        <Typography.Paragraph ellipsis={{ rows: 2 }} className="no-margin wb-triage-description">
          {report.description}
        </Typography.Paragraph>
      ),
    },
    { key: 'platform', title: t('triage.columns.platform'), responsive: ['lg'], render: (_, report) => report.platform ?? '—' },
    { key: 'money', title: t('triage.columns.money'), responsive: ['lg'], render: (_, report) => formatMoney(report.money, language) },
    {
      key: 'reporter',
      title: t('triage.columns.reporter'),
      responsive: ['sm'],
      render: (_, report) => (
        <Flex vertical gap={2} align="flex-start">
          <span>{t(`reporterKind.${report.reporterKind}`)}</span>
          {report.source !== 'public' && (
            <Tag color="purple" className="no-margin" data-testid="triage-source">
              {t(`reportSource.${report.source}`)}
            </Tag>
          )}
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('triage.title')}
        lead={t('triage.lead')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void queue.refetch()} loading={queue.isFetching}>
            {t('common.refresh')}
          </Button>
        }
      />
      <Card size="small">
        <Flex gap={12} wrap align="center" justify="space-between">
          <Flex gap={8} wrap>
            <Tag color="gold">{t('triage.counts.received', { count: counts.received ?? 0 })}</Tag>
            <Tag color="blue">{t('triage.counts.under_review', { count: counts.under_review ?? 0 })}</Tag>
          </Flex>
          <Select<ReportCategory>
            allowClear
            value={category ?? undefined}
            onChange={(value) => {
              setCategory(value ?? null);
              setSelected([]);
            }}
            placeholder={t('triage.allCategories')}
            aria-label={t('triage.columns.category')}
            options={REPORT_CATEGORIES.map((value) => ({ value, label: t(`category.${value}.label`) }))}
            className="wb-filter-select"
          />
        </Flex>
      </Card>
      {selected.length > 0 && (
        <Flex gap={8} wrap align="center" className="wb-bulk-bar">
          <Typography.Text strong>{t('triage.selected', { count: selected.length })}</Typography.Text>
          <Button icon={<CheckOutlined />} type="primary" loading={review.isPending} onClick={() => review.mutate(selected)}>
            {t('triage.startReview')}
          </Button>
          <Button icon={<StopOutlined />} danger onClick={() => setDeclining(selected)}>
            {t('triage.notAccepted')}
          </Button>
        </Flex>
      )}
      <ErrorAlert error={queue.error} />
      <Table<QueuedReport>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={queue.isPending}
        rowSelection={{ selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }}
        onRow={(report) => ({
          onClick: (event) => {
            // Ticking a row's box selects it; only a click elsewhere on the row opens the report.
            if ((event.target as HTMLElement).closest('.ant-table-selection-column')) return;
            void navigate(`/workbench/triage/${report.id}`);
          },
          className: 'wb-clickable-row',
        })}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('triage.empty') }}
      />
      {queue.hasNextPage && (
        <Flex justify="center">
          <Button onClick={() => void queue.fetchNextPage()} loading={queue.isFetchingNextPage}>
            {t('triage.loadMore')}
          </Button>
        </Flex>
      )}
      <NotAcceptedModal
        reportIds={declining}
        onClose={() => setDeclining(null)}
        onDone={() => {
          setDeclining(null);
          setSelected([]);
          void message.success(t('triage.notAcceptedModal.done'));
          void queryClient.invalidateQueries({ queryKey: triageKeys.all });
        }}
      />
    </Flex>
  );
}
