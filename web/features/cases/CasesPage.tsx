import { ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Button, Card, Flex, Input, Select, Switch, Table, Tabs, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { CASE_STATUSES, type CaseStatus } from '../../../contracts/cases-lifecycle';
import { formatDateTime, userTimeZone } from '../../shared/format';
import { PageHeader } from '../../workbench/PageHeader';
import { hasRole, useMe } from '../auth/session';
import { caseKeys, fetchCases, type CaseScope, type CaseSummary } from './api';
import { CaseStatusTag, DueDate, PriorityTag } from './labels';
import { useOrganizations } from './organizations';
import './casework.css';
import { ErrorAlert } from '../../shared/ErrorAlert';

const DONE: readonly CaseStatus[] = ['concluded', 'closed'];

/** The deadline that matters now: the first response until there was one, then the conclusion. */
function currentDue(c: CaseSummary): string | null {
  return c.status === 'assigned' || c.status === 'triage' ? (c.firstResponseDue ?? c.concludeDue) : c.concludeDue;
}

/** `/workbench/cases`: my agency's, my region's or all cases, filtered, with the overdue ones in red. */
export function CasesPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const me = useMe().data;
  const organizations = useOrganizations();
  const [scope, setScope] = useState<CaseScope>('mine');
  const [status, setStatus] = useState<CaseStatus | undefined>(undefined);
  const [overdue, setOverdue] = useState(false);
  const [q, setQ] = useState('');
  const filter = { scope, ...(status ? { status } : {}), ...(overdue ? { overdue } : {}), ...(q ? { q } : {}) };

  const cases = useInfiniteQuery({
    queryKey: caseKeys.list(filter),
    queryFn: ({ pageParam, signal }) => fetchCases(filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
    staleTime: 15 * 1000,
  });
  const items = cases.data?.pages.flatMap((page) => page.items) ?? [];
  const total = cases.data?.pages[0]?.total;

  const scopes: CaseScope[] = [
    'mine',
    ...(hasRole(me, 'agency_lead', 'auditor') ? (['region'] as const) : []),
    ...(hasRole(me, 'triage_officer') ? (['all'] as const) : []),
  ];

  const columns: TableColumnsType<CaseSummary> = [
    {
      key: 'number',
      title: t('cases.columns.number'),
      render: (_, c) => (
        <Flex vertical>
          <Link to={`/workbench/cases/${c.id}`} className="mono" onClick={(event) => event.stopPropagation()}>
            {c.number}
          </Link>
          <Typography.Text className="wb-cell-detail">{c.title}</Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('cases.columns.status'),
      render: (_, c) => (
        <Flex gap={4} wrap>
          <CaseStatusTag status={c.status} />
          {c.overdue && <Typography.Text type="danger">{t('cases.overdue')}</Typography.Text>}
        </Flex>
      ),
    },
    { key: 'priority', title: t('cases.columns.priority'), responsive: ['sm'], render: (_, c) => <PriorityTag priority={c.priority} /> },
    { key: 'lead', title: t('cases.columns.lead'), responsive: ['md'], render: (_, c) => organizations.nameOf(c.leadOrgId) },
    {
      key: 'due',
      title: t('cases.columns.due'),
      render: (_, c) => <DueDate iso={currentDue(c)} done={DONE.includes(c.status)} />,
    },
    {
      key: 'openedAt',
      title: t('cases.columns.openedAt'),
      responsive: ['lg'],
      render: (_, c) => formatDateTime(c.openedAt, i18n.language),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('cases.title')}
        lead={t('cases.lead', { zone: userTimeZone() })}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void cases.refetch()} loading={cases.isFetching}>
            {t('common.refresh')}
          </Button>
        }
      />
      {scopes.length > 1 && (
        <Tabs
          activeKey={scope}
          onChange={(key) => setScope(key as CaseScope)}
          items={scopes.map((key) => ({ key, label: t(`cases.scope.${key}`) }))}
        />
      )}
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <Input.Search
            allowClear
            placeholder={t('cases.search')}
            aria-label={t('cases.search')}
            onSearch={(value) => setQ(value.trim())}
            maxLength={100}
            className="wb-filter-search"
          />
          <Select<CaseStatus>
            allowClear
            value={status}
            onChange={(value) => setStatus(value ?? undefined)}
            placeholder={t('cases.allStatuses')}
            aria-label={t('cases.columns.status')}
            options={CASE_STATUSES.map((value) => ({ value, label: t(`caseStatus.${value}`) }))}
            className="wb-filter-select"
          />
          <Flex gap={8} align="center">
            <Switch id="cases-overdue" checked={overdue} onChange={setOverdue} />
            <label htmlFor="cases-overdue">{t('cases.overdueOnly')}</label>
          </Flex>
          {total !== undefined && <Typography.Text type="secondary">{t('cases.total', { count: total })}</Typography.Text>}
        </Flex>
      </Card>
      <ErrorAlert error={cases.error} />
      <Table<CaseSummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={cases.isPending}
        onRow={(c) => ({
          onClick: () => void navigate(`/workbench/cases/${c.id}`),
          className: c.overdue ? 'wb-clickable-row wb-row-overdue' : 'wb-clickable-row',
        })}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('cases.empty') }}
        data-testid="cases-table"
      />
      {cases.hasNextPage && (
        <Flex justify="center">
          <Button onClick={() => void cases.fetchNextPage()} loading={cases.isFetchingNextPage}>
            {t('cases.loadMore')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}
