import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Flex, List, Skeleton, Spin, Tag, Typography } from 'antd';
import { lazy, Suspense, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { describeError } from '../../shared/error-message';
import { useMe } from '../auth/session';
import { correlationKeys, fetchCorrelation, type CorrelatedValue, type CorrelationSubject } from './api';
import { SUBJECT_STYLE, canOpenSubject, subjectName, subjectPath } from './subjects';
import './correlation.css';

// The graph carries the chart library: it loads only when there is something to draw.
const CorrelationGraph = lazy(() => import('./CorrelationGraph').then((m) => ({ default: m.CorrelationGraph })));

export interface CorrelationPanelProps {
  subjectType: CorrelationSubject;
  subjectId: string;
  /** What the page's subject is called in the graph (the correlation answer names only the others). */
  subjectLabel: Record<string, unknown>;
  /** The card's title; "Shared indicators" when not given. */
  title?: ReactNode;
  /** The card's size, to match the page's other cards. */
  size?: 'small' | 'default';
}

/** A value of the subject: its type, its display form, how often it occurs, and whether it stopped linking. */
function ValueTag({ value }: { value: CorrelatedValue }) {
  const { t } = useTranslation();
  return (
    <Tag color={value.hot ? 'orange' : undefined} className="correlation-value" data-testid="correlation-value" data-hot={value.hot}>
      <span className="correlation-value-type">{t(`indicatorType.${value.type}`, { defaultValue: value.type })}</span>{' '}
      <span className="mono">{value.display}</span>{' '}
      <span className="correlation-value-count">{t('correlation.occurrences', { count: value.occurrences })}</span>
      {value.hot && <> · {value.warningListed ? t('correlation.warningListed') : t('correlation.hot')}</>}
    </Tag>
  );
}

/**
 * What shares indicator values with a report, case or entity: the subject's values with their
 * counts (hot ones marked: they count but link nothing), the linked reports, cases and entities
 * with the values they share and how strongly, and a graph to explore further.
 */
export function CorrelationPanel({ subjectType, subjectId, subjectLabel, title, size = 'small' }: CorrelationPanelProps) {
  const { t, i18n } = useTranslation();
  const roles = useMe().data?.user.roles ?? [];
  const correlation = useQuery({
    queryKey: correlationKeys.of(subjectType, subjectId),
    queryFn: ({ signal }) => fetchCorrelation(subjectType, subjectId, signal),
    staleTime: 30 * 1000,
  });
  // Pages pass the label inline: the graph starts again only when what it says changes.
  const labelKey = JSON.stringify(subjectLabel);
  const root = useMemo(
    () => ({ type: subjectType, id: subjectId, label: JSON.parse(labelKey) as Record<string, unknown> }),
    [subjectType, subjectId, labelKey],
  );

  let body: ReactNode;
  if (correlation.isPending) {
    body = <Skeleton active paragraph={{ rows: 3 }} />;
  } else if (correlation.isError) {
    body = <Alert type="error" showIcon title={describeError(correlation.error, t).title} />;
  } else {
    const { values, links, truncated } = correlation.data;
    const hot = values.filter((v) => v.hot);
    body = (
      <Flex vertical gap={12}>
        {values.length > 0 && (
          <Flex vertical gap={4}>
            <Typography.Text type="secondary">{t('correlation.values', { count: values.length })}</Typography.Text>
            <Flex gap={4} wrap>
              {values.map((v) => (
                <ValueTag key={`${v.type}:${v.value}`} value={v} />
              ))}
            </Flex>
            {hot.length > 0 && (
              <Typography.Text type="secondary" className="wb-cell-detail">
                {t('correlation.hotNote', { count: hot.length })}
              </Typography.Text>
            )}
          </Flex>
        )}
        {truncated && <Alert type="info" showIcon title={t('correlation.truncated')} />}
        {links.length === 0 ? (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={values.length === 0 ? t('correlation.noValues') : t('correlation.empty')}
            data-testid="correlation-empty"
          />
        ) : (
          <>
            <List
              size="small"
              header={<Typography.Text strong>{t('correlation.links', { count: links.length })}</Typography.Text>}
              dataSource={links}
              data-testid="correlation-links"
              renderItem={(link) => {
                const name = subjectName(link.subjectType, link.label, t, i18n.language);
                return (
                  <List.Item
                    key={`${link.subjectType}:${link.subjectId}`}
                    data-testid="correlation-link"
                    data-subject={`${link.subjectType}:${link.subjectId}`}
                  >
                    <Flex vertical gap={4} className="correlation-link">
                      <Flex gap={6} wrap align="center">
                        <Tag color={SUBJECT_STYLE[link.subjectType].color} className="no-margin">
                          {t(`correlation.subject.${link.subjectType}`)}
                        </Tag>
                        {canOpenSubject(link.subjectType, roles) ? (
                          <Link to={subjectPath(link.subjectType, link.subjectId)} className="correlation-name">
                            {name}
                          </Link>
                        ) : (
                          <Typography.Text className="correlation-name">{name}</Typography.Text>
                        )}
                      </Flex>
                      <Typography.Text type="secondary" className="wb-cell-detail">
                        {t('correlation.sharedCount', { count: link.sharedCount })} ·{' '}
                        {t('correlation.strength', { value: link.strength.toFixed(1) })}
                      </Typography.Text>
                      <Flex gap={4} wrap>
                        {link.shared.map((v) => (
                          <Tag key={`${v.type}:${v.value}`} className="correlation-value">
                            {t(`indicatorType.${v.type}`, { defaultValue: v.type })} <span className="mono">{v.display}</span>
                          </Tag>
                        ))}
                      </Flex>
                    </Flex>
                  </List.Item>
                );
              }}
            />
            <Suspense
              fallback={
                <Flex justify="center" className="correlation-graph-loading">
                  <Spin />
                </Flex>
              }
            >
              <CorrelationGraph root={root} initial={correlation.data} />
            </Suspense>
          </>
        )}
      </Flex>
    );
  }

  return (
    <Card size={size} title={title ?? t('correlation.title')} data-testid="correlation-panel">
      {body}
    </Card>
  );
}
