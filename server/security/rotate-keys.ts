import { isDeepStrictEqual } from 'node:util';
import { type Kysely, sql } from 'kysely';
import type { DatabaseDialect } from '../config';
import type { Database } from '../db/schema';
import { appendAuditEvents } from '../modules/audit/audit.repository';
import type { SealingKeys } from './seal';
import { SEALED_COLUMNS, type SealedColumn, sealedColumnName } from './sealed-columns';

/** Options of `rotateSealedValues`. */
export interface RotateOptions {
  /** Rows re-encrypted per transaction (and per audit event); 500 by default. */
  batchSize?: number;
  /** Called after each batch commits. */
  onProgress?: (progress: { column: string; rewritten: number; pending: number }) => void;
  /** The sealed columns to rotate; every one in `SEALED_COLUMNS` by default. */
  columns?: readonly SealedColumn[];
}

/** What rotation did to one sealed column. */
export interface ColumnRotation {
  /** `table.column`. */
  column: string;
  /** Values re-encrypted under the current key. */
  rewritten: number;
  /** Committed batches, one audit event each. */
  batches: number;
  /** Values left alone because they changed between being read and being rewritten. */
  changedMeanwhile: number;
  /** True when the table or column does not exist in this database (yet), so there was nothing to do. */
  absent: boolean;
}

