import { DesktopOutlined, KeyOutlined, LogoutOutlined, MobileOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  List,
  Modal,
  Popconfirm,
  Row,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { PASSWORD_MAX_LENGTH, type Me } from '../../../contracts/orgs';
import { describeError, type ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { formatDateTime } from '../../shared/format';
import { LinkButton } from '../../shared/LinkButton';
import { PageHeader } from '../../workbench/PageHeader';
import { changePassword, fetchSessions, logoutEverywhere, regenerateRecoveryCodes, revokeSession, type SessionInfo } from './api';
import { NewPasswordFields } from './PasswordFields';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';
import { ENROL_PATH, LOGIN_PATH, forgetSignedIn, useMe, type ReturnState } from './session';
import { describeUserAgent } from './user-agent';
import { ErrorAlert } from '../../shared/ErrorAlert';

const PROFILE_PATH = '/workbench/profile';
const SESSIONS_KEY = ['my-sessions'] as const;

/** `/workbench/profile`: one's own account: password, two-factor, recovery codes, sessions. */
export function ProfilePage() {
  const { t } = useTranslation();
  const me = useMe().data;
  if (!me) return null;
  return (
    <Flex vertical gap={16}>
      <PageHeader title={t('profile.title')} lead={t('profile.lead')} />
      <AccountCard me={me} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <PasswordCard />
        </Col>
        <Col xs={24} xl={12}>
          <TwoFactorCard me={me} />
        </Col>
      </Row>
      <SessionsCard />
    </Flex>
  );
}

function AccountCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <Card title={<h2 className="card-heading">{t('profile.account.title')}</h2>}>
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'name', label: t('profile.account.name'), children: me.user.displayName },
          { key: 'email', label: t('profile.account.email'), children: me.user.email },
          {
            key: 'org',
            label: t('profile.account.organization'),
            children: (
              <Flex gap={8} wrap align="center">
                {me.organization.name}
                <Tag>{t(`orgKinds.${me.organization.kind}`)}</Tag>
              </Flex>
            ),
          },
          {
            key: 'roles',
            label: t('profile.account.roles'),
            children: (
              <Flex gap={4} wrap>
                {me.user.roles.map((role) => (
                  <Tag key={role} color="blue" className="no-margin">
                    {t(`roles.${role}`)}
                  </Tag>
                ))}
              </Flex>
            ),
          },
        ]}
      />
      <Typography.Text type="secondary" className="field-hint">
        {t('profile.account.askAdmin')}
      </Typography.Text>
    </Card>
  );
}

interface PasswordChangeValues {
  currentPassword: string;
  newPassword: string;
  newPasswordRepeat: string;
}

function PasswordCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const [form] = Form.useForm<PasswordChangeValues>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);

  const change = useMutation({
    mutationFn: (values: PasswordChangeValues) => changePassword(values.currentPassword, values.newPassword),
    onSuccess: () => {
      form.resetFields();
      setFormError(null);
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
      void message.success(t('profile.password.changed'));
    },
    onError: (error) => setFormError(showProblemOnForm(form, error, ['currentPassword', 'newPassword'], t)),
  });

  return (
    <Card title={<h2 className="card-heading">{t('profile.password.title')}</h2>} className="full-height">
      {formError && (
        <Alert className="form-error" type="error" showIcon role="alert" title={formError.title} description={formError.detail} />
      )}
      <Form<PasswordChangeValues>
        form={form}
        name="change-password"
        layout="vertical"
        requiredMark={false}
        onFinish={(values) => {
          setFormError(null);
          change.mutate(values);
        }}
        disabled={change.isPending}
      >
        <input type="email" name="username" autoComplete="username" value={me?.user.email ?? ''} readOnly hidden />
        <Form.Item
          name="currentPassword"
          label={t('profile.password.current')}
          rules={[{ required: true, message: t('auth.password.currentRequired') }]}
        >
          <Input.Password autoComplete="current-password" maxLength={PASSWORD_MAX_LENGTH * 4} />
        </Form.Item>
        <NewPasswordFields name="newPassword" label={t('profile.password.new')} />
        <Typography.Paragraph type="secondary" className="field-hint">
          {t('profile.password.othersSignedOut')}
        </Typography.Paragraph>
        <Button type="primary" htmlType="submit" loading={change.isPending} icon={<KeyOutlined />}>
          {t('profile.password.submit')}
        </Button>
      </Form>
    </Card>
  );
}

