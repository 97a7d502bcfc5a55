import type { Correlation, CorrelationLink, CorrelationSubject } from './api';

/** How many nodes the graph shows at most: past that, a force layout on a phone is a hairball. */
export const DEFAULT_NODE_LIMIT = 150;

export interface GraphNode {
  /** `<type>:<id>`, unique in the graph. */
  key: string;
  subjectType: CorrelationSubject;
  subjectId: string;
  /** What the correlation answer calls it (case number, entity name, report category and date). */
  label: Record<string, unknown>;
  /** Its own correlation has been merged in. */
  expanded: boolean;
  /** The subject of the page the graph started from. */
  root: boolean;
}

export interface SharedValue {
  type: string;
  value: string;
  display: string;
}

export interface GraphEdge {
  /** The two node keys, in sorted order, joined: one edge per pair however it was found. */
  key: string;
  source: string;
  target: string;
  shared: SharedValue[];
  strength: number;
}

export interface CorrelationGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  limit: number;
  /** Some linked subject was left out because the graph was full. */
  limitReached: boolean;
}

export function nodeKey(type: CorrelationSubject, id: string): string {
  return `${type}:${id}`;
}

export function edgeKey(a: string, b: string): string {
  return a < b ? `${a}|${b}` : `${b}|${a}`;
}

/** A graph holding only the page's subject, not yet expanded. */
export function emptyGraph(root: { type: CorrelationSubject; id: string; label: Record<string, unknown> }, limit = DEFAULT_NODE_LIMIT) {
  const graph: CorrelationGraph = {
    nodes: [
      { key: nodeKey(root.type, root.id), subjectType: root.type, subjectId: root.id, label: root.label, expanded: false, root: true },
    ],
    edges: [],
    limit: Math.max(1, limit),
    limitReached: false,
  };
  return graph;
}

function unionShared(a: readonly SharedValue[], b: readonly SharedValue[]): SharedValue[] {
  const seen = new Set(a.map((v) => `${v.type}\u0000${v.value}`));
  const out = [...a];
  for (const v of b) {
    const key = `${v.type}\u0000${v.value}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(v);
  }
  return out;
}

function nodeOf(link: CorrelationLink): GraphNode {
  return {
    key: nodeKey(link.subjectType, link.subjectId),
    subjectType: link.subjectType,
    subjectId: link.subjectId,
    label: link.label,
    expanded: false,
    root: false,
  };
}

/**
 * Merges one subject's correlation answer into the graph, returning a new graph: the subject's
 * node is marked expanded; each link adds its node (unless already there) and one edge to the
 * subject. The same pair found from both ends stays one edge, with the shared values of both and
 * the larger strength. Once `limit` nodes are shown, further subjects are left out (and said so),
 * but edges between nodes already shown are still drawn. Links come strongest first, so the
 * strongest are the ones kept.
 */
export function mergeCorrelation(graph: CorrelationGraph, answer: Correlation): CorrelationGraph {
  const nodes = new Map(graph.nodes.map((n) => [n.key, n]));
  const edges = new Map(graph.edges.map((e) => [e.key, e]));
  let limitReached = graph.limitReached;
  const from = nodeKey(answer.subject.type, answer.subject.id);
  const subject = nodes.get(from);
  if (subject) {
    nodes.set(from, { ...subject, expanded: true });
  } else if (nodes.size < graph.limit) {
    nodes.set(from, { key: from, subjectType: answer.subject.type, subjectId: answer.subject.id, label: {}, expanded: true, root: false });
  } else {
    return { ...graph, limitReached: true };
  }

  for (const link of answer.links) {
    const to = nodeKey(link.subjectType, link.subjectId);
    if (to === from) continue;
    if (!nodes.has(to)) {
      if (nodes.size >= graph.limit) {
        limitReached = true;
        continue;
      }
      nodes.set(to, nodeOf(link));
    }
    const key = edgeKey(from, to);
    const known = edges.get(key);
    edges.set(
      key,
      known
        ? { ...known, shared: unionShared(known.shared, link.shared), strength: Math.max(known.strength, link.strength) }
        : { key, source: from, target: to, shared: unionShared([], link.shared), strength: link.strength },
    );
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], limit: graph.limit, limitReached };
}

/** An edge's label: its first shared values, and how many more. */
export function edgeLabel(edge: Pick<GraphEdge, 'shared'>, shown = 2): string {
  const first = edge.shared.slice(0, shown).map((v) => v.display);
  const more = edge.shared.length - first.length;
  return more > 0 ? `${first.join(', ')} +${more}` : first.join(', ');
}

/** An edge's line width, from its strength (one rare shared value ≈ 6): 1 to 8 pixels. */
export function edgeWidth(strength: number): number {
  if (!Number.isFinite(strength) || strength <= 0) return 1;
  return Math.min(8, 1 + strength / 2);
}
