import { ArrowLeftOutlined, ClockCircleOutlined, SendOutlined, TeamOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Col,
  Descriptions,
  Flex,
  Form,
  Input,
  List,
  Result,
  Row,
  Skeleton,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { describeError } from '../../shared/error-message';
import { formatDateTime } from '../../shared/format';
import { LinkButton } from '../../shared/LinkButton';
import { ApiError } from '../../shared/problem';
import { PageHeader } from '../../workbench/PageHeader';
import { hasRole, useMe } from '../auth/session';
import { CorrelationPanel } from '../correlation/CorrelationPanel';
import { orderKeys } from '../orders/api';
import { CASE_ACTIONS, caseKeys, commentOnCase, extendDeadline, fetchCase, type CaseAction, type CaseDetail, type CaseEvent } from './api';
import { AssistanceModal } from './AssistanceModal';
import { CaseAttachments } from './CaseAttachments';
import { CaseActionModal } from './CaseActionModal';
import { CaseStatusTag, DueDate, formatMoney, PriorityTag } from './labels';
import { OrderIssueModal } from './OrderIssueModal';
import { useOrganizations } from './organizations';
import { TextPromptModal } from './TextPromptModal';
import './casework.css';

const EVENT_KEYS = [
  'created',
  'routed',
  'triage',
  'reports_joined',
  'comment',
  'assist_requested',
  'deadline_extended',
  'order_issued',
  ...CASE_ACTIONS,
] as const;
type EventKey = (typeof EVENT_KEYS)[number];

function isEventKey(type: string): type is EventKey {
  return (EVENT_KEYS as readonly string[]).includes(type);
}

/** A disposal order's steps after it was issued, as the case's timeline records them. */
const ORDER_EVENT_KEYS = ['order_acknowledged', 'order_executed', 'order_verified', 'order_disputed'] as const;
type OrderEventKey = (typeof ORDER_EVENT_KEYS)[number];

function isOrderEventKey(type: string): type is OrderEventKey {
  return (ORDER_EVENT_KEYS as readonly string[]).includes(type);
}

/** The proof links an executed order's event carries. */
function proofUrlsOf(event: CaseEvent): string[] {
  const urls = event.data?.proofUrls;
  return Array.isArray(urls) ? urls.filter((url): url is string => typeof url === 'string') : [];
}

const ASSIST_ACTIONS = ['investigate', 'dispose', 'conclude'];

/** `/workbench/cases/:id`: a case with its deadlines, agencies, routing, reports and timeline, and what the caller may do. */
export function CasePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const organizations = useOrganizations();
  const [action, setAction] = useState<CaseAction | null>(null);
  const [assisting, setAssisting] = useState(false);
  const [extending, setExtending] = useState(false);
  const [ordering, setOrdering] = useState(false);
  const [commentForm] = Form.useForm<{ body: string; internal: boolean }>();
  const language = i18n.language;

  const detail = useQuery({ queryKey: caseKeys.detail(id), queryFn: ({ signal }) => fetchCase(id, signal), staleTime: 15 * 1000 });

  const updated = (next: CaseDetail) => {
    queryClient.setQueryData(caseKeys.detail(id), next);
    void queryClient.invalidateQueries({ queryKey: caseKeys.all, predicate: (query) => query.queryKey[1] === 'list' });
  };

  const comment = useMutation({
    mutationFn: (values: { body: string; internal: boolean }) => commentOnCase(id, { body: values.body.trim(), internal: values.internal }),
    onSuccess: () => {
      commentForm.resetFields();
      void message.success(t('cases.page.commentSent'));
      void queryClient.invalidateQueries({ queryKey: caseKeys.detail(id) });
    },
    onError: (error) => void message.error(describeError(error, t).title),
  });

  const back = (
    <LinkButton to="/workbench/cases" icon={<ArrowLeftOutlined />}>
      {t('cases.page.back')}
    </LinkButton>
  );
  if (detail.isPending) return <Skeleton active />;
  if (detail.isError) {
    return detail.error instanceof ApiError && detail.error.status === 404 ? (
      <Result status="404" title={t('cases.page.notFound')} extra={back} />
    ) : (
      <Alert type="error" showIcon title={describeError(detail.error, t).title} action={back} />
    );
  }

  const c = detail.data;
  const done = c.status === 'concluded' || c.status === 'closed';
  const actions = CASE_ACTIONS.filter((a) => c.actions.includes(a));
  const myOrgLeads = me !== null && me !== undefined && c.leadOrgId === me.organization.id;
  const canAssist = c.actions.some((a) => ASSIST_ACTIONS.includes(a));
  const canExtend = myOrgLeads && hasRole(me, 'agency_lead') && !done;
  const canOrder = myOrgLeads && (c.status === 'investigating' || c.status === 'disposing') && hasRole(me, 'case_officer', 'agency_lead');
  const targetUrls = [...new Set(c.reports.flatMap((report) => report.targetUrls))];
  const nameOf = (orgId: string | null) => c.agencies.find((agency) => agency.orgId === orgId)?.name ?? organizations.nameOf(orgId);

  const eventLabel = (event: CaseEvent) =>
    isOrderEventKey(event.type)
      ? t(`disposalOrders.event.${event.type}`)
      : t(`cases.event.${isEventKey(event.type) ? event.type : 'other'}`);

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={`${c.number} ${c.title}`}
        lead={
          <Flex gap={8} wrap component="span" data-testid="case-status">
            <CaseStatusTag status={c.status} />
            <PriorityTag priority={c.priority} />
            {c.overdue && <Tag color="red">{t('cases.overdue')}</Tag>}
            {c.resultCode && <Tag color="green">{t(`resultCode.${c.resultCode}`)}</Tag>}
          </Flex>
        }
        extra={
          <>
            {back}
            {actions.map((a) => (
              <Button
                key={a}
                type={a === 'return' ? 'default' : 'primary'}
                danger={a === 'return'}
                onClick={() => setAction(a)}
                data-testid={`case-action-${a}`}
              >
                {t(`cases.action.${a}`)}
              </Button>
            ))}
            {canOrder && (
              <Button icon={<SendOutlined />} onClick={() => setOrdering(true)} data-testid="issue-order">
                {t('cases.page.issueOrder')}
              </Button>
            )}
            {canAssist && (
              <Button icon={<TeamOutlined />} onClick={() => setAssisting(true)}>
                {t('cases.page.askAssistance')}
              </Button>
            )}
            {canExtend && (
              <Button icon={<ClockCircleOutlined />} onClick={() => setExtending(true)}>
                {t('cases.page.extend')}
              </Button>
            )}
          </>
        }
      />
      <Card size="small">
        <Descriptions
          column={{ xs: 1, md: 2 }}
          size="small"
          items={[
            {
              key: 'first',
              label: t('cases.page.firstResponseDue'),
              children: <DueDate iso={c.firstResponseDue} done={done || c.firstRespondedAt !== null} />,
            },
            {
              key: 'conclude',
              label: t('cases.page.concludeDue'),
              children: (
                <span>
                  <DueDate iso={c.concludeDue} done={done} />
                  {c.extensions > 0 && <Tag className="inline-tag">{t('cases.page.extensions', { count: c.extensions })}</Tag>}
                </span>
              ),
            },
          ]}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <Card title={<h2 className="card-heading">{t('cases.page.details')}</h2>}>
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: 'category', label: t('cases.page.category'), children: t(`category.${c.category}.label`) },
                  { key: 'region', label: t('cases.page.region'), children: <span className="mono">{c.regionCode}</span> },
                  { key: 'openedAt', label: t('cases.page.openedAt'), children: formatDateTime(c.openedAt, language) },
                  ...(c.targetKind
                    ? [{ key: 'target', label: t('cases.page.targetKind'), children: t(`targetKind.${c.targetKind}`) }]
                    : []),
                  { key: 'moneyPaid', label: t('cases.page.moneyPaid'), children: c.moneyPaid ? t('cases.page.yes') : t('cases.page.no') },
                  ...(c.tags.length
                    ? [
                        {
                          key: 'tags',
                          label: t('cases.page.tags'),
                          children: (
                            <Flex gap={4} wrap>
                              {c.tags.map((tag) => (
                                <Tag key={tag} className="no-margin">
                                  {tag}
                                </Tag>
                              ))}
                            </Flex>
                          ),
                        },
                      ]
                    : []),
                  ...(c.summary
                    ? [{ key: 'summary', label: t('cases.page.summary'), children: <span className="pre-wrap">{c.summary}</span> }]
                    : []),
                  ...(c.resultCode ? [{ key: 'result', label: t('cases.page.result'), children: t(`resultCode.${c.resultCode}`) }] : []),
                  ...(c.legalBasis ? [{ key: 'legalBasis', label: t('cases.page.legalBasis'), children: c.legalBasis }] : []),
                  ...(c.resultNote ? [{ key: 'resultNote', label: t('cases.page.resultNote'), children: c.resultNote }] : []),
                ]}
              />
            </Card>
            <Card title={<h2 className="card-heading">{t('cases.page.reports')}</h2>}>
              <List
                itemLayout="vertical"
                dataSource={c.reports}
                renderItem={(report) => (
                  <List.Item key={report.id}>
                    <Flex vertical gap={4}>
                      <Flex gap={8} wrap align="center">
                        <Typography.Text strong className="mono">
                          {report.trackingCode}
                        </Typography.Text>
                        <Tag className="no-margin">{t(`category.${report.category}.label`)}</Tag>
                        <Typography.Text type="secondary" className="wb-cell-detail">
                          {formatDateTime(report.receivedAt, language)} · {t(`reporterKind.${report.reporterKind}`)}
                          {report.platform ? ` · ${report.platform}` : ''}
                          {report.money ? ` · ${formatMoney(report.money, language)}` : ''}
                        </Typography.Text>
                      </Flex>
                      <Typography.Paragraph
                        ellipsis={{ rows: 4, expandable: true, symbol: t('common.more') }}
                        className="no-margin pre-wrap"
                      >
                        {report.description}
                      </Typography.Paragraph>
                      {report.targetUrls.map((url) => (
                        <Typography.Text key={url} className="break-all mono wb-cell-detail" copyable>
                          {url}
                        </Typography.Text>
                      ))}
                    </Flex>
                  </List.Item>
                )}
              />
            </Card>
            <CaseAttachments caseDetail={c} />
            <CorrelationPanel
              subjectType="case"
              subjectId={c.id}
              subjectLabel={{ number: c.number, title: c.title }}
              size="default"
              title={<h2 className="card-heading">{t('correlation.title')}</h2>}
            />
            <Card title={<h2 className="card-heading">{t('cases.page.timeline')}</h2>}>
              {c.timeline.length === 0 ? (
                <Typography.Text type="secondary">{t('cases.page.noTimeline')}</Typography.Text>
              ) : (
                <Timeline
                  data-testid="case-timeline"
                  items={c.timeline.map((event) => ({
                    key: event.id,
                    color: event.internal ? 'gray' : event.toStatus ? 'blue' : 'green',
                    content: (
                      <Flex vertical gap={2}>
                        <Flex gap={6} wrap align="center">
                          <Typography.Text strong>{eventLabel(event)}</Typography.Text>
                          {event.fromStatus && event.toStatus && event.fromStatus !== event.toStatus && (
                            <Typography.Text type="secondary">
                              {t(`caseStatus.${event.fromStatus}`)} → {t(`caseStatus.${event.toStatus}`)}
                            </Typography.Text>
                          )}
                          {event.internal && (
                            <Tag color="orange" className="no-margin">
                              {t('cases.page.internal')}
                            </Tag>
                          )}
                        </Flex>
                        <Typography.Text type="secondary" className="wb-cell-detail">
                          {formatDateTime(event.at, language)}
                          {event.actorOrgId ? ` · ${event.actorOrgName ?? nameOf(event.actorOrgId)}` : ''}
                        </Typography.Text>
                        {event.reason && <Typography.Text className="pre-wrap">{event.reason}</Typography.Text>}
                        {event.legalBasis && (
                          <Typography.Text type="secondary">
                            {t('cases.page.legalBasis')}
                            {t('common.labelSeparator')}
                            {event.legalBasis}
                          </Typography.Text>
                        )}
                        {event.body && <Typography.Paragraph className="no-margin pre-wrap">{event.body}</Typography.Paragraph>}
                        {proofUrlsOf(event).map((url) => (
                          <a key={url} href={url} target="_blank" rel="noopener noreferrer" className="wb-cell-detail break-all">
                            {t('orders.proof')}: {url}
                          </a>
                        ))}
                      </Flex>
                    ),
                  }))}
                />
              )}
              <Form
                form={commentForm}
                layout="vertical"
                initialValues={{ internal: false }}
                disabled={comment.isPending}
                onFinish={(values) => comment.mutate(values)}
                className="wb-comment-form"
              >
                <Form.Item
                  name="body"
                  label={t('cases.page.comment')}
                  rules={[
                    { required: true, whitespace: true, message: t('cases.page.commentRequired') },
                    { max: 10000, message: t('common.tooLong', { max: 10000 }) },
                  ]}
                >
                  <Input.TextArea
                    autoSize={{ minRows: 2, maxRows: 8 }}
                    maxLength={10000}
                    placeholder={t('cases.page.commentPlaceholder')}
                  />
                </Form.Item>
                <Flex gap={12} wrap align="center" justify="space-between">
                  <Form.Item name="internal" valuePropName="checked" noStyle>
                    <Checkbox>{t('cases.page.commentInternal')}</Checkbox>
                  </Form.Item>
                  <Button type="primary" htmlType="submit" loading={comment.isPending}>
                    {t('cases.page.commentSend')}
                  </Button>
                </Flex>
              </Form>
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            <Card title={<h2 className="card-heading">{t('cases.page.agencies')}</h2>} data-testid="case-agencies">
              <List
                size="small"
                dataSource={c.agencies}
                locale={{ emptyText: t('cases.page.noAgencies') }}
                renderItem={(agency) => (
                  <List.Item key={`${agency.orgId}:${agency.role}`} data-testid={`case-agency-${agency.role}`}>
                    <Flex vertical>
                      <Flex gap={6} wrap align="center">
                        <Tag
                          color={agency.role === 'lead' ? 'blue' : agency.role === 'assisting' ? 'cyan' : 'default'}
                          className="no-margin"
                        >
                          {t(`cases.page.agencyRole.${agency.role}`)}
                        </Tag>
                        <Typography.Text strong>{agency.name}</Typography.Text>
                      </Flex>
                      <Typography.Text type="secondary" className="wb-cell-detail">
                        {t(`orgKinds.${agency.kind}`)} · {formatDateTime(agency.addedAt, language)}
                      </Typography.Text>
                      {agency.reason && <Typography.Text className="wb-cell-detail">{agency.reason}</Typography.Text>}
                    </Flex>
                  </List.Item>
                )}
              />
            </Card>
            <Card title={<h2 className="card-heading">{t('cases.page.routing')}</h2>}>
              {c.routing?.ruleName ? (
                <Typography.Paragraph>{t('cases.page.matchedRule', { name: c.routing.ruleName })}</Typography.Paragraph>
              ) : (
                <Typography.Paragraph type="secondary">{t('cases.page.noRule')}</Typography.Paragraph>
              )}
              {c.routing?.override && (
                <Alert type="warning" showIcon title={t('cases.page.overrideReason', { reason: c.routing.override.reason })} />
              )}
            </Card>
          </Flex>
        </Col>
      </Row>
      <CaseActionModal
        caseDetail={c}
        action={action}
        onClose={() => setAction(null)}
        onDone={(next) => {
          setAction(null);
          updated(next);
          void message.success(t('cases.actionModal.done', { status: t(`caseStatus.${next.status}`) }));
        }}
      />
      <AssistanceModal
        caseId={c.id}
        open={assisting}
        onClose={() => setAssisting(false)}
        onDone={() => {
          setAssisting(false);
          void message.success(t('cases.assist.done'));
          void queryClient.invalidateQueries({ queryKey: caseKeys.detail(id) });
        }}
      />
      <TextPromptModal<CaseDetail>
        open={extending}
        title={t('cases.extension.title')}
        notice={t('cases.extension.text')}
        label={t('cases.extension.reason')}
        field="reason"
        okText={t('cases.extension.ok')}
        submit={(reason) => extendDeadline(c.id, reason)}
        onDone={(next) => {
          setExtending(false);
          updated(next);
          void message.success(t('cases.extension.done'));
        }}
        onClose={() => setExtending(false)}
      />
      <OrderIssueModal
        caseId={c.id}
        targetUrls={targetUrls}
        open={ordering}
        onClose={() => setOrdering(false)}
        onDone={() => {
          setOrdering(false);
          void message.success(t('cases.order.done'));
          void queryClient.invalidateQueries({ queryKey: caseKeys.detail(id) });
          void queryClient.invalidateQueries({ queryKey: orderKeys.all });
        }}
      />
    </Flex>
  );
}
