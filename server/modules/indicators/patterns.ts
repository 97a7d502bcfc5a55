/**
 * The regular expressions the extractor runs on NFKC-normalized text. Every one of them is built so
 * that it cannot backtrack catastrophically: repetitions are bounded or separated by a character the
 * repeated part cannot contain, and open-ended runs are anchored by a look-behind so that a run is
 * tried from its start only.
 */

/** Province abbreviations used in ICP and public-security filing numbers. */
export const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';

/** An ICP filing (备) or licence (证) number: `京ICP备12345678号-1`, `京ICP证123456号`. */
export const ICP = new RegExp(
  `[${PROVINCES}]\\s{0,2}ICP\\s{0,2}[备证]\\s{0,2}\\d{5,12}(?:\\s{0,2}-\\s{0,2}\\d{1,4}(?!\\d))?(?:\\s{0,2}号)?(?:\\s{0,2}-\\s{0,2}\\d{1,4}(?!\\d))?`,
  'gi',
);

/** The same, as a whole string after whitespace is removed, with its parts captured. */
export const ICP_EXACT = new RegExp(`^([${PROVINCES}])ICP([备证])(\\d{5,12})(?:-(\\d{1,4}))?(号)?(?:-(\\d{1,4}))?$`, 'i');

/** A public-security filing number (`京公网安备11010502030143号`): a different register, never an ICP number. */
export const PUBLIC_SECURITY_FILING = new RegExp(`[${PROVINCES}]\\s{0,2}公网安备\\s{0,2}\\d{5,20}(?:\\s{0,2}号)?`, 'g');

/** The kinds of account a keyword announces. `phone` keywords only join lists like `手机/微信：…`. */
export type KeywordKind = 'qq' | 'wechat' | 'alipay' | 'phone';

/**
 * Keywords that announce an account. ASCII keywords must stand alone (`wxid_…` and `qq_fan` are WeChat
 * IDs, not the keywords `wx` and `qq`), but digits may follow directly (`QQ12345678`, `vx13812345678`).
 */
const KEYWORD_SOURCE = [
  String.raw`(?<![A-Za-z0-9_])(?:qq|q(?=号)|vx|wx|weixin|wechat|alipay|tel|phone|mobile)(?![A-Za-z_])`,
  String.raw`(?<![A-Za-z])v信`,
  // 加V: "add me on WeChat", the usual slang in paid-deletion ads.
  String.raw`(?<=加)v(?![A-Za-z_])`,
  '微信|薇信|威信|扣扣|企鹅(?=号)|支付宝|手机|电话',
].join('|');

/** Every account keyword in a text. */
export const KEYWORD = new RegExp(KEYWORD_SOURCE, 'gi');
/** An account keyword exactly at `lastIndex`. */
export const KEYWORD_AT = new RegExp(KEYWORD_SOURCE, 'iy');

/** Which kind of account a keyword (as matched) announces. */
export function keywordKind(keyword: string): KeywordKind {
  const lower = keyword.toLowerCase();
  if (lower === 'qq' || lower === 'q' || lower === '扣扣' || lower === '企鹅') return 'qq';
  if (lower === 'alipay' || lower === '支付宝') return 'alipay';
  if (lower === 'tel' || lower === 'phone' || lower === 'mobile' || lower === '手机' || lower === '电话') return 'phone';
  return 'wechat';
}

/** What may join two keywords in a list: `QQ/微信`, `手机、微信`, `微信或QQ`, `手机微信`. */
export const KEYWORD_JOINER_AT = /\s{0,2}(?:[/、,&|+]|和|或|及|与|同|or|and)?\s{0,2}/iy;

/**
 * What may stand between a keyword and the value it announces: `号`, `号码`, `账号`, `ID`, `同号`
 * (same number as the phone), `是`, a colon or equals sign, an opening bracket or quote before or after
 * them (`微信（ID：abc123）`, `微信：“abc123”`), spaces.
 * Every part is optional and bounded, so this always matches and never backtracks far.
 */
export const FILLER_AT =
  /\s{0,3}[[(<“"'‘「『【《]?\s{0,2}(?:同号|号码|账号|帐号|账户|号|id(?![\w-]))?\s{0,3}(?:是|为)?\s{0,3}[:=-]?\s{0,3}[[(<“"'‘「『【《]?\s{0,2}/iy;

/** A keyword list that follows a value in brackets, `13812345678（微信同号）`, ends with this. */
export const TRAILING_KEYWORD_CLOSE_AT = /(?:同号|号)?\s{0,2}\)/y;
/** A keyword list that follows a value without brackets must say it is the same number: `13812345678 微信同号`. */
export const TRAILING_SAME_NUMBER_AT = /同号/y;

/**
 * A WeChat ID: 6–20 characters, a letter first, then letters, digits, `_` or `-`. Not the start of an
 * e-mail address or a dotted name.
 */
export const WECHAT_ID_AT = /[A-Za-z][A-Za-z0-9_-]{5,19}(?![A-Za-z0-9_@-])(?!\.[A-Za-z0-9])/y;
/** The same, as a whole string. */
export const WECHAT_ID_EXACT = /^[A-Za-z][A-Za-z0-9_-]{5,19}$/;

/**
 * An e-mail address candidate. The look-behind makes the local part start where its run of characters
 * starts, which keeps a long run without `@` from being retried from every position; the domain part is
 * dot-separated labels. `validEmailParts` checks the rest.
 */
export const EMAIL = /(?<![A-Za-z0-9._%+-])([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+)/g;
/** The same candidate exactly at `lastIndex` (after a keyword). */
export const EMAIL_AT = /([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+)/y;

/** A bare host name mention: a run of letters, digits, dots and hyphens that starts a word. */
export const DOMAIN_TOKEN = /(?<![A-Za-z0-9@._%+\\/-])[A-Za-z0-9][A-Za-z0-9.-]*/g;

/** An 18-character code standing alone: candidate unified social credit code. */
export const USCC_TOKEN = /(?<![A-Za-z0-9])[A-Za-z0-9]{18}(?![A-Za-z0-9])/g;

/**
 * Keywords after which a number is an order, waybill, transaction or identity-document number and so
 * not an indicator, whatever check it happens to pass.
 */
export const NOT_AN_INDICATOR_KEYWORD =
  /单号|订单编号|交易编号|流水号|交易号|证件号|身份证|(?<![A-Za-z])(?:order|tracking|invoice|transaction)\s?(?:no\.?|number|id)(?![A-Za-z])/gi;
/** The number such a keyword announces: letters and digits, possibly in dash- or slash-separated blocks. */
export const ANNOUNCED_NUMBER_AT = /[A-Za-z0-9]{1,64}(?:[/-][A-Za-z0-9]{1,64}){0,8}/y;

/** Keywords that announce a bank card number; then the issuer and date heuristics are not needed. */
export const BANK_CARD_KEYWORD =
  /银行卡号?|卡号|银行账号|银行账户|收款账号|(?<![A-Za-z])(?:bank\s?card|card\s?(?:no\.?|number))(?![A-Za-z])/gi;

/** Amounts of money and percentages: numbers after a currency sign or before a currency unit, and numbers with thousands separators. */
export const AMOUNTS = [
  /(?<![\d.,])(?:[¥$€£]|(?<![A-Za-z0-9])(?:RMB|CNY)|人民币)\s?\d+(?:[.,]\d+)*/gi,
  /(?<![\d.,])\d+(?:[.,]\d+)*\s?(?:元|块|角|万|千|百|亿|美元|美金|刀|%|‰)/g,
  /(?<![\d.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)/g,
];
