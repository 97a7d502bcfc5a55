import { EditOutlined, PlusOutlined, ReloadOutlined, SafetyCertificateOutlined, SubnodeOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Flex, Input, Select, Table, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ORG_KINDS, type OrgKind } from '../../../contracts/orgs';
import { formatDateTime } from '../../shared/format';
import { LinkButton } from '../../shared/LinkButton';
import { PageHeader } from '../../workbench/PageHeader';
import { useMe } from '../auth/session';
import { adminKeys, fetchOrganizations } from './api';
import { useOrganizationDirectory } from './hooks';
import { OrganizationFormModal, type OrganizationFormTarget } from './OrganizationFormModal';
import { buildOrganizationTree, organizationTreeOptions, type OrganizationNode } from './org-tree';
import { ErrorAlert } from '../../shared/ErrorAlert';

/** `/workbench/organizations`: the organizations one may see, as a tree; create below and edit one's own. */
export function OrganizationsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const me = useMe().data;
  const directory = useOrganizationDirectory();
  const [kind, setKind] = useState<OrgKind | undefined>(undefined);
  const [q, setQ] = useState('');
  const [target, setTarget] = useState<OrganizationFormTarget | null>(null);
  const language = i18n.language;

  const filter = useMemo(() => ({ ...(kind ? { kind } : {}), ...(q ? { q } : {}) }), [kind, q]);
  const list = useQuery({
    queryKey: adminKeys.organizations(filter),
    queryFn: ({ signal }) => fetchOrganizations(filter, signal),
    staleTime: 60 * 1000,
    placeholderData: (previous) => previous,
  });
  const tree = useMemo(() => buildOrganizationTree(list.data ?? [], language), [list.data, language]);
  const parentOptions = useMemo(() => organizationTreeOptions(directory.managedTree), [directory.managedTree]);
  const canCreate = directory.managed.length > 0;

  const columns: TableColumnsType<OrganizationNode> = [
    {
      key: 'name',
      title: t('admin.organizations.columns.name'),
      render: (_, org) => (
        <Flex gap={6} wrap align="center">
          <Typography.Text strong={org.id === me?.organization.id}>{org.name}</Typography.Text>
          {org.status === 'disabled' && <Tag color="default">{t('orgStatus.disabled')}</Tag>}
          {org.id === me?.organization.id && <Tag color="blue">{t('admin.organizations.own')}</Tag>}
        </Flex>
      ),
    },
    {
      key: 'kind',
      title: t('admin.organizations.columns.kind'),
      render: (_, org) => <Tag>{t(`orgKinds.${org.kind}`)}</Tag>,
      width: 150,
    },
    {
      key: 'region',
      title: t('admin.organizations.columns.region'),
      render: (_, org) => <span className="mono">{org.regionCode}</span>,
      width: 110,
      responsive: ['sm'],
    },
    {
      key: 'details',
      title: t('admin.organizations.columns.details'),
      responsive: ['lg'],
      render: (_, org) => <OrganizationDetails org={org} />,
    },
    {
      key: 'created',
      title: t('admin.organizations.columns.created'),
      responsive: ['xl'],
      width: 180,
      render: (_, org) => formatDateTime(org.createdAt, language),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 120,
      render: (_, org) =>
        directory.managedIds.has(org.id) ? (
          <Flex gap={4}>
            <Tooltip title={t('common.edit')}>
              <Button
                size="small"
                icon={<EditOutlined />}
                aria-label={`${t('common.edit')} ${org.name}`}
                onClick={() => setTarget({ mode: 'edit', organization: org })}
              />
            </Tooltip>
            <Tooltip title={t('admin.organizations.addChild')}>
              <Button
                size="small"
                icon={<SubnodeOutlined />}
                aria-label={`${t('admin.organizations.addChild')} ${org.name}`}
                onClick={() => setTarget({ mode: 'create', parentId: org.id })}
              />
            </Tooltip>
            {org.kind === 'enterprise' && me?.organization.kind === 'regulator' && org.id !== me.organization.id && (
              <Tooltip title={t('protection.openDesk')}>
                <LinkButton
                  to={`/workbench/protection/${org.id}`}
                  size="small"
                  icon={<SafetyCertificateOutlined />}
                  aria-label={`${t('protection.openDesk')} ${org.name}`}
                />
              </Tooltip>
            )}
          </Flex>
        ) : null,
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('admin.organizations.title')}
        lead={t('admin.organizations.lead')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} loading={list.isFetching}>
              {t('common.refresh')}
            </Button>
            {canCreate && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setTarget({ mode: 'create', parentId: me?.organization.id ?? null })}
                data-testid="organization-create"
              >
                {t('admin.organizations.create')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small">
        <Flex gap={12} wrap>
          <Input.Search
            allowClear
            placeholder={t('admin.organizations.search')}
            onSearch={(value) => setQ(value.trim())}
            className="wb-filter-search"
            aria-label={t('admin.organizations.search')}
          />
          <Select<OrgKind>
            allowClear
            placeholder={t('admin.organizations.allKinds')}
            value={kind}
            onChange={(value) => setKind(value)}
            options={ORG_KINDS.map((value) => ({ value, label: t(`orgKinds.${value}`) }))}
            className="wb-filter-select"
            aria-label={t('admin.organizations.columns.kind')}
          />
        </Flex>
      </Card>
      <ErrorAlert error={list.error} />
      <Table<OrganizationNode>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={tree}
        loading={list.isPending}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        key={`${tree.length}:${kind ?? ''}:${q}`}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('admin.organizations.empty') }}
        data-testid="organizations-table"
      />
      <OrganizationFormModal
        target={target}
        parentOptions={parentOptions}
        onClose={() => setTarget(null)}
        onSaved={(organization) => {
          setTarget(null);
          void message.success(t('admin.organizations.saved', { name: organization.name }));
        }}
      />
    </Flex>
  );
}

function OrganizationDetails({ org }: { org: OrganizationNode }) {
  const { t } = useTranslation();
  const parts: string[] = [];
  if (org.domains.length > 0)
    parts.push(`${t('admin.organizations.fields.domains')}${t('common.labelSeparator')}${org.domains.join(t('common.listSeparator'))}`);
  if (org.icpNumbers.length > 0)
    parts.push(
      `${t('admin.organizations.fields.icpNumbers')}${t('common.labelSeparator')}${org.icpNumbers.join(t('common.listSeparator'))}`,
    );
  if (org.uscc) parts.push(`${t('admin.organizations.fields.uscc')}${t('common.labelSeparator')}${org.uscc}`);
  if (parts.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Flex vertical>
      {parts.map((part) => (
        <Typography.Text key={part} type="secondary" className="wb-cell-detail" ellipsis={{ tooltip: part }}>
          {part}
        </Typography.Text>
      ))}
    </Flex>
  );
}
