import { ArrowLeftOutlined, CheckOutlined, CloseOutlined, DeleteOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Descriptions,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Select,
  Spin,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { describeError, type ErrorMessage } from '../../shared/error-message';
import { ErrorAlert } from '../../shared/ErrorAlert';
import { showProblemOnForm } from '../../shared/form-errors';
import { formatDateTime } from '../../shared/format';
import { PageHeader } from '../../workbench/PageHeader';
import { fetchCriteria, fetchProvisions, rulesKeys, type Criterion } from '../rules/api';
import { chinaToday, criterionTitle } from '../rules/rules-view';
import {
  decideDeletionRequest,
  deletionKeys,
  executeDeletionRequest,
  fetchDeletionRequest,
  referDeletionRequest,
  REVIEW_STEPS,
  reviewDeletionRequest,
  type DeletionRequestDetail,
  type ReviewStep,
} from './api';
import { DeletionStatusTag, RequesterKindTag, RiskTag, SignalLine } from './labels';
import './platforms.css';

/** The registry's answer in words, with its colour. */
function AuthorityAnswer({ answer }: { answer: DeletionRequestDetail['request']['authorityAnswer'] }) {
  const { t } = useTranslation();
  const color = answer === 'yes' ? 'success' : answer === 'no' ? 'error' : answer === 'unknown' ? 'warning' : 'info';
  return (
    <Alert
      type={color}
      showIcon
      data-testid="authority-answer"
      data-answer={answer ?? 'none'}
      title={t('deletionRequests.detail.registryAnswer')}
      description={t(`deletionRequests.authority.${answer ?? 'none'}`)}
    />
  );
}

/** Records one review step: an answer per criterion in force, the outcome and a note. */
function ReviewStepForm({ detail, step, criteria }: { detail: DeletionRequestDetail; step: ReviewStep; criteria: Criterion[] }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ met: string[]; passed: boolean; note?: string }>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const stepName = t(`deletionRequests.detail.steps.${step}`);
  const send = useMutation({
    mutationFn: (values: { met: string[]; passed: boolean; note?: string }) =>
      reviewDeletionRequest(detail.request.id, {
        step,
        passed: values.passed,
        answers: criteria.map((c) => ({ criterionId: c.id, met: (values.met ?? []).includes(c.id) })),
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      }),
    onSuccess: (next) => {
      form.resetFields();
      setFormError(null);
      queryClient.setQueryData(deletionKeys.detail(detail.request.id), next);
      void queryClient.invalidateQueries({ queryKey: deletionKeys.all });
    },
    onError: (error) => setFormError(showProblemOnForm(form, error, ['passed', 'note'], t)),
  });
  return (
    <Form
      form={form}
      name={`review-${step}`}
      layout="vertical"
      className="dr-step-form"
      initialValues={{ met: [], passed: step === 'authority' && detail.request.authorityAnswer === 'no' ? false : true }}
      disabled={send.isPending}
      onFinish={(values) => send.mutate(values)}
      data-testid={`review-form-${step}`}
    >
      {formError && (
        <Alert className="form-error" type="error" showIcon role="alert" title={formError.title} description={formError.detail} />
      )}
      {criteria.length === 0 ? (
        <Typography.Paragraph type="secondary">{t('deletionRequests.detail.noCriteria')}</Typography.Paragraph>
      ) : (
        <Form.Item name="met" label={t('deletionRequests.detail.criteria', { version: detail.criteriaVersion ?? '—' })}>
          <Checkbox.Group>
            <Flex vertical gap={6}>
              {criteria.map((c) => (
                <Checkbox key={c.id} value={c.id} data-criterion={c.id}>
                  {criterionTitle(c, i18n.language)}
                  {c.required && <Tag className="dr-required">*</Tag>}
                </Checkbox>
              ))}
            </Flex>
          </Checkbox.Group>
        </Form.Item>
      )}
      <Form.Item
        name="passed"
        label={t('deletionRequests.detail.passed')}
        dependencies={['met']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_rule, passed: boolean) => {
              const met = (getFieldValue('met') as string[] | undefined) ?? [];
              if (passed && criteria.some((c) => c.required && !met.includes(c.id)))
                throw new Error(t('deletionRequests.detail.requiredUnmet'));
            },
          }),
        ]}
      >
        <Radio.Group
          optionType="button"
          options={[
            { value: true, label: t('deletionRequests.detail.pass') },
            { value: false, label: t('deletionRequests.detail.fail') },
          ]}
        />
      </Form.Item>
      <Form.Item name="note" label={t('deletionRequests.detail.note')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={send.isPending} data-testid={`record-step-${step}`}>
        {t('deletionRequests.detail.recordStep', { step: stepName })}
      </Button>
    </Form>
  );
}

