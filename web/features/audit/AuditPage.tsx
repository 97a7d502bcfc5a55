import { FilterOutlined, ReloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import {
  AutoComplete,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  Grid,
  Input,
  Row,
  Table,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, userTimeZone } from '../../shared/format';
import { PageHeader } from '../../workbench/PageHeader';
import { fetchAuditEvents, type AuditEvent, type AuditFilter } from './api';
import { AUDIT_OBJECT_TYPES, KNOWN_AUDIT_ACTIONS, isActorType, isKnownAuditAction, shortHash } from './audit-actions';
import { ErrorAlert } from '../../shared/ErrorAlert';

interface FilterValues {
  action?: string;
  objectType?: string;
  objectId?: string;
  actorId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** The filter as the API takes it: whole days in the user's zone, the end day included. */
function toFilter(values: FilterValues): AuditFilter {
  const filter: AuditFilter = {};
  for (const key of ['action', 'objectType', 'objectId', 'actorId'] as const) {
    const value = values[key]?.trim();
    if (value) filter[key] = value;
  }
  const [from, to] = values.range ?? [];
  if (from) filter.from = from.startOf('day').toISOString();
  if (to) filter.to = to.add(1, 'day').startOf('day').toISOString();
  return filter;
}

/** `/workbench/audit`: the audit log for auditors, newest first, with the head of the hash chain. */
export function AuditPage() {
  const { t, i18n } = useTranslation();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<FilterValues>();
  const [filter, setFilter] = useState<AuditFilter>({});
  const language = i18n.language;

  const events = useInfiniteQuery({
    queryKey: ['audit-events', filter],
    queryFn: ({ pageParam, signal }) => fetchAuditEvents(filter, pageParam, signal),
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    staleTime: 30 * 1000,
  });
  const rows = useMemo(() => events.data?.pages.flatMap((page) => page.items) ?? [], [events.data]);
  const head = events.data?.pages[0]?.head ?? null;

  const actionOptions = useMemo(
    () =>
      Object.keys(KNOWN_AUDIT_ACTIONS).map((action) => ({
        value: action,
        label: isKnownAuditAction(action) ? `${action} · ${t(`auditActions.${KNOWN_AUDIT_ACTIONS[action]}`)}` : action,
      })),
    // The words follow the language.
    [t, language],
  );

  const actionLabel = (action: string) => (isKnownAuditAction(action) ? t(`auditActions.${KNOWN_AUDIT_ACTIONS[action]}`) : null);

  const columns: TableColumnsType<AuditEvent> = [
    { key: 'seq', title: t('audit.columns.seq'), render: (_, event) => <span className="mono">#{event.seq}</span>, width: 80 },
    {
      key: 'time',
      title: t('audit.columns.time'),
      render: (_, event) => <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt, language)}</time>,
    },
    {
      key: 'action',
      title: t('audit.columns.action'),
      render: (_, event) => (
        <Flex vertical>
          <Typography.Text>{actionLabel(event.action) ?? event.action}</Typography.Text>
          {actionLabel(event.action) && (
            <Typography.Text type="secondary" className="mono wb-cell-detail">
              {event.action}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      key: 'actor',
      title: t('audit.columns.actor'),
      responsive: ['md'],
      render: (_, event) => (
        <Flex gap={4} align="center" wrap>
          <Tag className="no-margin">{isActorType(event.actorType) ? t(`audit.actorTypes.${event.actorType}`) : event.actorType}</Tag>
          {event.actorId && <IdText id={event.actorId} />}
        </Flex>
      ),
    },
    {
      key: 'object',
      title: t('audit.columns.object'),
      responsive: ['lg'],
      render: (_, event) => (
        <Flex gap={4} align="center" wrap>
          <Typography.Text className="mono">{event.objectType}</Typography.Text>
          {event.objectId && <IdText id={event.objectId} />}
        </Flex>
      ),
    },
    {
      key: 'hash',
      title: t('audit.columns.hash'),
      responsive: ['sm'],
      render: (_, event) => (
        <Tooltip title={<span className="mono break-all">{event.hash}</span>}>
          <Typography.Text className="mono" copyable={{ text: event.hash, tooltips: [t('common.copy'), t('common.copied')] }}>
            {shortHash(event.hash)}
          </Typography.Text>
        </Tooltip>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('audit.title')}
        lead={t('audit.lead')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void events.refetch()} loading={events.isRefetching}>
            {t('common.refresh')}
          </Button>
        }
      />

      <Card size="small" title={<span className="card-heading-small">{t('audit.head.title')}</span>} data-testid="audit-head">
        {head ? (
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              { key: 'seq', label: t('audit.head.seq'), children: <span className="mono">#{head.seq}</span> },
              {
                key: 'hash',
                label: t('audit.head.hash'),
                children: (
                  <Typography.Text
                    className="mono break-all"
                    copyable={{ text: head.hash, tooltips: [t('common.copy'), t('common.copied')] }}
                  >
                    {head.hash}
                  </Typography.Text>
                ),
              },
            ]}
          />
        ) : (
          <Typography.Text type="secondary">{events.isPending ? t('common.loading') : t('audit.head.empty')}</Typography.Text>
        )}
        <Typography.Paragraph type="secondary" className="field-hint no-margin">
          <SafetyCertificateOutlined /> {t('audit.head.explanation')}
        </Typography.Paragraph>
      </Card>

      <Card size="small">
        <Form<FilterValues>
          form={form}
          name="audit-filter"
          layout="vertical"
          onFinish={(values) => setFilter(toFilter(values))}
          className="wb-filter-form"
        >
          <Row gutter={12}>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="action" label={t('audit.filter.action')}>
                <AutoComplete
                  options={actionOptions}
                  allowClear
                  showSearch={{
                    filterOption: (input, option) =>
                      String(option?.label ?? '')
                        .toLowerCase()
                        .includes(input.toLowerCase()),
                  }}
                  placeholder="user.invited"
                />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="objectType" label={t('audit.filter.objectType')}>
                <AutoComplete options={AUDIT_OBJECT_TYPES.map((value) => ({ value }))} allowClear placeholder="user" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="objectId" label={t('audit.filter.objectId')}>
                <Input allowClear spellCheck={false} className="mono-input" maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="actorId" label={t('audit.filter.actorId')}>
                <Input allowClear spellCheck={false} className="mono-input" maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12}>
              <Form.Item name="range" label={t('audit.filter.range')} extra={t('audit.filter.rangeHint', { zone: userTimeZone() })}>
                <DatePicker.RangePicker allowEmpty={[true, true]} inputReadOnly={!screens.md} className="full-width" />
              </Form.Item>
            </Col>
            <Col xs={24} lg={12} className="wb-filter-buttons">
              <Flex gap={8} wrap>
                <Button type="primary" htmlType="submit" icon={<FilterOutlined />}>
                  {t('audit.filter.apply')}
                </Button>
                <Button
                  onClick={() => {
                    form.resetFields();
                    setFilter({});
                  }}
                >
                  {t('audit.filter.reset')}
                </Button>
              </Flex>
            </Col>
          </Row>
        </Form>
      </Card>

      <ErrorAlert error={events.error} />
      <Table<AuditEvent>
        rowKey="seq"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={events.isPending}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('audit.empty') }}
        expandable={{ expandedRowRender: (event) => <EventDetails event={event} /> }}
        data-testid="audit-table"
      />
      <Flex justify="center" vertical align="center" gap={4}>
        {events.hasNextPage ? (
          <Button onClick={() => void events.fetchNextPage()} loading={events.isFetchingNextPage} data-testid="audit-more">
            {t('audit.loadMore')}
          </Button>
        ) : (
          rows.length > 0 && <Typography.Text type="secondary">{t('audit.end')}</Typography.Text>
        )}
        <Typography.Text type="secondary" className="field-hint">
          {t('audit.shown', { count: rows.length })}
        </Typography.Text>
      </Flex>
    </Flex>
  );
}

