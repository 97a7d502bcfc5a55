import { ReloadOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Flex, Row, Segmented, Spin, Statistic, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../workbench/PageHeader';
import { useMe } from '../auth/session';
import { fetchCaseStatistics, statisticsKeys, type CaseStatistics, type StatisticsScope } from './api';
import { EChart, type ChartOption } from './EChart';
import { categoryCounts, defaultScope, formatRate, onTimeParts, scopesFor, statusCounts, totalCases } from './statistics';
import './statistics.css';
import { ErrorAlert } from '../../shared/ErrorAlert';

const PART_COLORS = { concludedOnTime: '#52c41a', concludedLate: '#fa8c16', openOverdue: '#f5222d', openNotDue: '#bfbfbf' } as const;

/** `/workbench/statistics`: cases by status and by category, and how many were dealt with on time. */
export function StatisticsPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const roles = me.data?.user.roles ?? [];
  const scopes = scopesFor(roles);
  const [scope, setScope] = useState<StatisticsScope>(() => defaultScope(roles));
  const language = i18n.language;

  const stats = useQuery({
    queryKey: statisticsKeys.scope(scope),
    queryFn: ({ signal }) => fetchCaseStatistics(scope, signal),
    staleTime: 60_000,
  });

  return (
    <Flex vertical gap={16}>
      <PageHeader
        title={t('caseStatistics.title')}
        lead={t('caseStatistics.lead')}
        extra={
          <Button icon={<ReloadOutlined />} onClick={() => void stats.refetch()} loading={stats.isRefetching}>
            {t('common.refresh')}
          </Button>
        }
      />
      {scopes.length > 1 && (
        <Segmented<StatisticsScope>
          value={scope}
          onChange={setScope}
          options={scopes.map((value) => ({ value, label: t(`caseStatistics.scope.${value}`) }))}
          className="statistics-scope"
          data-testid="statistics-scope"
        />
      )}
      <ErrorAlert error={stats.error} />
      {stats.isPending ? (
        <Flex justify="center" className="page-loading">
          <Spin size="large" />
        </Flex>
      ) : stats.data ? (
        <Figures stats={stats.data} language={language} />
      ) : null}
    </Flex>
  );
}

function Figures({ stats, language }: { stats: CaseStatistics; language: string }) {
  const { t } = useTranslation();
  const total = totalCases(stats);
  const decided = stats.concludedOnTime + stats.late;
  const rate = formatRate(stats.onTimeRate, language);
  const number = (n: number) => new Intl.NumberFormat(language).format(n);

  const options = useMemo(() => {
    const statuses = statusCounts(stats);
    const categories = categoryCounts(stats);
    const bar = (rows: { key: string; count: number }[], label: (key: string) => string, color: string): ChartOption => ({
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', inverse: true, data: rows.map((row) => label(row.key)), axisTick: { show: false } },
      series: [
        {
          type: 'bar',
          data: rows.map((row) => row.count),
          itemStyle: { color },
          barMaxWidth: 22,
          label: { show: true, position: 'right' },
        },
      ],
    });
    const parts = onTimeParts(stats);
    const pie: ChartOption = {
      tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
      legend: { bottom: 0, type: 'scroll' },
      series: [
        {
          type: 'pie',
          radius: ['45%', '70%'],
          center: ['50%', '45%'],
          avoidLabelOverlap: true,
          label: { show: false },
          data: parts
            .filter((part) => part.inRate)
            .map((part) => ({
              name: t(`caseStatistics.parts.${part.key}`),
              value: part.count,
              itemStyle: { color: PART_COLORS[part.key] },
            })),
        },
      ],
    };
    return {
      status: bar(statuses, (key) => t(`caseStatus.${key}`, { defaultValue: key }), '#1677ff'),
      category: bar(categories, (key) => t(`category.${key}.label`, { defaultValue: key }), '#13a8a8'),
      onTime: pie,
    };
    // The labels follow the language.
  }, [stats, t, language]);

  if (total === 0)
    return (
      <Card>
        <Empty description={t('caseStatistics.empty')} />
      </Card>
    );

  return (
    <Flex vertical gap={16}>
      <Row gutter={[12, 12]}>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('caseStatistics.total')} value={number(total)} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small" data-testid="statistics-rate">
            <Statistic title={t('caseStatistics.onTimeRate')} value={rate ?? '—'} />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic
              title={t('caseStatistics.late')}
              value={number(stats.late)}
              styles={{ content: { color: stats.late > 0 ? '#cf1322' : undefined } }}
            />
          </Card>
        </Col>
        <Col xs={12} md={6}>
          <Card size="small">
            <Statistic title={t('caseStatistics.parts.openOverdue')} value={number(stats.openOverdue)} />
          </Card>
        </Col>
      </Row>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h2 className="card-heading-small">{t('caseStatistics.onTimeTitle')}</h2>}>
            {decided > 0 ? (
              <EChart option={options.onTime} label={t('caseStatistics.onTimeTitle')} testId="statistics-chart-on-time" />
            ) : (
              <Empty
                className="statistics-nothing-decided"
                description={t('caseStatistics.nothingDecided')}
                data-testid="statistics-nothing-decided"
              />
            )}
            <Typography.Paragraph type="secondary" className="field-hint">
              {t('caseStatistics.onTimeExplained', { notDue: number(stats.openNotDue) })}
            </Typography.Paragraph>
            <ul className="statistics-parts">
              {onTimeParts(stats).map((part) => (
                <li key={part.key}>
                  <span className="statistics-swatch" style={{ background: PART_COLORS[part.key] }} aria-hidden />
                  {t(`caseStatistics.parts.${part.key}`)}
                  {t('common.labelSeparator')}
                  <strong>{number(part.count)}</strong>
                </li>
              ))}
            </ul>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h2 className="card-heading-small">{t('caseStatistics.byStatus')}</h2>}>
            <EChart option={options.status} label={t('caseStatistics.byStatus')} testId="statistics-chart-status" height={300} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={<h2 className="card-heading-small">{t('caseStatistics.byCategory')}</h2>}>
            <EChart option={options.category} label={t('caseStatistics.byCategory')} testId="statistics-chart-category" height={240} />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