/** Approves or rejects, citing provisions in force. */
function DecisionForm({ detail }: { detail: DeletionRequestDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ provisionCodes: string[]; note?: string }>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  const today = chinaToday();
  const provisions = useQuery({
    queryKey: rulesKeys.provisions('', today),
    queryFn: ({ signal }) => fetchProvisions({ inForceOn: today }, signal),
  });
  const send = useMutation({
    mutationFn: ({ decision, values }: { decision: 'approve' | 'reject'; values: { provisionCodes: string[]; note?: string } }) =>
      decideDeletionRequest(detail.request.id, {
        decision,
        provisionCodes: values.provisionCodes,
        ...(values.note?.trim() ? { note: values.note.trim() } : {}),
      }),
    onSuccess: (next) => {
      setFormError(null);
      queryClient.setQueryData(deletionKeys.detail(detail.request.id), next);
      void queryClient.invalidateQueries({ queryKey: deletionKeys.all });
    },
    onError: (error) => setFormError(showProblemOnForm(form, error, ['provisionCodes', 'note'], t)),
  });
  const decide = (decision: 'approve' | 'reject') =>
    void form
      .validateFields()
      .then((values) => send.mutate({ decision, values }))
      .catch(() => undefined);
  const canApprove = detail.actions.includes('approve');
  const canReject = detail.actions.includes('reject');
  const waitsForSecond = detail.request.status === 'legal_basis_checked' && canReject && !canApprove;
  return (
    <Form form={form} name="decision" layout="vertical" className="dr-step-form" disabled={send.isPending} data-testid="decision-form">
      {formError && (
        <Alert className="form-error" type="error" showIcon role="alert" title={formError.title} description={formError.detail} />
      )}
      {waitsForSecond && <Alert type="info" showIcon title={t('deletionRequests.detail.fourEyes')} data-testid="four-eyes" />}
      <Form.Item
        name="provisionCodes"
        label={t('deletionRequests.detail.provisions')}
        rules={[{ required: true, message: t('deletionRequests.detail.provisionsRequired') }]}
      >
        <Select
          mode="multiple"
          loading={provisions.isLoading}
          optionFilterProp="label"
          options={(provisions.data ?? []).map((p) => ({ value: p.code, label: `${p.code} ${p.title}` }))}
        />
      </Form.Item>
      <Form.Item name="note" label={t('deletionRequests.detail.note')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={5000} />
      </Form.Item>
      <Flex gap={8} wrap>
        {canApprove && (
          <Button type="primary" icon={<CheckOutlined />} onClick={() => decide('approve')} data-testid="approve">
            {t('deletionRequests.detail.approve')}
          </Button>
        )}
        {canReject && (
          <Button danger icon={<CloseOutlined />} onClick={() => decide('reject')} data-testid="reject">
            {t('deletionRequests.detail.reject')}
          </Button>
        )}
      </Flex>
    </Form>
  );
}

/** A note asked for before an action (execute, refer). */
function NoteModal({
  open,
  title,
  hint,
  onClose,
  onSubmit,
  pending,
  error,
}: {
  open: boolean;
  title: string;
  hint?: string;
  onClose: () => void;
  onSubmit: (note: string) => void;
  pending: boolean;
  error: ErrorMessage | null;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  return (
    <Modal
      open={open}
      title={title}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      onOk={() => onSubmit(note.trim())}
      onCancel={onClose}
      confirmLoading={pending}
      destroyOnHidden
      afterClose={() => setNote('')}
      width={{ xs: '100%', sm: 520 }}
    >
      {error && <Alert className="form-error" type="error" showIcon role="alert" title={error.title} description={error.detail} />}
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      <Input.TextArea
        aria-label={t('deletionRequests.detail.note')}
        placeholder={t('deletionRequests.detail.note')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        autoSize={{ minRows: 3, maxRows: 8 }}
        maxLength={5000}
      />
    </Modal>
  );
}

/** `/workbench/deletion-requests/:id`: the request, its signals in words, the review, the decision and referral. */
export function DeletionRequestPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [modal, setModal] = useState<'execute' | 'refer' | null>(null);
  const [modalError, setModalError] = useState<ErrorMessage | null>(null);
  const detail = useQuery({ queryKey: deletionKeys.detail(id), queryFn: ({ signal }) => fetchDeletionRequest(id, signal) });
  const criteria = useQuery({ queryKey: rulesKeys.criteria, queryFn: ({ signal }) => fetchCriteria(signal) });
  const act = useMutation({
    mutationFn: ({ action, note }: { action: 'execute' | 'refer'; note: string }) =>
      action === 'execute' ? executeDeletionRequest(id, note || undefined) : referDeletionRequest(id, note || undefined),
    onSuccess: (next) => {
      setModal(null);
      setModalError(null);
      queryClient.setQueryData(deletionKeys.detail(id), next);
      void queryClient.invalidateQueries({ queryKey: deletionKeys.all });
      void message.success(t('deletionRequests.detail.done'));
    },
    onError: (error) => setModalError(describeError(error, t)),
  });

  const back = (
    <Link to="/workbench/deletion-requests">
      <ArrowLeftOutlined /> {t('deletionRequests.detail.back')}
    </Link>
  );
  if (detail.isLoading) return <Spin />;
  if (detail.error || !detail.data)
    return (
      <>
        {back}
        <ErrorAlert error={detail.error} />
      </>
    );
  const d = detail.data;
  const r = d.request;
  const date = (iso: string | null) => (iso ? formatDateTime(iso, i18n.language) : '—');
  const none = t('deletionRequests.detail.none');
  const reviewOf = (step: ReviewStep) => d.reviews.find((rev) => rev.step === step);
  const decided = r.status === 'approved' || r.status === 'rejected' || r.status === 'executed';
  const failedStep = d.reviews.some((rev) => !rev.passed);
  const currentIndex = d.nextStep ? REVIEW_STEPS.indexOf(d.nextStep) : 3;
  const referredByRule = d.timeline.some((e) => e.action === 'referred_by_rule');
  const stepCriteria = (step: ReviewStep) => (criteria.data?.criteria ?? []).filter((c) => c.step === step);

  return (
    <>
      {back}
      <PageHeader
        title={t('deletionRequests.detail.title', { name: r.requesterName })}
        lead={
          <Flex gap={6} wrap component="span">
            <DeletionStatusTag status={r.status} />
            <RiskTag score={r.riskScore} />
            <RequesterKindTag kind={r.requesterKind} />
          </Flex>
        }
        extra={
          <>
            {d.actions.includes('refer') && (
              <Button danger icon={<SendOutlined />} onClick={() => setModal('refer')} data-testid="refer">
                {t('deletionRequests.detail.refer')}
              </Button>
            )}
            {d.actions.includes('execute') && (
              <Button icon={<DeleteOutlined />} onClick={() => setModal('execute')} data-testid="execute">
                {t('deletionRequests.detail.execute')}
              </Button>
            )}
          </>
        }
      />
      {r.referredReportId && (
        <Alert
          className="dr-section"
          type="warning"
          showIcon
          data-testid="referred"
          title={referredByRule ? t('deletionRequests.detail.referredByRule') : t('deletionRequests.detail.referred')}
        />
      )}
      <Card
        className="dr-section"
        title={t('deletionRequests.detail.signals')}
        extra={t('deletionRequests.detail.riskScore', { score: r.riskScore })}
        data-testid="signals"
      >
        {r.signals.length === 0 ? (
          <Typography.Text type="secondary">{t('deletionRequests.detail.noSignals')}</Typography.Text>
        ) : (
          <ul className="dr-signals">
            {r.signals.map((s) => (
              <SignalLine key={s.code} signal={s} />
            ))}
          </ul>
        )}
      </Card>
      <Card className="dr-section" title={t('deletionRequests.detail.facts')}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="facts">
          <Descriptions.Item label={t('deletionRequests.detail.website')}>{r.websiteName}</Descriptions.Item>
          <Descriptions.Item label={t('deletionRequests.detail.channel')}>{t(`deletionRequests.channel.${r.channel}`)}</Descriptions.Item>
          <Descriptions.Item label={t('deletionRequests.detail.contactChannel')}>
            <span data-testid="contact-channel">{r.contactChannel ? t(`deletionRequests.contactChannel.${r.contactChannel}`) : none}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('deletionRequests.detail.receivedAt')}>{date(r.receivedAt)}</Descriptions.Item>
          <Descriptions.Item label={t('deletionRequests.detail.requester')}>
            <span className="dr-wrap">{r.requesterName}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('deletionRequests.detail.contact')}>{r.requesterContact ?? none}</Descriptions.Item>
          <Descriptions.Item label={t('deletionRequests.detail.principal')}>{r.principalName ?? none}</Descriptions.Item>
          <Descriptions.Item label={t('deletionRequests.detail.uscc')}>
            <span className="mono">{r.principalUscc ?? none}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('deletionRequests.detail.money')}>{r.money ?? none}</Descriptions.Item>
          <Descriptions.Item label={t('deletionRequests.detail.authorization')} span="filled">
            <span className="dr-wrap">{r.authorizationDocument ?? none}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('deletionRequests.detail.targetUrls')} span="filled">
            <ul className="dr-urls mono">
              {r.targetUrls.map((u) => (
                <li key={u}>{u}</li>
              ))}
            </ul>
          </Descriptions.Item>
          <Descriptions.Item label={t('deletionRequests.detail.reason')} span="filled">
            <span className="dr-wrap">{r.reason}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('deletionRequests.detail.legalBasisCited')} span="filled">
            <span className="dr-wrap">{r.legalBasisCited ?? none}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card className="dr-section" title={t('deletionRequests.detail.review')} data-testid="review">
        <Steps
          orientation="vertical"
          size="small"
          current={decided ? 4 : currentIndex}
          status={failedStep || r.status === 'rejected' ? 'error' : undefined}
          items={[
            ...REVIEW_STEPS.map((step) => {
              const review = reviewOf(step);
              const open = d.nextStep === step && d.actions.includes('review');
              return {
                title: t(`deletionRequests.detail.steps.${step}`),
                status: review
                  ? review.passed
                    ? ('finish' as const)
                    : ('error' as const)
                  : open
                    ? ('process' as const)
                    : ('wait' as const),
                description: (
                  <div data-testid={`step-${step}`}>
                    {step === 'authority' && <AuthorityAnswer answer={r.authorityAnswer} />}
                    {review && (
                      <Typography.Paragraph>
                        <Tag color={review.passed ? 'green' : 'red'}>
                          {review.passed ? t('deletionRequests.detail.stepPassed') : t('deletionRequests.detail.stepFailed')}
                        </Tag>
                        {t('deletionRequests.detail.reviewedBy', { at: date(review.reviewedAt) })}
                        {review.note && <span className="dr-wrap"> — {review.note}</span>}
                      </Typography.Paragraph>
                    )}
                    {open && <ReviewStepForm detail={d} step={step} criteria={stepCriteria(step)} />}
                  </div>
                ),
              };
            }),
            {
              title: t('deletionRequests.detail.steps.decision'),
              status: decided ? (r.status === 'rejected' ? ('error' as const) : ('finish' as const)) : ('wait' as const),
              description: (
                <div data-testid="step-decision">
                  {decided && (
                    <Typography.Paragraph>
                      <DeletionStatusTag status={r.status} /> {t('deletionRequests.detail.decided', { at: date(r.decidedAt) })}
                      {r.decisionProvisions.length > 0 && <span className="mono"> {r.decisionProvisions.join('、')}</span>}
                      {r.decisionNote && <span className="dr-wrap"> — {r.decisionNote}</span>}
                    </Typography.Paragraph>
                  )}
                  {r.executedAt && (
                    <Typography.Paragraph>
                      {t('deletionRequests.detail.executed', { at: date(r.executedAt) })}
                      {r.executionNote && <span className="dr-wrap"> — {r.executionNote}</span>}
                    </Typography.Paragraph>
                  )}
                  {(d.actions.includes('approve') || d.actions.includes('reject')) && !decided && <DecisionForm detail={d} />}
                </div>
              ),
            },
          ]}
        />
      </Card>
      <Card className="dr-section" title={t('deletionRequests.detail.timeline')}>
        {d.timeline.length === 0 ? (
          <Empty />
        ) : (
          <Timeline
            data-testid="timeline"
            items={d.timeline.map((e) => ({
              key: `${e.occurredAt}-${e.action}`,
              content: (
                <>
                  <Typography.Text strong>
                    {i18n.exists(`deletionRequests.detail.actions.${e.action}`)
                      ? t(`deletionRequests.detail.actions.${e.action}` as 'deletionRequests.detail.actions.received')
                      : e.action}
                  </Typography.Text>{' '}
                  <Typography.Text type="secondary">{date(e.occurredAt)}</Typography.Text>
                  {e.note && <div className="dr-wrap">{e.note}</div>}
                </>
              ),
            }))}
          />
        )}
      </Card>
      <NoteModal
        open={modal !== null}
        title={modal === 'refer' ? t('deletionRequests.detail.referTitle') : t('deletionRequests.detail.executeTitle')}
        {...(modal === 'refer' ? { hint: t('deletionRequests.detail.referHint') } : {})}
        onClose={() => {
          setModal(null);
          setModalError(null);
        }}
        onSubmit={(note) => modal && act.mutate({ action: modal, note })}
        pending={act.isPending}
        error={modalError}
      />
    </>
  );
}
