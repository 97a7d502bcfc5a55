import { DownloadOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Input, Select, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { ENTITY_KINDS, ENTITY_STATUSES, type EntityKind, type EntityStatus } from '../../../contracts/registry';
import { describeError } from '../../shared/error-message';
import { formatDateTime } from '../../shared/format';
import { PageHeader } from '../../workbench/PageHeader';
import { hasRole, useMe } from '../auth/session';
import { downloadStix, fetchEntities, fetchStixExport, registryKeys, type EntitySummary } from './api';
import { CreateEntityModal } from './CreateEntityModal';
import { EntityKindTag, EntityStatusTag, useIdentifierTypeLabel } from './labels';
import './registry.css';
import { ErrorAlert } from '../../shared/ErrorAlert';

/** `/workbench/registry`: the offender registry's entities, newest first, filtered; create one; export STIX. */
export function RegistryPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const typeLabel = useIdentifierTypeLabel();
  const [kind, setKind] = useState<EntityKind | undefined>(undefined);
  const [status, setStatus] = useState<EntityStatus | undefined>(undefined);
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const filter = { ...(kind ? { kind } : {}), ...(status ? { status } : {}), ...(q ? { q } : {}) };
  const canCreate = hasRole(me, 'analyst', 'case_officer', 'agency_lead');

  const entities = useInfiniteQuery({
    queryKey: registryKeys.list(filter),
    queryFn: ({ pageParam, signal }) => fetchEntities(filter, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextBefore,
    staleTime: 15 * 1000,
  });
  const items = entities.data?.pages.flatMap((page) => page.items) ?? [];

  const exportStix = useMutation({
    mutationFn: () => fetchStixExport(filter),
    onSuccess: (text) => downloadStix(`qinglang-registry-${new Date().toISOString().slice(0, 10)}.stix.json`, text),
    onError: (error) => void message.error(describeError(error, t).title),
  });

  const columns: TableColumnsType<EntitySummary> = [
    {
      key: 'name',
      title: t('registry.columns.name'),
      render: (_, e) => (
        <Flex vertical>
          <Link to={`/workbench/registry/${e.id}`} onClick={(event) => event.stopPropagation()}>
            {e.displayName}
          </Link>
          <Typography.Text className="wb-cell-detail registry-identifiers">
            {e.identifiers
              .slice(0, 3)
              .map((i) => `${typeLabel(i.type)} ${i.value}`)
              .join(t('common.listSeparator'))}
          </Typography.Text>
        </Flex>
      ),
    },
    { key: 'kind', title: t('registry.columns.kind'), render: (_, e) => <EntityKindTag kind={e.kind} /> },
    { key: 'status', title: t('registry.columns.status'), render: (_, e) => <EntityStatusTag status={e.status} /> },
    {
      key: 'updatedAt',
      title: t('registry.columns.updatedAt'),
      responsive: ['md'],
      render: (_, e) => formatDateTime(e.updatedAt, i18n.language),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('registry.title')}
        lead={t('registry.lead')}
        extra={
          <>
            {canCreate && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid="registry-create">
                {t('registry.create.open')}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} onClick={() => exportStix.mutate()} loading={exportStix.isPending}>
              {t('registry.exportStix')}
            </Button>
            <Button icon={<ReloadOutlined />} onClick={() => void entities.refetch()} loading={entities.isFetching}>
              {t('common.refresh')}
            </Button>
          </>
        }
      />
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <Input.Search
            allowClear
            placeholder={t('registry.search')}
            aria-label={t('registry.search')}
            onSearch={(value) => setQ(value.trim())}
            maxLength={200}
            className="wb-filter-search"
          />
          <Select<EntityKind>
            allowClear
            value={kind}
            onChange={(value) => setKind(value ?? undefined)}
            placeholder={t('registry.allKinds')}
            aria-label={t('registry.columns.kind')}
            options={ENTITY_KINDS.map((value) => ({ value, label: t(`registry.kind.${value}`) }))}
            className="wb-filter-select"
          />
          <Select<EntityStatus>
            allowClear
            value={status}
            onChange={(value) => setStatus(value ?? undefined)}
            placeholder={t('registry.allStatuses')}
            aria-label={t('registry.columns.status')}
            options={ENTITY_STATUSES.map((value) => ({ value, label: t(`registry.status.${value}`) }))}
            className="wb-filter-select"
          />
        </Flex>
      </Card>
      <ErrorAlert error={entities.error} />
      <Table<EntitySummary>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={entities.isPending}
        onRow={(e) => ({ onClick: () => void navigate(`/workbench/registry/${e.id}`), className: 'wb-clickable-row' })}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('registry.empty') }}
        data-testid="registry-table"
      />
      {entities.hasNextPage && (
        <Flex justify="center">
          <Button onClick={() => void entities.fetchNextPage()} loading={entities.isFetchingNextPage}>
            {t('registry.loadMore')}
          </Button>
        </Flex>
      )}
      <CreateEntityModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(entity) => {
          setCreating(false);
          void message.success(t('registry.create.done'));
          void queryClient.invalidateQueries({ queryKey: registryKeys.all });
          void navigate(`/workbench/registry/${entity.id}`);
        }}
      />
    </Flex>
  );
}
