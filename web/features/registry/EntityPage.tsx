import { ArrowLeftOutlined, MergeCellsOutlined, PlusOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Flex, List, Result, Row, Skeleton, Tag, Timeline, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ENTITY_STATUSES, type EntityStatus } from '../../../contracts/registry';
import { describeError } from '../../shared/error-message';
import { formatDateTime } from '../../shared/format';
import { LinkButton } from '../../shared/LinkButton';
import { ApiError } from '../../shared/problem';
import { PageHeader } from '../../workbench/PageHeader';
import { TextPromptModal } from '../cases/TextPromptModal';
import { fetchEntity, registryKeys, splitEntity, type EntityDetail } from './api';
import { EntityCorrelationSlot } from './EntityCorrelationSlot';
import { EntityKindTag, EntityStatusTag, useIdentifierTypeLabel } from './labels';
import { MergeModal, RecordModal, StatusModal } from './RegistryActionModals';
import './registry.css';

/** `/workbench/registry/:id`: an entity with its identifiers, records, status history, merges and linked cases. */
export function EntityPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const typeLabel = useIdentifierTypeLabel();
  const [statusTo, setStatusTo] = useState<EntityStatus | null>(null);
  const [recording, setRecording] = useState(false);
  const [merging, setMerging] = useState(false);
  const [splitting, setSplitting] = useState<string | null>(null);
  const language = i18n.language;

  const detail = useQuery({ queryKey: registryKeys.detail(id), queryFn: ({ signal }) => fetchEntity(id, signal), staleTime: 15 * 1000 });

  const refresh = (note: string) => {
    void message.success(note);
    void queryClient.invalidateQueries({ queryKey: registryKeys.all });
  };

  const back = (
    <LinkButton to="/workbench/registry" icon={<ArrowLeftOutlined />}>
      {t('registry.page.back')}
    </LinkButton>
  );
  if (detail.isPending) return <Skeleton active />;
  if (detail.isError) {
    return detail.error instanceof ApiError && detail.error.status === 404 ? (
      <Result status="404" title={t('registry.page.notFound')} extra={back} />
    ) : (
      <Alert type="error" showIcon title={describeError(detail.error, t).title} action={back} />
    );
  }

  const e: EntityDetail = detail.data;
  const statusActions = ENTITY_STATUSES.filter((s) => e.actions.includes(`status:${s}`));
  const canMerge = e.actions.includes('merge');
  const a = e.attributes;
  const when = (iso: string) => formatDateTime(iso, language);

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={e.displayName}
        lead={
          <Flex gap={8} wrap component="span" data-testid="entity-status">
            <EntityKindTag kind={e.kind} />
            <EntityStatusTag status={e.status} />
          </Flex>
        }
        extra={
          <>
            {back}
            {e.actions.includes('add_record') && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setRecording(true)}>
                {t('registry.record.open')}
              </Button>
            )}
            {statusActions.map((to) => (
              <Button key={to} danger={to === 'confirmed'} onClick={() => setStatusTo(to)} data-testid={`entity-status-${to}`}>
                {t(`registry.statusAction.${to}`)}
              </Button>
            ))}
            {canMerge && (
              <Button icon={<MergeCellsOutlined />} onClick={() => setMerging(true)}>
                {t('registry.merge.open')}
              </Button>
            )}
          </>
        }
      />
      {e.resolvedFrom && <Alert type="info" showIcon title={t('registry.page.resolvedFrom', { id: e.resolvedFrom })} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('registry.page.details')}>
              <Descriptions
                column={1}
                size="small"
                items={[
                  {
                    key: 'id',
                    label: t('registry.page.id'),
                    children: (
                      <Typography.Text copyable className="mono registry-value">
                        {e.id}
                      </Typography.Text>
                    ),
                  },
                  ...(a.platform ? [{ key: 'platform', label: t('registry.fields.platform'), children: a.platform }] : []),
                  ...(a.handle ? [{ key: 'handle', label: t('registry.fields.handle'), children: a.handle }] : []),
                  ...(a.role ? [{ key: 'role', label: t('registry.fields.role'), children: a.role }] : []),
                  ...(a.nationalIdMasked
                    ? [
                        {
                          key: 'nationalId',
                          label: t('registry.fields.nationalId'),
                          children: <span className="mono">{a.nationalIdMasked}</span>,
                        },
                      ]
                    : []),
                  ...(a.uscc ? [{ key: 'uscc', label: t('registry.fields.uscc'), children: <span className="mono">{a.uscc}</span> }] : []),
                  ...(a.channel
                    ? [{ key: 'channel', label: t('registry.fields.channel'), children: t(`registry.channel.${a.channel}`) }]
                    : []),
                  { key: 'created', label: t('registry.page.createdAt'), children: when(e.createdAt) },
                  { key: 'updated', label: t('registry.page.updatedAt'), children: when(e.updatedAt) },
                ]}
              />
            </Card>
            <Card size="small" title={t('registry.page.records', { count: e.recordCount })}>
              {e.records.length === 0 ? (
                <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('registry.page.noRecords')} />
              ) : (
                <List
                  itemLayout="vertical"
                  dataSource={e.records}
                  renderItem={(r) => (
                    <List.Item key={r.id}>
                      <Flex vertical gap={4}>
                        <Typography.Text className="pre-wrap">{r.summary}</Typography.Text>
                        <Typography.Text type="secondary">
                          {t('registry.page.recordCase')}
                          {t('common.labelSeparator')}
                          {r.caseNumber ? (
                            <Link to={`/workbench/cases/${r.caseId}`}>{r.caseNumber}</Link>
                          ) : (
                            t('registry.page.caseNotVisible')
                          )}
                        </Typography.Text>
                        <Typography.Text type="secondary">
                          {t('registry.fields.legalBasis')}
                          {t('common.labelSeparator')}
                          {r.legalBasis}
                        </Typography.Text>
                        <Typography.Text type="secondary">
                          {t('registry.page.recordMeta', {
                            org: r.sourceOrg.name ?? r.sourceOrg.id,
                            occurred: when(r.occurredAt),
                            by: r.recordedBy?.name ?? '—',
                            at: when(r.recordedAt),
                          })}
                        </Typography.Text>
                        {r.entityId !== e.id && <Tag className="no-margin">{t('registry.page.fromMerged')}</Tag>}
                        {r.evidence.length > 0 && (
                          <Flex vertical>
                            {r.evidence.map((ref) => (
                              <Typography.Text key={ref} className="mono registry-value" copyable>
                                {ref}
                              </Typography.Text>
                            ))}
                          </Flex>
                        )}
                      </Flex>
                    </List.Item>
                  )}
                />
              )}
            </Card>
            <EntityCorrelationSlot entityId={e.id} displayName={e.displayName} />
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            <Card size="small" title={t('registry.page.identifiers')}>
              {e.identifiers.length === 0 ? (
                <Typography.Text type="secondary">{t('registry.page.noIdentifiers')}</Typography.Text>
              ) : (
                <List
                  size="small"
                  dataSource={e.identifiers}
                  renderItem={(i) => (
                    <List.Item key={`${i.type}:${i.value}`}>
                      <Flex vertical>
                        <Typography.Text type="secondary">{typeLabel(i.type)}</Typography.Text>
                        <Typography.Text className="mono registry-value">{i.value}</Typography.Text>
                      </Flex>
                    </List.Item>
                  )}
                />
              )}
            </Card>
            <Card size="small" title={t('registry.page.statusHistory')}>
              {e.statusHistory.length === 0 ? (
                <Typography.Text type="secondary">{t('registry.page.noStatusChanges')}</Typography.Text>
              ) : (
                <Timeline
                  items={e.statusHistory.map((s) => ({
                    key: s.id,
                    content: (
                      <Flex vertical gap={2}>
                        <Typography.Text strong>
                          {t(`registry.status.${s.from}`)} → {t(`registry.status.${s.to}`)}
                        </Typography.Text>
                        <Typography.Text className="pre-wrap">{s.reason}</Typography.Text>
                        <Typography.Text type="secondary">
                          {t('registry.fields.legalBasis')}
                          {t('common.labelSeparator')}
                          {s.legalBasis}
                        </Typography.Text>
                        <Typography.Text type="secondary">
                          {s.by?.name ?? '—'} · {when(s.at)}
                        </Typography.Text>
                      </Flex>
                    ),
                  }))}
                />
              )}
            </Card>
            <Card size="small" title={t('registry.page.linkedCases')}>
              {e.linkedCases.length === 0 && e.hiddenCaseCount === 0 ? (
                <Typography.Text type="secondary">{t('registry.page.noCases')}</Typography.Text>
              ) : (
                <Flex vertical gap={4}>
                  {e.linkedCases.map((c) => (
                    <Link key={c.id} to={`/workbench/cases/${c.id}`}>
                      <span className="mono">{c.number}</span> {c.title}
                    </Link>
                  ))}
                  {e.hiddenCaseCount > 0 && (
                    <Typography.Text type="secondary">{t('registry.page.hiddenCases', { count: e.hiddenCaseCount })}</Typography.Text>
                  )}
                </Flex>
              )}
            </Card>
            {(e.merges.length > 0 || e.mergedEntities.length > 0) && (
              <Card size="small" title={t('registry.page.merges')}>
                <Flex vertical gap={8}>
                  {e.mergedEntities.map((m) => (
                    <Flex key={m.id} gap={8} wrap align="center" justify="space-between">
                      <Typography.Text>{t('registry.page.mergedHere', { name: m.displayName })}</Typography.Text>
                      {canMerge && m.mergedInto === e.id && (
                        <Button size="small" onClick={() => setSplitting(m.id)}>
                          {t('registry.split.open')}
                        </Button>
                      )}
                    </Flex>
                  ))}
                  {e.merges.map((m) => (
                    <Typography.Text key={m.id} type="secondary">
                      {t('registry.page.mergeLine', {
                        absorbed: m.absorbed.name ?? m.absorbed.id,
                        survivor: m.survivor.name ?? m.survivor.id,
                        reason: m.reason,
                        at: when(m.at),
                      })}
                      {m.split && ` ${t('registry.page.splitLine', { reason: m.split.reason ?? '', at: when(m.split.at) })}`}
                    </Typography.Text>
                  ))}
                </Flex>
              </Card>
            )}
          </Flex>
        </Col>
      </Row>
      <StatusModal
        entityId={e.id}
        to={statusTo}
        onClose={() => setStatusTo(null)}
        onDone={() => {
          setStatusTo(null);
          refresh(t('registry.statusDone'));
        }}
      />
      <RecordModal
        entityId={e.id}
        open={recording}
        onClose={() => setRecording(false)}
        onDone={() => {
          setRecording(false);
          refresh(t('registry.record.done'));
        }}
      />
      <MergeModal
        entityId={e.id}
        open={merging}
        onClose={() => setMerging(false)}
        onDone={() => {
          setMerging(false);
          refresh(t('registry.merge.done'));
        }}
      />
      <TextPromptModal
        open={splitting !== null}
        title={t('registry.split.title')}
        notice={t('registry.split.notice')}
        label={t('registry.fields.reason')}
        field="reason"
        okText={t('registry.split.submit')}
        submit={(reason) => splitEntity(splitting!, reason)}
        onDone={() => {
          setSplitting(null);
          refresh(t('registry.split.done'));
        }}
        onClose={() => setSplitting(null)}
      />
    </Flex>
  );
}