/** A value rotation could not re-encrypt; nothing of its batch was written. */
export class RotationError extends Error {
  constructor(
    readonly column: string,
    readonly rowId: string,
    cause: unknown,
  ) {
    super(`Cannot re-encrypt ${column} of row ${rowId}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'RotationError';
  }
}

/**
 * Re-encrypts every sealed value (see `SEALED_COLUMNS`) that is not under the current key, in
 * batches of `batchSize` rows. Each batch is one transaction holding its rewrites and one audit event
 * (`keys.rotated`), so an interrupted run keeps the batches it committed, and running again carries
 * on with what is left: values already under the current key are never selected again.
 *
 * Every value is opened and its new sealing checked to open to the same value before anything of its
 * batch is written; a value that does not open stops the run with a `RotationError` naming the row.
 * A row whose value changed after it was read (e.g. a user re-enrolled their authenticator) is left
 * as it is: the write only happens where the value is still the one that was opened.
 */
export async function rotateSealedValues(
  db: Kysely<Database>,
  dialect: DatabaseDialect,
  keys: SealingKeys,
  options: RotateOptions = {},
): Promise<{ toKid: string; columns: ColumnRotation[] }> {
  const batchSize = options.batchSize ?? 500;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('batchSize must be a positive whole number');
  const toKid = keys.currentKid;
  const columns = options.columns ?? SEALED_COLUMNS;
  const present = await presentColumns(db, columns);
  const results: ColumnRotation[] = [];

  for (const sealed of columns) {
    const name = sealedColumnName(sealed);
    const result: ColumnRotation = { column: name, rewritten: 0, batches: 0, changedMeanwhile: 0, absent: !present.has(name) };
    results.push(result);
    if (result.absent) continue;
    const untyped = db as unknown as Kysely<any>;
    let pending = await countNotUnder(untyped, sealed, toKid);
    let after: string | null = null;

    for (;;) {
      let query = untyped
        .selectFrom(sealed.table)
        .select([`${sealed.idColumn} as id`, `${sealed.column} as value`])
        .where(sealed.column, 'is not', null)
        .where(notUnder(sealed.column, toKid))
        .orderBy(sealed.idColumn)
        .limit(batchSize);
      if (after !== null) query = query.where(sealed.idColumn, '>', after);
      const rows = (await query.execute()) as { id: unknown; value: string }[];
      if (rows.length === 0) break;
      after = String(rows[rows.length - 1]!.id);

      const rewrites = rows.map((row) => ({
        id: String(row.id),
        old: row.value,
        new: reseal(keys, sealed, toKid, String(row.id), row.value),
      }));
      const written = await db.transaction().execute(async (trx) => {
        let count = 0;
        const fromKids: Record<string, number> = {};
        for (const rewrite of rewrites) {
          const outcome = await (trx as unknown as Kysely<any>)
            .updateTable(sealed.table)
            .set({ [sealed.column]: rewrite.new })
            .where(sealed.idColumn, '=', rewrite.id)
            .where(sealed.column, '=', rewrite.old)
            .executeTakeFirst();
          if (Number(outcome.numUpdatedRows) === 1) {
            count++;
            const kid = keys.kidOf(rewrite.old);
            fromKids[kid] = (fromKids[kid] ?? 0) + 1;
          }
        }
        if (count > 0)
          await appendAuditEvents(trx, dialect, [
            {
              actorType: 'system',
              action: 'keys.rotated',
              objectType: sealed.table,
              summary: { column: sealed.column, count, toKid, fromKids },
            },
          ]);
        return count;
      });

      result.rewritten += written;
      result.batches += written > 0 ? 1 : 0;
      result.changedMeanwhile += rows.length - written;
      pending = Math.max(0, pending - rows.length);
      options.onProgress?.({ column: name, rewritten: result.rewritten, pending });
      if (rows.length < batchSize) break;
    }
  }
  return { toKid, columns: results };
}

/** How many values of one sealed column are under each key. */
export interface SealedColumnStatus {
  /** `table.column`. */
  column: string;
  /** True when the table or column does not exist in this database (yet). */
  absent: boolean;
  /** Sealed values (non-null) in the column. */
  total: number;
  /** Values per key id (`d1` for `v1` values); `?` counts values in no known format. */
  byKid: Record<string, number>;
}

/** The use of keys across all sealed columns. */
export interface SealedValueStatus {
  currentKid: string;
  /** Key ids that are configured here, the current one first. */
  configuredKids: string[];
  columns: SealedColumnStatus[];
  /** Key ids values are sealed with that are not configured: those values cannot be opened. */
  missingKids: string[];
}

/**
 * Counts the sealed values of every sealed column by the key they are under. Counting by known key
 * happens in the database; only values under keys not configured here are read one by one, to name them.
 */
export async function sealedValueStatus(
  db: Kysely<Database>,
  keys: SealingKeys,
  options: { columns?: readonly SealedColumn[] } = {},
): Promise<SealedValueStatus> {
  const untyped = db as unknown as Kysely<any>;
  const kids = keys.kids();
  const sealedColumns = options.columns ?? SEALED_COLUMNS;
  const present = await presentColumns(db, sealedColumns);
  const columns: SealedColumnStatus[] = [];
  const missing = new Set<string>();

  for (const sealed of sealedColumns) {
    const name = sealedColumnName(sealed);
    if (!present.has(name)) {
      columns.push({ column: name, absent: true, total: 0, byKid: {} });
      continue;
    }
    const column = sql.ref(sealed.column);
    const row = (await untyped
      .selectFrom(sealed.table)
      .select((eb) => [
        eb.fn.count(sealed.column).as('total'),
        ...kids.map((kid, i) =>
          sql<number>`sum(case when ${sql`substr(${column}, 1, ${prefixOf(kid).length})`} = ${prefixOf(kid)} then 1 else 0 end)`.as(
            `k${i}`,
          ),
        ),
        sql<number>`sum(case when substr(${column}, 1, 3) = 'v1.' then 1 else 0 end)`.as('v1'),
      ])
      .executeTakeFirstOrThrow()) as Record<string, unknown>;
    const byKid: Record<string, number> = {};
    kids.forEach((kid, i) => {
      const n = Number(row[`k${i}`] ?? 0);
      if (n > 0) byKid[kid] = n;
    });
    const v1 = Number(row.v1 ?? 0);
    if (v1 > 0) byKid.d1 = (byKid.d1 ?? 0) + v1;
    const total = Number(row.total);
    const known = Object.values(byKid).reduce((a, b) => a + b, 0);

    if (known < total) {
      // Values under keys not configured here: few, if any; read them to name their keys.
      let after: string | null = null;
      for (;;) {
        let query = untyped
          .selectFrom(sealed.table)
          .select([`${sealed.idColumn} as id`, `${sealed.column} as value`])
          .where(sealed.column, 'is not', null)
          .where(sql<boolean>`substr(${column}, 1, 3) <> 'v1.'`)
          .orderBy(sealed.idColumn)
          .limit(1000);
        for (const kid of kids) query = query.where(notUnder(sealed.column, kid));
        if (after !== null) query = query.where(sealed.idColumn, '>', after);
        const rows = (await query.execute()) as { id: unknown; value: string }[];
        if (rows.length === 0) break;
        after = String(rows[rows.length - 1]!.id);
        for (const { value } of rows) {
          let kid = '?';
          try {
            kid = keys.kidOf(value);
            missing.add(kid);
          } catch {
            // Not a sealed value in any known format; counted as `?`.
          }
          byKid[kid] = (byKid[kid] ?? 0) + 1;
        }
      }
    }
    columns.push({ column: name, absent: false, total, byKid });
  }
  return { currentKid: keys.currentKid, configuredKids: kids, columns, missingKids: [...missing].sort() };
}

/** Opens a value and seals it under `toKid`, checking that the new value opens to the same thing. */
function reseal(keys: SealingKeys, sealed: SealedColumn, toKid: string, id: string, value: string): string {
  const context = sealed.context(id);
  try {
    const plain = keys.unseal<unknown>(value, context);
    const fresh = keys.seal(plain, context);
    if (keys.kidOf(fresh) !== toKid) throw new Error(`the current key changed from "${toKid}" to "${keys.kidOf(fresh)}" during rotation`);
    if (!isDeepStrictEqual(keys.unseal<unknown>(fresh, context), plain))
      throw new Error('the re-encrypted value does not open to the same value');
    return fresh;
  } catch (error) {
    throw new RotationError(sealedColumnName(sealed), id, error);
  }
}

/** The start every value sealed under `kid` has. */
const prefixOf = (kid: string) => `v2.${kid}.`;

/** A filter: the column's value is not sealed under `kid` (exact, unlike LIKE, which ignores case on SQLite). */
function notUnder(column: string, kid: string) {
  const prefix = prefixOf(kid);
  return sql<boolean>`substr(${sql.ref(column)}, 1, ${prefix.length}) <> ${prefix}`;
}

async function countNotUnder(db: Kysely<any>, sealed: SealedColumn, kid: string): Promise<number> {
  const row = await db
    .selectFrom(sealed.table)
    .select((eb) => eb.fn.countAll().as('n'))
    .where(sealed.column, 'is not', null)
    .where(notUnder(sealed.column, kid))
    .executeTakeFirstOrThrow();
  return Number((row as { n: unknown }).n);
}

/**
 * `table.column` of the sealed columns that exist in this database. Asks each column directly rather
 * than listing the catalogue, which on PostgreSQL spans every schema of the database.
 */
async function presentColumns(db: Kysely<Database>, columns: readonly SealedColumn[]): Promise<Set<string>> {
  const names = new Set<string>();
  for (const c of columns) {
    try {
      await sql`select ${sql.ref(c.column)}, ${sql.ref(c.idColumn)} from ${sql.table(c.table)} where 1 = 0`.execute(db);
      names.add(sealedColumnName(c));
    } catch (error) {
      const e = error as { code?: string; message?: string };
      const missing = e?.code === '42P01' || e?.code === '42703' || /no such (table|column)/.test(e?.message ?? '');
      if (!missing) throw error;
    }
  }
  return names;
}
