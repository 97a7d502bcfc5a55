import { LogoutOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Result, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import type { Me } from '../../../contracts/orgs';
import { queryClient } from '../../app/query-client';
import { describeError, type ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { LinkButton } from '../../shared/LinkButton';
import { enrolTotp, fetchTotpOffer, type TotpOffer } from './api';
import { ME_QUERY_KEY } from './client';
import { RecoveryCodesPanel } from './RecoveryCodesPanel';
import { LOGIN_PATH, returnPath, useMe, useSignOut, type ReturnState } from './session';
import { TotpEnrolmentFields, type TotpEnrolmentValues } from './TotpEnrolmentFields';

const ENROL_FIELDS = ['code', 'password'] as const;

/**
 * `/workbench/enrol-two-factor`: sets up an authenticator, for staff who must before anything else
 * and for anyone enrolling or replacing theirs from the profile.
 */
export function EnrolTwoFactorPage() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();

  if (me.isPending) {
    return (
      <Card className="auth-card auth-card-wide">
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    );
  }
  if (me.isError) {
    return (
      <Card className="auth-card auth-card-wide">
        <Result
          status="error"
          title={describeError(me.error, t).title}
          extra={
            <Button type="primary" onClick={() => void me.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      </Card>
    );
  }
  if (!me.data) {
    const state: ReturnState = { from: `${location.pathname}${location.search}` };
    return <Navigate to={LOGIN_PATH} replace state={state} />;
  }
  return <Enrolment me={me.data} />;
}

function Enrolment({ me }: { me: Me }) {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  const [form] = Form.useForm<TotpEnrolmentValues>();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const destination = returnPath(location.state);
  const required = me.user.enrolmentRequired;
  const reenrolling = me.user.twoFactor;

  // A seed per visit; nothing is stored on the server until a code from the app proves it.
  const offer = useQuery({
    queryKey: ['totp-offer', me.user.id],
    queryFn: ({ signal }) => fetchTotpOffer(signal),
    staleTime: Infinity,
    gcTime: 0,
  });

  const enrol = useMutation({
    mutationFn: (values: TotpEnrolmentValues & { secret: string }) =>
      enrolTotp({ secret: values.secret, code: values.code, ...(values.password ? { password: values.password } : {}) }),
    onSuccess: (recoveryCodes) => {
      setCodes(recoveryCodes);
      window.scrollTo({ top: 0 });
    },
    onError: (error) => setFormError(showProblemOnForm(form, error, ENROL_FIELDS, t)),
  });

  function finish() {
    // Enrolled: the workbench opens at once, and `me` is fetched again to be sure.
    queryClient.setQueryData<Me | null>(ME_QUERY_KEY, (old) =>
      old ? { ...old, user: { ...old.user, twoFactor: true, enrolmentRequired: false } } : old,
    );
    void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
    void navigate(destination, { replace: true });
  }

  function submit(values: TotpEnrolmentValues, current: TotpOffer) {
    setFormError(null);
    enrol.mutate({ ...values, secret: current.secret });
  }

  return (
    <Card className="auth-card auth-card-wide">
      <title>{`${t('auth.totp.pageTitle')} · ${t('workbench.title')} · ${t('product.name')}`}</title>
      <Flex vertical gap={20}>
        <div>
          <Typography.Title level={1} className="auth-title">
            {codes ? t('auth.recovery.title') : reenrolling ? t('auth.totp.reenrolTitle') : t('auth.totp.pageTitle')}
          </Typography.Title>
          {!codes && (
            <Typography.Paragraph type="secondary" className="no-margin">
              {t('auth.totp.lead', { email: me.user.email })}
            </Typography.Paragraph>
          )}
        </div>
        {required && !codes && (
          <Alert
            type="info"
            showIcon
            icon={<SafetyCertificateOutlined />}
            title={t('auth.totp.requiredTitle')}
            description={t('auth.totp.requiredText')}
          />
        )}
        {reenrolling && !codes && <Alert type="warning" showIcon title={t('auth.totp.reenrolWarning')} />}
        {formError && (
          <Alert className="form-error" type="error" showIcon role="alert" title={formError.title} description={formError.detail} />
        )}

        {codes ? (
          <RecoveryCodesPanel codes={codes} account={me.user.email} continueLabel={t('auth.totp.continue')} onContinue={finish} />
        ) : offer.isPending ? (
          <Skeleton active paragraph={{ rows: 5 }} />
        ) : offer.isError ? (
          <Result
            status="error"
            title={describeError(offer.error, t).title}
            extra={
              <Button type="primary" onClick={() => void offer.refetch()}>
                {t('common.retry')}
              </Button>
            }
          />
        ) : (
          <Form<TotpEnrolmentValues>
            form={form}
            name="enrol-totp"
            layout="vertical"
            requiredMark={false}
            size="large"
            onFinish={(values) => submit(values, offer.data)}
            disabled={enrol.isPending}
          >
            <TotpEnrolmentFields offer={offer.data} passwordRequired={reenrolling} />
            <Button data-testid="enrol-submit" type="primary" htmlType="submit" block loading={enrol.isPending}>
              {t('auth.totp.submit')}
            </Button>
          </Form>
        )}

        {!codes && (
          <Flex justify="center" gap={8} wrap>
            {required ? (
              <Button type="link" icon={<LogoutOutlined />} onClick={() => signOut.mutate()} loading={signOut.isPending}>
                {t('workbench.user.signOut')}
              </Button>
            ) : (
              <LinkButton type="link" to={destination}>
                {t('common.cancel')}
              </LinkButton>
            )}
          </Flex>
        )}
      </Flex>
    </Card>
  );
}
