import { ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Collapse, Flex, List, Tag, Typography } from 'antd';
import { GraphChart, type GraphSeriesOption } from 'echarts/charts';
import { LegendComponent, TooltipComponent, type LegendComponentOption, type TooltipComponentOption } from 'echarts/components';
import { init, use, type ComposeOption, type ECharts } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { describeError } from '../../shared/error-message';
import { LinkButton } from '../../shared/LinkButton';
import { useMe } from '../auth/session';
import { CORRELATION_SUBJECTS, correlationKeys, fetchCorrelation, type Correlation, type CorrelationSubject } from './api';
import {
  DEFAULT_NODE_LIMIT,
  edgeLabel,
  edgeWidth,
  emptyGraph,
  mergeCorrelation,
  type CorrelationGraph as Graph,
  type GraphNode,
} from './graph';
import { SUBJECT_STYLE, canOpenSubject, subjectName, subjectPath } from './subjects';

// Only the graph series, its legend and tooltip: the rest of ECharts stays out of the bundle.
use([GraphChart, LegendComponent, TooltipComponent, CanvasRenderer]);

type GraphOption = ComposeOption<GraphSeriesOption | LegendComponentOption | TooltipComponentOption>;

export interface CorrelationGraphProps {
  /** The page's subject, where the graph starts. */
  root: { type: CorrelationSubject; id: string; label: Record<string, unknown> };
  /** The subject's correlation, already fetched by the panel. */
  initial: Correlation;
  limit?: number;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Below this width (a phone in portrait) the canvas labels its nodes underneath and more briefly. */
const NARROW_CANVAS_PX = 480;

/**
 * Entities, cases and reports linked by shared indicator values, drawn as a force graph that the
 * analyst grows a step at a time: tapping a node fetches its own correlation and adds what is new.
 * The same nodes are listed beside the canvas, with buttons, for keyboards and screen readers.
 */
export function CorrelationGraph({ root, initial, limit = DEFAULT_NODE_LIMIT }: CorrelationGraphProps) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const roles = useMe().data?.user.roles ?? [];
  const start = useCallback(() => mergeCorrelation(emptyGraph(root, limit), initial), [root, initial, limit]);
  const [graph, setGraph] = useState<Graph>(start);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [selected, setSelected] = useState<string | null>(null);
  // On a narrow canvas (a phone) labels go under their nodes and are shorter, so they stay inside it.
  const [narrow, setNarrow] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  // A new answer for the page's subject (after a refetch) starts the graph again.
  useEffect(() => setGraph(start()), [start]);

  const nameOf = useCallback((node: GraphNode) => subjectName(node.subjectType, node.label, t, i18n.language), [t, i18n.language]);

  const expand = useCallback(
    async (node: GraphNode) => {
      if (node.expanded) return;
      setPending((p) => new Set(p).add(node.key));
      try {
        const answer = await queryClient.fetchQuery({
          queryKey: correlationKeys.of(node.subjectType, node.subjectId),
          queryFn: ({ signal }) => fetchCorrelation(node.subjectType, node.subjectId, signal),
          staleTime: 30 * 1000,
        });
        setGraph((g) => mergeCorrelation(g, answer));
      } catch (error) {
        void message.error(t('correlation.graph.expandFailed', { error: describeError(error, t).title }));
      } finally {
        setPending((p) => {
          const next = new Set(p);
          next.delete(node.key);
          return next;
        });
      }
    },
    [queryClient, message, t],
  );

