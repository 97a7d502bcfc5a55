/**
 * Merging and splitting registry entities, as plans the service carries out. Nothing is lost: the
 * absorbed entity stays (marked `merged_into`), its records stay its own (reads gather them under the
 * survivor), and its identifiers move to the survivor with the merge remembering exactly which, so a
 * split puts everything back where it came from.
 */

/** An identifier row of an entity, with when it was added. */
export interface StoredIdentifier {
  type: string;
  value: string;
  createdAt: string;
}

/** What a merge changes in the identifiers, kept on the merge row for the split. */
export interface MergePlan {
  /** Every identifier the absorbed entity had: removed from it now, given back by a split. */
  taken: StoredIdentifier[];
  /** Those the survivor did not already have: added to it now, removed again by a split. */
  added: StoredIdentifier[];
}

const keyOf = (i: { type: string; value: string }) => `${i.type}\u0000${i.value}`;

/** The identifier changes of merging `absorbed` into `survivor`. */
export function planMerge(survivor: readonly StoredIdentifier[], absorbed: readonly StoredIdentifier[]): MergePlan {
  const held = new Set(survivor.map(keyOf));
  return { taken: [...absorbed], added: absorbed.filter((i) => !held.has(keyOf(i))) };
}

export type MergeRefusal = 'same_entity' | 'already_merged' | 'kind_mismatch';

/** Whether two entities may merge: distinct, both current (not merged into another), of one kind. */
export function decideMerge(
  survivor: { id: string; kind: string; mergedInto: string | null },
  absorbed: { id: string; kind: string; mergedInto: string | null },
): { ok: true } | { ok: false; refusal: MergeRefusal } {
  if (survivor.id === absorbed.id) return { ok: false, refusal: 'same_entity' };
  if (survivor.mergedInto !== null || absorbed.mergedInto !== null) return { ok: false, refusal: 'already_merged' };
  if (survivor.kind !== absorbed.kind) return { ok: false, refusal: 'kind_mismatch' };
  return { ok: true };
}

export type SplitRefusal = 'not_merged' | 'survivor_merged' | 'later_merge_first';

/**
 * Whether a merge may be undone now. Splits go in reverse order of merging (the survivor's latest
 * merge first, and not while the survivor is itself merged into another): then the identifiers the
 * merge added are all still on the survivor and nothing else has moved them, so the split restores
 * exactly the state before the merge.
 */
export function decideSplit(
  merge: { id: string; splitAt: string | null } | undefined,
  survivor: { mergedInto: string | null },
  activeMergesIntoSurvivor: readonly { id: string; mergedAt: string }[],
): { ok: true } | { ok: false; refusal: SplitRefusal } {
  if (!merge || merge.splitAt !== null) return { ok: false, refusal: 'not_merged' };
  if (survivor.mergedInto !== null) return { ok: false, refusal: 'survivor_merged' };
  const latest = [...activeMergesIntoSurvivor]
    .sort((a, b) => (a.mergedAt === b.mergedAt ? a.id.localeCompare(b.id) : a.mergedAt.localeCompare(b.mergedAt)))
    .pop();
  if (latest && latest.id !== merge.id) return { ok: false, refusal: 'later_merge_first' };
  return { ok: true };
}

/** The identifier changes of undoing a merge: the reverse of its plan. */
export function planSplit(plan: MergePlan): { removeFromSurvivor: StoredIdentifier[]; restoreToAbsorbed: StoredIdentifier[] } {
  return { removeFromSurvivor: [...plan.added], restoreToAbsorbed: [...plan.taken] };
}
