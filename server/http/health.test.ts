import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app';
import { testDialects } from '../../test/dialects';

for (const dialect of testDialects()) {
  describe(`readiness on ${dialect}`, () => {
    it('answers 503 once the database no longer answers, while liveness stays up', async () => {
      const t = await createTestApp(dialect);
      try {
        expect((await t.app.inject('/readyz')).statusCode).toBe(200);
        await t.database.db.destroy();
        const ready = await t.app.inject('/readyz');
        expect(ready.statusCode).toBe(503);
        expect(ready.json()).toEqual({ status: 'unavailable', database: dialect });
        expect((await t.app.inject('/healthz')).statusCode).toBe(200);
      } finally {
        await t.close().catch(() => undefined);
      }
    });
  });
}
