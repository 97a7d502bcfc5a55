import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type StoredIdentifier, decideMerge, decideSplit, planMerge, planSplit } from './merge-plan';

const identifier = fc.record({
  type: fc.constantFrom('phone', 'domain', 'qq'),
  value: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  createdAt: fc.constantFrom('2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'),
});
const identifiers = fc.uniqueArray(identifier, { selector: (i) => `${i.type}:${i.value}`, maxLength: 8 });
const key = (i: StoredIdentifier) => `${i.type}:${i.value}`;
const sorted = (list: StoredIdentifier[]) => [...list].sort((a, b) => key(a).localeCompare(key(b)));

/** Carries a plan out on two in-memory identifier sets, as the service does on the table. */
function applyMerge(survivor: StoredIdentifier[], absorbed: StoredIdentifier[]) {
  const plan = planMerge(survivor, absorbed);
  const taken = new Set(plan.taken.map(key));
  return { plan, survivor: [...survivor, ...plan.added], absorbed: absorbed.filter((i) => !taken.has(key(i))) };
}

function applySplit(survivor: StoredIdentifier[], absorbed: StoredIdentifier[], plan: ReturnType<typeof planMerge>) {
  const undo = planSplit(plan);
  const removed = new Set(undo.removeFromSurvivor.map(key));
  return { survivor: survivor.filter((i) => !removed.has(key(i))), absorbed: [...absorbed, ...undo.restoreToAbsorbed] };
}

describe('merge and split plans', () => {
  it('a merge gives the survivor every identifier of both, and leaves the absorbed one none', () => {
    fc.assert(
      fc.property(identifiers, identifiers, (s, a) => {
        const merged = applyMerge(s, a);
        expect(new Set(merged.survivor.map(key))).toEqual(new Set([...s, ...a].map(key)));
        expect(merged.absorbed).toEqual([]);
        expect(new Set(merged.survivor.map(key)).size).toBe(merged.survivor.length);
      }),
    );
  });

  it('a split after a merge restores both exactly, creation times included', () => {
    fc.assert(
      fc.property(identifiers, identifiers, (s, a) => {
        const merged = applyMerge(s, a);
        const split = applySplit(merged.survivor, merged.absorbed, merged.plan);
        expect(sorted(split.survivor)).toEqual(sorted(s));
        expect(sorted(split.absorbed)).toEqual(sorted(a));
      }),
    );
  });

  it('merges only distinct, current entities of one kind', () => {
    const e = (id: string, kind = 'website', mergedInto: string | null = null) => ({ id, kind, mergedInto });
    expect(decideMerge(e('a'), e('b'))).toEqual({ ok: true });
    expect(decideMerge(e('a'), e('a'))).toEqual({ ok: false, refusal: 'same_entity' });
    expect(decideMerge(e('a'), e('b', 'website', 'c'))).toEqual({ ok: false, refusal: 'already_merged' });
    expect(decideMerge(e('a'), e('b', 'account'))).toEqual({ ok: false, refusal: 'kind_mismatch' });
  });

  it('splits the latest merge into a current survivor first', () => {
    const first = { id: 'm1', mergedAt: '2026-01-01T00:00:00.000Z' };
    const second = { id: 'm2', mergedAt: '2026-01-02T00:00:00.000Z' };
    expect(decideSplit({ id: 'm2', splitAt: null }, { mergedInto: null }, [first, second])).toEqual({ ok: true });
    expect(decideSplit({ id: 'm1', splitAt: null }, { mergedInto: null }, [first, second])).toEqual({
      ok: false,
      refusal: 'later_merge_first',
    });
    expect(decideSplit({ id: 'm1', splitAt: null }, { mergedInto: 'x' }, [first])).toEqual({ ok: false, refusal: 'survivor_merged' });
    expect(decideSplit(undefined, { mergedInto: null }, [])).toEqual({ ok: false, refusal: 'not_merged' });
  });
});
