/**
 * A database column holding values sealed with the data-encryption keys (`SealingKeys`). Key
 * rotation and `qinglang keys status` walk this list, so a new sealed column is added here, with the
 * same context the code that seals it passes.
 */
export interface SealedColumn {
  table: string;
  /** The row's primary key column; rotation pages through rows by it. */
  idColumn: string;
  column: string;
  /** The associated data the value is sealed with, from the row's id. */
  context(id: string): string;
}

/** The context a reporter's identity is sealed with: the report it belongs to. */
export const reporterIdentityContext = (reportId: string): string => `report:${reportId}`;

/** The context a user's TOTP seed is sealed with (as `AuthService` seals it): the user it belongs to. */
export const totpSeedContext = (userId: string): string => `users.totp_sealed:${userId}`;

/** The context a webhook subscription's signing secret is sealed with (as `NotifyService` seals it). */
export const webhookSecretContext = (subscriptionId: string): string => `webhook_subscriptions:${subscriptionId}`;

/** The context of an outbox row's sealed recipient and content (a reporter's e-mail). */
export const outboxContext = (outboxId: string): string => `outbox:${outboxId}`;

/** Every sealed column. */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'reports', idColumn: 'id', column: 'reporter_sealed', context: reporterIdentityContext },
  { table: 'users', idColumn: 'id', column: 'totp_sealed', context: totpSeedContext },
  { table: 'webhook_subscriptions', idColumn: 'id', column: 'secret_sealed', context: webhookSecretContext },
  { table: 'notifications_outbox', idColumn: 'id', column: 'sealed', context: outboxContext },
];

/** `table.column`, how reports and audit events name a sealed column. */
export const sealedColumnName = (c: SealedColumn): string => `${c.table}.${c.column}`;
