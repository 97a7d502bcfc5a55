import {
  CheckCircleOutlined,
  EditOutlined,
  LinkOutlined,
  LockOutlined,
  MoreOutlined,
  ReloadOutlined,
  SafetyCertificateOutlined,
  StopOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Dropdown, Flex, Table, Tag, TreeSelect, Typography, type MenuProps, type TableColumnsType } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeError } from '../../shared/error-message';
import { formatDateTime } from '../../shared/format';
import { PageHeader } from '../../workbench/PageHeader';
import { useMe } from '../auth/session';
import { adminKeys, fetchUsers, reissueInvitation, resetTwoFactor, updateUser, type Invitation, type User, type UserStatus } from './api';
import { useOrganizationDirectory } from './hooks';
import { InvitationLinkModal } from './InvitationLinkModal';
import { organizationTreeOptions } from './org-tree';
import { UserFormModal, type UserFormTarget } from './UserFormModal';
import { ErrorAlert } from '../../shared/ErrorAlert';

const STATUS_COLORS: Record<UserStatus, string> = { invited: 'gold', active: 'green', disabled: 'default' };

/** `/workbench/users`: the people of the organizations one administers; invite, change, disable, reset. */
export function UsersPage() {
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const directory = useOrganizationDirectory();
  const [orgId, setOrgId] = useState<string | null>(null);
  const [target, setTarget] = useState<UserFormTarget | null>(null);
  const [invitationShown, setInvitationShown] = useState<{ invitation: Invitation; email: string } | null>(null);
  const language = i18n.language;

  const users = useQuery({
    queryKey: adminKeys.users(orgId),
    queryFn: ({ signal }) => fetchUsers(orgId, signal),
    staleTime: 30 * 1000,
    placeholderData: (previous) => previous,
  });
  const orgOptions = useMemo(() => organizationTreeOptions(directory.managedTree), [directory.managedTree]);

  const act = useMutation({
    mutationFn: async ({ user, action }: { user: User; action: 'disable' | 'enable' | 'reissue' | 'resetTwoFactor' }) => {
      switch (action) {
        case 'disable':
          await updateUser(user.id, { status: 'disabled' });
          return null;
        case 'enable':
          await updateUser(user.id, { status: 'active' });
          return null;
        case 'reissue':
          return reissueInvitation(user.id);
        case 'resetTwoFactor':
          await resetTwoFactor(user.id);
          return null;
      }
    },
    onSuccess: (invitation, { user, action }) => {
      void queryClient.invalidateQueries({ queryKey: adminKeys.allUsers });
      if (invitation) setInvitationShown({ invitation, email: user.email });
      else if (action !== 'reissue') void message.success(t(`admin.users.done.${action}`, { name: user.displayName }));
    },
    onError: (error) => {
      const described = describeError(error, t);
      void message.error(described.detail ? `${described.title} ${described.detail}` : described.title);
    },
  });

  function confirmAction(user: User, action: 'disable' | 'enable' | 'reissue' | 'resetTwoFactor') {
    if (action === 'enable') {
      act.mutate({ user, action });
      return;
    }
    void modal.confirm({
      title: t(`admin.users.confirm.${action}.title`, { name: user.displayName }),
      content: t(`admin.users.confirm.${action}.text`),
      okText: t(`admin.users.confirm.${action}.ok`),
      okButtonProps: action === 'reissue' ? {} : { danger: true },
      cancelText: t('common.cancel'),
      onOk: () => act.mutateAsync({ user, action }).catch(() => undefined),
    });
  }

  function actionsOf(user: User): MenuProps['items'] {
    const self = user.id === me?.user.id;
    return [
      { key: 'edit', icon: <EditOutlined />, label: t('common.edit') },
      ...(user.status === 'invited' ? [{ key: 'reissue', icon: <LinkOutlined />, label: t('admin.users.actions.reissue') }] : []),
      ...(user.twoFactor
        ? [{ key: 'resetTwoFactor', icon: <SafetyCertificateOutlined />, label: t('admin.users.actions.resetTwoFactor') }]
        : []),
      ...(user.status === 'disabled'
        ? [{ key: 'enable', icon: <CheckCircleOutlined />, label: t('admin.users.actions.enable') }]
        : !self
          ? [{ key: 'disable', icon: <StopOutlined />, label: t('admin.users.actions.disable'), danger: true }]
          : []),
    ];
  }

  function onAction(user: User, key: string) {
    if (key === 'edit') setTarget({ mode: 'edit', user });
    else if (key === 'disable' || key === 'enable' || key === 'reissue' || key === 'resetTwoFactor') confirmAction(user, key);
  }

  const columns: TableColumnsType<User> = [
    {
      key: 'name',
      title: t('admin.users.columns.name'),
      render: (_, user) => (
        <Flex vertical>
          <Typography.Text strong>
            {user.displayName}
            {user.id === me?.user.id && <Tag className="inline-tag">{t('admin.users.you')}</Tag>}
          </Typography.Text>
          <Typography.Text type="secondary" className="wb-cell-detail">
            {user.email}
          </Typography.Text>
        </Flex>
      ),
    },
    ...(orgId === null
      ? [
          {
            key: 'org',
            title: t('admin.users.columns.organization'),
            responsive: ['md' as const],
            render: (_: unknown, user: User) => directory.byId.get(user.orgId)?.name ?? '—',
          },
        ]
      : []),
    {
      key: 'roles',
      title: t('admin.users.columns.roles'),
      render: (_, user) => (
        <Flex gap={4} wrap>
          {user.roles.map((role) => (
            <Tag key={role} color="blue" className="no-margin">
              {t(`roles.${role}`)}
            </Tag>
          ))}
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('admin.users.columns.status'),
      render: (_, user) => (
        <Flex gap={4} wrap>
          <Tag color={STATUS_COLORS[user.status]} className="no-margin">
            {t(`userStatus.${user.status}`)}
          </Tag>
          {user.locked && (
            <Tag color="red" icon={<LockOutlined />} className="no-margin">
              {t('admin.users.locked')}
            </Tag>
          )}
        </Flex>
      ),
    },
    {
      key: 'twoFactor',
      title: t('admin.users.columns.twoFactor'),
      responsive: ['sm'],
      render: (_, user) =>
        user.twoFactor ? <Tag color="success">{t('profile.twoFactor.on')}</Tag> : <Tag>{t('profile.twoFactor.off')}</Tag>,
    },
    {
      key: 'lastLogin',
      title: t('admin.users.columns.lastLogin'),
      responsive: ['lg'],
      render: (_, user) =>
        user.lastLoginAt ? (
          formatDateTime(user.lastLoginAt, language)
        ) : (
          <Typography.Text type="secondary">{t('admin.users.never')}</Typography.Text>
        ),
    },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 80,
      render: (_, user) => (
        <Dropdown menu={{ items: actionsOf(user), onClick: ({ key }) => onAction(user, key) }} trigger={['click']} placement="bottomRight">
          <Button size="small" icon={<MoreOutlined />} aria-label={t('admin.users.actionsFor', { name: user.displayName })} />
        </Dropdown>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('admin.users.title')}
        lead={t('admin.users.lead')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={() => void users.refetch()} loading={users.isFetching}>
              {t('common.refresh')}
            </Button>
            <Button
              type="primary"
              icon={<UserAddOutlined />}
              onClick={() => setTarget({ mode: 'invite', orgId: orgId ?? me?.organization.id ?? null })}
              data-testid="user-invite"
            >
              {t('admin.users.invite')}
            </Button>
          </>
        }
      />
      <Card size="small">
        <Flex gap={12} wrap align="center">
          <Typography.Text id="users-org-filter">{t('admin.users.filterOrganization')}</Typography.Text>
          <TreeSelect
            allowClear
            value={orgId ?? undefined}
            onChange={(value: string | undefined) => setOrgId(value ?? null)}
            treeData={orgOptions}
            treeDefaultExpandAll
            showSearch={{ treeNodeFilterProp: 'title' }}
            placeholder={t('admin.users.allOrganizations')}
            className="wb-filter-tree"
            aria-labelledby="users-org-filter"
          />
        </Flex>
      </Card>
      <ErrorAlert error={users.error} />
      <Table<User>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={users.data ?? []}
        loading={users.isPending || act.isPending}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('admin.users.empty') }}
      />
      <UserFormModal
        target={target}
        organizations={directory.byId}
        orgOptions={orgOptions}
        onClose={() => setTarget(null)}
        onInvited={(user, invitation) => {
          setTarget(null);
          setInvitationShown({ invitation, email: user.email });
        }}
        onSaved={(user) => {
          setTarget(null);
          void message.success(t('admin.users.saved', { name: user.displayName }));
        }}
      />
      <InvitationLinkModal shown={invitationShown} onClose={() => setInvitationShown(null)} />
    </Flex>
  );
}
