import type { Locale } from './locale';

/**
 * Every problem a client can meet, with its stable code, HTTP status and localized title.
 * The code is the last segment of the problem `type` URI and never changes once published.
 */
export const PROBLEMS = {
  validation: { status: 400, 'zh-CN': '提交的内容有误，请按提示修改', en: 'The request has invalid fields' },
  malformed_body: { status: 400, 'zh-CN': '请求内容无法解析', en: 'The request body could not be parsed' },
  unauthenticated: { status: 401, 'zh-CN': '请先登录', en: 'Sign-in required' },
  invalid_credentials: {
    status: 401,
    'zh-CN': '邮箱或密码不正确；连续多次失败后账号会暂时锁定',
    en: 'Wrong e-mail or password; repeated failures lock the account for a while',
  },
  second_factor_required: { status: 401, 'zh-CN': '请输入身份验证器中的动态验证码', en: 'Enter the code from your authenticator app' },
  second_factor_invalid: { status: 401, 'zh-CN': '动态验证码或恢复码不正确', en: 'The authentication code or recovery code is wrong' },
  invalid_token: { status: 401, 'zh-CN': 'API 令牌无效、已过期或已吊销', en: 'The API token is invalid, expired or revoked' },
  forbidden: { status: 403, 'zh-CN': '您没有执行此操作的权限', en: 'You are not allowed to do this' },
  csrf_failed: {
    status: 403,
    'zh-CN': '请求校验失败，请刷新页面后重试',
    en: 'The request could not be verified; reload the page and try again',
  },
  two_factor_enrolment_required: {
    status: 403,
    'zh-CN': '您的账号需要先启用双因素认证',
    en: 'Your account must set up two-factor sign-in first',
  },
  challenge_required: { status: 403, 'zh-CN': '请先完成人机验证', en: 'Please complete the verification challenge' },
  challenge_failed: {
    status: 403,
    'zh-CN': '人机验证未通过或已过期，请重试',
    en: 'The verification challenge failed or expired; please try again',
  },
  not_found: { status: 404, 'zh-CN': '未找到所请求的资源', en: 'Not found' },
  report_not_found: { status: 404, 'zh-CN': '未找到该举报，或访问密钥不正确', en: 'No report found for this tracking code and access key' },
  invitation_not_found: {
    status: 404,
    'zh-CN': '邀请链接无效、已使用或已过期，请联系管理员重新邀请',
    en: 'This invitation link is invalid, used or expired; ask your administrator for a new one',
  },
  method_not_allowed: { status: 405, 'zh-CN': '不支持该请求方法', en: 'Method not allowed' },
  conflict: { status: 409, 'zh-CN': '操作与当前状态冲突', en: 'The request conflicts with the current state' },
  idempotency_key_in_flight: {
    status: 409,
    'zh-CN': '使用同一幂等键的请求仍在处理中，请稍后重试',
    en: 'A request with this Idempotency-Key is still being processed; retry later',
  },
  idempotency_key_reused: {
    status: 422,
    'zh-CN': '该幂等键已用于另一个不同的请求',
    en: 'This Idempotency-Key was already used for a different request',
  },
  payload_too_large: { status: 413, 'zh-CN': '提交的内容或文件过大', en: 'The request or one of its files is too large' },
  too_many_files: { status: 413, 'zh-CN': '证据材料文件数量超出上限', en: 'Too many evidence files' },
  unsupported_media_type: { status: 415, 'zh-CN': '不支持的请求格式', en: 'Unsupported request content type' },
  evidence_type_not_allowed: { status: 415, 'zh-CN': '不支持该类型的证据文件', en: 'This type of evidence file is not accepted' },
  rate_limited: { status: 429, 'zh-CN': '操作过于频繁，请稍后再试', en: 'Too many requests; please try again later' },
  internal: { status: 500, 'zh-CN': '服务器内部错误，请稍后再试', en: 'Internal server error; please try again later' },
  unavailable: { status: 503, 'zh-CN': '服务暂不可用，请稍后再试', en: 'Service temporarily unavailable' },
} as const satisfies Record<string, { status: number } & Record<Locale, string>>;

export type ProblemCode = keyof typeof PROBLEMS;

