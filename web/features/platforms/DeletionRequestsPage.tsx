import { BarChartOutlined, PlusOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Empty, Flex, Input, Select, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ErrorAlert } from '../../shared/ErrorAlert';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { formatDateTime } from '../../shared/format';
import { PageHeader } from '../../workbench/PageHeader';
import { useMe } from '../auth/session';
import {
  DELETION_STATUSES,
  deletionKeys,
  fetchDeletionRequests,
  HIGH_RISK,
  REQUESTER_KINDS,
  type DeletionFilter,
  type DeletionRequestSummary,
  type DeletionScope,
  type DeletionStatus,
  type RequesterKind,
} from './api';
import { ImportModal } from './ImportModal';
import { DeletionStatusTag, RequesterKindTag, RiskTag } from './labels';
import { RecordRequestModal } from './RecordRequestModal';
import { receivedRange } from './received-within';
import './platforms.css';

/** Whose log a person reads: a website's people their own, agency staff the websites of their region. */
export function deletionScopeOf(orgKind: string | undefined): DeletionScope {
  return orgKind === 'website' ? 'website' : 'region';
}

/** `/workbench/deletion-requests`: the website's log of deletion requests, or the region's. */
export function DeletionRequestsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const scope = deletionScopeOf(me?.organization.kind);
  const [status, setStatus] = useState<DeletionStatus[]>([]);
  const [kinds, setKinds] = useState<RequesterKind[]>([]);
  const [name, setName] = useState('');
  const [highRiskOnly, setHighRiskOnly] = useState(false);
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const [recording, setRecording] = useState(false);
  const [importing, setImporting] = useState(false);

  const filter: DeletionFilter = {
    scope,
    ...(status.length ? { status } : {}),
    ...(kinds.length ? { requesterKind: kinds } : {}),
    ...(name.trim() ? { requesterName: name.trim() } : {}),
    ...(highRiskOnly ? { minRisk: HIGH_RISK } : {}),
    ...receivedRange(range),
  };
  const list = useInfiniteQuery({
    queryKey: deletionKeys.list(filter),
    queryFn: ({ pageParam, signal }) => fetchDeletionRequests(filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = useMemo(() => (list.data?.pages ?? []).flatMap((p) => p.items), [list.data]);
  const counts = list.data?.pages[0]?.counts ?? {};
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const works = scope === 'website';

  const columns: TableColumnsType<DeletionRequestSummary> = [
    {
      key: 'received',
      title: t('deletionRequests.columns.receivedAt'),
      render: (_, r) => (
        <Flex vertical gap={2}>
          <Link to={`/workbench/deletion-requests/${r.id}`} onClick={(e) => e.stopPropagation()}>
            {formatDateTime(r.receivedAt, i18n.language)}
          </Link>
          {!works && <Typography.Text type="secondary">{r.websiteName}</Typography.Text>}
        </Flex>
      ),
    },
    {
      key: 'requester',
      title: t('deletionRequests.columns.requester'),
      render: (_, r) => (
        <Flex vertical gap={4} align="flex-start">
          <span className="dr-wrap">{r.requesterName}</span>
          <RequesterKindTag kind={r.requesterKind} />
        </Flex>
      ),
    },
    {
      key: 'contactChannel',
      title: t('deletionRequests.columns.contactChannel'),
      responsive: ['lg'],
      render: (_, r) => (r.contactChannel ? t(`deletionRequests.contactChannel.${r.contactChannel}`) : '—'),
    },
    {
      key: 'principal',
      title: t('deletionRequests.columns.principal'),
      responsive: ['md'],
      render: (_, r) => r.principalName ?? '—',
    },
    {
      key: 'risk',
      title: t('deletionRequests.columns.risk'),
      render: (_, r) => (
        <Flex vertical gap={4} align="flex-start">
          <RiskTag score={r.riskScore} />
          {r.signals.length > 0 && (
            <Typography.Text type="secondary" className="wb-cell-detail">
              {t('deletionRequests.risk.signals', { count: r.signals.length })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('deletionRequests.columns.status'),
      responsive: ['sm'],
      render: (_, r) => <DeletionStatusTag status={r.status} />,
    },
  ];

  return (
    <>
      <PageHeader
        title={t('deletionRequests.title')}
        lead={works ? t('deletionRequests.lead') : t('deletionRequests.leadRegion')}
        extra={
          <>
            {works && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)} data-testid="record-request">
                {t('deletionRequests.record')}
              </Button>
            )}
            {works && (
              <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="import-requests">
                {t('deletionRequests.import')}
              </Button>
            )}
            <Link to="/workbench/deletion-requests/compliance">
              <Button icon={<BarChartOutlined />}>{t('deletionRequests.compliance')}</Button>
            </Link>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label={t('deletionRequests.refresh')} />
          </>
        }
      />
      <Flex gap={8} wrap className="dr-filters" align="center">
        <Select
          mode="multiple"
          allowClear
          placeholder={t('deletionRequests.filters.status')}
          aria-label={t('deletionRequests.filters.status')}
          value={status}
          onChange={setStatus}
          options={DELETION_STATUSES.map((s) => ({ value: s, label: t(`deletionRequests.status.${s}`) }))}
        />
        <Select
          mode="multiple"
          allowClear
          placeholder={t('deletionRequests.filters.requesterKind')}
          aria-label={t('deletionRequests.filters.requesterKind')}
          value={kinds}
          onChange={setKinds}
          options={REQUESTER_KINDS.map((k) => ({ value: k, label: t(`deletionRequests.requesterKind.${k}`) }))}
        />
        <Input.Search
          allowClear
          placeholder={t('deletionRequests.filters.requesterName')}
          aria-label={t('deletionRequests.filters.requesterName')}
          onSearch={setName}
          className="dr-search"
        />
        <DatePicker.RangePicker
          aria-label={t('deletionRequests.filters.dates')}
          value={range}
          onChange={(value) => setRange(value && value[0] && value[1] ? [value[0], value[1]] : null)}
          title={t('deletionRequests.filters.datesHint')}
        />
        <Flex gap={6} align="center">
          <Switch checked={highRiskOnly} onChange={setHighRiskOnly} id="dr-high-risk" data-testid="high-risk-only" />
          <label htmlFor="dr-high-risk">{t('deletionRequests.filters.highRiskOnly')}</label>
        </Flex>
      </Flex>
      <Flex gap={6} wrap className="dr-counts" data-testid="deletion-counts">
        <Tag color="processing">{t('deletionRequests.countsTotal', { count: total })}</Tag>
        {DELETION_STATUSES.filter((s) => (counts[s] ?? 0) > 0).map((s) => (
          <Tag key={s} data-status={s}>
            {t(`deletionRequests.status.${s}`)} {counts[s]}
          </Tag>
        ))}
      </Flex>
      <ErrorAlert error={list.error} />
      <Table
        data-testid="deletion-requests-table"
        rowKey="id"
        size="middle"
        loading={list.isLoading}
        columns={columns}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: <Empty description={t('deletionRequests.empty')} /> }}
        onRow={(r) => ({ onClick: () => void navigate(`/workbench/deletion-requests/${r.id}`), className: 'dr-row' })}
      />
      {list.hasNextPage && (
        <Flex justify="center" className="dr-load-more">
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('deletionRequests.loadMore')}
          </Button>
        </Flex>
      )}
      <RecordRequestModal
        open={recording}
        onClose={() => setRecording(false)}
        onDone={(detail) => {
          setRecording(false);
          void message.success(t('deletionRequests.form.recorded'));
          void queryClient.invalidateQueries({ queryKey: deletionKeys.all });
          void navigate(`/workbench/deletion-requests/${detail.request.id}`);
        }}
      />
      <ImportModal
        open={importing}
        onClose={() => setImporting(false)}
        onDone={() => void queryClient.invalidateQueries({ queryKey: deletionKeys.all })}
      />
    </>
  );
}
