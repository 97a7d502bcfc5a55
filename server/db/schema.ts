import type { ColumnType, Insertable, Selectable } from 'kysely';

/**
 * Timestamps are written as ISO-8601 strings on both dialects; PostgreSQL reads them back as Date
 * (timestamptz) and SQLite as text, so repositories read them through `toIsoString`.
 */
export type Timestamp = ColumnType<Date | string, string, string>;

/** A boolean stored as 0/1 on both dialects so one migration set serves both. */
export type Flag = ColumnType<number, number, number>;

export interface ReportsTable {
  id: string;
  tracking_code: string;
  access_key_hash: string;
  category: string;
  status: string;
  description: string;
  platform: string | null;
  occurred_at: Timestamp | null;
  target_urls: string;
  money_amount: string | null;
  money_currency: string | null;
  money_channel: string | null;
  reporter_kind: string;
  /** AES-256-GCM sealed JSON of the reporter's identity and contact; null for anonymous reports. */
  reporter_sealed: string | null;
  contact_consent: Flag;
  locale: string;
  result_code: string | null;
  result_note: string | null;
  case_id: ColumnType<string | null, string | null | undefined, string | null>;
  duplicate_of: ColumnType<string | null, string | null | undefined, string | null>;
  not_accepted_reason: ColumnType<string | null, string | null | undefined, string | null>;
  triaged_by: ColumnType<string | null, string | null | undefined, string | null>;
  triaged_at: ColumnType<Date | string | null, string | null | undefined, string | null>;
  /** Where the report came from: `public` (the report form), `enterprise` (an enterprise's desk) or `website` (a deletion request a website referred). */
  source: ColumnType<string, string | undefined, never>;
  /** The enterprise organization a desk report was filed for, and the user who filed it. */
  enterprise_org_id: ColumnType<string | null, string | null | undefined, never>;
  filed_by: ColumnType<string | null, string | null | undefined, never>;
  received_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReportEventsTable {
  id: string;
  report_id: string;
  /** The status the report entered, or `note` for a public message without a status change. */
  status: string;
  /** Shown to the reporter on the tracking page. */
  public: Flag;
  public_note: string | null;
  occurred_at: Timestamp;
}

export interface EvidenceBlobsTable {
  sha256: string;
  size: number;
  media_type: string;
  created_at: Timestamp;
}

export interface ReportEvidenceTable {
  report_id: string;
  position: number;
  sha256: string;
  file_name: string;
  media_type: string;
  size: number;
}

export interface IndicatorOccurrencesTable {
  type: string;
  value: string;
  subject_type: string;
  subject_id: string;
  /** Where in the subject the indicator was found: description, target_url, platform, reporter. */
  field: string;
  /** For a report's occurrence, the time the report was received (its label in correlation). */
  created_at: Timestamp;
  /**
   * The report's category on a report's occurrence (with `created_at`, its label in correlation:
   * migration 20261129500000); null on other subjects' rows, and on a report's row a tool wrote without it.
   */
  report_category: ColumnType<string | null, string | null | undefined, string | null>;
}

/**
 * Report occurrences intake wrote and the occurrence merger has not moved into `indicator_occurrences`
 * yet (migration 20261129400000): readers of report occurrences read both.
 */
export interface RecentIndicatorOccurrencesTable extends IndicatorOccurrencesTable {
  seq: ColumnType<number, number | undefined, never>;
}

export interface AuditEventsTable {
  seq: number;
  occurred_at: Timestamp;
  actor_type: string;
  actor_id: string | null;
  org_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  summary: string;
  prev_hash: string;
  hash: string;
}

export interface ChallengeSpendsTable {
  signature: string;
  expires_at: Timestamp;
}

export interface OrganizationsTable {
  id: string;
  name: string;
  kind: string;
  parent_id: string | null;
  /** Ids from the root down to this organization, '/'-separated and '/'-terminated. */
  path: string;
  region_code: string;
  /** JSON array of domain names (websites). */
  domains: string;
  /** JSON array of ICP filing numbers (websites). */
  icp_numbers: string;
  uscc: string | null;
  status: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UsersTable {
  id: string;
  org_id: string;
  email: string;
  display_name: string;
  status: string;
  password_hash: string | null;
  password_changed_at: Timestamp | null;
  totp_sealed: string | null;
  totp_enrolled_at: Timestamp | null;
  totp_last_step: ColumnType<number | string | null, number | null, number | null>;
  failed_logins: number;
  locked_until: Timestamp | null;
  last_login_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserRolesTable {
  user_id: string;
  role: string;
}

export interface InvitationsTable {
  token_hash: string;
  user_id: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface SessionsTable {
  id: string;
  token_hash: string;
  user_id: string;
  /** How the second factor was given at sign-in: totp, recovery_code, or null when none was. */
  second_factor: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  absolute_expires_at: Timestamp;
}

export interface RecoveryCodesTable {
  user_id: string;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface ApiTokensTable {
  id: string;
  org_id: string;
  name: string;
  token_hash: string;
  display_prefix: string;
  /** JSON array of scopes. */
  scopes: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface CasesTable {
  id: string;
  /** The number people quote: QL-2026-000123. */
  number: string;
  category: string;
  region_code: string;
  priority: string;
  /** JSON array of tags. */
  tags: string;
  status: string;
  title: string;
  summary: string | null;
  target_kind: string | null;
  money_paid: Flag;
  lead_org_id: string | null;
  routing_rule_id: string | null;
  routing_rule_name: string | null;
  /** JSON: the routing decision's explanation, for the case page. */
  routing_explanation: string | null;
  routing_override_reason: string | null;
  legal_basis: string | null;
  result_code: string | null;
  result_note: string | null;
  extensions: number;
  opened_at: Timestamp;
  assigned_at: Timestamp | null;
  first_response_due: Timestamp | null;
  first_responded_at: Timestamp | null;
  conclude_due: Timestamp | null;
  concluded_at: Timestamp | null;
  closed_at: Timestamp | null;
  escalated_at: Timestamp | null;
  created_by: string | null;
  updated_at: Timestamp;
}

export interface CaseCountersTable {
  year: number;
  last_value: number;
}

export interface CaseAgenciesTable {
  case_id: string;
  org_id: string;
  /** lead or assisting. */
  role: string;
  added_at: Timestamp;
  added_by: string | null;
  reason: string | null;
  /** A copy of the case's status, kept in step by the cases repository (an agency's page is one index range). */
  case_status: string;
  /** A copy of the case's opened_at, for the same index. */
  case_opened_at: Timestamp;
}

export interface CaseReportsTable {
  report_id: string;
  case_id: string;
  joined_at: Timestamp;
  joined_by: string | null;
}

export interface CaseEventsTable {
  id: string;
  case_id: string;
  type: string;
  from_status: string | null;
  to_status: string | null;
  actor_user_id: string | null;
  actor_org_id: string | null;
  reason: string | null;
  legal_basis: string | null;
  visible_to_org_id: string | null;
  body: string | null;
  /** JSON details of the event. */
  data: string;
  created_at: Timestamp;
}

export interface RoutingRulesTable {
  id: string;
  name: string;
  priority: number;
  enabled: Flag;
  /** JSON: the rule's `when` and `then`. */
  rule: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface DisposalOrdersTable {
  id: string;
  case_id: string;
  issuing_org_id: string;
  executing_org_id: string;
  kind: string;
  target_urls: string;
  instructions: string | null;
  legal_basis: string;
  status: string;
  due_at: Timestamp;
  issued_by: string | null;
  issued_at: Timestamp;
  acknowledged_at: Timestamp | null;
  executed_at: Timestamp | null;
  execution_note: string | null;
  proof_urls: string;
  verified_at: Timestamp | null;
  dispute_reason: string | null;
  updated_at: Timestamp;
}

export interface NotificationsOutboxTable {
  id: string;
  /** email or webhook. */
  channel: string;
  event_type: string;
  object_type: string | null;
  object_id: string | null;
  subscription_id: string | null;
  /** The e-mail address in the clear; null for webhooks and sealed (sensitive) messages. */
  recipient: string | null;
  /** JSON: an e-mail's subject and text, or a webhook's body; '{}' when sealed. */
  payload: string;
  /** Recipient and content of a sensitive e-mail, sealed with context `outbox:<id>`. */
  sealed: string | null;
  /** pending, delivering, delivered, failed (to be retried), dead, skipped. */
  status: string;
  attempts: number;
  next_attempt_at: Timestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  created_at: Timestamp;
  delivered_at: Timestamp | null;
}

export interface InboxItemsTable {
  id: string;
  user_id: string;
  event_type: string;
  title_zh: string;
  title_en: string;
  body_zh: string;
  body_en: string;
  link: string | null;
  object_type: string | null;
  object_id: string | null;
  created_at: Timestamp;
  read_at: Timestamp | null;
}

export interface WebhookSubscriptionsTable {
  id: string;
  org_id: string;
  url: string;
  description: string | null;
  /** The signing secret, sealed with context `webhook_subscriptions:<id>`. */
  secret_sealed: string;
  /** JSON array of event types, or ["*"]. */
  events: string;
  active: Flag;
  created_by: string | null;
  created_at: Timestamp;
  removed_at: Timestamp | null;
}

export interface WebhookDeliveriesTable {
  id: string;
  subscription_id: string;
  outbox_id: string;
  event_type: string;
  attempt: number;
  status_code: number | null;
  duration_ms: number;
  error: string | null;
  at: Timestamp;
}

/** A file an agency attached to a case; the bytes are the blob of `sha256`. */
export interface CaseAttachmentsTable {
  id: string;
  case_id: string;
  sha256: string;
  size: ColumnType<number | string, number, number>;
  media_type: string;
  file_name: string;
  uploaded_by: string;
  org_id: string;
  /** internal (the uploading agency only) or shared (every agency on the case). */
  visibility: string;
  created_at: Timestamp;
}

/** The stored answer of a write sent with an `Idempotency-Key`, replayed to retries for 24 hours. */
export interface IdempotencyKeysTable {
  /** `user:<id>` or `token:<id>`: keys are scoped to who sent them. */
  principal: string;
  key: string;
  /** Method and route pattern: `POST /api/v1/orders/:id/acknowledge`. */
  route: string;
  /** SHA-256 of the method, path and canonical JSON body. */
  request_hash: string;
  response_status: number;
  /** JSON text of the response body. */
  response_body: string;
  created_at: Timestamp;
}

/** A report's MinHash signature (`SIGNATURE_SIZE` little-endian 32-bit words), see modules/similarity. */
export interface NearDuplicateSignaturesTable {
  report_id: string;
  signature: Buffer;
  created_at: Timestamp;
}

/** The LSH index: one row per report and band, keyed by the band's bucket hash. */
export interface NearDuplicateBandsTable {
  band: number;
  bucket: number;
  report_id: string;
}

/** A document in the full-text index (report, case, registry entity), numbered for compact postings. */
export interface SearchDocumentsTable {
  doc_no: ColumnType<number, number | undefined, never>;
  doc_type: string;
  doc_id: string;
  created_at: Timestamp;
  length: number;
}

/** The inverted index: one row per term per document; `doc_type` is a code (1 report, 2 case, 3 entity). */
export interface SearchPostingsTable {
  term: string;
  doc_type: number;
  doc_no: number;
  tf: number;
}

/** Reports stored but not yet in the full-text index, in the order they came (see the search indexer). */
/** A report whose signature is stored and whose band rows the near-duplicate indexer has yet to write. */
export interface NearDuplicateBandQueueTable {
  seq: ColumnType<number, number | undefined, never>;
  report_id: string;
}

export interface SearchIndexQueueTable {
  seq: ColumnType<number, number | undefined, never>;
  report_id: string;
}

/** A person an enterprise authorizes to act for it; identified by keyed hashes, shown masked. */
export interface EnterpriseRepresentativesTable {
  id: string;
  org_id: string;
  name: string;
  /** The name as compared: NFKC, no spaces, lower case. */
  name_key: string;
  title: string | null;
  id_hash: string | null;
  id_masked: string | null;
  phone_hash: string | null;
  phone_masked: string | null;
  /** `YYYY-MM-DD`, the last day the authorization holds; null until revoked. */
  valid_until: string | null;
  /** active or revoked. */
  status: string;
  created_by: string | null;
  created_at: Timestamp;
  revoked_by: string | null;
  revoked_at: Timestamp | null;
  revoked_reason: string | null;
}

/** The regulator's liaison assigned to an enterprise. */
export interface EnterpriseLiaisonsTable {
  enterprise_org_id: string;
  liaison_user_id: string;
  assigned_by: string | null;
  assigned_at: Timestamp;
}

/** Every table Kysely knows about. Migrations never import this: they take `Kysely<any>`. */
export interface LegalProvisionsTable {
  id: string;
  /** Stable code decisions cite, e.g. `CL-274`; each change is a new version under the same code. */
  code: string;
  version: number;
  title: string;
  /** The law or regulation, e.g. 《中华人民共和国刑法》. */
  source: string;
  article: string | null;
  text: string;
  /** `YYYY-MM-DD`, inclusive. */
  effective_from: string;
  /** `YYYY-MM-DD`, exclusive; null while in force. */
  effective_to: string | null;
  change_reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface AdmissibilityCriteriaVersionsTable {
  version: number;
  /** Canonical JSON of the criteria list. */
  criteria: string;
  sha256: string;
  change_reason: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

/** An entity of the offender registry; its identifiers are `indicator_occurrences` rows with subject_type 'entity'. */
export interface RegistryEntitiesTable {
  /** UUIDv7. */
  id: string;
  /** website, account, practitioner, intermediary, payment_account. */
  kind: string;
  display_name: string;
  /** suspected, confirmed, cleared. */
  status: string;
  /** The survivor this entity was merged into; reads resolve to it. */
  merged_into: string | null;
  /** JSON: platform, handle, role, nationalIdMasked, nationalIdHash, uscc, channel. */
  attributes: string;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A violation on record against an entity; append-only. */
export interface RegistryRecordsTable {
  id: string;
  entity_id: string;
  case_id: string;
  summary: string;
  /** JSON array of evidence references. */
  evidence: string;
  source_org_id: string;
  legal_basis: string;
  occurred_at: Timestamp;
  recorded_by: string | null;
  recorded_at: Timestamp;
}

/** A change of an entity's status; append-only. */
export interface RegistryStatusChangesTable {
  id: string;
  entity_id: string;
  from_status: string;
  to_status: string;
  reason: string;
  legal_basis: string;
  changed_by: string | null;
  changed_at: Timestamp;
}

/** A merge of one entity into another, and its split when undone. */
export interface RegistryMergesTable {
  id: string;
  survivor_id: string;
  absorbed_id: string;
  reason: string;
  /** JSON MergePlan (server/modules/registry/merge-plan.ts). */
  plan: string;
  merged_by: string | null;
  merged_at: Timestamp;
  split_reason: string | null;
  split_by: string | null;
  split_at: Timestamp | null;
}

/** Occurrences per indicator value, kept in step with `indicator_occurrences` by triggers (migration 20261128690000). */
export interface IndicatorValueCountsTable {
  type: string;
  value: string;
  occurrences: ColumnType<number | string, number, number>;
}

/** An indicator value that never links subjects (customer-service numbers and the like); it still counts. */
export interface IndicatorWarningListTable {
  type: string;
  value: string;
  reason: string;
  added_by: string | null;
  added_at: Timestamp;
}

export interface Database {
  deletion_requests: DeletionRequestsTable;
  deletion_request_reviews: DeletionRequestReviewsTable;
  deletion_request_signals: DeletionRequestSignalsTable;
  deletion_request_events: DeletionRequestEventsTable;
  reports: ReportsTable;
  report_events: ReportEventsTable;
  evidence_blobs: EvidenceBlobsTable;
  report_evidence: ReportEvidenceTable;
  indicator_occurrences: IndicatorOccurrencesTable;
  recent_indicator_occurrences: RecentIndicatorOccurrencesTable;
  audit_events: AuditEventsTable;
  challenge_spends: ChallengeSpendsTable;
  organizations: OrganizationsTable;
  users: UsersTable;
  user_roles: UserRolesTable;
  invitations: InvitationsTable;
  sessions: SessionsTable;
  recovery_codes: RecoveryCodesTable;
  api_tokens: ApiTokensTable;
  cases: CasesTable;
  case_counters: CaseCountersTable;
  case_agencies: CaseAgenciesTable;
  case_reports: CaseReportsTable;
  case_events: CaseEventsTable;
  legal_provisions: LegalProvisionsTable;
  admissibility_criteria_versions: AdmissibilityCriteriaVersionsTable;
  enterprise_representatives: EnterpriseRepresentativesTable;
  enterprise_liaisons: EnterpriseLiaisonsTable;
  routing_rules: RoutingRulesTable;
  disposal_orders: DisposalOrdersTable;
  notifications_outbox: NotificationsOutboxTable;
  inbox_items: InboxItemsTable;
  webhook_subscriptions: WebhookSubscriptionsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  case_attachments: CaseAttachmentsTable;
  idempotency_keys: IdempotencyKeysTable;
  near_duplicate_signatures: NearDuplicateSignaturesTable;
  near_duplicate_bands: NearDuplicateBandsTable;
  near_duplicate_band_queue: NearDuplicateBandQueueTable;
  search_documents: SearchDocumentsTable;
  search_postings: SearchPostingsTable;
  search_index_queue: SearchIndexQueueTable;
  registry_entities: RegistryEntitiesTable;
  indicator_warning_list: IndicatorWarningListTable;
  indicator_value_counts: IndicatorValueCountsTable;
  registry_records: RegistryRecordsTable;
  registry_status_changes: RegistryStatusChangesTable;
  registry_merges: RegistryMergesTable;
}

export type ReportRow = Selectable<ReportsTable>;
export type NewReportRow = Insertable<ReportsTable>;
export type ReportEventRow = Selectable<ReportEventsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type OrganizationRow = Selectable<OrganizationsTable>;
export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type CaseRow = Selectable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
export type DisposalOrderRow = Selectable<DisposalOrdersTable>;
export type OutboxRow = Selectable<NotificationsOutboxTable>;
export type InboxItemRow = Selectable<InboxItemsTable>;
export type WebhookSubscriptionRow = Selectable<WebhookSubscriptionsTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;

/** A deletion request a website received (mechanism 6). */
export interface DeletionRequestsTable {
  id: string;
  website_org_id: string;
  channel: string;
  /** How the requester reached the website (`CONTACT_CHANNELS`); null when not recorded. */
  contact_channel: string | null;
  requester_kind: string;
  requester_name: string;
  requester_key: string;
  requester_contact: string | null;
  principal_name: string | null;
  principal_uscc: string | null;
  authority_answer: string | null;
  authorization_document: string | null;
  target_urls: string;
  reason: string;
  legal_basis_cited: string | null;
  money: string | null;
  status: string;
  risk_score: number;
  decision_provisions: string;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
  execution_note: string | null;
  executed_at: Timestamp | null;
  referred_report_id: string | null;
  created_by_type: string;
  created_by: string | null;
  received_at: Timestamp;
  updated_at: Timestamp;
}

export interface DeletionRequestReviewsTable {
  id: string;
  request_id: string;
  step: string;
  passed: number;
  criteria_version: number | null;
  answers: string;
  note: string | null;
  reviewer_id: string | null;
  reviewed_at: Timestamp;
}

export interface DeletionRequestSignalsTable {
  request_id: string;
  code: string;
  severity: string;
  words_zh: string;
  words_en: string;
  created_at: Timestamp;
}

export interface DeletionRequestEventsTable {
  id: string;
  request_id: string;
  action: string;
  from_status: string | null;
  to_status: string;
  actor_type: string;
  actor_id: string | null;
  note: string | null;
  occurred_at: Timestamp;
}

export type DeletionRequestRow = Selectable<DeletionRequestsTable>;
