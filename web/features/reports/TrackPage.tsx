import {
  CheckCircleOutlined,
  ClockCircleOutlined,
  CloseCircleOutlined,
  FileSearchOutlined,
  MergeCellsOutlined,
  ReloadOutlined,
  SearchOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Descriptions, Flex, Row, Skeleton, Steps, Tag, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate, useParams } from 'react-router-dom';
import type { ReportStatus, ReportTracking } from '../../../contracts/reports';
import { describeError, describeRetryAfter, type ErrorMessage } from '../../shared/error-message';
import { formatDateTime, userTimeZone } from '../../shared/format';
import { ApiError } from '../../shared/problem';
import { fetchReportTracking } from './api';
import { reportStatusColor } from './report-status';
import { ReportSteps } from './ReportSteps';
import { TrackLookupForm } from './TrackLookupForm';
import {
  accessKeyFromFragment,
  formatTrackingCode,
  isWellFormedTrackingCode,
  normalizeAccessKey,
  normalizeTrackingCode,
} from './tracking-code';

/** The access key handed over by the receipt or the home page, through the router and never the URL. */
export interface TrackLocationState {
  accessKey?: string;
}

interface Credentials {
  trackingCode: string;
  accessKey: string;
}

function accessKeyFromState(state: unknown): string | null {
  if (typeof state !== 'object' || state === null || !('accessKey' in state)) return null;
  const key = (state as TrackLocationState).accessKey;
  return typeof key === 'string' && key ? normalizeAccessKey(key) : null;
}

/** `/track` and `/track/:trackingCode`: one lookup per code, started afresh when the code changes. */
export function TrackPage() {
  const { trackingCode: codeParam } = useParams();
  const { t } = useTranslation();
  const trackingCode = codeParam ? normalizeTrackingCode(codeParam) : '';
  return (
    <Flex vertical gap={24} className="track-page">
      <title>{`${t('track.pageTitle')} · ${t('product.name')}`}</title>
      <div>
        <Typography.Title level={1}>{t('track.pageTitle')}</Typography.Title>
        <Typography.Paragraph className="page-lead">{t('track.intro')}</Typography.Paragraph>
      </div>
      <ReportLookup key={trackingCode} trackingCode={trackingCode} />
    </Flex>
  );
}

function lookupErrorMessage(error: unknown, t: TFunction): ErrorMessage {
  if (error instanceof ApiError && error.status === 404) return { title: t('track.notFound'), detail: t('track.notFoundDetail') };
  if (error instanceof ApiError && error.status === 429)
    return { title: t('track.rateLimited'), detail: describeRetryAfter(error.retryAfterSeconds, t) };
  return describeError(error, t);
}

function ReportLookup({ trackingCode }: { trackingCode: string }) {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();

  const [credentials, setCredentials] = useState<Credentials | null>(() => {
    const accessKey = accessKeyFromState(location.state) ?? accessKeyFromFragment(location.hash);
    return trackingCode && accessKey && isWellFormedTrackingCode(trackingCode) ? { trackingCode, accessKey } : null;
  });

  // A key given as `#key=…` has been read; take it out of the address bar and the history entry.
  useEffect(() => {
    if (accessKeyFromFragment(location.hash) !== null) {
      void navigate({ pathname: location.pathname, search: location.search }, { replace: true, state: location.state });
    }
  }, [location, navigate]);

  const tracking = useQuery({
    queryKey: ['report-tracking', credentials?.trackingCode, credentials?.accessKey, i18n.language],
    queryFn: ({ signal }) => fetchReportTracking(credentials!.trackingCode, credentials!.accessKey, signal),
    enabled: credentials !== null,
    staleTime: 30 * 1000,
    // Keeps the report on screen while its words are fetched again in another language.
    placeholderData: (previous, previousQuery) =>
      previousQuery?.queryKey[1] === credentials?.trackingCode && previousQuery?.queryKey[2] === credentials?.accessKey
        ? previous
        : undefined,
  });

  function lookup(code: string, accessKey: string) {
    if (code === trackingCode) {
      setCredentials({ trackingCode: code, accessKey });
      if (tracking.isError) void tracking.refetch();
    } else {
      const state: TrackLocationState = { accessKey };
      void navigate(`/track/${code}`, { state, replace: Boolean(trackingCode) });
    }
  }

  if (credentials && tracking.data) {
    return (
      <TrackingView
        tracking={tracking.data}
        refreshing={tracking.isFetching}
        onRefresh={() => void tracking.refetch()}
        onAnother={() => void navigate('/track')}
      />
    );
  }

  const error = tracking.isError ? lookupErrorMessage(tracking.error, t) : null;
  const loading = credentials !== null && tracking.isFetching;
  return (
    <Row gutter={[24, 24]}>
      <Col xs={24} md={14} lg={12}>
        <Card>
          {error && (
            <Alert
              data-testid="track-error"
              className="form-error"
              type="error"
              showIcon
              role="alert"
              title={error.title}
              description={error.detail}
            />
          )}
          {loading && !error ? (
            <Skeleton active paragraph={{ rows: 4 }} />
          ) : (
            <TrackLookupForm initialCode={trackingCode} initialKey={credentials?.accessKey ?? ''} loading={loading} onLookup={lookup} />
          )}
        </Card>
      </Col>
      <Col xs={24} md={10} lg={12}>
        <Alert type="info" showIcon title={t('track.help.title')} description={t('track.help.text')} />
      </Col>
    </Row>
  );
}

