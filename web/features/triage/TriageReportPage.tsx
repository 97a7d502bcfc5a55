import { ArrowLeftOutlined, CopyOutlined, EyeOutlined, FolderAddOutlined, StopOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Descriptions, Flex, List, Result, Row, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { describeError } from '../../shared/error-message';
import { formatBytes, formatDateTime } from '../../shared/format';
import { LinkButton } from '../../shared/LinkButton';
import { ApiError } from '../../shared/problem';
import { PageHeader } from '../../workbench/PageHeader';
import { caseKeys, joinCase } from '../cases/api';
import { CaseStatusTag, formatMoney } from '../cases/labels';
import { fetchTriageReport, markDuplicate, triageKeys, type TriageReportDetail } from './api';
import { NearDuplicatesCard } from './NearDuplicatesCard';
import { NotAcceptedModal } from './NotAcceptedModal';
import { OpenCaseModal, type OpenCaseTarget } from './OpenCaseModal';
import { RevealReporterModal } from './RevealReporterModal';
import '../cases/casework.css';

/** `/workbench/triage/:reportId`: one report, its indicators, what it shares with others, and the triage decisions. */
export function TriageReportPage() {
  const { reportId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const { message, modal } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [opening, setOpening] = useState<OpenCaseTarget | null>(null);
  const [declining, setDeclining] = useState<string[] | null>(null);
  const [revealing, setRevealing] = useState<string | null>(null);
  const language = i18n.language;

  const detail = useQuery({
    queryKey: triageKeys.report(reportId),
    queryFn: ({ signal }) => fetchTriageReport(reportId, signal),
    staleTime: 15 * 1000,
  });

  const refresh = () => void queryClient.invalidateQueries({ queryKey: triageKeys.all });
  const fail = (error: unknown) => {
    const described = describeError(error, t);
    void message.error(described.detail ? `${described.title} ${described.detail}` : described.title);
  };

  const join = useMutation({
    mutationFn: ({ caseId }: { caseId: string; number: string }) => joinCase(caseId, [reportId]),
    onSuccess: (_, { caseId, number }) => {
      void message.success(t('triage.report.joined', { number }));
      refresh();
      void queryClient.invalidateQueries({ queryKey: caseKeys.detail(caseId) });
    },
    onError: fail,
  });
  const duplicate = useMutation({
    mutationFn: (duplicateOf: string) => markDuplicate(reportId, duplicateOf),
    onSuccess: () => {
      void message.success(t('triage.report.duplicated'));
      refresh();
    },
    onError: fail,
  });

  const back = (
    <LinkButton to="/workbench/triage" icon={<ArrowLeftOutlined />}>
      {t('triage.report.back')}
    </LinkButton>
  );

  if (detail.isPending) return <Skeleton active />;
  if (detail.isError) {
    const notFound = detail.error instanceof ApiError && detail.error.status === 404;
    return notFound ? (
      <Result status="404" title={t('triage.report.notFound')} extra={back} />
    ) : (
      <Alert type="error" showIcon title={describeError(detail.error, t).title} action={back} />
    );
  }

  const { report, evidence, indicators, suggestions, nearDuplicates }: TriageReportDetail = detail.data;
  const open = report.status === 'received' || report.status === 'under_review';
  const busy = join.isPending || duplicate.isPending;

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('triage.report.title', { code: report.trackingCode })}
        lead={
          <Flex gap={8} wrap component="span">
            <Tag>{t(`category.${report.category}.label`)}</Tag>
            <Tag color={open ? 'gold' : 'default'}>{t(`reportStatus.${report.status}`)}</Tag>
            {report.confirmedEntities?.map((entity) => (
              <Tag key={entity.id} color="red" className="break-all">
                {t('correlation.touchesConfirmedEntityNamed', { name: entity.displayName })}
              </Tag>
            ))}
            <span>{formatDateTime(report.receivedAt, language)}</span>
          </Flex>
        }
        extra={
          <>
            {back}
            <Button icon={<EyeOutlined />} onClick={() => setRevealing(report.id)} data-testid="reveal-reporter">
              {t('triage.reveal.button')}
            </Button>
            {open && (
              <>
                <Button
                  type="primary"
                  icon={<FolderAddOutlined />}
                  onClick={() => setOpening({ reportIds: [report.id], category: report.category, moneyPaid: report.money !== null })}
                  data-testid="open-case"
                >
                  {t('triage.report.openCase')}
                </Button>
                <Button danger icon={<StopOutlined />} onClick={() => setDeclining([report.id])}>
                  {t('triage.notAccepted')}
                </Button>
              </>
            )}
            {report.caseId && <LinkButton to={`/workbench/cases/${report.caseId}`}>{t('triage.report.goToCase')}</LinkButton>}
          </>
        }
      />
      {!open && <Alert type="info" showIcon title={t('triage.report.decided')} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <Card title={<h2 className="card-heading">{t('triage.report.details')}</h2>}>
              <Typography.Paragraph className="pre-wrap">{report.description}</Typography.Paragraph>
              <Descriptions
                column={1}
                size="small"
                items={[
                  { key: 'platform', label: t('triage.columns.platform'), children: report.platform ?? '—' },
                  {
                    key: 'occurredAt',
                    label: t('triage.report.occurredAt'),
                    children: report.occurredAt ? formatDateTime(report.occurredAt, language) : '—',
                  },
                  { key: 'money', label: t('triage.columns.money'), children: formatMoney(report.money, language) },
                  { key: 'reporter', label: t('triage.columns.reporter'), children: t(`reporterKind.${report.reporterKind}`) },
                  { key: 'source', label: t('triage.columns.source'), children: t(`reportSource.${report.source}`) },
                  {
                    key: 'urls',
                    label: t('triage.report.targetUrls'),
                    children:
                      report.targetUrls.length === 0 ? (
                        '—'
                      ) : (
                        <Flex vertical>
                          {report.targetUrls.map((url) => (
                            <Typography.Text key={url} className="break-all" copyable={{ icon: <CopyOutlined /> }}>
                              {url}
                            </Typography.Text>
                          ))}
                        </Flex>
                      ),
                  },
                ]}
              />
            </Card>
            <Card title={<h2 className="card-heading">{t('triage.report.evidence')}</h2>}>
              <List
                size="small"
                dataSource={evidence}
                locale={{ emptyText: t('triage.report.noEvidence') }}
                renderItem={(file) => (
                  <List.Item key={file.position}>
                    <Flex vertical className="break-all">
                      <Typography.Text>{file.fileName}</Typography.Text>
                      <Typography.Text type="secondary" className="wb-cell-detail">
                        {file.mediaType} · {formatBytes(file.size, language)} · <span className="mono">{file.sha256.slice(0, 16)}…</span>
                      </Typography.Text>
                    </Flex>
                  </List.Item>
                )}
              />
            </Card>
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Flex vertical gap={16}>
            <Card title={<h2 className="card-heading">{t('triage.report.indicators')}</h2>}>
              {indicators.length === 0 ? (
                <Typography.Text type="secondary">{t('triage.report.noIndicators')}</Typography.Text>
              ) : (
                <Flex gap={6} wrap>
                  {indicators.map((indicator) => (
                    <Tag key={`${indicator.type}:${indicator.value}:${indicator.field}`} className="no-margin break-all">
                      {t(`indicatorType.${indicator.type}`)}
                      {t('common.labelSeparator')}
                      <span className="mono">{indicator.value}</span>
                    </Tag>
                  ))}
                </Flex>
              )}
            </Card>
            <Card title={<h2 className="card-heading">{t('triage.report.suggestionsTitle')}</h2>} data-testid="suggestions">
              {suggestions.shared.length === 0 && suggestions.cases.length === 0 && suggestions.reports.length === 0 ? (
                <Typography.Text type="secondary">{t('triage.report.noSuggestions')}</Typography.Text>
              ) : (
                <Flex vertical gap={12}>
                  {suggestions.shared.length > 0 && (
                    <Flex gap={6} wrap>
                      {suggestions.shared.map((shared) => (
                        <Tag key={`${shared.type}:${shared.value}`} color="volcano" className="no-margin break-all">
                          {t(`indicatorType.${shared.type}`)}
                          {t('common.labelSeparator')}
                          <span className="mono">{shared.value}</span> · {t('triage.report.sharedBy', { count: shared.reportIds.length })}
                        </Tag>
                      ))}
                    </Flex>
                  )}
                  {suggestions.cases.length > 0 && (
                    <List
                      size="small"
                      header={<Typography.Text strong>{t('triage.report.suggestedCases')}</Typography.Text>}
                      dataSource={suggestions.cases}
                      renderItem={(c) => (
                        <List.Item
                          key={c.id}
                          actions={
                            open
                              ? [
                                  <Button
                                    key="join"
                                    size="small"
                                    disabled={busy}
                                    onClick={() =>
                                      void modal.confirm({
                                        title: t('triage.report.joinConfirm', { number: c.number }),
                                        okText: t('triage.report.joinCase'),
                                        cancelText: t('common.cancel'),
                                        onOk: () => join.mutateAsync({ caseId: c.id, number: c.number }).catch(() => undefined),
                                      })
                                    }
                                  >
                                    {t('triage.report.joinCase')}
                                  </Button>,
                                ]
                              : []
                          }
                        >
                          <Flex vertical>
                            <Link to={`/workbench/cases/${c.id}`}>
                              <span className="mono">{c.number}</span> {c.title}
                            </Link>
                            <span>
                              <CaseStatusTag status={c.status} />
                            </span>
                          </Flex>
                        </List.Item>
                      )}
                    />
                  )}
                  {suggestions.reports.length > 0 && (
                    <List
                      size="small"
                      header={<Typography.Text strong>{t('triage.report.suggestedReports')}</Typography.Text>}
                      dataSource={suggestions.reports}
                      renderItem={(other) => (
                        <List.Item
                          key={other.id}
                          actions={
                            open
                              ? [
                                  <Button
                                    key="duplicate"
                                    size="small"
                                    disabled={busy}
                                    onClick={() =>
                                      void modal.confirm({
                                        title: t('triage.report.duplicateConfirm', { code: other.trackingCode }),
                                        okText: t('triage.report.markDuplicate'),
                                        cancelText: t('common.cancel'),
                                        onOk: () => duplicate.mutateAsync(other.id).catch(() => undefined),
                                      })
                                    }
                                  >
                                    {t('triage.report.markDuplicate')}
                                  </Button>,
                                ]
                              : []
                          }
                        >
                          <Flex vertical>
                            <Link to={`/workbench/triage/${other.id}`} className="mono">
                              {other.trackingCode}
                            </Link>
                            <Typography.Text type="secondary" className="wb-cell-detail">
                              {t(`category.${other.category}.label`)} · {t(`reportStatus.${other.status}`)} ·{' '}
                              {formatDateTime(other.receivedAt, language)}
                              {other.caseId ? ` · ${t('triage.report.inCase')}` : ''}
                            </Typography.Text>
                          </Flex>
                        </List.Item>
                      )}
                    />
                  )}
                </Flex>
              )}
            </Card>
            <NearDuplicatesCard nearDuplicates={nearDuplicates} />
          </Flex>
        </Col>
      </Row>
      <OpenCaseModal
        target={opening}
        onClose={() => setOpening(null)}
        onOpened={(opened) => {
          setOpening(null);
          void message.success(t('triage.openCase.opened', { number: opened.number }));
          void navigate(`/workbench/cases/${opened.id}`);
        }}
      />
      <NotAcceptedModal
        reportIds={declining}
        onClose={() => setDeclining(null)}
        onDone={() => {
          setDeclining(null);
          void message.success(t('triage.notAcceptedModal.done'));
          refresh();
        }}
      />
      <RevealReporterModal reportId={revealing} onClose={() => setRevealing(null)} />
    </Flex>
  );
}