  // The chart's click handler is bound once; it reads the latest graph through a ref.
  const latest = useRef({ graph, expand });
  useEffect(() => {
    latest.current = { graph, expand };
  }, [graph, expand]);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const instance = init(element, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => {
      if (params.dataType !== 'node') return;
      const key = (params.data as { name?: string } | undefined)?.name;
      const node = latest.current.graph.nodes.find((n) => n.key === key);
      if (!node) return;
      setSelected(node.key);
      void latest.current.expand(node);
    });
    const observer = new ResizeObserver(() => {
      setNarrow(element.clientWidth < NARROW_CANVAS_PX);
      instance.resize();
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  const option = useMemo<GraphOption>(() => {
    const names = new Map(graph.nodes.map((n) => [n.key, nameOf(n)]));
    const categories = CORRELATION_SUBJECTS.map((type) => ({
      name: t(`correlation.subject.${type}`),
      symbol: SUBJECT_STYLE[type].symbol,
      itemStyle: { color: SUBJECT_STYLE[type].color },
    }));
    return {
      animationDurationUpdate: 300,
      tooltip: {
        confine: true,
        formatter: (params) => {
          const p = params as { dataType?: string; data?: { name?: string; tip?: string } };
          return p.data?.tip ?? '';
        },
      },
      legend: [{ data: categories.map((c) => c.name), bottom: 0, itemWidth: 14, itemHeight: 10 }],
      series: [
        {
          type: 'graph',
          layout: 'force',
          roam: true,
          draggable: true,
          bottom: 30,
          categories,
          force: { repulsion: 220, edgeLength: [70, 150], gravity: 0.1, layoutAnimation: true },
          label: {
            show: true,
            position: narrow ? 'bottom' : 'right',
            fontSize: 11,
            formatter: (p: { data?: unknown }) => (p.data as { short?: string })?.short ?? '',
          },
          edgeLabel: {
            // Shared values along the edges only where there is room for them; the tooltip always has them.
            show: !narrow && graph.edges.length <= 40,
            fontSize: 9,
            color: '#595959',
            formatter: (p: { data?: unknown }) => (p.data as { text?: string })?.text ?? '',
          },
          // Labels that would overlap another are left out until the graph is zoomed in.
          labelLayout: { hideOverlap: true },
          emphasis: { focus: 'adjacency' },
          lineStyle: { color: 'source', opacity: 0.7, curveness: 0.05 },
          data: graph.nodes.map((n) => ({
            name: n.key,
            short: clip(names.get(n.key) ?? '', narrow ? 8 : 14),
            tip: `${t(`correlation.subject.${n.subjectType}`)}: ${names.get(n.key) ?? ''}${n.expanded ? '' : `<br/>${t('correlation.graph.tapToExpand')}`}`,
            category: CORRELATION_SUBJECTS.indexOf(n.subjectType),
            symbolSize: n.root ? 34 : n.expanded ? 24 : 16,
            itemStyle: n.root || n.key === selected ? { borderColor: '#141414', borderWidth: 2 } : { opacity: n.expanded ? 1 : 0.75 },
          })),
          links: graph.edges.map((e) => ({
            source: e.source,
            target: e.target,
            value: e.strength,
            text: clip(edgeLabel(e), 28),
            tip: `${names.get(e.source) ?? ''} — ${names.get(e.target) ?? ''}<br/>${e.shared.map((v) => v.display).join(', ')}<br/>${t('correlation.strength', { value: e.strength.toFixed(1) })}`,
            lineStyle: { width: edgeWidth(e.strength) },
          })),
        } as GraphSeriesOption,
      ],
    };
  }, [graph, nameOf, selected, narrow, t]);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  const reset = () => {
    setGraph(start());
    setSelected(null);
  };

  const selectedNode = graph.nodes.find((n) => n.key === selected) ?? null;
  const expandedCount = graph.nodes.filter((n) => n.expanded).length;

  return (
    <Flex
      vertical
      gap={8}
      className="correlation-graph"
      data-testid="correlation-graph"
      data-node-count={graph.nodes.length}
      data-edge-count={graph.edges.length}
      data-nodes={graph.nodes.map((n) => n.key).join(' ')}
      data-pending={pending.size}
      data-labels={narrow ? 'below' : 'beside'}
    >
      <Flex gap={8} wrap align="center" justify="space-between">
        <Typography.Text strong>{t('correlation.graph.title')}</Typography.Text>
        <Button
          size="small"
          icon={<ReloadOutlined />}
          onClick={reset}
          disabled={expandedCount <= 1 && !graph.limitReached}
          data-testid="correlation-graph-reset"
        >
          {t('correlation.graph.reset')}
        </Button>
      </Flex>
      <Typography.Text type="secondary" className="wb-cell-detail">
        {t('correlation.graph.hint')}
      </Typography.Text>
      <div
        ref={box}
        role="img"
        aria-label={t('correlation.graph.label', { nodes: graph.nodes.length, edges: graph.edges.length })}
        className="correlation-graph-canvas"
      />
      {graph.limitReached && (
        <Alert type="warning" showIcon title={t('correlation.graph.limit', { limit: graph.limit })} data-testid="correlation-graph-limit" />
      )}
      {selectedNode && (
        <Flex gap={8} wrap align="center" className="correlation-selected">
          <Tag color={SUBJECT_STYLE[selectedNode.subjectType].color} className="no-margin">
            {t(`correlation.subject.${selectedNode.subjectType}`)}
          </Tag>
          <Typography.Text className="correlation-name">{nameOf(selectedNode)}</Typography.Text>
          {canOpenSubject(selectedNode.subjectType, roles) && !selectedNode.root && (
            <LinkButton size="small" to={subjectPath(selectedNode.subjectType, selectedNode.subjectId)}>
              {t('correlation.graph.open')}
            </LinkButton>
          )}
        </Flex>
      )}
      <Collapse
        size="small"
        items={[
          {
            key: 'nodes',
            label: t('correlation.graph.nodes', { count: graph.nodes.length }),
            children: (
              <List
                size="small"
                dataSource={graph.nodes}
                renderItem={(n) => (
                  <List.Item key={n.key} data-testid="correlation-graph-node" data-node={n.key}>
                    <Flex gap={6} wrap align="center" justify="space-between" className="correlation-node-row">
                      <Flex gap={6} wrap align="center" className="correlation-link">
                        <Tag color={SUBJECT_STYLE[n.subjectType].color} className="no-margin">
                          {t(`correlation.subject.${n.subjectType}`)}
                        </Tag>
                        {canOpenSubject(n.subjectType, roles) && !n.root ? (
                          <Link to={subjectPath(n.subjectType, n.subjectId)} className="correlation-name">
                            {nameOf(n)}
                          </Link>
                        ) : (
                          <Typography.Text className="correlation-name">{nameOf(n)}</Typography.Text>
                        )}
                      </Flex>
                      {n.expanded ? (
                        <Typography.Text type="secondary">{t('correlation.graph.expanded')}</Typography.Text>
                      ) : (
                        <Button
                          size="small"
                          loading={pending.has(n.key)}
                          onClick={() => {
                            setSelected(n.key);
                            void expand(n);
                          }}
                          data-testid="correlation-graph-expand"
                        >
                          {t('correlation.graph.expand')}
                        </Button>
                      )}
                    </Flex>
                  </List.Item>
                )}
              />
            ),
          },
        ]}
      />
    </Flex>
  );
}
