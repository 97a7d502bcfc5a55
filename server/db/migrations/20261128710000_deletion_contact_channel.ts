import type { Kysely, Migration } from 'kysely';
import type { DatabaseDialect } from '../../config';

/**
 * How the requester reached the website (web form, e-mail, telephone, letter, in person, a message
 * on the platform…), which the website records for each deletion request beside `channel` (how the
 * record entered Qinglang). Null for requests recorded before, and when the website does not say.
 */
export function migration(_dialect: DatabaseDialect): Migration {
  return {
    async up(db: Kysely<any>) {
      await db.schema.alterTable('deletion_requests').addColumn('contact_channel', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('deletion_requests').dropColumn('contact_channel').execute();
    },
  };
}
