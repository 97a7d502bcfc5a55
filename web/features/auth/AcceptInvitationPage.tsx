import { SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Flex, Form, Result, Skeleton, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { describeError, type ErrorMessage } from '../../shared/error-message';
import { formatDateTime } from '../../shared/format';
import { LinkButton } from '../../shared/LinkButton';
import { ApiError, placeFieldErrors } from '../../shared/problem';
import { acceptInvitation, fetchInvitation, type InvitationOffer } from './api';
import { NewPasswordFields } from './PasswordFields';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';
import { LOGIN_PATH, WORKBENCH_PATH, rememberSignedIn } from './session';
import { TotpEnrolmentFields, type TotpEnrolmentValues } from './TotpEnrolmentFields';

type Stage = 'password' | 'totp' | 'codes';

interface PasswordValues {
  password: string;
  passwordRepeat: string;
  enrolTwoFactor?: boolean;
}

/** `/invitation/:token`: who is invited where, then a password, an authenticator, the recovery codes. */
export function AcceptInvitationPage() {
  const { token = '' } = useParams();
  const { t } = useTranslation();
  // One offer per visit: the authenticator seed in it is new on every request.
  const offer = useQuery({
    queryKey: ['invitation', token],
    queryFn: ({ signal }) => fetchInvitation(token, signal),
    staleTime: Infinity,
    gcTime: 0,
  });

  return (
    <Flex vertical gap={16} className="invitation-page">
      <title>{`${t('auth.invitation.title')} · ${t('workbench.title')} · ${t('product.name')}`}</title>
      {offer.isPending ? (
        <Card className="auth-card auth-card-wide">
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : offer.isError ? (
        <InvitationUnavailable error={offer.error} onRetry={() => void offer.refetch()} />
      ) : (
        <InvitationFlow token={token} offer={offer.data} />
      )}
    </Flex>
  );
}

function InvitationUnavailable({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  const gone = error instanceof ApiError && error.status === 404;
  const message = describeError(error, t);
  return (
    <Card className="auth-card auth-card-wide">
      <Result
        status={gone ? 'warning' : 'error'}
        title={<h1 className="result-heading">{gone ? t('auth.invitation.goneTitle') : message.title}</h1>}
        subTitle={gone ? message.title : message.detail}
        extra={
          gone ? (
            <LinkButton to={LOGIN_PATH} type="primary">
              {t('auth.invitation.toLogin')}
            </LinkButton>
          ) : (
            <Button type="primary" onClick={onRetry}>
              {t('common.retry')}
            </Button>
          )
        }
      />
    </Card>
  );
}

function InvitationFlow({ token, offer }: { token: string; offer: InvitationOffer }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [passwordForm] = Form.useForm<PasswordValues>();
  const [totpForm] = Form.useForm<TotpEnrolmentValues>();
  const [stage, setStage] = useState<Stage>('password');
  const [password, setPassword] = useState<string | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[]>([]);
  const [formError, setFormError] = useState<ErrorMessage | null>(null);

  const accept = useMutation({
    mutationFn: (body: { password: string; totp?: { secret: string; code: string } }) => acceptInvitation(token, body),
    onSuccess: (accepted) => {
      setPassword(null);
      rememberSignedIn(accepted.me);
      if (accepted.recoveryCodes && accepted.recoveryCodes.length > 0) {
        setRecoveryCodes(accepted.recoveryCodes);
        setStage('codes');
        window.scrollTo({ top: 0 });
      } else {
        void navigate(WORKBENCH_PATH, { replace: true });
      }
    },
    onError: (error) => handleError(error),
  });

  function handleError(error: unknown) {
    if (!(error instanceof ApiError) || error.fieldErrors.length === 0) {
      setFormError(describeError(error, t));
      return;
    }
    const { placed: onPassword } = placeFieldErrors(error.fieldErrors, ['password']);
    const { placed: onCode } = placeFieldErrors(error.fieldErrors, ['totp.code']);
    const totpMissing = error.fieldErrors.some((e) => e.field.replace(/^\//, '') === 'totp');
    if (onPassword.length > 0) {
      // The password is what the server refused (too common, contains the name): back to it.
      setStage('password');
      setPassword(null);
      setFormError(null);
      passwordForm.setFields(onPassword.map(({ errors }) => ({ name: 'password', errors })));
      return;
    }
    if (onCode.length > 0) {
      setFormError(null);
      totpForm.setFields(onCode.map(({ errors }) => ({ name: 'code', value: '', errors })));
      return;
    }
    if (totpMissing) {
      setStage('totp');
      setFormError(null);
      return;
    }
    setFormError({ title: describeError(error, t).title, detail: error.fieldErrors.map((e) => e.message).join(' ') });
  }

  function onPasswordFinish(values: PasswordValues) {
    setFormError(null);
    setPassword(values.password);
    if (offer.twoFactorRequired || values.enrolTwoFactor) {
      setStage('totp');
    } else {
      accept.mutate({ password: values.password });
    }
  }

  function onTotpFinish(values: TotpEnrolmentValues) {
    if (!password) {
      setStage('password');
      return;
    }
    setFormError(null);
    accept.mutate({ password, totp: { secret: offer.totp.secret, code: values.code } });
  }

  const optedIn = Form.useWatch('enrolTwoFactor', passwordForm) === true;
  const withTwoFactor = offer.twoFactorRequired || optedIn;
  const stepItems = [
    { title: t('auth.invitation.stepPassword') },
    ...(withTwoFactor || stage !== 'password' ? [{ title: t('auth.invitation.stepTotp') }, { title: t('auth.invitation.stepCodes') }] : []),
  ];
  const stepIndex = stage === 'password' ? 0 : stage === 'totp' ? 1 : 2;

  return (
    <Card className="auth-card auth-card-wide">
      <Flex vertical gap={20}>
        <div>
          <Typography.Title level={1} className="auth-title">
            {t('auth.invitation.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" className="no-margin">
            {t('auth.invitation.lead', { name: offer.displayName, organization: offer.organization.name })}
          </Typography.Paragraph>
        </div>
        <Descriptions
          size="small"
          bordered
          column={1}
          className="nowrap-labels"
          data-testid="invitation-details"
          items={[
            { key: 'name', label: t('auth.invitation.name'), children: offer.displayName },
            { key: 'email', label: t('auth.invitation.email'), children: offer.email },
            {
              key: 'org',
              label: t('auth.invitation.organization'),
              children: (
                <Flex gap={8} wrap align="center">
                  <Typography.Text strong>{offer.organization.name}</Typography.Text>
                  <Tag>{t(`orgKinds.${offer.organization.kind}`)}</Tag>
                </Flex>
              ),
            },
            {
              key: 'roles',
              label: t('auth.invitation.roles'),
              children: (
                <Flex gap={4} wrap>
                  {offer.roles.map((role) => (
                    <Tag key={role} color="blue">
                      {t(`roles.${role}`)}
                    </Tag>
                  ))}
                </Flex>
              ),
            },
            { key: 'expires', label: t('auth.invitation.expires'), children: formatDateTime(offer.expiresAt, i18n.language) },
          ]}
        />
        <Steps size="small" current={stepIndex} items={stepItems} responsive={false} className="invitation-steps" />
        {formError && (
          <Alert className="form-error" type="error" showIcon role="alert" title={formError.title} description={formError.detail} />
        )}

        {stage === 'password' && (
          <Form<PasswordValues>
            form={passwordForm}
            name="invitation-password"
            layout="vertical"
            requiredMark={false}
            size="large"
            onFinish={onPasswordFinish}
            disabled={accept.isPending}
            initialValues={{ enrolTwoFactor: false }}
          >
            {/* Lets password managers file the new password under the right account. */}
            <input type="email" name="username" autoComplete="username" value={offer.email} readOnly hidden />
            <NewPasswordFields name="password" label={t('auth.invitation.choosePassword')} />
            {offer.twoFactorRequired ? (
              <Alert
                className="form-error"
                type="info"
                showIcon
                icon={<SafetyCertificateOutlined />}
                title={t('auth.invitation.twoFactorRequired')}
                description={t('auth.invitation.twoFactorRequiredText')}
              />
            ) : (
              <Form.Item name="enrolTwoFactor" valuePropName="checked" extra={t('auth.invitation.twoFactorOptionalHint')}>
                <Checkbox data-testid="invitation-enrol-optional">{t('auth.invitation.twoFactorOptional')}</Checkbox>
              </Form.Item>
            )}
            <Form.Item className="form-actions">
              <Button data-testid="invitation-next" type="primary" htmlType="submit" block loading={accept.isPending}>
                {withTwoFactor ? t('auth.invitation.next') : t('auth.invitation.finish')}
              </Button>
            </Form.Item>
          </Form>
        )}

        {stage === 'totp' && (
          <Form<TotpEnrolmentValues>
            form={totpForm}
            name="invitation-totp"
            layout="vertical"
            requiredMark={false}
            size="large"
            onFinish={onTotpFinish}
            disabled={accept.isPending}
          >
            <Typography.Title level={2} className="card-heading section-heading">
              {t('auth.totp.title')}
            </Typography.Title>
            <TotpEnrolmentFields offer={offer.totp} />
            <Flex gap={8} vertical>
              <Button data-testid="enrol-submit" type="primary" htmlType="submit" block loading={accept.isPending}>
                {t('auth.invitation.finish')}
              </Button>
              <Button type="link" onClick={() => setStage('password')} disabled={accept.isPending}>
                {t('auth.invitation.back')}
              </Button>
            </Flex>
          </Form>
        )}

        {stage === 'codes' && (
          <>
            <Typography.Title level={2} className="card-heading section-heading">
              {t('auth.recovery.title')}
            </Typography.Title>
            <RecoveryCodesPanel
              codes={recoveryCodes}
              account={offer.email}
              continueLabel={t('auth.invitation.enterWorkbench')}
              onContinue={() => void navigate(WORKBENCH_PATH, { replace: true })}
            />
          </>
        )}
      </Flex>
    </Card>
  );
}
