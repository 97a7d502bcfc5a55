/**
 * Indicator types (特征): the identifiers that tie reports, cases and registry entities together.
 * Each is stored in one canonical form so the same phone number written five ways is one value.
 */
export const INDICATOR_TYPES = ['phone', 'email', 'qq', 'wechat', 'alipay', 'url', 'domain', 'bank_card', 'uscc', 'icp'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** One indicator found in a text; `start`/`end` are UTF-16 offsets into the text as given. */
export interface ExtractedIndicator {
  type: IndicatorType;
  value: string;
  start: number;
  end: number;
}
