import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Correlation, CorrelationLink, CorrelationSubject } from './api';
import { edgeKey, edgeLabel, edgeWidth, emptyGraph, mergeCorrelation, nodeKey } from './graph';

const phone = (value: string) => ({ type: 'phone', value, display: value });

function link(subjectType: CorrelationSubject, subjectId: string, values: string[], strength = 6.2): CorrelationLink {
  return { subjectType, subjectId, label: { id: subjectId }, sharedCount: values.length, shared: values.map(phone), strength };
}

function answer(type: CorrelationSubject, id: string, links: CorrelationLink[]): Correlation {
  return { subject: { type, id }, hotThreshold: 1000, values: [], links, truncated: false };
}

const root = { type: 'entity' as const, id: 'e1', label: { displayName: '某删帖中介' } };

describe('correlation graph', () => {
  it('starts from the subject and its direct neighbours, with one edge each', () => {
    const graph = mergeCorrelation(
      emptyGraph(root),
      answer('entity', 'e1', [link('case', 'c1', ['13812345678']), link('report', 'r1', ['13812345678'], 3)]),
    );
    expect(graph.nodes.map((n) => [n.key, n.expanded, n.root])).toEqual([
      ['entity:e1', true, true],
      ['case:c1', false, false],
      ['report:r1', false, false],
    ]);
    expect(graph.edges.map((e) => [e.source, e.target, e.strength])).toEqual([
      ['entity:e1', 'case:c1', 6.2],
      ['entity:e1', 'report:r1', 3],
    ]);
    expect(graph.limitReached).toBe(false);
  });

  it('expands a node without duplicating nodes or the edge back, merging shared values', () => {
    let graph = mergeCorrelation(emptyGraph(root), answer('entity', 'e1', [link('case', 'c1', ['13812345678'], 2)]));
    graph = mergeCorrelation(
      graph,
      answer('case', 'c1', [link('entity', 'e1', ['13812345678', 'x@example.cn'], 5), link('report', 'r2', ['13812345678'])]),
    );
    expect(graph.nodes.map((n) => n.key)).toEqual(['entity:e1', 'case:c1', 'report:r2']);
    expect(graph.nodes.find((n) => n.key === 'case:c1')?.expanded).toBe(true);
    expect(graph.edges).toHaveLength(2);
    const back = graph.edges.find((e) => e.key === edgeKey('entity:e1', 'case:c1'))!;
    expect(back.shared.map((v) => v.value)).toEqual(['13812345678', 'x@example.cn']);
    expect(back.strength).toBe(5);
    // The same answer again changes nothing.
    const again = mergeCorrelation(graph, answer('case', 'c1', [link('entity', 'e1', ['13812345678'], 1)]));
    expect(again.nodes).toHaveLength(3);
    expect(again.edges).toHaveLength(2);
    expect(again.edges.find((e) => e.key === back.key)?.strength).toBe(5);
  });

  it('stops adding nodes at the limit and says so, keeping the strongest and edges among shown nodes', () => {
    let graph = emptyGraph(root, 3);
    graph = mergeCorrelation(
      graph,
      answer('entity', 'e1', [link('case', 'c1', ['1'], 9), link('report', 'r1', ['2'], 5), link('report', 'r2', ['3'], 1)]),
    );
    expect(graph.nodes.map((n) => n.key)).toEqual(['entity:e1', 'case:c1', 'report:r1']);
    expect(graph.limitReached).toBe(true);
    graph = mergeCorrelation(graph, answer('report', 'r1', [link('case', 'c1', ['4']), link('entity', 'e9', ['5'])]));
    expect(graph.nodes).toHaveLength(3);
    expect(graph.edges.map((e) => e.key)).toContain(edgeKey('report:r1', 'case:c1'));
    expect(graph.edges.every((e) => graph.nodes.some((n) => n.key === e.source) && graph.nodes.some((n) => n.key === e.target))).toBe(true);
  });

  it('never exceeds the limit, never duplicates, and every edge joins shown nodes, whatever is expanded', () => {
    const subjects = ['report', 'case', 'entity'] as const;
    const arbLink = fc
      .record({ type: fc.constantFrom(...subjects), id: fc.integer({ min: 0, max: 12 }), value: fc.integer({ min: 0, max: 5 }) })
      .map((l) => link(l.type, String(l.id), [String(l.value)], l.value + 1));
    const arbAnswer = fc
      .record({ type: fc.constantFrom(...subjects), id: fc.integer({ min: 0, max: 12 }), links: fc.array(arbLink, { maxLength: 10 }) })
      .map((a) => answer(a.type, String(a.id), a.links));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.array(arbAnswer, { maxLength: 8 }), (limit, answers) => {
        const graph = answers.reduce(mergeCorrelation, emptyGraph({ type: 'entity', id: '0', label: {} }, limit));
        const keys = graph.nodes.map((n) => n.key);
        expect(keys.length).toBeLessThanOrEqual(limit);
        expect(new Set(keys).size).toBe(keys.length);
        expect(new Set(graph.edges.map((e) => e.key)).size).toBe(graph.edges.length);
        for (const e of graph.edges) {
          expect(keys).toContain(e.source);
          expect(keys).toContain(e.target);
          expect(e.source).not.toBe(e.target);
        }
        expect(keys[0]).toBe(nodeKey('entity', '0'));
      }),
    );
  });

  it('labels edges with their first values and how many more, and widens them with strength', () => {
    expect(edgeLabel({ shared: [phone('1'), phone('2'), phone('3')] })).toBe('1, 2 +1');
    expect(edgeLabel({ shared: [phone('1')] })).toBe('1');
    expect(edgeWidth(0)).toBe(1);
    expect(edgeWidth(Number.NaN)).toBe(1);
    expect(edgeWidth(6.2)).toBeCloseTo(4.1);
    expect(edgeWidth(100)).toBe(8);
    expect(edgeWidth(2)).toBeLessThan(edgeWidth(4));
  });
});
