import { DeleteOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Flex, Popconfirm, Table, Tag, TreeSelect, Typography, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../shared/error-message';
import { formatDateTime } from '../../shared/format';
import { PageHeader } from '../../workbench/PageHeader';
import { useMe } from '../auth/session';
import { adminKeys, fetchApiTokens, revokeApiToken, type ApiToken } from './api';
import { useOrganizationDirectory } from './hooks';
import { organizationTreeOptions } from './org-tree';
import { TokenCreateModal } from './TokenCreateModal';
import { SCOPE_KEYS, tokenState, type TokenState } from './token-scopes';
import { ErrorAlert } from '../../shared/ErrorAlert';

const STATE_COLORS: Record<TokenState, string> = { active: 'green', expired: 'orange', revoked: 'default' };

/** `/workbench/tokens`: an organization's API tokens: list, create (shown once), revoke. */
export function TokensPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const directory = useOrganizationDirectory();
  const [chosenOrgId, setChosenOrgId] = useState<string | null>(null);
  const [creatingFor, setCreatingFor] = useState<{ id: string; name: string } | null>(null);
  const language = i18n.language;
  const orgId = chosenOrgId ?? me?.organization.id ?? null;
  const organization = orgId ? directory.byId.get(orgId) : undefined;

  const tokens = useQuery({
    queryKey: adminKeys.tokens(orgId ?? ''),
    queryFn: ({ signal }) => fetchApiTokens(orgId!, signal),
    enabled: orgId !== null,
    staleTime: 30 * 1000,
  });
  const orgOptions = useMemo(() => organizationTreeOptions(directory.managedTree), [directory.managedTree]);
  // Working tokens first, then the newest.
  const rows = useMemo(
    () =>
      [...(tokens.data ?? [])].sort(
        (a, b) =>
          Number(tokenState(a) !== 'active') - Number(tokenState(b) !== 'active') || Date.parse(b.createdAt) - Date.parse(a.createdAt),
      ),
    [tokens.data],
  );

  const revoke = useMutation({
    mutationFn: (token: ApiToken) => revokeApiToken(token.id),
    onSuccess: (_, token) => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.tokens(token.orgId) });
      void message.success(t('admin.tokens.revoked', { name: token.name }));
    },
    onError: (error) => void message.error(describeError(error, t).title),
  });

  const never = <Typography.Text type="secondary">{t('admin.tokens.neverUsed')}</Typography.Text>;
  const columns: TableColumnsType<ApiToken> = [
    {
      key: 'name',
      title: t('admin.tokens.columns.name'),
      render: (_, token) => (
        <Flex vertical>
          <Typography.Text strong>{token.name}</Typography.Text>
          <Typography.Text type="secondary" className="mono wb-cell-detail">
            {token.displayPrefix}…
          </Typography.Text>
        </Flex>
      ),
    },
    {
      key: 'scopes',
      title: t('admin.tokens.columns.scopes'),
      render: (_, token) => (
        <Flex gap={4} wrap>
          {token.scopes.map((scope) => (
            <Tag key={scope} className="no-margin" title={scope}>
              {t(`tokenScopes.${SCOPE_KEYS[scope]}.label`)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      key: 'state',
      title: t('admin.tokens.columns.state'),
      render: (_, token) => {
        const state = tokenState(token);
        return (
          <Tag color={STATE_COLORS[state]} className="no-margin">
            {t(`admin.tokens.state.${state}`)}
          </Tag>
        );
      },
    },
    {
      key: 'lastUsed',
      title: t('admin.tokens.columns.lastUsed'),
      responsive: ['md'],
      render: (_, token) => (token.lastUsedAt ? formatDateTime(token.lastUsedAt, language) : never),
    },
    {
      key: 'expires',
      title: t('admin.tokens.columns.expires'),
      responsive: ['sm'],
      render: (_, token) =>
        token.revokedAt
          ? t('admin.tokens.revokedAt', { time: formatDateTime(token.revokedAt, language) })
          : token.expiresAt
            ? formatDateTime(token.expiresAt, language)
            : t('admin.tokens.fields.never'),
    },
    {
      key: 'created',
      title: t('admin.tokens.columns.created'),
      responsive: ['xl'],
      render: (_, token) => formatDateTime(token.createdAt, language),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 100,
      render: (_, token) =>
        token.revokedAt ? null : (
          <Popconfirm
            title={t('admin.tokens.revokeTitle', { name: token.name })}
            description={t('admin.tokens.revokeText')}
            okText={t('admin.tokens.revoke')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke.mutateAsync(token).catch(() => undefined)}
          >
            <Button size="small" danger icon={<DeleteOutlined />}>
              {t('admin.tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('admin.tokens.title')}
        lead={t('admin.tokens.lead')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void tokens.refetch()} loading={tokens.isFetching} disabled={!orgId}>
              {t('common.refresh')}
            </Button>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              disabled={!organization}
              onClick={() => organization && setCreatingFor({ id: organization.id, name: organization.name })}
              data-testid="token-create"
            >
              {t('admin.tokens.create')}
            </Button>
          </>
        }
      />
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <Typography.Text id="tokens-org-filter">{t('admin.tokens.organization')}</Typography.Text>
          <TreeSelect
            value={orgId ?? undefined}
            onChange={(value: string) => setChosenOrgId(value)}
            treeData={orgOptions}
            treeDefaultExpandAll
            showSearch={{ treeNodeFilterProp: 'title' }}
            className="wb-filter-tree"
            aria-labelledby="tokens-org-filter"
          />
        </Flex>
      </Card>
      <ErrorAlert error={tokens.error} />
      <Table<ApiToken>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={tokens.isPending && orgId !== null}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowClassName={(token) => (tokenState(token) === 'active' ? '' : 'wb-row-muted')}
        locale={{ emptyText: t('admin.tokens.empty') }}
      />
      <TokenCreateModal organization={creatingFor} onClose={() => setCreatingFor(null)} />
    </Flex>
  );
}
