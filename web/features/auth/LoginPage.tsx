import { ArrowLeftOutlined, LockOutlined, MailOutlined, SafetyOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { PASSWORD_MAX_LENGTH, type Me } from '../../../contracts/orgs';
import { describeError, describeRetryAfter, type ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { ApiError } from '../../shared/problem';
import { login, type LoginRequest } from './api';
import { ENROL_PATH, rememberSignedIn, returnPath, useMe, type ReturnState } from './session';
import { TotpCodeInput, totpCodeItemProps } from './TotpCodeInput';
import { normalizeRecoveryCode } from './totp';

/** Password first; the second factor once the server asked for it, as a code or a recovery code. */
type Step = 'password' | 'totp' | 'recovery';

interface LoginValues {
  email: string;
  password: string;
  totp?: string;
  recoveryCode?: string;
}

const LOGIN_FIELDS = ['email', 'password', 'totp', 'recoveryCode'] as const;

/** `/workbench/login`: staff sign in with e-mail and password, then the code from their authenticator. */
export function LoginPage() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const [form] = Form.useForm<LoginValues>();
  const [step, setStep] = useState<Step>('password');
  const [credentials, setCredentials] = useState<{ email: string; password: string } | null>(null);
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const destination = returnPath(location.state);

  const signIn = useMutation({
    mutationFn: login,
    onSuccess: (signedIn: Me) => {
      setCredentials(null);
      rememberSignedIn(signedIn);
      if (signedIn.user.enrolmentRequired) {
        const state: ReturnState = { from: destination };
        void navigate(ENROL_PATH, { replace: true, state });
      } else {
        void navigate(destination, { replace: true });
      }
    },
    onError: (error) => handleError(error),
  });

  function handleError(error: unknown) {
    if (error instanceof ApiError) {
      switch (error.code ?? '') {
        case 'second_factor_required':
          setFormError(null);
          setStep((current) => (current === 'password' ? 'totp' : current));
          return;
        case 'second_factor_invalid':
          setFormError(null);
          form.setFields([
            { name: step === 'recovery' ? 'recoveryCode' : 'totp', value: '', errors: [error.problem?.title || t('auth.login.codeWrong')] },
          ]);
          return;
        case 'invalid_credentials':
          // The password may have been changed meanwhile, or the account locked: start again.
          setStep('password');
          setCredentials(null);
          form.setFieldValue('password', '');
          setFormError({ title: error.problem?.title || t('auth.login.wrongCredentials') });
          return;
        case 'rate_limited':
          setFormError({ title: t('errors.rateLimited'), detail: describeRetryAfter(error.retryAfterSeconds, t) });
          return;
      }
      if (error.status === 400) {
        setFormError(showProblemOnForm(form, error, LOGIN_FIELDS, t));
        return;
      }
    }
    setFormError(describeError(error, t));
  }

  function onFinish(values: LoginValues) {
    setFormError(null);
    const sent = credentials ?? { email: values.email.trim(), password: values.password };
    if (!credentials) setCredentials(sent);
    const request: LoginRequest = { ...sent };
    if (step === 'totp' && values.totp) request.totp = values.totp;
    if (step === 'recovery' && values.recoveryCode) request.recoveryCode = normalizeRecoveryCode(values.recoveryCode);
    signIn.mutate(request);
  }

  function backToPassword() {
    setStep('password');
    setCredentials(null);
    setFormError(null);
    form.setFieldsValue({ password: '', totp: '', recoveryCode: '' });
  }

  function switchSecondFactor(next: 'totp' | 'recovery') {
    setStep(next);
    setFormError(null);
    form.setFields([
      { name: 'totp', value: '', errors: [] },
      { name: 'recoveryCode', value: '', errors: [] },
    ]);
  }

  if (me.data && !me.data.user.enrolmentRequired && signIn.isIdle) return <Navigate to={destination} replace />;

  const secondStep = step !== 'password';
  return (
    <Card className="auth-card">
      <title>{`${t('auth.login.title')} · ${t('workbench.title')} · ${t('product.name')}`}</title>
      <Flex vertical gap={4} className="auth-card-head">
        <Typography.Title level={1} className="auth-title">
          {secondStep ? t('auth.login.secondFactorTitle') : t('auth.login.title')}
        </Typography.Title>
        <Typography.Text type="secondary">
          {step === 'password' ? t('auth.login.intro') : step === 'totp' ? t('auth.login.totpIntro') : t('auth.login.recoveryIntro')}
        </Typography.Text>
      </Flex>
      {formError && (
        <Alert
          data-testid="login-error"
          className="form-error"
          type="error"
          showIcon
          role="alert"
          title={formError.title}
          description={formError.detail}
        />
      )}
      <Form<LoginValues>
        form={form}
        name="login"
        layout="vertical"
        requiredMark={false}
        size="large"
        onFinish={onFinish}
        disabled={signIn.isPending}
      >
        {secondStep && credentials && (
          <Flex align="center" justify="space-between" gap={8} wrap className="login-account">
            <Typography.Text ellipsis>
              <MailOutlined aria-hidden /> {credentials.email}
            </Typography.Text>
            <Button type="link" size="small" icon={<ArrowLeftOutlined />} onClick={backToPassword}>
              {t('auth.login.changeAccount')}
            </Button>
          </Flex>
        )}
        <div hidden={secondStep}>
          <Form.Item
            name="email"
            label={t('auth.login.email')}
            rules={[
              { required: !secondStep, whitespace: true, message: t('auth.login.emailRequired') },
              { type: 'email', message: t('auth.login.emailInvalid') },
            ]}
          >
            <Input
              data-testid="login-email"
              type="email"
              autoComplete="username"
              inputMode="email"
              prefix={<MailOutlined />}
              maxLength={254}
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('auth.login.password')}
            rules={[{ required: !secondStep, message: t('auth.login.passwordRequired') }]}
          >
            <Input.Password
              data-testid="login-password"
              autoComplete="current-password"
              prefix={<LockOutlined />}
              maxLength={PASSWORD_MAX_LENGTH * 4}
            />
          </Form.Item>
        </div>
        {step === 'totp' && (
          <Form.Item name="totp" label={t('auth.login.totp')} extra={t('auth.login.totpHint')} {...totpCodeItemProps(t)}>
            <TotpCodeInput data-testid="login-totp" autoFocus prefix={<SafetyOutlined />} />
          </Form.Item>
        )}
        {step === 'recovery' && (
          <Form.Item
            name="recoveryCode"
            label={t('auth.login.recoveryCode')}
            extra={t('auth.login.recoveryHint')}
            rules={[{ required: true, whitespace: true, message: t('auth.login.recoveryRequired') }]}
          >
            <Input
              data-testid="login-recovery-code"
              autoFocus
              autoComplete="off"
              autoCapitalize="off"
              spellCheck={false}
              maxLength={40}
              className="mono-input"
            />
          </Form.Item>
        )}
        <Form.Item className="form-actions">
          <Button data-testid="login-submit" type="primary" htmlType="submit" block loading={signIn.isPending}>
            {secondStep ? t('auth.login.verify') : t('auth.login.submit')}
          </Button>
        </Form.Item>
      </Form>
      <Flex vertical gap={8} className="auth-card-foot">
        {step === 'totp' && (
          <Button type="link" className="inline-link" onClick={() => switchSecondFactor('recovery')} data-testid="login-use-recovery">
            {t('auth.login.useRecoveryCode')}
          </Button>
        )}
        {step === 'recovery' && (
          <Button type="link" className="inline-link" onClick={() => switchSecondFactor('totp')}>
            {t('auth.login.useTotp')}
          </Button>
        )}
        <Typography.Text type="secondary" className="field-hint">
          {secondStep ? t('auth.login.lostDevice') : t('auth.login.forgotPassword')}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
