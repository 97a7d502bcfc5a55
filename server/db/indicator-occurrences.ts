import type { Kysely } from 'kysely';
import type { Database } from './schema';

/**
 * Both tables occurrences live in: `indicator_occurrences`, and the recent ones intake appended that
 * the occurrence merger has not moved yet (migration 20261129400000). A reader asks both in one
 * statement, so a merge committing meanwhile never shows a row twice or not at all.
 */
export const OCCURRENCE_TABLES = ['indicator_occurrences', 'recent_indicator_occurrences'] as const;

/** The occurrences of some subjects of one type, from both tables, in no particular order. */
export async function occurrencesOfSubjects(
  db: Kysely<Database>,
  subjectType: string,
  ids: readonly string[],
): Promise<{ subject_id: string; type: string; value: string; field: string }[]> {
  if (ids.length === 0) return [];
  const [merged, recent] = OCCURRENCE_TABLES.map((table) =>
    db
      .selectFrom(table)
      .select(['subject_id', 'type', 'value', 'field'])
      .where('subject_type', '=', subjectType)
      .where('subject_id', 'in', ids),
  );
  return merged!.unionAll(recent!).execute();
}
