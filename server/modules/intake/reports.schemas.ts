import Type, { type Static } from 'typebox';
import {
  DESCRIPTION_MAX_LENGTH,
  DESCRIPTION_MIN_LENGTH,
  PAYMENT_CHANNELS,
  REPORT_CATEGORIES,
  REPORT_STATUSES,
  TARGET_URLS_MAX,
} from '../../../contracts/reports';
import { StringEnum } from '../../http/schema-helpers';

/** The body of `POST /api/v1/reports` (JSON, or the `report` part of a multipart request). */
export const ReportSubmission = Type.Object(
  {
    category: StringEnum(REPORT_CATEGORIES, { description: 'What the report is about' }),
    description: Type.String({
      minLength: DESCRIPTION_MIN_LENGTH,
      maxLength: DESCRIPTION_MAX_LENGTH,
      description: 'What happened, in the reporter’s words',
    }),
    targetUrls: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 2048, description: 'An http(s) address of a post or page involved' }), {
        maxItems: TARGET_URLS_MAX,
      }),
    ),
    platform: Type.Optional(Type.String({ maxLength: 200, description: 'The website or app involved' })),
    occurredAt: Type.Optional(Type.String({ format: 'date-time', description: 'When it happened (RFC 3339)' })),
    money: Type.Optional(
      Type.Object(
        {
          amount: Type.Optional(Type.Number({ minimum: 0, maximum: 1e12, description: 'What was demanded or paid' })),
          currency: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 4217, default CNY' })),
          channel: Type.Optional(StringEnum(PAYMENT_CHANNELS, { description: 'How it was to be paid' })),
        },
        { additionalProperties: false },
      ),
    ),
    reporter: Type.Object(
      {
        anonymous: Type.Boolean({ description: 'True to report without any identity; the tracking code and key still work' }),
        name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
        phone: Type.Optional(Type.String({ minLength: 3, maxLength: 40 })),
        email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
        enterprise: Type.Optional(
          Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 200 }),
              uscc: Type.String({ minLength: 18, maxLength: 18, description: 'Unified social credit code' }),
            },
            { additionalProperties: false },
          ),
        ),
        contactConsent: Type.Optional(Type.Boolean({ description: 'The reporter agrees to be contacted about the report' })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false, $id: 'ReportSubmission' },
);
export type ReportSubmission = Static<typeof ReportSubmission>;

const EvidenceReceipt = Type.Object({
  fileName: Type.String(),
  sha256: Type.String(),
  size: Type.Integer(),
  mediaType: Type.String(),
});

/** 201 answer: shown once, the access key is never retrievable again. */
export const ReportReceiptSchema = Type.Object(
  {
    trackingCode: Type.String({ description: 'Short code to quote; with a check character' }),
    accessKey: Type.String({ description: 'Secret to follow the report; only its hash is stored' }),
    status: StringEnum(REPORT_STATUSES),
    receivedAt: Type.String({ format: 'date-time' }),
    evidence: Type.Array(EvidenceReceipt),
  },
  { $id: 'ReportReceipt' },
);

export const ReportTrackingSchema = Type.Object(
  {
    trackingCode: Type.String(),
    category: StringEnum(REPORT_CATEGORIES),
    status: StringEnum(REPORT_STATUSES),
    statusText: Type.String(),
    receivedAt: Type.String({ format: 'date-time' }),
    updatedAt: Type.String({ format: 'date-time' }),
    steps: Type.Array(
      Type.Object({
        status: Type.String(),
        at: Type.String({ format: 'date-time' }),
        title: Type.String(),
        note: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
    result: Type.Union([
      Type.Object({ code: Type.String(), text: Type.String(), note: Type.Union([Type.String(), Type.Null()]) }),
      Type.Null(),
    ]),
    evidenceCount: Type.Integer(),
  },
  { $id: 'ReportTracking' },
);

export const TrackingParams = Type.Object({ trackingCode: Type.String({ minLength: 1, maxLength: 40 }) });

export const PublicConfigSchema = Type.Object({
  challenge: Type.Boolean(),
  evidence: Type.Object({ maxFiles: Type.Integer(), maxFileBytes: Type.Integer(), allowedTypes: Type.Array(Type.String()) }),
});
