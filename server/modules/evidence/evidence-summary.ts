import type { CaseEventRow, DisposalOrderRow } from '../../db/schema';
import type { presentCase } from '../cases/cases.presenter';
import { BEIJING_OFFSET_MS, toInstant } from '../cases/deadlines';
import { toIsoString } from '../../db/values';
import { CATEGORY_WORDS, resultText } from '../intake/report-words';
import type { SummaryDocument } from './summary-pdf';

const STATUS: Record<string, string> = {
  triage: '待分拣',
  assigned: '已交办',
  returned: '已退回',
  accepted: '已受理',
  investigating: '调查中',
  disposing: '处置中',
  concluded: '已办结',
  closed: '已归档',
};
const EVENT: Record<string, string> = {
  created: '立案',
  routed: '交办',
  reports_joined: '并入举报',
  comment: '备注',
  assist_requested: '请求协办',
  deadline_extended: '延长期限',
  order_issued: '下达处置指令',
  accept: '受理',
  return: '退回',
  reroute: '重新交办',
  transfer: '移交',
  investigate: '开始调查',
  dispose: '进入处置',
  conclude: '办结',
  close: '归档',
  reopen: '重新办理',
};
const ORDER_KIND: Record<string, string> = {
  remove_post: '删除信息',
  ban_account: '关闭账号',
  preserve_data: '保全数据',
  investigate: '立案侦查',
  interview: '约谈',
  penalty: '行政处罚',
  licence_action: '许可处理',
  block_access: '阻断访问',
};
const ORDER_STATUS: Record<string, string> = {
  issued: '已下达',
  acknowledged: '已签收',
  executed: '已执行',
  verified: '已核验',
  disputed: '有异议',
};
const AGENCY_ROLE: Record<string, string> = { lead: '牵头', assisting: '协办' };

/** A time as people in China read it: Beijing time, to the minute. */
export function beijingTime(value: Date | string): string {
  const shifted = new Date(toInstant(toIsoString(value)).getTime() + BEIJING_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

export interface SummaryInput {
  case: ReturnType<typeof presentCase>;
  orders: DisposalOrderRow[];
  reports: { tracking_code: string; category: string; received_at: Date | string; reporter_kind: string }[];
  evidence: { path: string; sha256: string; size: number }[];
  events: CaseEventRow[];
  exportedAt: Date;
  auditHead: { seq: number; hash: string };
  signerFingerprint: string;
  /** Registry entities with records from this case. */
  registry?: { displayName: string; kind: string; status: string; records: number }[];
}

const ENTITY_KIND: Record<string, string> = {
  website: '网站',
  account: '账号',
  practitioner: '从业人员',
  intermediary: '中介/公关公司',
  payment_account: '收款账户',
};
const ENTITY_STATUS: Record<string, string> = { suspected: '涉嫌', confirmed: '已认定', cleared: '已排除' };

/** What the Chinese summary says: the case, its agencies, reports, orders, evidence and timeline. */
export function buildSummary(input: SummaryInput): SummaryDocument {
  const c = input.case;
  const category = CATEGORY_WORDS[c.category as keyof typeof CATEGORY_WORDS]?.['zh-CN'] ?? c.category;
  return {
    title: `案件证据包摘要 ${c.number}`,
    subtitle: `导出时间 ${beijingTime(input.exportedAt)}（北京时间） · 清朗平台`,
    sections: [
      {
        heading: '一、案件基本情况',
        fields: [
          ['案件编号', c.number],
          ['案件标题', c.title],
          ['类别', category],
          ['行政区划', c.regionCode],
          ['状态', STATUS[c.status] ?? c.status],
          ['立案时间', beijingTime(c.openedAt)],
          ...(c.concludedAt ? ([['办结时间', beijingTime(c.concludedAt)]] as [string, string][]) : []),
          ...(c.legalBasis ? ([['法律依据', c.legalBasis]] as [string, string][]) : []),
          ...(c.resultCode
            ? ([['处理结果', resultText(c.resultCode, 'zh-CN') + (c.resultNote ? ` ${c.resultNote}` : '')]] as [string, string][])
            : []),
        ],
        lines: c.summary ? [`案情：${c.summary}`] : [],
      },
      {
        heading: '二、办理机构',
        lines: c.agencies.map((a) => `${AGENCY_ROLE[a.role] ?? a.role}：${a.name}（${beijingTime(a.addedAt)} 起）`),
      },
      {
        heading: `三、关联举报（${input.reports.length} 件）`,
        lines: input.reports.map(
          (r) =>
            `${r.tracking_code}  ${CATEGORY_WORDS[r.category as keyof typeof CATEGORY_WORDS]?.['zh-CN'] ?? r.category}  ${beijingTime(r.received_at)} 收到  ${r.reporter_kind === 'anonymous' ? '匿名举报' : '实名举报（身份信息不随证据包导出）'}`,
        ),
      },
      {
        heading: `四、处置指令（${input.orders.length} 份）`,
        lines: input.orders.map(
          (o) =>
            `${ORDER_KIND[o.kind] ?? o.kind}  ${ORDER_STATUS[o.status] ?? o.status}  下达 ${beijingTime(o.issued_at)}  期限 ${beijingTime(o.due_at)}  依据：${o.legal_basis}`,
        ),
      },
      {
        heading: `五、证据文件（${input.evidence.length} 个，SHA-256）`,
        lines: input.evidence.map((e) => `${e.path}  ${e.size} 字节  ${e.sha256}`),
      },
      {
        heading: '六、办理过程',
        lines: input.events.map(
          (e) =>
            `${beijingTime(e.created_at)}  ${EVENT[e.type] ?? e.type}${e.to_status ? ` → ${STATUS[e.to_status] ?? e.to_status}` : ''}${e.reason ? `  理由：${e.reason}` : ''}`,
        ),
      },
      {
        heading: `七、违法行为数据库记录（${input.registry?.length ?? 0} 个对象）`,
        lines: (input.registry ?? []).map(
          (e) => `${ENTITY_KIND[e.kind] ?? e.kind}  ${e.displayName}  ${ENTITY_STATUS[e.status] ?? e.status}  本案记录 ${e.records} 条`,
        ),
      },
      {
        heading: '八、完整性校验',
        fields: [
          ['审计链头', `#${input.auditHead.seq} ${input.auditHead.hash}`],
          ['签名算法', 'Ed25519（对 manifest.json 签名，签名见 manifest.sig）'],
          ['签名公钥指纹', input.signerFingerprint],
        ],
        lines: ['校验方法：qinglang evidence verify <证据包.zip> --fingerprint <公钥指纹>'],
      },
    ],
    footer: `${c.number} 证据包摘要`,
  };
}
