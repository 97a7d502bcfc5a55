import { ReloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, DatePicker, Empty, Flex, Form, Input, List, Row, Segmented, Select, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMemo } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { CASE_STATUSES } from '../../../contracts/cases-lifecycle';
import { ENTITY_KINDS, ENTITY_STATUSES, type EntityKind } from '../../../contracts/registry';
import { REPORT_CATEGORIES, REPORT_STATUSES, type ReportCategory } from '../../../contracts/reports';
import { describeError } from '../../shared/error-message';
import { formatDateTime } from '../../shared/format';
import { PageHeader } from '../../workbench/PageHeader';
import { REGISTRY_ROLES } from '../../workbench/navigation';
import { hasRole, useMe } from '../auth/session';
import { type SearchFilter, type SearchResultItem, type SearchType, type Snippet, fetchSearch } from './api';

interface FilterValues {
  q?: string;
  category?: ReportCategory;
  status?: string;
  entityKind?: EntityKind;
  region?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

/** Matched pieces in `<mark>`; everything is React text, so markup in a report shows as written. */
function SnippetText({ snippet }: { snippet: Snippet }) {
  return (
    <>
      {snippet.truncatedStart && '…'}
      {snippet.segments.map((segment, i) => (segment.match ? <mark key={i}>{segment.text}</mark> : <span key={i}>{segment.text}</span>))}
      {snippet.truncatedEnd && '…'}
    </>
  );
}

const LINKS: Record<SearchType, string> = {
  report: '/workbench/triage/',
  case: '/workbench/cases/',
  entity: '/workbench/registry/',
};

function statusLabel(t: TFunction, type: SearchType, status: string): string {
  if (type === 'report' && (REPORT_STATUSES as readonly string[]).includes(status))
    return t(`reportStatus.${status as (typeof REPORT_STATUSES)[number]}`);
  if (type === 'case' && (CASE_STATUSES as readonly string[]).includes(status))
    return t(`caseStatus.${status as (typeof CASE_STATUSES)[number]}`);
  if (type === 'entity' && (ENTITY_STATUSES as readonly string[]).includes(status))
    return t(`registry.status.${status as (typeof ENTITY_STATUSES)[number]}`);
  return status;
}

function ResultItem({ item }: { item: SearchResultItem }) {
  const { t, i18n } = useTranslation();
  const link = `${LINKS[item.type]}${item.id}`;
  const status = statusLabel(t, item.type, item.status);
  return (
    <List.Item key={item.id} data-testid="search-result">
      <Flex vertical gap={4} className="full-width">
        <Flex gap={8} align="center" wrap>
          <Link to={link} className={item.type === 'entity' ? undefined : 'mono'}>
            {item.label}
          </Link>
          {item.category && <Tag className="no-margin">{t(`category.${item.category}.label`)}</Tag>}
          {item.entityKind && <Tag className="no-margin">{t(`registry.kind.${item.entityKind}`)}</Tag>}
          <Tag className="no-margin">{status}</Tag>
          <Typography.Text type="secondary">
            <time dateTime={item.createdAt}>{formatDateTime(item.createdAt, i18n.language)}</time>
          </Typography.Text>
        </Flex>
        {item.title && item.type !== 'entity' && (
          <Typography.Text strong>
            <SnippetText snippet={item.title} />
          </Typography.Text>
        )}
        {item.snippet.segments.length > 0 && (
          <Typography.Paragraph className="search-snippet no-margin">
            <SnippetText snippet={item.snippet} />
          </Typography.Paragraph>
        )}
      </Flex>
    </List.Item>
  );
}

/**
 * `/workbench/search`: full-text search. Triage officers search reports and cases; agency staff the
 * cases they may see; the registry's readers its entities too. The query and type live in the address,
 * so a search can be shared or reloaded.
 */
export function SearchPage() {
  const { t } = useTranslation();
  const me = useMe();
  const canSearchReports = hasRole(me.data, 'triage_officer');
  const canSearchEntities = hasRole(me.data, ...REGISTRY_ROLES);
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FilterValues>();
  const asked = params.get('type');
  const type: SearchType = asked === 'entity' && canSearchEntities ? 'entity' : asked === 'case' || !canSearchReports ? 'case' : 'report';
  const types: SearchType[] = [
    ...(canSearchReports ? (['report'] as const) : []),
    'case',
    ...(canSearchEntities ? (['entity'] as const) : []),
  ];
  const filter = useMemo<SearchFilter | null>(() => {
    const q = params.get('q')?.trim();
    if (!q) return null;
    const f: SearchFilter = { q, type };
    for (const key of ['category', 'status', 'entityKind', 'region', 'from', 'to'] as const) {
      const value = params.get(key);
      if (value) Object.assign(f, { [key]: value });
    }
    return f;
  }, [params, type]);

  const results = useInfiniteQuery({
    queryKey: ['search', filter],
    queryFn: ({ pageParam, signal }) => fetchSearch(filter!, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: filter !== null,
    staleTime: 30 * 1000,
  });
  const items = results.data?.pages.flatMap((page) => page.items) ?? [];
  const first = results.data?.pages[0];

  const submit = (values: FilterValues) => {
    const next = new URLSearchParams();
    if (values.q?.trim()) next.set('q', values.q.trim());
    next.set('type', type);
    if (type !== 'entity' && values.category) next.set('category', values.category);
    if (values.status) next.set('status', values.status);
    if (type === 'entity' && values.entityKind) next.set('entityKind', values.entityKind);
    if (type === 'case' && values.region?.trim()) next.set('region', values.region.trim());
    const [from, to] = values.range ?? [];
    // Whole days in the user's zone, the end day included.
    if (from) next.set('from', from.startOf('day').toISOString());
    if (to) next.set('to', to.add(1, 'day').startOf('day').toISOString());
    setParams(next);
  };

  const switchType = (next: SearchType) => {
    const q = params.get('q');
    form.setFieldValue('status', undefined);
    form.setFieldValue('category', undefined);
    form.setFieldValue('entityKind', undefined);
    setParams(q ? { q, type: next } : { type: next });
  };

  const statuses: readonly string[] = type === 'report' ? REPORT_STATUSES : type === 'case' ? CASE_STATUSES : ENTITY_STATUSES;
  const error = results.error ? describeError(results.error, t) : null;

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('search.title')}
        lead={t('search.lead')}
        extra={
          filter && (
            <Button icon={<ReloadOutlined />} onClick={() => void results.refetch()} loading={results.isRefetching}>
              {t('common.refresh')}
            </Button>
          )
        }
      />
      <Card size="small">
        <Form<FilterValues>
          form={form}
          name="search"
          layout="vertical"
          onFinish={submit}
          initialValues={{
            q: params.get('q') ?? '',
            category: params.get('category') ?? undefined,
            status: params.get('status') ?? undefined,
            entityKind: params.get('entityKind') ?? undefined,
            region: params.get('region') ?? undefined,
          }}
        >
          {types.length > 1 && (
            <Form.Item label={t('search.type.label')}>
              <Segmented<SearchType>
                value={type}
                onChange={switchType}
                options={types.map((value) => ({ value, label: t(`search.type.${value}`) }))}
              />
            </Form.Item>
          )}
          <Form.Item name="q" label={t('search.query')} extra={t('search.queryHint')}>
            <Input.Search
              placeholder={t('search.placeholder')}
              enterButton={t('search.submit')}
              maxLength={200}
              allowClear
              onSearch={() => form.submit()}
              aria-label={t('search.query')}
            />
          </Form.Item>
          <Row gutter={12}>
            <Col xs={24} sm={12} lg={6}>
              {type === 'entity' ? (
                <Form.Item name="entityKind" label={t('search.filter.entityKind')}>
                  <Select
                    allowClear
                    placeholder={t('search.filter.any')}
                    options={ENTITY_KINDS.map((k) => ({ value: k, label: t(`registry.kind.${k}`) }))}
                  />
                </Form.Item>
              ) : (
                <Form.Item name="category" label={t('search.filter.category')}>
                  <Select
                    allowClear
                    placeholder={t('search.filter.any')}
                    options={REPORT_CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}.label`) }))}
                  />
                </Form.Item>
              )}
            </Col>
            <Col xs={24} sm={12} lg={6}>
              <Form.Item name="status" label={t('search.filter.status')}>
                <Select
                  allowClear
                  placeholder={t('search.filter.any')}
                  options={statuses.map((s) => ({ value: s, label: statusLabel(t, type, s) }))}
                />
              </Form.Item>
            </Col>
            {type === 'case' && (
              <Col xs={24} sm={12} lg={4}>
                <Form.Item
                  name="region"
                  label={t('search.filter.region')}
                  rules={[{ pattern: /^\d{2,6}$/, message: t('search.filter.regionInvalid') }]}
                >
                  <Input inputMode="numeric" placeholder="330000" maxLength={6} />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} sm={12} lg={8}>
              <Form.Item name="range" label={t('search.filter.created')}>
                <DatePicker.RangePicker className="full-width" allowEmpty={[true, true]} />
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>

      {error && <Alert type="error" showIcon title={error.title} description={error.detail} />}
      {filter === null ? (
        <Empty description={t('search.start')} />
      ) : (
        <Card size="small">
          {first?.indexingBehind && <Alert type="info" showIcon title={t('search.indexingBehind')} />}
          {first && (
            <Typography.Paragraph type="secondary" data-testid="search-total">
              {first.capped ? t('search.totalCapped', { count: first.total }) : t('search.total', { count: first.total })}
            </Typography.Paragraph>
          )}
          <List<SearchResultItem>
            loading={results.isPending}
            dataSource={items}
            locale={{ emptyText: t('search.empty') }}
            renderItem={(item) => <ResultItem item={item} />}
          />
          {results.hasNextPage && (
            <Flex justify="center">
              <Button onClick={() => void results.fetchNextPage()} loading={results.isFetchingNextPage}>
                {t('search.more')}
              </Button>
            </Flex>
          )}
        </Card>
      )}
    </Flex>
  );
}