/** An id, shortened, with the whole one on hover and a copy button. */
function IdText({ id }: { id: string }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={<span className="mono break-all">{id}</span>}>
      <Typography.Text className="mono wb-cell-detail" copyable={{ text: id, tooltips: [t('common.copy'), t('common.copied')] }}>
        {shortHash(id, 10)}
      </Typography.Text>
    </Tooltip>
  );
}

function EventDetails({ event }: { event: AuditEvent }) {
  const { t } = useTranslation();
  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      className="audit-details"
      items={[
        {
          key: 'actor',
          label: t('audit.columns.actor'),
          children: <span className="mono break-all">{`${event.actorType} ${event.actorId ?? ''}`}</span>,
        },
        {
          key: 'object',
          label: t('audit.columns.object'),
          children: <span className="mono break-all">{`${event.objectType} ${event.objectId ?? ''}`}</span>,
        },
        { key: 'org', label: t('audit.details.org'), children: <span className="mono break-all">{event.orgId ?? '—'}</span> },
        {
          key: 'summary',
          label: t('audit.details.summary'),
          children: <pre className="audit-summary">{JSON.stringify(event.summary, null, 2)}</pre>,
        },
        { key: 'prev', label: t('audit.details.prevHash'), children: <span className="mono break-all">{event.prevHash}</span> },
        { key: 'hash', label: t('audit.columns.hash'), children: <span className="mono break-all">{event.hash}</span> },
      ]}
    />
  );
}
