import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase, testDialects } from '../../../test/dialects';
import { auditEventHash } from './audit-chain';
import { appendAuditEvents } from './audit.repository';
import { verifyAuditChain } from './verify-audit-chain';

for (const dialect of testDialects()) {
  describe(`audit chain verification on ${dialect}`, () => {
    let database: TestDatabase;
    beforeEach(async () => {
      database = await createTestDatabase(dialect);
      await database.db.transaction().execute((trx) =>
        appendAuditEvents(
          trx,
          dialect,
          [1, 2, 3, 4, 5].map((i) => ({
            actorType: 'public' as const,
            action: 'report.submitted',
            objectType: 'report',
            objectId: `r${i}`,
            summary: { n: i },
          })),
        ),
      );
    });
    afterEach(async () => {
      await database?.cleanup();
    });

    it('finds an untouched chain intact and names its head, also across pages', async () => {
      const report = await verifyAuditChain(database.db, { pageSize: 2 });
      expect(report).toMatchObject({ intact: true, events: 5, head: { seq: 5 } });
    });

    it('names an edited event', async () => {
      await database.db.updateTable('audit_events').set({ summary: '{"n":33}' }).where('seq', '=', 3).execute();
      expect(await verifyAuditChain(database.db)).toMatchObject({ intact: false, seq: 3, reason: 'hash_mismatch' });
    });

    it('names the event after a deleted one', async () => {
      await database.db.deleteFrom('audit_events').where('seq', '=', 3).execute();
      expect(await verifyAuditChain(database.db)).toMatchObject({ intact: false, seq: 4, reason: 'sequence_gap' });
    });

    it('names the event after one inserted with a correct hash of its own', async () => {
      // Make room at #3, then insert a forged event that links properly to #2.
      const rows = await database.db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').execute();
      for (const row of rows)
        if (Number(row.seq) >= 3)
          await database.db
            .updateTable('audit_events')
            .set({ seq: Number(row.seq) + 1 })
            .where('seq', '=', row.seq)
            .execute();
      const second = rows.find((r) => Number(r.seq) === 2)!;
      const forged = {
        seq: 3,
        occurredAt: new Date().toISOString(),
        actorType: 'user',
        actorId: 'x',
        orgId: null,
        action: 'report.deleted',
        objectType: 'report',
        objectId: 'r9',
        summary: '{}',
        prevHash: second.hash,
      };
      await database.db
        .insertInto('audit_events')
        .values({
          seq: 3,
          occurred_at: forged.occurredAt,
          actor_type: forged.actorType,
          actor_id: forged.actorId,
          org_id: null,
          action: forged.action,
          object_type: forged.objectType,
          object_id: forged.objectId,
          summary: forged.summary,
          prev_hash: forged.prevHash,
          hash: auditEventHash(forged),
        })
        .execute();
      expect(await verifyAuditChain(database.db)).toMatchObject({ intact: false, seq: 4, reason: 'previous_hash_mismatch' });
    });

    it('names the first of two reordered events', async () => {
      await sql`update audit_events set seq = -2 where seq = 2`.execute(database.db);
      await sql`update audit_events set seq = 2 where seq = 3`.execute(database.db);
      await sql`update audit_events set seq = 3 where seq = -2`.execute(database.db);
      expect(await verifyAuditChain(database.db)).toMatchObject({ intact: false, seq: 2, reason: 'previous_hash_mismatch' });
    });

    it('names an event slipped in before the first', async () => {
      await database.db
        .insertInto('audit_events')
        .values({
          seq: 0,
          occurred_at: new Date().toISOString(),
          actor_type: 'user',
          actor_id: null,
          org_id: null,
          action: 'x',
          object_type: 'x',
          object_id: null,
          summary: '{}',
          prev_hash: '0'.repeat(64),
          hash: 'f'.repeat(64),
        })
        .execute();
      expect(await verifyAuditChain(database.db)).toMatchObject({ intact: false, seq: 0, reason: 'sequence_gap' });
    });
  });
}
