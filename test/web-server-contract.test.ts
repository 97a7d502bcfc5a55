import dayjs from 'dayjs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAYMENT_CHANNELS, REPORT_CATEGORIES } from '../contracts/reports';
import { fieldProblemsFromValidation } from '../server/http/problem';
import { compileSchema, createAjv } from '../server/http/validation';
import { checkSubmission } from '../server/modules/intake/report-checks';
import { ReportSubmission } from '../server/modules/intake/reports.schemas';
import { generateAccessKey, generateTrackingCode, normalizeTrackingCode as serverNormalize } from '../server/modules/intake/tracking-code';
import { type ReportFormValues, isHttpUrl, isValidUscc, toSubmission } from '../web/features/reports/report-form';
import { isWellFormedTrackingCode, normalizeAccessKey, normalizeTrackingCode } from '../web/features/reports/tracking-code';

const validate = compileSchema(createAjv(), ReportSubmission);

/** Form values the web form's own checks let through. */
const formValues: fc.Arbitrary<ReportFormValues> = fc.record({
  category: fc.constantFrom(...REPORT_CATEGORIES),
  description: fc.string({ minLength: 20, maxLength: 300 }).filter((d) => d.trim().length >= 20),
  targetUrls: fc.array(fc.webUrl({ validSchemes: ['http', 'https'] }), { maxLength: 5 }).map((urls) => urls.join('\n')),
  platform: fc.option(fc.string({ maxLength: 50 }), { nil: undefined }),
  occurredAt: fc.option(
    fc.date({ min: new Date('2020-01-01'), max: new Date('2026-01-01'), noInvalidDate: true }).map((d) => dayjs(d)),
    { nil: null },
  ),
  money: fc.record({
    amount: fc.option(fc.integer({ min: 0, max: 1_000_000 }), { nil: null }),
    currency: fc.constantFrom('CNY', 'USD', 'HKD'),
    channel: fc.option(fc.constantFrom(...PAYMENT_CHANNELS), { nil: undefined }),
  }),
  reporter: fc.oneof(
    fc.record({ kind: fc.constant('anonymous' as const) }),
    fc.record({
      kind: fc.constant('individual' as const),
      name: fc.constantFrom('张三', 'Li Lei'),
      phone: fc.constantFrom('13800001111', '+86 139-0000-2222'),
      email: fc.constantFrom('a@example.com', 'reporter@example.cn'),
      contactConsent: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('enterprise' as const),
      enterprise: fc.record({ name: fc.constant('某某科技有限公司'), uscc: fc.constantFrom('91350100M000100Y43', '91110000600037341l') }),
      email: fc.constant('legal@example.com'),
      contactConsent: fc.boolean(),
    }),
  ),
});

describe('the web form and the server agree', () => {
  it('every body the form builds from values its checks pass is accepted by the server', () => {
    fc.assert(
      fc.property(formValues, (values) => {
        fc.pre(values.targetUrls!.split('\n').every((u) => !u || isHttpUrl(u)));
        const body = toSubmission(values);
        const schemaOk = validate(body);
        expect(fieldProblemsFromValidation(validate.errors ?? [])).toEqual([]);
        expect(schemaOk).toBe(true);
        expect(checkSubmission(body as ReportSubmission)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('judges credit codes the same way', () => {
    for (const code of ['91350100M000100Y43', '91350100M000100Y44', '91110000600037341L', 'short']) {
      expect(isValidUscc(code)).toBe(
        checkSubmission({
          category: 'other',
          description: 'x'.repeat(20),
          reporter: { anonymous: false, enterprise: { name: 'n', uscc: code } },
        }).length === 0,
      );
    }
  });

  it('accepts every code the server issues, and refuses a mistyped one before sending it', () => {
    for (let i = 0; i < 200; i++) {
      const code = generateTrackingCode();
      const typed = `${code.slice(0, 2)}-${code.slice(2, 6)} ${code.slice(6)}`.toLowerCase();
      expect(isWellFormedTrackingCode(normalizeTrackingCode(typed))).toBe(true);
      const wrong = code.slice(0, 5) + (code[5] === 'A' ? 'B' : 'A') + code.slice(6);
      expect(isWellFormedTrackingCode(normalizeTrackingCode(wrong))).toBe(serverNormalize(wrong) !== null);
      expect(isWellFormedTrackingCode(normalizeTrackingCode(wrong))).toBe(false);
    }
    const key = generateAccessKey();
    expect(normalizeAccessKey(key.toLowerCase())).toBe(key);
  });
});
