import { LockOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Flex,
  Form,
  Grid,
  Input,
  Progress,
  Radio,
  Result,
  Row,
  Skeleton,
  Typography,
  type FormRule as Rule,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { REPORTER_KINDS, type ReportReceipt } from '../../../contracts/reports';
import { AltchaChallenge, type AltchaChallengeHandle } from '../../shared/AltchaChallenge';
import { describeError, describeRetryAfter, type ErrorMessage } from '../../shared/error-message';
import { ApiError, placeFieldErrors, type ProblemFieldError } from '../../shared/problem';
import { CHALLENGE_URL, fetchPublicConfig, submitReport, type PublicConfig, type ReportSubmission } from './api';
import {
  LIMITS,
  REPORT_FORM_FIELDS,
  evidenceFiles,
  hasContact,
  isPlausiblePhone,
  isValidUscc,
  toSubmission,
  type ReportFormValues,
} from './report-form';
import type { ReceiptLocationState } from './ReceiptPage';
import { EvidenceField, MoneyFields, WhatHappenedFields } from './ReportFields';

/** Errors of the challenge itself go on the challenge field; the rest by the field paths the server gives. */
const FORM_FIELDS_FOR_ERRORS = [...REPORT_FORM_FIELDS, 'challenge'] as const;

/** `/report`: loads the form's settings from the server, then shows the form. */
export function ReportFormPage() {
  const { t } = useTranslation();
  const config = useQuery({ queryKey: ['public-config'], queryFn: ({ signal }) => fetchPublicConfig(signal), staleTime: 5 * 60 * 1000 });

  return (
    <Flex vertical gap={24} className="report-page">
      <title>{`${t('report.pageTitle')} · ${t('product.name')}`}</title>
      <div>
        <Typography.Title level={1}>{t('report.pageTitle')}</Typography.Title>
        <Typography.Paragraph className="page-lead">{t('report.intro')}</Typography.Paragraph>
      </div>
      {config.isPending ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : config.isError ? (
        <Result
          status="warning"
          title={t('report.configFailed')}
          subTitle={describeError(config.error, t).title}
          extra={
            <Button type="primary" onClick={() => void config.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      ) : (
        <ReportForm config={config.data} />
      )}
    </Flex>
  );
}

interface SubmitVariables {
  submission: ReportSubmission;
  files: File[];
  challenge: string | null;
}

function ReportForm({ config }: { config: PublicConfig }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<ReportFormValues>();
  const reporterKind = Form.useWatch(['reporter', 'kind'], form) ?? 'anonymous';
  const challengeRef = useRef<AltchaChallengeHandle>(null);
  const abortRef = useRef<AbortController | null>(null);
  const sentUrls = useRef<string[]>([]);
  const [uploadProgress, setUploadProgress] = useState<number | null>(null);
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const [dirty, setDirty] = useState(false);

  // A solved challenge clears the error left by an earlier submit (the field is only validated on submit).
  const challengePayload = Form.useWatch('challenge', form);
  useEffect(() => {
    if (challengePayload) form.setFields([{ name: 'challenge', errors: [] }]);
  }, [challengePayload, form]);

  // A cancelled upload must not go on in the background after the user left the page.
  useEffect(() => () => abortRef.current?.abort(), []);

  const submit = useMutation({
    mutationFn: ({ submission, files, challenge }: SubmitVariables) => {
      abortRef.current = new AbortController();
      return submitReport(submission, files, {
        challengePayload: challenge,
        onUploadProgress: files.length > 0 ? setUploadProgress : undefined,
        signal: abortRef.current.signal,
      });
    },
    onSuccess: (receipt: ReportReceipt) => {
      setDirty(false);
      const state: ReceiptLocationState = { receipt };
      void navigate('/report/receipt', { replace: true, state });
    },
    onError: (error) => handleSubmitError(error),
    onSettled: () => setUploadProgress(null),
  });

  // Warns before the page is closed with a report typed but not sent.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  function describeFieldError(field: string, rest: string[], message: string): string {
    if (field === 'targetUrls' && rest[0] !== undefined) {
      const url = sentUrls.current[Number(rest[0])];
      return url ? t('report.errors.atUrl', { url, message }) : message;
    }
    return message;
  }

  function handleSubmitError(error: unknown) {
    if (error instanceof DOMException && error.name === 'AbortError') return;
    // A challenge solution is spent once the server has looked at it; solve a fresh one for the retry.
    if (config.challenge) challengeRef.current?.renew();

    if (!(error instanceof ApiError)) {
      setFormError(describeError(error, t));
      return;
    }
    if (error.status === 429) {
      setFormError({ title: t('report.errors.rateLimited'), detail: describeRetryAfter(error.retryAfterSeconds, t) });
      return;
    }
    if (error.status === 403) {
      const title = error.problem?.title || t('report.challenge.failed');
      form.setFields([{ name: 'challenge', errors: [title] }]);
      form.scrollToField('challenge', { block: 'center' });
      setFormError({ title, detail: t('report.challenge.renewed') });
      return;
    }

    // The server names `reporter` (or `reporter.anonymous`) when the reporter as a whole is wrong.
    const fieldErrors: ProblemFieldError[] = error.fieldErrors.map((e) =>
      e.field === 'reporter' || e.field === 'reporter.anonymous' ? { ...e, field: 'reporter.kind' } : e,
    );
    if ((error.status === 413 || error.status === 415) && fieldErrors.length === 0) {
      fieldErrors.push({ field: 'evidence', message: error.problem?.title || t('report.evidence.rejected') });
    }
    const { placed, unplaced } = placeFieldErrors(fieldErrors, FORM_FIELDS_FOR_ERRORS, describeFieldError);
    if (placed.length > 0) {
      // The paths come from REPORT_FORM_FIELDS, which mirror the form's field names.
      form.setFields(placed as Parameters<typeof form.setFields>[0]);
      form.scrollToField(placed[0]!.name, { block: 'center', focus: true });
    }
    const summary = describeError(error, t);
    const extra = unplaced.map((e) => e.message).join(' ');
    setFormError(
      placed.length > 0 && !extra
        ? { title: summary.title, detail: t('report.errors.seeFields') }
        : { ...summary, ...(extra ? { detail: extra } : {}) },
    );
  }

  function onFinish(values: ReportFormValues) {
    setFormError(null);
    const submission = toSubmission(values);
    sentUrls.current = submission.targetUrls ?? [];
    const files = evidenceFiles(values.evidence);
    if (files.length > 0) setUploadProgress(0);
    submit.mutate({ submission, files, challenge: config.challenge ? (values.challenge ?? null) : null });
  }


  const contactRules = (field: 'phone' | 'email'): Rule[] => [
    ({ getFieldValue }) => ({
      validator: async () => {
        const reporter = getFieldValue('reporter') as ReportFormValues['reporter'] | undefined;
        if (field === 'phone' && reporter && reporter.kind !== 'anonymous' && !hasContact(reporter))
          throw new Error(t('report.fields.contact.needOne'));
      },
    }),
    ...(field === 'phone'
      ? [
          { max: LIMITS.phoneMax, message: t('report.fields.phone.invalid') },
          {
            validator: async (_rule: unknown, value: string | undefined) => {
              if (value && value.trim() && !isPlausiblePhone(value)) throw new Error(t('report.fields.phone.invalid'));
            },
          },
        ]
      : [
          { type: 'email' as const, message: t('report.fields.email.invalid') },
          { max: LIMITS.emailMax, message: t('report.fields.email.invalid') },
        ]),
  ];

  const evidenceLimits = config.evidence;
  const showProgress = submit.isPending && uploadProgress !== null;
  const percent = Math.round((uploadProgress ?? 0) * 100);

  return (
    <Form<ReportFormValues>
      form={form}
      name="report"
      // The form checks its fields itself; the browser's own check would stop at the widget's required
      // checkbox without a word on the other fields.
      noValidate
      layout="vertical"
      requiredMark="optional"
      size="large"
      scrollToFirstError={{ block: 'center', behavior: 'smooth', focus: true }}
      initialValues={{ reporter: { kind: 'anonymous', contactConsent: false }, money: { currency: 'CNY' }, evidence: [] }}
      onValuesChange={() => setDirty(true)}
      onFinish={onFinish}
      disabled={submit.isPending}
    >
      <Flex vertical gap={24}>
        <Card title={<h2 className="card-heading">{t('report.sections.what')}</h2>}>
          <WhatHappenedFields testIdPrefix="report" descriptionRows={6} />
        </Card>

        <Card title={<h2 className="card-heading">{t('report.sections.money')}</h2>}>
          <Typography.Paragraph type="secondary">{t('report.money.intro')}</Typography.Paragraph>
          <MoneyFields amountTestId="report-money-amount" inputClassName="full-width" />
        </Card>

        <Card title={<h2 className="card-heading">{t('report.sections.evidence')}</h2>}>
          <EvidenceField limits={evidenceLimits} sending={submit.isPending} inputTestId="report-evidence-input" />
        </Card>

        <Card title={<h2 className="card-heading">{t('report.sections.reporter')}</h2>}>
          <Form.Item name={['reporter', 'kind']} label={t('report.reporter.kindLabel')} rules={[{ required: true }]}>
            <Radio.Group data-testid="report-reporter-kind" className="full-width">
              <Flex vertical gap={12}>
                {REPORTER_KINDS.map((kind) => (
                  <Radio key={kind} value={kind} data-testid={`report-reporter-${kind}`} className="radio-option">
                    <span className="radio-title">{t(`report.reporter.kinds.${kind}.label`)}</span>
                    <Typography.Text type="secondary" className="radio-text">
                      {t(`report.reporter.kinds.${kind}.description`)}
                    </Typography.Text>
                  </Radio>
                ))}
              </Flex>
            </Radio.Group>
          </Form.Item>

          {reporterKind === 'anonymous' ? (
            <Alert type="info" showIcon title={t('report.reporter.anonymousNote')} />
          ) : (
            <>
              {reporterKind === 'enterprise' && (
                <Row gutter={16}>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name={['reporter', 'enterprise', 'name']}
                      label={t('report.fields.enterpriseName.label')}
                      rules={[
                        { required: true, whitespace: true, message: t('report.fields.enterpriseName.required') },
                        { max: LIMITS.enterpriseNameMax, message: t('common.tooLong', { max: LIMITS.enterpriseNameMax }) },
                      ]}
                    >
                      <Input data-testid="report-enterprise-name" autoComplete="organization" />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12}>
                    <Form.Item
                      name={['reporter', 'enterprise', 'uscc']}
                      label={t('report.fields.uscc.label')}
                      extra={t('report.fields.uscc.hint')}
                      normalize={(value: string | undefined) => value?.toUpperCase()}
                      rules={[
                        { required: true, whitespace: true, message: t('report.fields.uscc.required') },
                        {
                          validator: async (_rule, value: string | undefined) => {
                            if (value && value.trim() && !isValidUscc(value)) throw new Error(t('report.fields.uscc.invalid'));
                          },
                        },
                      ]}
                    >
                      <Input data-testid="report-enterprise-uscc" maxLength={18} spellCheck={false} className="mono-input" />
                    </Form.Item>
                  </Col>
                </Row>
              )}
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Form.Item
                    name={['reporter', 'name']}
                    label={reporterKind === 'enterprise' ? t('report.fields.contactName.label') : t('report.fields.name.label')}
                    rules={[
                      { required: true, whitespace: true, message: t('report.fields.name.required') },
                      { max: LIMITS.nameMax, message: t('common.tooLong', { max: LIMITS.nameMax }) },
                    ]}
                  >
                    <Input data-testid="report-reporter-name" autoComplete="name" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item
                    name={['reporter', 'phone']}
                    label={t('report.fields.phone.label')}
                    rules={contactRules('phone')}
                    dependencies={[['reporter', 'email']]}
                  >
                    <Input data-testid="report-reporter-phone" type="tel" autoComplete="tel" inputMode="tel" />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item name={['reporter', 'email']} label={t('report.fields.email.label')} rules={contactRules('email')}>
                    <Input data-testid="report-reporter-email" type="email" autoComplete="email" inputMode="email" />
                  </Form.Item>
                </Col>
              </Row>
              <Typography.Paragraph type="secondary" className="field-hint">
                {t('report.fields.contact.hint')}
              </Typography.Paragraph>
              <Form.Item
                name={['reporter', 'contactConsent']}
                valuePropName="checked"
                dependencies={[
                  ['reporter', 'phone'],
                  ['reporter', 'email'],
                ]}
                rules={[
                  ({ getFieldValue }) => ({
                    validator: async (_rule, checked: boolean | undefined) => {
                      const reporter = getFieldValue('reporter') as ReportFormValues['reporter'];
                      if (checked && !hasContact(reporter)) throw new Error(t('report.fields.contactConsent.needsContact'));
                    },
                  }),
                ]}
              >
                <Checkbox data-testid="report-contact-consent">{t('report.fields.contactConsent.label')}</Checkbox>
              </Form.Item>
            </>
          )}
        </Card>

        <Card title={<h2 className="card-heading">{t('report.sections.submit')}</h2>}>
          <Alert
            className="privacy-note"
            type="info"
            icon={<LockOutlined />}
            showIcon
            title={t('report.privacy.title')}
            description={
              <ul className="privacy-list">
                <li>{t('report.privacy.minimal')}</li>
                <li>{t('report.privacy.encrypted')}</li>
                <li>{t('report.privacy.evidence')}</li>
                <li>{t('report.privacy.others')}</li>
              </ul>
            }
          />
          {config.challenge && (
            <Form.Item
              name="challenge"
              label={t('report.challenge.label')}
              rules={[{ required: true, message: t('report.challenge.required') }]}
              // Checked on submit only: an error appearing while the puzzle is being solved would move
              // the submit button under the pointer between press and release.
              validateTrigger={false}
              className="challenge-item"
            >
              <AltchaChallenge ref={challengeRef} challengeUrl={CHALLENGE_URL} />
            </Form.Item>
          )}

          {showProgress && (
            <div className="upload-progress" role="status" aria-live="polite">
              <Typography.Text>
                {percent < 100 ? t('report.progress.uploading', { percent }) : t('report.progress.processing')}
              </Typography.Text>
              <Progress data-testid="report-upload-progress" percent={percent} status={percent < 100 ? 'active' : 'normal'} />
            </div>
          )}
          {formError && (
            <Alert className="form-error" type="error" showIcon role="alert" title={formError.title} description={formError.detail} />
          )}
          <Flex gap={12} wrap className="form-actions">
            <Button
              data-testid="report-submit"
              type="primary"
              htmlType="submit"
              size="large"
              icon={<SendOutlined />}
              loading={submit.isPending}
              block={!screens.sm}
            >
              {submit.isPending ? t('report.submitting') : t('report.submit')}
            </Button>
          </Flex>
        </Card>
      </Flex>
    </Form>
  );
}