function TwoFactorCard({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [regenerating, setRegenerating] = useState(false);
  const state: ReturnState = { from: PROFILE_PATH };
  const enrolled = me.user.twoFactor;

  return (
    <Card title={<h2 className="card-heading">{t('profile.twoFactor.title')}</h2>} className="full-height">
      <Flex vertical gap={16}>
        <Flex gap={8} align="center" wrap>
          <Typography.Text>{t('profile.twoFactor.status')}</Typography.Text>
          {enrolled ? (
            <Tag color="success" icon={<SafetyCertificateOutlined />} data-testid="two-factor-status">
              {t('profile.twoFactor.on')}
            </Tag>
          ) : (
            <Tag color="warning" data-testid="two-factor-status">
              {t('profile.twoFactor.off')}
            </Tag>
          )}
          {me.user.twoFactorRequired && <Typography.Text type="secondary">{t('profile.twoFactor.requiredByRoles')}</Typography.Text>}
        </Flex>
        <Typography.Paragraph type="secondary" className="no-margin">
          {enrolled ? t('profile.twoFactor.enrolledText') : t('profile.twoFactor.notEnrolledText')}
        </Typography.Paragraph>
        <Flex gap={8} wrap>
          <LinkButton to={ENROL_PATH} state={state} type={enrolled ? 'default' : 'primary'} icon={<MobileOutlined />}>
            {enrolled ? t('profile.twoFactor.reenrol') : t('profile.twoFactor.enrol')}
          </LinkButton>
          {enrolled && (
            <Button icon={<ReloadOutlined />} onClick={() => setRegenerating(true)}>
              {t('profile.twoFactor.regenerate')}
            </Button>
          )}
        </Flex>
      </Flex>
      <RegenerateCodesModal open={regenerating} account={me.user.email} onClose={() => setRegenerating(false)} />
    </Card>
  );
}

function RegenerateCodesModal({ open, account, onClose }: { open: boolean; account: string; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ password: string }>();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [formError, setFormError] = useState<ErrorMessage | null>(null);

  const regenerate = useMutation({
    mutationFn: (password: string) => regenerateRecoveryCodes(password),
    onSuccess: (fresh) => setCodes(fresh),
    onError: (error) => setFormError(showProblemOnForm(form, error, ['password'], t)),
  });

  function close() {
    setCodes(null);
    setFormError(null);
    regenerate.reset();
    onClose();
  }

  return (
    <Modal
      open={open}
      title={codes ? t('auth.recovery.title') : t('profile.twoFactor.regenerateTitle')}
      onCancel={codes ? undefined : close}
      closable={!codes}
      mask={{ closable: false }}
      destroyOnHidden
      width={{ xs: '100%', sm: 560 }}
      footer={
        codes ? null : (
          <Flex gap={8} justify="flex-end">
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" onClick={() => form.submit()} loading={regenerate.isPending}>
              {t('profile.twoFactor.regenerateSubmit')}
            </Button>
          </Flex>
        )
      }
    >
      {codes ? (
        <RecoveryCodesPanel codes={codes} account={account} continueLabel={t('common.done')} onContinue={close} />
      ) : (
        <>
          <Typography.Paragraph>{t('profile.twoFactor.regenerateText')}</Typography.Paragraph>
          {formError && (
            <Alert className="form-error" type="error" showIcon role="alert" title={formError.title} description={formError.detail} />
          )}
          <Form<{ password: string }>
            form={form}
            name="regenerate-codes"
            layout="vertical"
            requiredMark={false}
            clearOnDestroy
            onFinish={(values) => {
              setFormError(null);
              regenerate.mutate(values.password);
            }}
          >
            <Form.Item
              name="password"
              label={t('auth.totp.currentPassword')}
              rules={[{ required: true, message: t('auth.password.currentRequired') }]}
            >
              <Input.Password autoComplete="current-password" maxLength={PASSWORD_MAX_LENGTH * 4} />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

function SessionsCard() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const sessions = useQuery({ queryKey: SESSIONS_KEY, queryFn: ({ signal }) => fetchSessions(signal), staleTime: 30 * 1000 });
  const language = i18n.language;

  const revoke = useMutation({
    mutationFn: (session: SessionInfo) => revokeSession(session.id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
      void message.success(t('profile.sessions.revoked'));
    },
    onError: (error) => void message.error(describeError(error, t).title),
  });

  const everywhere = useMutation({
    mutationFn: logoutEverywhere,
    onSettled: () => {
      forgetSignedIn(true);
      void navigate(LOGIN_PATH, { replace: true });
    },
  });

  const items = [...(sessions.data ?? [])].sort(
    (a, b) => Number(b.current) - Number(a.current) || Date.parse(b.lastSeenAt) - Date.parse(a.lastSeenAt),
  );

  return (
    <Card
      title={<h2 className="card-heading">{t('profile.sessions.title')}</h2>}
      extra={
        <Button
          size="small"
          icon={<ReloadOutlined />}
          onClick={() => void sessions.refetch()}
          loading={sessions.isFetching}
          aria-label={t('common.refresh')}
        />
      }
    >
      <ErrorAlert error={sessions.error} className="form-error" />
      <List<SessionInfo>
        loading={sessions.isPending}
        dataSource={items}
        locale={{ emptyText: t('profile.sessions.empty') }}
        renderItem={(session) => {
          const { browser, system } = describeUserAgent(session.userAgent);
          const device = [browser, system].filter(Boolean).join(' · ') || t('profile.sessions.unknownDevice');
          const mobile = system === 'iOS' || system === 'Android' || system === 'HarmonyOS';
          return (
            <List.Item
              data-testid="session-item"
              actions={
                session.current
                  ? []
                  : [
                      <Popconfirm
                        key="revoke"
                        title={t('profile.sessions.revokeTitle')}
                        description={t('profile.sessions.revokeText')}
                        okText={t('profile.sessions.revoke')}
                        okButtonProps={{ danger: true }}
                        cancelText={t('common.cancel')}
                        onConfirm={() => revoke.mutateAsync(session).catch(() => undefined)}
                      >
                        <Button size="small" danger>
                          {t('profile.sessions.revoke')}
                        </Button>
                      </Popconfirm>,
                    ]
              }
            >
              <List.Item.Meta
                avatar={mobile ? <MobileOutlined className="session-icon" /> : <DesktopOutlined className="session-icon" />}
                title={
                  <Flex gap={8} wrap align="center">
                    <Tooltip title={session.userAgent ?? ''}>
                      <span>{device}</span>
                    </Tooltip>
                    {session.current && <Tag color="blue">{t('profile.sessions.current')}</Tag>}
                  </Flex>
                }
                description={
                  <Flex vertical>
                    <span>
                      {t('profile.sessions.lastSeen', { time: formatDateTime(session.lastSeenAt, language) })}
                      {session.ip ? ` · ${session.ip}` : ''}
                    </span>
                    <span>{t('profile.sessions.created', { time: formatDateTime(session.createdAt, language) })}</span>
                  </Flex>
                }
              />
            </List.Item>
          );
        }}
      />
      <Flex justify="flex-end" className="sessions-footer">
        <Popconfirm
          title={t('profile.sessions.everywhereTitle')}
          description={t('profile.sessions.everywhereText')}
          okText={t('profile.sessions.everywhere')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() => everywhere.mutateAsync().catch(() => undefined)}
        >
          <Button danger icon={<LogoutOutlined />} loading={everywhere.isPending} data-testid="sign-out-everywhere">
            {t('profile.sessions.everywhere')}
          </Button>
        </Popconfirm>
      </Flex>
    </Card>
  );
}