/** Field-level messages, keyed by what went wrong; `{x}` is replaced from the params. */
export const FIELD_MESSAGES = {
  required: { 'zh-CN': '此项为必填项', en: 'This field is required' },
  type: { 'zh-CN': '格式不正确，应为{type}', en: 'Must be of type {type}' },
  minLength: { 'zh-CN': '至少需要 {limit} 个字符', en: 'Must be at least {limit} characters' },
  maxLength: { 'zh-CN': '不能超过 {limit} 个字符', en: 'Must be at most {limit} characters' },
  minItems: { 'zh-CN': '至少需要 {limit} 项', en: 'Must have at least {limit} items' },
  maxItems: { 'zh-CN': '不能超过 {limit} 项', en: 'Must have at most {limit} items' },
  minimum: { 'zh-CN': '不能小于 {limit}', en: 'Must be at least {limit}' },
  maximum: { 'zh-CN': '不能大于 {limit}', en: 'Must be at most {limit}' },
  enum: { 'zh-CN': '取值不在允许范围内：{allowed}', en: 'Must be one of: {allowed}' },
  const: { 'zh-CN': '取值不正确', en: 'Has an unexpected value' },
  format: { 'zh-CN': '格式不正确（{format}）', en: 'Is not a valid {format}' },
  pattern: { 'zh-CN': '格式不正确', en: 'Has an invalid format' },
  additionalProperties: { 'zh-CN': '不认识的字段', en: 'Unknown field' },
  uniqueItems: { 'zh-CN': '不能有重复项', en: 'Must not contain duplicates' },
  invalid: { 'zh-CN': '内容无效', en: 'Is invalid' },
  url: { 'zh-CN': '请输入以 http:// 或 https:// 开头的有效网址', en: 'Must be a valid http:// or https:// address' },
  webhookHttpsRequired: { 'zh-CN': 'Webhook 地址须以 https:// 开头', en: 'A webhook address must start with https://' },
  webhookUrlParts: {
    'zh-CN': 'Webhook 地址不能包含用户名、密码或 # 片段',
    en: 'A webhook address must not contain a user name, password or # fragment',
  },
  webhookPrivateAddress: {
    'zh-CN': 'Webhook 地址不能指向本机、内网或保留地址',
    en: 'A webhook address must not point to this host, a private network or a reserved address',
  },
  tooManyWebhooks: { 'zh-CN': '每个机构最多 {limit} 个 Webhook 订阅', en: 'At most {limit} webhook subscriptions per organization' },
  uscc: {
    'zh-CN': '统一社会信用代码无效（18 位，校验位需正确）',
    en: 'Not a valid unified social credit code (18 characters with a correct check character)',
  },
  phone: { 'zh-CN': '电话号码无效', en: 'Not a valid phone number' },
  email: { 'zh-CN': '电子邮箱地址无效', en: 'Not a valid e-mail address' },
  anonymousWithIdentity: {
    'zh-CN': '匿名举报不能同时填写身份或联系方式',
    en: 'An anonymous report cannot carry identity or contact details',
  },
  identityRequired: {
    'zh-CN': '实名举报请至少填写姓名、电话、邮箱或企业信息之一',
    en: 'A named report needs at least a name, phone, e-mail or enterprise',
  },
  consentNeedsContact: {
    'zh-CN': '同意联系时请留下电话或电子邮箱',
    en: 'Give a phone or e-mail to be contacted',
  },
  occurredInFuture: { 'zh-CN': '发生时间不能晚于现在', en: 'Cannot be in the future' },
  fileTooLarge: { 'zh-CN': '文件“{name}”超过 {limit} MB', en: 'File "{name}" is larger than {limit} MB' },
  fileTypeNotAllowed: {
    'zh-CN': '文件“{name}”的类型（{type}）不在允许范围内：图片、PDF、纯文本、音频、视频或 ZIP',
    en: 'File "{name}" ({type}) is not an accepted type: images, PDF, plain text, audio, video or ZIP',
  },
  fileEmpty: { 'zh-CN': '文件“{name}”是空文件', en: 'File "{name}" is empty' },
  tooManyFiles: { 'zh-CN': '最多上传 {limit} 个文件', en: 'At most {limit} files' },
  unknownPart: { 'zh-CN': '不认识的表单字段“{name}”', en: 'Unknown form field "{name}"' },
  reportPartMissing: { 'zh-CN': '缺少举报内容（report 字段）', en: 'The "report" field is missing' },
  json: { 'zh-CN': '不是有效的 JSON', en: 'Is not valid JSON' },
  passwordTooShort: { 'zh-CN': '密码至少需要 {limit} 个字符', en: 'Use at least {limit} characters' },
  passwordTooLong: { 'zh-CN': '密码不能超过 {limit} 个字符', en: 'Use at most {limit} characters' },
  passwordCommon: {
    'zh-CN': '这个密码太常见或容易被猜到，请换一个',
    en: 'This password is too common or easy to guess; choose another',
  },
  passwordContainsIdentity: { 'zh-CN': '密码不能包含您的邮箱名或姓名', en: 'The password must not contain your e-mail name or your name' },
  passwordWrong: { 'zh-CN': '当前密码不正确', en: 'The current password is wrong' },
  totpRequired: { 'zh-CN': '您的角色要求启用双因素认证', en: 'Your roles require two-factor sign-in' },
  totpInvalid: {
    'zh-CN': '动态验证码不正确，请核对手机时间后重试',
    en: 'The code is wrong; check the time on your phone and try again',
  },
  emailTaken: { 'zh-CN': '该邮箱已有账号', en: 'An account with this e-mail already exists' },
  roleNotForOrgKind: { 'zh-CN': '该类型的机构不能设置角色“{role}”', en: 'Role "{role}" does not fit this kind of organization' },
  regionCode: { 'zh-CN': '行政区划代码应为 6 位数字', en: 'Must be a six-digit administrative division code' },
  parentNotFound: { 'zh-CN': '上级机构不存在或无权访问', en: 'No such parent organization, or not yours to manage' },
  parentRequired: { 'zh-CN': '请选择上级机构', en: 'Choose a parent organization' },
  notForOrgKind: { 'zh-CN': '该类型的机构不填写此项', en: 'Does not apply to this kind of organization' },
  domain: { 'zh-CN': '域名无效', en: 'Not a valid domain name' },
  cannotChangeSelf: {
    'zh-CN': '不能停用自己的账号或移除自己的管理员角色',
    en: 'You cannot disable yourself or remove your own admin role',
  },
  orgDisabled: { 'zh-CN': '该机构已停用', en: 'This organization is disabled' },
  reportAlreadyTriaged: {
    'zh-CN': '举报已处理过（已受理、合并或不予受理）',
    en: 'A report was already triaged (accepted, merged or not accepted)',
  },
  orderKindNotForOrg: { 'zh-CN': '不能向该类型的单位下达此类处置指令', en: 'This kind of order cannot go to this kind of organization' },
  dueInPast: { 'zh-CN': '期限须晚于现在', en: 'Must be in the future' },
  'routingRule.missing_id': {
    'zh-CN': '第 {rule} 条规则没有编号，案件无法引用它',
    en: 'Rule {rule} has no id, so a case could not name it',
  },
  'routingRule.duplicate_id': { 'zh-CN': '第 {rule} 条规则与第 {other} 条规则编号相同', en: 'Rule {rule} has the same id as rule {other}' },
  'routingRule.no_catch_all': {
    'zh-CN': '没有已启用的无条件规则：任何规则都不匹配的案件将没有主办单位',
    en: 'No enabled rule without conditions: a case that no rule matches would have no lead agency',
  },
  'routingRule.blank_name': { 'zh-CN': '第 {rule} 条规则没有名称', en: 'Rule {rule} has no name' },
  'routingRule.invalid_priority': {
    'zh-CN': '第 {rule} 条规则的优先级“{value}”不是大于等于 0 的整数',
    en: 'Rule {rule}: priority {value} is not a whole number ≥ 0',
  },
  'routingRule.unknown_category': { 'zh-CN': '第 {rule} 条规则：未知的举报类别“{value}”', en: "Rule {rule}: unknown category '{value}'" },
  'routingRule.unknown_target_kind': {
    'zh-CN': '第 {rule} 条规则：未知的举报对象类型“{value}”',
    en: "Rule {rule}: unknown target kind '{value}'",
  },
  'routingRule.unknown_org_kind': {
    'zh-CN': '第 {rule} 条规则：未知的机构类型“{value}”',
    en: "Rule {rule}: unknown organization kind '{value}'",
  },
  'routingRule.not_an_agency': {
    'zh-CN': '第 {rule} 条规则：“{value}”不是办理机构的类型',
    en: "Rule {rule}: '{value}' is not an agency kind",
  },
  'routingRule.empty_condition_list': {
    'zh-CN': '第 {rule} 条规则的条件是空列表；要匹配所有取值，请删除这一条件',
    en: 'Rule {rule}: a condition is an empty list; leave it out to match every value',
  },
  'routingRule.empty_region_prefix': { 'zh-CN': '第 {rule} 条规则有空的行政区划前缀', en: 'Rule {rule} has an empty region prefix' },
  'routingRule.invalid_region_prefix': {
    'zh-CN': '第 {rule} 条规则：行政区划前缀“{value}”应为行政区划代码的前 2、4 或 6 位数字（如 33、3301、330106）',
    en: "Rule {rule}: region prefix '{value}' is not 2, 4 or 6 digits of a region code (e.g. 33, 3301, 330106)",
  },
  'routingRule.fixed_without_org': {
    'zh-CN': '第 {rule} 条规则：指定机构时须选择机构',
    en: "Rule {rule}: region 'fixed' needs an organization",
  },
  'routingRule.org_with_region': {
    'zh-CN': '第 {rule} 条规则：已指定机构，区域来源却是“{value}”',
    en: "Rule {rule}: an organization is named, but the region is '{value}'",
  },
  'routingRule.unknown_org': { 'zh-CN': '第 {rule} 条规则：机构“{value}”不存在', en: "Rule {rule}: no organization '{value}'" },
  'routingRule.inactive_org': { 'zh-CN': '第 {rule} 条规则：机构“{value}”已停用', en: "Rule {rule}: organization '{value}' is disabled" },
  'routingRule.org_kind_mismatch': {
    'zh-CN': '第 {rule} 条规则：机构“{value}”的类型与规则要求的机构类型不符',
    en: "Rule {rule}: organization '{value}' is not of the kind the rule asks for",
  },
  'routingRule.assisting_same_as_lead': {
    'zh-CN': '第 {rule} 条规则：协办单位与主办单位相同，将始终被忽略',
    en: 'Rule {rule}: an assisting agency asks for the lead agency again; it would always be left out',
  },
  noLeadAgency: { 'zh-CN': '没有找到可主办的单位，请手动指定', en: 'No lead agency could be found; name one' },
  notEnrolled: { 'zh-CN': '尚未启用双因素认证', en: 'Two-factor sign-in is not set up' },
  notForEntityKind: { 'zh-CN': '该类型的登记对象不填写此项', en: 'Does not apply to this kind of entity' },
  identifierTaken: { 'zh-CN': '该标识已属于另一登记对象', en: 'This identifier already belongs to another entity' },
  indicatorNotInCase: { 'zh-CN': '本案的举报中没有这个特征', en: 'This indicator is not found in the case’s reports' },
  entityKindMismatch: { 'zh-CN': '只能合并同一类型的登记对象', en: 'Only entities of the same kind can be merged' },
  provisionExists: { 'zh-CN': '条款编号“{code}”已存在，请提交新版本', en: 'Provision {code} exists already; submit a new version' },
  unknownProvision: { 'zh-CN': '条款库中没有编号为“{code}”的条款', en: 'No provision {code} in the rules registry' },
  dateOrder: { 'zh-CN': '失效日期须晚于生效日期', en: 'Must be after the date it takes effect' },
  criteriaDuplicate: { 'zh-CN': '标准编号“{value}”重复', en: 'Criterion id {value} is used twice' },
  criteriaEmpty: { 'zh-CN': '至少需要一条受理审核标准', en: 'At least one criterion is needed' },
  criteriaStepMissing: { 'zh-CN': '受理审核的“{step}”环节没有任何标准', en: 'The {step} step has no criterion' },
  dateRangeOrder: { 'zh-CN': '结束日期不能早于开始日期', en: 'The end date must not be before the start date' },
  monthNotBegun: { 'zh-CN': '{month} 尚未开始，无法评估', en: '{month} has not begun yet' },
  deletionStepOutOfOrder: { 'zh-CN': '审核环节“{step}”不是当前应进行的环节', en: 'The {step} step is not the one due now' },
  deletionCriterionUnanswered: { 'zh-CN': '请回答审核标准“{id}”', en: 'Answer criterion {id}' },
  deletionRequiredCriterionUnmet: {
    'zh-CN': '有必备标准未满足，本环节不能判定为通过',
    en: 'A required criterion is not met, so the step cannot pass',
  },
  deletionFourEyes: {
    'zh-CN': '批准须由另一名审核人作出：您已参与身份或法律依据审核',
    en: 'Approval needs a second reviewer: you checked the identity or the legal basis',
  },
  deletionStepFailed: { 'zh-CN': '有审核环节未通过，只能不予受理', en: 'A review step did not pass; the request can only be rejected' },
  deletionAlreadyReferred: { 'zh-CN': '该删帖请求已移送为线索', en: 'This deletion request has already been referred as a clue' },
  nationalId: {
    'zh-CN': '身份证号码无效（应为 18 位且校验位正确）',
    en: 'Not a valid resident ID number (18 characters with a valid check digit)',
  },
  identifierRequired: {
    'zh-CN': '请至少提供身份证号码或手机号码之一，仅凭姓名无法核验',
    en: 'Give at least an ID number or a phone number: a name alone cannot be verified',
  },
  liaisonNotEligible: {
    'zh-CN': '联络员须是该企业所属监管部门的在职人员',
    en: 'The liaison must be an active member of a regulator the enterprise is under',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type FieldMessageKey = keyof typeof FIELD_MESSAGES;

/** Fills a field message in the given language. */
export function fieldMessage(key: FieldMessageKey, locale: Locale, params: Record<string, unknown> = {}): string {
  return FIELD_MESSAGES[key][locale].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
}
