import { CheckOutlined, ExclamationCircleOutlined, ReloadOutlined, SafetyCertificateOutlined, SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, Modal, Select, Table, Tabs, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { isHttpUrl } from '../../../contracts/reports';
import { describeError, type ErrorMessage } from '../../shared/error-message';
import { showProblemOnForm } from '../../shared/form-errors';
import { formatDateTime } from '../../shared/format';
import { PageHeader } from '../../workbench/PageHeader';
import { hasRole, useMe } from '../auth/session';
import { DueDate } from '../cases/labels';
import { linesOf } from '../cases/OrderIssueModal';
import { TextPromptModal } from '../cases/TextPromptModal';
import {
  acknowledgeOrder,
  disputeOrder,
  fetchOrders,
  ORDER_STATUSES,
  orderKeys,
  reportExecution,
  verifyOrder,
  type DisposalOrder,
  type OrderSide,
  type OrderStatus,
} from './api';
import '../cases/casework.css';
import { ErrorAlert } from '../../shared/ErrorAlert';

const STATUS_COLORS: Record<OrderStatus, string> = {
  issued: 'gold',
  acknowledged: 'blue',
  executed: 'cyan',
  verified: 'green',
  disputed: 'red',
};

const EXECUTION_FIELDS = ['note', 'proofUrls'] as const;

/** Reports what was done on an order, with links to proof. */
function ExecutionModal({
  order,
  onClose,
  onDone,
}: {
  order: DisposalOrder | null;
  onClose: () => void;
  onDone: (o: DisposalOrder) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ note: string; proofUrls?: string }>();
  const [formError, setFormError] = useState<ErrorMessage | null>(null);
  useEffect(() => setFormError(null), [order]);
  const send = useMutation({
    mutationFn: (values: { note: string; proofUrls?: string }) => {
      const proofUrls = linesOf(values.proofUrls);
      return reportExecution(order?.id ?? '', { note: values.note.trim(), ...(proofUrls.length ? { proofUrls } : {}) });
    },
    onSuccess: onDone,
    onError: (error) => setFormError(showProblemOnForm(form, error, EXECUTION_FIELDS, t)),
  });
  return (
    <Modal
      open={order !== null}
      title={t('orders.executionModal.title')}
      okText={t('orders.executionModal.ok')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={send.isPending}
      destroyOnHidden
      width={{ xs: '100%', sm: 560 }}
      mask={{ closable: false }}
    >
      {formError && (
        <Alert className="form-error" type="error" showIcon role="alert" title={formError.title} description={formError.detail} />
      )}
      <Form
        form={form}
        layout="vertical"
        requiredMark="optional"
        clearOnDestroy
        disabled={send.isPending}
        onFinish={(values) => send.mutate(values)}
      >
        <Form.Item
          name="note"
          label={t('orders.executionModal.note')}
          rules={[{ required: true, whitespace: true, message: t('orders.executionModal.noteRequired') }]}
        >
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} maxLength={5000} />
        </Form.Item>
        <Form.Item
          name="proofUrls"
          label={t('orders.executionModal.proofUrls')}
          extra={t('orders.executionModal.proofHint')}
          rules={[
            {
              validator: async (_rule, value: string | undefined) => {
                const invalid = linesOf(value).filter((url) => !isHttpUrl(url));
                if (invalid.length) throw new Error(t('common.urlsInvalid', { urls: invalid.join(t('common.listSeparator')) }));
              },
            },
          ]}
        >
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} className="mono" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** `/workbench/orders`: disposal orders to execute, and those my organization issued. */
export function OrdersPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe().data;
  const issues = hasRole(me, 'case_officer', 'agency_lead');
  const [side, setSide] = useState<OrderSide>(hasRole(me, 'website_compliance') || !issues ? 'executing' : 'issuing');
  const [status, setStatus] = useState<OrderStatus | null>(null);
  const [executing, setExecuting] = useState<DisposalOrder | null>(null);
  const [disputing, setDisputing] = useState<DisposalOrder | null>(null);
  const language = i18n.language;

  const orders = useQuery({
    queryKey: orderKeys.list(side, status),
    queryFn: ({ signal }) => fetchOrders(side, status, signal),
    staleTime: 15 * 1000,
    placeholderData: (previous) => previous,
  });

  const changed = (order: DisposalOrder) => {
    void message.success(t('orders.done', { status: t(`orderStatus.${order.status}`) }));
    void queryClient.invalidateQueries({ queryKey: orderKeys.all });
  };
  const act = useMutation({
    mutationFn: ({ order, kind }: { order: DisposalOrder; kind: 'acknowledge' | 'verify' }) =>
      kind === 'acknowledge' ? acknowledgeOrder(order.id) : verifyOrder(order.id),
    onSuccess: changed,
    onError: (error) => {
      const described = describeError(error, t);
      void message.error(described.detail ? `${described.title} ${described.detail}` : described.title);
    },
  });

  const columns: TableColumnsType<DisposalOrder> = [
    {
      key: 'kind',
      title: t('orders.columns.kind'),
      render: (_, order) => (
        <Flex vertical gap={2} className="wb-order-cell">
          <Typography.Text strong>{t(`orderKind.${order.kind}`)}</Typography.Text>
          <Typography.Text type="secondary" className="wb-cell-detail">
            {side === 'executing'
              ? t('orders.issuedBy', { name: order.issuingOrgName })
              : t('orders.executedBy', { name: order.executingOrgName })}
          </Typography.Text>
          <Typography.Text type="secondary" className="wb-cell-detail" data-testid="order-case-number">
            {t('disposalOrders.caseNumber', { number: order.caseNumber })}
          </Typography.Text>
          <Typography.Text className="wb-cell-detail">{t('orders.legalBasis', { text: order.legalBasis })}</Typography.Text>
          {order.instructions && (
            <Typography.Text className="wb-cell-detail pre-wrap">{t('orders.instructions', { text: order.instructions })}</Typography.Text>
          )}
          {order.targetUrls.map((url) => (
            <Typography.Text key={url} className="wb-cell-detail mono break-all" copyable>
              {url}
            </Typography.Text>
          ))}
          {order.executionNote && (
            <Typography.Text className="wb-cell-detail">{t('orders.executionNote', { text: order.executionNote })}</Typography.Text>
          )}
          {order.proofUrls.map((url) => (
            <a key={url} href={url} target="_blank" rel="noopener noreferrer" className="wb-cell-detail break-all">
              {t('orders.proof')}: {url}
            </a>
          ))}
          {order.disputeReason && (
            <Typography.Text type="danger" className="wb-cell-detail">
              {t('orders.disputeReason', { text: order.disputeReason })}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('orders.columns.status'),
      render: (_, order) => (
        <Tag color={STATUS_COLORS[order.status]} className="no-margin">
          {t(`orderStatus.${order.status}`)}
        </Tag>
      ),
    },
    {
      key: 'dueAt',
      title: t('orders.columns.dueAt'),
      render: (_, order) => <DueDate iso={order.dueAt} done={order.status !== 'issued' && order.status !== 'acknowledged'} />,
    },
    {
      key: 'issuedAt',
      title: t('orders.columns.issuedAt'),
      responsive: ['lg'],
      render: (_, order) => formatDateTime(order.issuedAt, language),
    },
    ...(side === 'issuing'
      ? [
          {
            key: 'case',
            title: t('orders.columns.case'),
            responsive: ['md' as const],
            render: (_: unknown, order: DisposalOrder) => (
              <Link to={`/workbench/cases/${order.caseId}`}>{t('triage.report.goToCase')}</Link>
            ),
          },
        ]
      : []),
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_, order) => (
        <Flex gap={6} wrap>
          {side === 'executing' && order.status === 'issued' && (
            <Button
              size="small"
              icon={<CheckOutlined />}
              onClick={() => act.mutate({ order, kind: 'acknowledge' })}
              disabled={act.isPending}
            >
              {t('orders.acknowledge')}
            </Button>
          )}
          {side === 'executing' && order.status !== 'executed' && order.status !== 'verified' && (
            <Button size="small" type="primary" icon={<SendOutlined />} onClick={() => setExecuting(order)}>
              {t('orders.execute')}
            </Button>
          )}
          {side === 'issuing' && order.status === 'executed' && (
            <>
              <Button
                size="small"
                type="primary"
                icon={<SafetyCertificateOutlined />}
                onClick={() => act.mutate({ order, kind: 'verify' })}
                disabled={act.isPending}
              >
                {t('orders.verify')}
              </Button>
              <Button size="small" danger icon={<ExclamationCircleOutlined />} onClick={() => setDisputing(order)}>
                {t('orders.dispute')}
              </Button>
            </>
          )}
        </Flex>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('orders.title')}
        lead={t('orders.lead')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void orders.refetch()} loading={orders.isFetching}>
            {t('common.refresh')}
          </Button>
        }
      />
      <Tabs
        activeKey={side}
        onChange={(key) => setSide(key as OrderSide)}
        items={(issues ? (['executing', 'issuing'] as const) : (['executing'] as const)).map((key) => ({
          key,
          label: t(`orders.tabs.${key}`),
        }))}
      />
      <Card size="small">
        <Select<OrderStatus>
          allowClear
          value={status ?? undefined}
          onChange={(value) => setStatus(value ?? null)}
          placeholder={t('orders.allStatuses')}
          aria-label={t('orders.columns.status')}
          options={ORDER_STATUSES.map((value) => ({ value, label: t(`orderStatus.${value}`) }))}
          className="wb-filter-select"
        />
      </Card>
      <ErrorAlert error={orders.error} />
      <Table<DisposalOrder>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={orders.data ?? []}
        loading={orders.isPending}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('orders.empty') }}
      />
      <ExecutionModal
        order={executing}
        onClose={() => setExecuting(null)}
        onDone={(order) => {
          setExecuting(null);
          changed(order);
        }}
      />
      <TextPromptModal<DisposalOrder>
        open={disputing !== null}
        title={t('orders.disputeModal.title')}
        label={t('orders.disputeModal.reason')}
        field="reason"
        okText={t('orders.disputeModal.ok')}
        danger
        submit={(reason) => disputeOrder(disputing?.id ?? '', reason)}
        onDone={(order) => {
          setDisputing(null);
          changed(order);
        }}
        onClose={() => setDisputing(null)}
      />
    </Flex>
  );
}
