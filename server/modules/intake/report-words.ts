import type { ReportCategory, ReportStatus } from '../../../contracts/reports';
import type { Locale } from '../../http/locale';

/** What each report status means, in the plain words a reporter reads on the tracking page. */
export const STATUS_WORDS: Record<ReportStatus, Record<Locale, { title: string; text: string }>> = {
  received: {
    'zh-CN': { title: '已收到举报', text: '您的举报已成功提交，正在等待审核。' },
    en: { title: 'Report received', text: 'Your report was received and is waiting to be reviewed.' },
  },
  under_review: {
    'zh-CN': { title: '正在审核', text: '举报中心工作人员正在审核您的举报。' },
    en: { title: 'Under review', text: 'Staff of the reporting centre are reviewing your report.' },
  },
  accepted: {
    'zh-CN': { title: '已受理', text: '您的举报已作为线索受理，并已交由主管部门调查处置。' },
    en: { title: 'Accepted', text: 'Your report was accepted as a clue and passed to the agency responsible for investigating it.' },
  },
  merged: {
    'zh-CN': { title: '已合并处理', text: '您举报的问题已有他人举报，我们已合并处理，处理结果同样会在此显示。' },
    en: {
      title: 'Handled with an earlier report',
      text: 'The same matter was already reported; both are handled together and the result will show here.',
    },
  },
  not_accepted: {
    'zh-CN': { title: '未予受理', text: '您的举报未予受理，原因见下方说明。' },
    en: { title: 'Not accepted', text: 'Your report was not accepted; the reason is given below.' },
  },
};

export const CATEGORY_WORDS: Record<ReportCategory, Record<Locale, string>> = {
  online_extortion: { 'zh-CN': '网络敲诈', en: 'Online extortion' },
  paid_deletion: { 'zh-CN': '有偿删帖', en: 'Paid post deletion' },
  paid_posting: { 'zh-CN': '有偿发帖', en: 'Paid posting' },
  fake_news_outlet: { 'zh-CN': '假冒新闻机构', en: 'Fake news outlet' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

/** Results a report can end with; the case workflow sets them (see the cases module). */
export const RESULT_WORDS: Record<string, Record<Locale, string>> = {
  disposed: { 'zh-CN': '经查属实，相关违法信息已依法处置。', en: 'Confirmed; the illegal content was dealt with according to law.' },
  referred_to_police: { 'zh-CN': '已移送公安机关依法处理。', en: 'Referred to the police.' },
  not_substantiated: { 'zh-CN': '经核查，举报内容未能查实。', en: 'After checking, the report could not be substantiated.' },
  out_of_scope: { 'zh-CN': '举报内容不属于本平台受理范围。', en: 'The report falls outside what this platform handles.' },
  insufficient_information: { 'zh-CN': '举报信息不足，无法核查。', en: 'There was not enough information to check the report.' },
  duplicate: { 'zh-CN': '与已受理的举报重复，已合并处理。', en: 'A duplicate of a report already being handled.' },
};

/** The reporter-facing words for a result code; unknown codes fall back to a neutral sentence. */
export function resultText(code: string, locale: Locale): string {
  return RESULT_WORDS[code]?.[locale] ?? (locale === 'en' ? 'The handling of your report has concluded.' : '您的举报已办理完毕。');
}

/** What a reporter reads once the case of their report has concluded, whatever the report's own status. */
export const CONCLUDED_WORDS: Record<Locale, { title: string; text: string }> = {
  'zh-CN': { title: '办理完毕', text: '您举报的问题已办理完毕，处理结果见下方。' },
  en: { title: 'Dealt with', text: 'The matter you reported has been dealt with; the result is below.' },
};

/** The public note a report's timeline gets when its case is reopened after it had concluded. */
export const REOPENED_NOTE: Record<Locale, string> = {
  'zh-CN': '该案件已重新办理，新的处理结果将在此显示。',
  en: 'The case was reopened; the new result will show here.',
};

/**
 * A public note of a report's timeline in the reader's language. The notes the case workflow writes
 * are the Chinese words of a result (see RESULT_WORDS); they are given in the language asked for.
 * Other notes are shown as written.
 */
export function publicNoteText(note: string | null, locale: Locale): string | null {
  if (note === null) return null;
  if (note === REOPENED_NOTE['zh-CN']) return REOPENED_NOTE[locale];
  const code = Object.keys(RESULT_WORDS).find((key) => RESULT_WORDS[key]!['zh-CN'] === note);
  return code ? RESULT_WORDS[code]![locale] : note;
}