const STATUS_ICONS: Record<ReportStatus, ReactNode> = {
  received: <ClockCircleOutlined />,
  under_review: <FileSearchOutlined />,
  accepted: <CheckCircleOutlined />,
  merged: <MergeCellsOutlined />,
  not_accepted: <CloseCircleOutlined />,
};

function isFinal(status: ReportStatus): boolean {
  return status === 'accepted' || status === 'merged' || status === 'not_accepted';
}

function TrackingView({
  tracking,
  refreshing,
  onRefresh,
  onAnother,
}: {
  tracking: ReportTracking;
  refreshing: boolean;
  onRefresh: () => void;
  onAnother: () => void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const final = isFinal(tracking.status);
  // The case of an accepted report has concluded: the page leads with that, not with "being handled".
  const concluded = tracking.result !== null && (tracking.status === 'accepted' || tracking.status === 'merged');
  const shortStatus = concluded ? t('trackConcluded.tag') : t(`track.statusShort.${tracking.status}`);
  // Submitted is done from the start; review is waiting (received), under way, or done (final).
  const current = final ? 2 : 1;
  // Newest first: what changed last is what the reporter comes back for.

  return (
    <Flex vertical gap={24} data-testid="track-result">
      <Card>
        <Flex vertical gap={16}>
          <Flex justify="space-between" align="flex-start" gap={12} wrap>
            <div>
              <Typography.Text type="secondary">{t('receipt.trackingCode')}</Typography.Text>
              <Typography.Title level={2} className="track-code" copyable={{ text: tracking.trackingCode }}>
                {formatTrackingCode(tracking.trackingCode)}
              </Typography.Title>
            </div>
            <Flex gap={8} wrap className="no-print">
              <Button icon={<ReloadOutlined />} onClick={onRefresh} loading={refreshing}>
                {t('track.refresh')}
              </Button>
              <Button icon={<SearchOutlined />} onClick={onAnother}>
                {t('track.another')}
              </Button>
            </Flex>
          </Flex>
          <div className="track-status" aria-live="polite">
            <Typography.Text type="secondary">{t('track.statusLabel')}</Typography.Text>
            <div>
              <Tag
                color={reportStatusColor(tracking.status)}
                icon={STATUS_ICONS[tracking.status]}
                className="status-tag"
                data-testid="track-status-tag"
              >
                {shortStatus}
              </Tag>
            </div>
            <Typography.Paragraph strong className="status-text">
              <span data-testid="track-status">{tracking.statusText}</span>
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" className="status-explanation">
              {concluded ? t('trackConcluded.explanation') : t(`track.statusExplanation.${tracking.status}`)}
            </Typography.Paragraph>
          </div>
          <Steps
            current={current}
            status={final ? (tracking.status === 'not_accepted' ? 'error' : 'finish') : tracking.status === 'received' ? 'wait' : 'process'}
            responsive
            items={[
              { title: t('track.progress.received') },
              { title: t('track.progress.review') },
              { title: final ? shortStatus : t('track.progress.outcome') },
            ]}
          />
          <Descriptions
            column={{ xs: 1, sm: 2 }}
            size="small"
            items={[
              { key: 'category', label: t('track.fields.category'), children: t(`category.${tracking.category}.label`) },
              { key: 'evidence', label: t('track.fields.evidence'), children: t('track.evidenceCount', { count: tracking.evidenceCount }) },
              { key: 'received', label: t('track.fields.receivedAt'), children: formatDateTime(tracking.receivedAt, language) },
              { key: 'updated', label: t('track.fields.updatedAt'), children: formatDateTime(tracking.updatedAt, language) },
            ]}
          />
        </Flex>
      </Card>

      {tracking.result && (
        <Alert
          data-testid="track-outcome"
          type={tracking.status === 'accepted' ? 'success' : 'info'}
          showIcon
          title={t('track.resultTitle', { result: tracking.result.text })}
          description={tracking.result.note ?? undefined}
        />
      )}

      <Card title={<h2 className="card-heading">{t('track.stepsTitle')}</h2>}>
        <ReportSteps steps={tracking.steps} testId="track-steps" />
        <Typography.Text type="secondary" className="field-hint">
          {t('track.timeZone', { zone: userTimeZone() })}
        </Typography.Text>
      </Card>
    </Flex>
  );
}
