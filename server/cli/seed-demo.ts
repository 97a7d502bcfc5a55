import type { Command } from 'commander';
import type { FastifyInstance } from 'fastify';
import { type OrgKind, type Role, requiresTwoFactor } from '../../contracts/orgs';
import type { PaymentChannel, ReportCategory, ReportReceipt } from '../../contracts/reports';
import { type Config, loadConfig } from '../config';
import type { RequestMeta } from '../modules/auth/auth.service';
import { currentTotp, newTotpSecret } from '../modules/auth/totp';
import type { ReportSubmission } from '../modules/intake/reports.schemas';
import type { Organization } from '../modules/orgs/orgs.repository';
import { type CliOutput, OPERATOR, organizationTree, processOutput, table, withApp, writeLine } from './orgs-command';

/**
 * The one password of every demo account. It is published here and in the README, so it must never
 * guard real data: `seed-demo` is for a demo installation only.
 */
export const DEMO_PASSWORD = 'Qinglang-Demo-2026!';

/** Every demo account's e-mail ends in this domain (`.example` is reserved: no mail is ever delivered). */
export const DEMO_EMAIL_DOMAIN = 'demo.qinglang.example';

/** The demo enterprise's unified social credit code; its check character is right (GB 32100-2015). */
export const DEMO_ENTERPRISE_USCC = '91330200MA2H4K7P3T';

interface DemoOrganization {
  key: string;
  name: string;
  kind: OrgKind;
  regionCode: string;
  /** Key of the parent; none for the top-level organization. */
  parent?: string;
  domains?: string[];
  icpNumbers?: string[];
  uscc?: string;
}

/** One province's agencies under the national reporting centre, with websites and an enterprise in its care. */
const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  { key: 'centre', name: '国家网信办举报中心', kind: 'reporting_centre', regionCode: '100000' },
  { key: 'zjCac', name: '浙江省网信办', kind: 'regulator', regionCode: '330000', parent: 'centre' },
  { key: 'hzCac', name: '杭州市网信办', kind: 'regulator', regionCode: '330100', parent: 'zjCac' },
  { key: 'police', name: '浙江省公安厅', kind: 'police', regionCode: '330000', parent: 'zjCac' },
  { key: 'telecom', name: '浙江省通信管理局', kind: 'telecom_regulator', regionCode: '330000', parent: 'zjCac' },
  { key: 'press', name: '浙江省新闻出版局', kind: 'press_regulator', regionCode: '330000', parent: 'zjCac' },
  { key: 'supervisors', name: '浙江省网络社会监督员协会', kind: 'supervisory_body', regionCode: '330000', parent: 'zjCac' },
  {
    key: 'forum',
    name: '钱塘论坛',
    kind: 'website',
    regionCode: '330100',
    parent: 'hzCac',
    domains: ['qiantang-bbs.example.cn'],
    icpNumbers: ['浙ICP备2024000001号'],
  },
  {
    key: 'news',
    name: '西湖新闻网',
    kind: 'website',
    regionCode: '330106',
    parent: 'hzCac',
    domains: ['xihu-news.example.cn'],
    icpNumbers: ['浙ICP备2024000002号'],
  },
  {
    key: 'enterprise',
    name: '宁波甬江智能装备有限公司',
    kind: 'enterprise',
    regionCode: '330200',
    parent: 'zjCac',
    uscc: DEMO_ENTERPRISE_USCC,
  },
];

interface DemoAccount {
  /** The part of the e-mail address before `@demo.qinglang.example`. */
  mailbox: string;
  displayName: string;
  org: string;
  roles: Role[];
}

/** People of every role; administrators in several organizations. */
const DEMO_ACCOUNTS: DemoAccount[] = [
  { mailbox: 'wang.jianguo', displayName: '王建国', org: 'centre', roles: ['admin'] },
  { mailbox: 'li.xiaomei', displayName: '李晓梅', org: 'centre', roles: ['triage_officer'] },
  { mailbox: 'zhao.lei', displayName: '赵磊', org: 'centre', roles: ['analyst'] },
  { mailbox: 'sun.li', displayName: '孙丽', org: 'centre', roles: ['auditor'] },
  { mailbox: 'chen.zhiyuan', displayName: '陈志远', org: 'zjCac', roles: ['admin'] },
  { mailbox: 'zhou.jianhua', displayName: '周建华', org: 'zjCac', roles: ['agency_lead'] },
  { mailbox: 'wu.ting', displayName: '吴婷', org: 'zjCac', roles: ['triage_officer', 'case_officer'] },
  { mailbox: 'zheng.min', displayName: '郑敏', org: 'zjCac', roles: ['enterprise_liaison'] },
  { mailbox: 'xu.jing', displayName: '许静', org: 'hzCac', roles: ['case_officer'] },
  { mailbox: 'he.wei', displayName: '何伟', org: 'hzCac', roles: ['agency_lead'] },
  { mailbox: 'jiang.yong', displayName: '蒋勇', org: 'police', roles: ['case_officer'] },
  { mailbox: 'han.xue', displayName: '韩雪', org: 'police', roles: ['analyst'] },
  { mailbox: 'yang.fan', displayName: '杨帆', org: 'telecom', roles: ['case_officer'] },
  { mailbox: 'zhu.lin', displayName: '朱琳', org: 'press', roles: ['case_officer'] },
  { mailbox: 'qin.haiyan', displayName: '秦海燕', org: 'supervisors', roles: ['admin'] },
  { mailbox: 'shen.hao', displayName: '沈浩', org: 'supervisors', roles: ['supervisor'] },
  { mailbox: 'liu.yang', displayName: '刘洋', org: 'forum', roles: ['admin'] },
  { mailbox: 'huang.lihua', displayName: '黄丽华', org: 'forum', roles: ['website_compliance'] },
  { mailbox: 'ma.jun', displayName: '马骏', org: 'news', roles: ['website_compliance'] },
  { mailbox: 'lin.xiaoyan', displayName: '林晓燕', org: 'enterprise', roles: ['enterprise_liaison'] },
];

type DemoReporter = 'anonymous' | 'enterprise' | { name: string; phone?: string; email?: string };

interface DemoReport {
  category: ReportCategory;
  /** How long ago it happened. */
  daysAgo: number;
  description: string;
  platform?: string;
  targetUrls?: string[];
  money?: { amount: number; channel: PaymentChannel };
  reporter: DemoReporter;
}

/**
 * Reports as the public would file them. A few accounts (the WeChat ID shantie_kefu88, the QQ number
 * 2853104467, the phone 139 5718 2046, one bank card) recur across reports, as a real ring's would,
 * so that correlation has something to find.
 */
const DEMO_REPORTS: DemoReport[] = [
  {
    category: 'online_extortion',
    daysAgo: 12,
    description:
      '钱塘论坛用户“钱江观察员”连续发布三篇帖子，捏造我公司产品存在安全隐患。随后对方用QQ 2853104467联系我公司，称支付3万元即可删除全部帖子，否则将转发到更多论坛和自媒体。',
    platform: '钱塘论坛',
    targetUrls: ['https://qiantang-bbs.example.cn/thread-482913-1-1.html', 'https://qiantang-bbs.example.cn/thread-482977-1-1.html'],
    money: { amount: 30000, channel: 'bank_transfer' },
    reporter: 'enterprise',
  },
  {
    category: 'paid_deletion',
    daysAgo: 9,
    description:
      '在一个本地商户微信群里，有人兜售“删帖服务”，微信 shantie_kefu88，声称能删除钱塘论坛、西湖新闻网上的负面帖子，每条报价800元至3000元，先付一半定金，删除后付尾款。',
    platform: '微信群',
    money: { amount: 3000, channel: 'wechat_pay' },
    reporter: 'anonymous',
  },
  {
    category: 'online_extortion',
    daysAgo: 20,
    description:
      '我经营一家小饭馆。有人在西湖新闻网评论区发布我店“使用地沟油”的不实内容，之后打电话139 5718 2046给我，要求转账5000元“删稿费”，说不给钱就找更多账号去发。',
    platform: '西湖新闻网',
    targetUrls: ['https://xihu-news.example.cn/society/2026/0412/88231.html'],
    money: { amount: 5000, channel: 'alipay' },
    reporter: { name: '周海涛', phone: '138 5712 9034', email: 'zhou.haitao@example.com' },
  },
  {
    category: 'paid_deletion',
    daysAgo: 6,
    description:
      '一家自称“杭州某舆情公关公司”的机构主动联系我单位，称在钱塘论坛有“内部关系”，可以收费删除涉及我单位的投诉帖，报价每条2000元，收款账户为个人银行卡6222 0212 0601 8821 456。',
    platform: '钱塘论坛',
    targetUrls: ['https://qiantang-bbs.example.cn/thread-479120-1-1.html'],
    money: { amount: 2000, channel: 'bank_transfer' },
    reporter: { name: '陈丽华', phone: '0571-8765 4321' },
  },
  {
    category: 'online_extortion',
    daysAgo: 3,
    description:
      '自媒体账号“甬城热点”发布我公司“拖欠工资”的不实文章，对方运营人员加我微信后索要2万元“合作费”，称付款后立即删除文章并发布正面稿件，否则将持续追踪报道。',
    platform: '微信公众号',
    money: { amount: 20000, channel: 'wechat_pay' },
    reporter: 'enterprise',
  },
  {
    category: 'paid_deletion',
    daysAgo: 15,
    description:
      '我发现淘宝上有店铺公开售卖“负面信息处理”服务，客服留下的联系方式是微信 shantie_kefu88 和手机 139 5718 2046，宣称可以删除各大论坛的帖子，十天内不删全额退款。',
    platform: '电商平台',
    targetUrls: ['https://shop-fuwu.example.cn/item/5521837'],
    reporter: { name: '刘志伟', email: 'liu.zhiwei@example.com' },
  },
  {
    category: 'online_extortion',
    daysAgo: 25,
    description:
      '有人冒充“西湖新闻网记者”，以掌握我村拆迁补偿问题的材料为由，要求村委会支付1.5万元“不予报道”的费用，并出示了伪造的采访证。电话 186 6823 7719。',
    platform: '西湖新闻网',
    money: { amount: 15000, channel: 'cash' },
    reporter: { name: '王德明', phone: '13967120458' },
  },
  {
    category: 'paid_posting',
    daysAgo: 4,
    description:
      '钱塘论坛近期出现大量内容雷同的帖子，集中抹黑一家连锁药房，发帖账号均为新注册。据知情人说是竞争对手花钱雇水军发帖，每条帖子50元，由QQ 2853104467统一派单。',
    platform: '钱塘论坛',
    targetUrls: ['https://qiantang-bbs.example.cn/forum-72-1.html'],
    reporter: 'anonymous',
  },
  {
    category: 'online_extortion',
    daysAgo: 8,
    description:
      '我在网上发布的房屋出租信息被人截图后配上侮辱性文字发到论坛，对方私信说给他1000元就删帖，不给就把我的手机号和住址也发出去。我已经付了500元，对方又要更多。',
    platform: '钱塘论坛',
    targetUrls: ['https://qiantang-bbs.example.cn/thread-483502-1-1.html'],
    money: { amount: 1500, channel: 'alipay' },
    reporter: { name: '赵雅琴', phone: '+86 158 5803 6627', email: 'zhao.yaqin@example.com' },
  },
  {
    category: 'paid_deletion',
    daysAgo: 30,
    description:
      '我单位曾被一家公关公司以“删帖”为名骗取费用8000元，对方收款后只把帖子隐藏了几天又重新出现。公司网站是 http://www.zj-yuqing.example.cn ，对外自称“网络危机公关专家”。',
    platform: '钱塘论坛',
    targetUrls: ['http://www.zj-yuqing.example.cn/service/delete.html'],
    money: { amount: 8000, channel: 'bank_transfer' },
    reporter: { name: '孙建平', phone: '0574-2788 6501', email: 'sun.jianping@example.com' },
  },
  {
    category: 'online_extortion',
    daysAgo: 2,
    description:
      '一个短视频账号发布剪辑过的视频，歪曲我公司产品召回事件，并私下通过中间人索要5万元，称可以“撤稿并发澄清”。中间人自称与多家网站编辑熟悉，收款账户为支付宝 yq_pr_service@example.cn。',
    platform: '短视频平台',
    money: { amount: 50000, channel: 'alipay' },
    reporter: 'enterprise',
  },
  {
    category: 'paid_deletion',
    daysAgo: 11,
    description:
      '西湖新闻网上一篇关于某楼盘质量问题的报道突然被删除，业主群里有人说开发商花了钱找人删稿。我们担心是有偿删帖，希望核实删除原因，这篇报道对购房者很重要。',
    platform: '西湖新闻网',
    targetUrls: ['https://xihu-news.example.cn/house/2026/0321/86120.html'],
    reporter: { name: '黄晓东', phone: '13757163388' },
  },
  {
    category: 'online_extortion',
    daysAgo: 17,
    description:
      '有人注册了与我公司名称相近的账号，在多个论坛发布“产品致癌”的谣言，然后用手机号 139 5718 2046 打电话给我们销售部，说“花钱消灾”，开价3.8万元。',
    platform: '钱塘论坛',
    targetUrls: ['https://qiantang-bbs.example.cn/thread-480066-1-1.html'],
    money: { amount: 38000, channel: 'bank_transfer' },
    reporter: { name: '吴志强', phone: '0571-8691 2275', email: 'wu.zhiqiang@example.com' },
  },
  {
    category: 'fake_news_outlet',
    daysAgo: 40,
    description:
      '网站“浙东财经观察” http://zd-caijing.example.cn 没有新闻资质，却以新闻网站名义发布企业负面稿件，再由所谓“商务部”联系企业收取“撤稿费”，多家企业被骗。',
    targetUrls: ['http://zd-caijing.example.cn/'],
    reporter: 'anonymous',
  },
  {
    category: 'paid_deletion',
    daysAgo: 5,
    description:
      '钱塘论坛版主私下联系被投诉的商家，表示可以“特殊处理”投诉帖，要求商家支付1200元红包。我是被投诉商家的员工，觉得这种做法不对，特此举报。',
    platform: '钱塘论坛',
    targetUrls: ['https://qiantang-bbs.example.cn/thread-483901-1-1.html'],
    money: { amount: 1200, channel: 'wechat_pay' },
    reporter: 'anonymous',
  },
  {
    category: 'online_extortion',
    daysAgo: 22,
    description:
      '我的前同事在论坛匿名发帖散布我的隐私，并通过微信 qt_baoliao2024 联系我，要求我支付1万元，否则会把我的家庭住址和工作单位一并公开。',
    platform: '钱塘论坛',
    targetUrls: ['https://qiantang-bbs.example.cn/thread-481288-1-1.html'],
    money: { amount: 10000, channel: 'wechat_pay' },
    reporter: { name: '郭美玲', phone: '15088712046' },
  },
  {
    category: 'paid_deletion',
    daysAgo: 14,
    description:
      '一个名为“全网删帖联盟”的QQ群（群主QQ 2853104467）在招募“渠道”，要求成员提供各网站的删帖报价，再加价转卖给需要删帖的企业和个人。群里有上百条删帖订单记录。',
    platform: 'QQ群',
    reporter: { name: '林国华', email: 'lin.guohua@example.com' },
  },
  {
    category: 'online_extortion',
    daysAgo: 1,
    description:
      '我公司收到一封邮件，发件人称已整理出我公司“环保违规黑材料”，准备发给多家媒体和论坛，如需“协商处理”请在三日内联系 139 5718 2046，并转账6万元到银行卡 6217 0012 3400 5678 915。',
    money: { amount: 60000, channel: 'bank_transfer' },
    reporter: 'enterprise',
  },
  {
    category: 'paid_posting',
    daysAgo: 19,
    description:
      '西湖新闻网评论区出现大批统一口径的评论，为一家被投诉的培训机构洗白，同时攻击投诉的家长。有人在兼职群里发布任务：每条评论3元，由微信 shantie_kefu88 结算。',
    platform: '西湖新闻网',
    targetUrls: ['https://xihu-news.example.cn/edu/2026/0402/87302.html'],
    reporter: { name: '杨秀英', phone: '13605819972', email: 'yang.xiuying@example.com' },
  },
  {
    category: 'online_extortion',
    daysAgo: 27,
    description:
      '有人在论坛发帖，称我经营的民宿“偷拍游客”，配图是盗用的网络图片。发帖人在帖子下留言“想删帖找我”，并附上手机号186 6823 7719，开价8000元。',
    platform: '钱塘论坛',
    targetUrls: ['https://qiantang-bbs.example.cn/thread-479876-1-1.html'],
    money: { amount: 8000, channel: 'alipay' },
    reporter: { name: '徐海波', phone: '13858046617' },
  },
  {
    category: 'paid_deletion',
    daysAgo: 7,
    description:
      '我是西湖新闻网的一名编辑。近期多次有中介通过电话联系我，提出只要我把某几篇稿件下线，每篇给我3000元好处费，并发来了需要删除的稿件链接。我已拒绝并向单位报告。',
    platform: '西湖新闻网',
    targetUrls: ['https://xihu-news.example.cn/finance/2026/0415/88460.html', 'https://xihu-news.example.cn/finance/2026/0416/88517.html'],
    money: { amount: 6000, channel: 'other' },
    reporter: { name: '蔡文静', email: 'cai.wenjing@example.com' },
  },
  {
    category: 'online_extortion',
    daysAgo: 33,
    description:
      '某自称“维权律师”的人在论坛发布对我诊所的不实指控，然后要求我们支付2.5万元“和解费”，并声称如果不付款会组织更多人发帖、找媒体曝光。',
    platform: '钱塘论坛',
    targetUrls: ['https://qiantang-bbs.example.cn/thread-477402-1-1.html'],
    money: { amount: 25000, channel: 'bank_transfer' },
    reporter: { name: '韩立新', phone: '0571-8802 3317', email: 'han.lixin@example.com' },
  },
  {
    category: 'paid_deletion',
    daysAgo: 10,
    description:
      '朋友圈广告推广“专业删除百度、论坛、新闻负面”，广告留的联系方式是微信 shantie_kefu88，声称与平台审核人员合作，当天删除，成功后付款。',
    platform: '微信朋友圈',
    reporter: 'anonymous',
  },
  {
    category: 'online_extortion',
    daysAgo: 16,
    description:
      '我们公司在招聘网站上被人恶意发布“欺诈员工”的帖子，随后有人通过QQ 2853104467 自称可以“一站式处理”，要价1.8万元，我们怀疑发帖和删帖是同一伙人。',
    platform: '钱塘论坛',
    targetUrls: ['https://qiantang-bbs.example.cn/thread-481760-1-1.html'],
    money: { amount: 18000, channel: 'bank_transfer' },
    reporter: 'enterprise',
  },
  {
    category: 'other',
    daysAgo: 21,
    description:
      '我在钱塘论坛发布了对物业公司的正常投诉，帖子被删除了，论坛没有给出任何理由。我想知道是不是物业花钱删帖，也想知道如何申诉恢复帖子。',
    platform: '钱塘论坛',
    targetUrls: ['https://qiantang-bbs.example.cn/thread-480911-1-1.html'],
    reporter: { name: '马晓燕', phone: '13588920471' },
  },
  {
    category: 'online_extortion',
    daysAgo: 13,
    description:
      '一个自称“曝光台”的微博账号收集本地餐饮店的差评，然后挨个私信店主，要求每家支付2000元“会员费”才不发布，我所在的美食街已有五六家店被要求付款。',
    platform: '微博',
    money: { amount: 2000, channel: 'wechat_pay' },
    reporter: { name: '谢国强', phone: '13906712258', email: 'xie.guoqiang@example.com' },
  },
  {
    category: 'paid_deletion',
    daysAgo: 26,
    description:
      '某网络科技公司在其官网 http://www.zj-yuqing.example.cn 公开标价删帖：新闻网站每条5000元，论坛每条1500元，并声称已为数百家企业“处理负面”，联系电话139 5718 2046。',
    targetUrls: ['http://www.zj-yuqing.example.cn/price.html'],
    reporter: { name: '钱伟', email: 'qian.wei@example.com' },
  },
  {
    category: 'online_extortion',
    daysAgo: 35,
    description:
      '我的孩子在学校受到欺凌，我在论坛发帖求助后，有人冒充“教育局工作人员”打来电话186 6823 7719，说可以帮忙“压下”此事，但要先交3000元“协调费”。',
    platform: '钱塘论坛',
    money: { amount: 3000, channel: 'alipay' },
    reporter: { name: '邵丽君', phone: '15158102273' },
  },
  {
    category: 'paid_posting',
    daysAgo: 18,
    description:
      '有公关公司在招募“网评员”，专门在西湖新闻网、钱塘论坛等本地网站发帖攻击竞争对手的企业，结算方式为银行卡 6222 0212 0601 8821 456 每周转账。',
    platform: '钱塘论坛',
    targetUrls: ['https://qiantang-bbs.example.cn/forum-55-1.html'],
    reporter: 'anonymous',
  },
  {
    category: 'online_extortion',
    daysAgo: 0,
    description:
      '今天上午有人给我公司法务部打电话，称手上有我公司某款产品的“质检问题视频”，要求三天内支付8万元，否则在钱塘论坛和多个短视频平台同时发布。来电号码139 5718 2046。',
    platform: '钱塘论坛',
    money: { amount: 80000, channel: 'bank_transfer' },
    reporter: 'enterprise',
  },
];

/** An account of the demo, as printed. */
export interface DemoAccountCreated {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  organization: string;
  /** The roles require an authenticator, to be enrolled at the first sign-in. */
  enrolAtFirstSignIn: boolean;
}

/** What `seedDemo` created. */
export interface DemoSeed {
  organizations: Organization[];
  accounts: DemoAccountCreated[];
  reports: ReportReceipt[];
}

/** The database is not one to seed: it already holds data, or the demo already. */
export class SeedRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedRefused';
  }
}

/**
 * The configuration `seed-demo` runs the app with: the demo's reports go through the public API
 * in-process, so the proof-of-work challenge and the rate limits are off for this run only.
 */
export function demoConfig(config: Config): Config {
  return {
    ...config,
    challenge: { ...config.challenge, enabled: false },
    rateLimit: { ...config.rateLimit, enabled: false },
  };
}

const SEED_META: RequestMeta = { ip: null, userAgent: 'qinglang seed-demo' };

/**
 * Fills the app's database with the demo: organizations, accounts of every role activated with
 * {@link DEMO_PASSWORD} through the invitation flow and without an authenticator, and reports filed
 * through `POST /api/v1/reports`, so every record is made the way the product makes it and audited.
 * The app must run with the challenge off ({@link demoConfig}).
 *
 * @param options.force seed even when the database already holds organizations
 * @throws SeedRefused when the database holds organizations (unless forced) or the demo accounts already
 */
export async function seedDemo(app: FastifyInstance, options: { force?: boolean } = {}): Promise<DemoSeed> {
  const { orgs, auth } = app.qinglang;
  const existing = await orgs.listOrganizations(OPERATOR);
  if (existing.length > 0 && !options.force) {
    throw new SeedRefused(
      `This database already holds ${existing.length} organization(s); seed-demo fills an empty one. ` +
        'Point QINGLANG_DATA_DIR (or DATABASE_URL) at a fresh one, or add --force to add the demo beside what is there.',
    );
  }
  const demoUsers = (await orgs.listUsers(OPERATOR)).filter((user) => user.email.endsWith(`@${DEMO_EMAIL_DOMAIN}`));
  if (demoUsers.length > 0) {
    throw new SeedRefused(`The demo is already here (${demoUsers.length} accounts @${DEMO_EMAIL_DOMAIN}); --force does not seed it twice.`);
  }

  const created = new Map<string, Organization>();
  for (const demo of DEMO_ORGANIZATIONS) {
    const parent = demo.parent ? created.get(demo.parent) : undefined;
    const org = await orgs.createOrganization(OPERATOR, {
      name: demo.name,
      kind: demo.kind,
      parentId: parent?.id ?? null,
      regionCode: demo.regionCode,
      domains: demo.domains ?? [],
      icpNumbers: demo.icpNumbers ?? [],
      uscc: demo.uscc ?? null,
    });
    created.set(demo.key, org);
  }
  const orgOf = (key: string): Organization => {
    const org = created.get(key);
    if (!org) throw new Error(`demo organization ${key} is missing`);
    return org;
  };

  const accounts: DemoAccountCreated[] = [];
  for (const demo of DEMO_ACCOUNTS) {
    const org = orgOf(demo.org);
    const { user, invitation } = await orgs.inviteUser(OPERATOR, {
      orgId: org.id,
      email: `${demo.mailbox}@${DEMO_EMAIL_DOMAIN}`,
      displayName: demo.displayName,
      roles: demo.roles,
    });
    const token = new URL(invitation.url).pathname.split('/').pop() ?? '';
    const staff = requiresTwoFactor(demo.roles);
    if (staff) {
      // Accepting insists that staff enrol an authenticator. The demo enrols a throwaway one and
      // resets it at once, as after a lost phone, so that each person enrols their own at first sign-in.
      const secret = newTotpSecret();
      await auth.acceptInvitation(token, { password: DEMO_PASSWORD, totp: { secret, code: await currentTotp(secret) } }, SEED_META);
      await orgs.resetTwoFactor(OPERATOR, user.id);
    } else {
      const { opened } = await auth.acceptInvitation(token, { password: DEMO_PASSWORD }, SEED_META);
      // Nobody holds the session that accepting opened.
      await auth.logout(opened.principal);
    }
    accounts.push({
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      roles: user.roles as Role[],
      organization: org.name,
      enrolAtFirstSignIn: staff,
    });
  }

  const reports: ReportReceipt[] = [];
  const now = Date.now();
  for (const [index, demo] of DEMO_REPORTS.entries()) {
    const payload: ReportSubmission = {
      category: demo.category,
      description: demo.description,
      // Spread over the working day, so the reports do not all claim the same minute.
      occurredAt: new Date(now - demo.daysAgo * 86_400_000 - ((index * 37) % 600) * 60_000).toISOString(),
      reporter: reporterOf(demo.reporter, orgOf('enterprise')),
      ...(demo.platform && { platform: demo.platform }),
      ...(demo.targetUrls && { targetUrls: demo.targetUrls }),
      ...(demo.money && { money: { ...demo.money, currency: 'CNY' } }),
    };
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      payload,
      headers: { 'accept-language': 'zh-CN', 'user-agent': SEED_META.userAgent ?? '' },
    });
    if (response.statusCode !== 201) throw new Error(`demo report #${index + 1} was refused (${response.statusCode}): ${response.body}`);
    reports.push(response.json<ReportReceipt>());
  }

  return { organizations: [...created.values()], accounts, reports };
}

/** The reporter part of a demo report; the enterprise's reports are filed by its liaison. */
function reporterOf(reporter: DemoReporter, enterprise: Organization): ReportSubmission['reporter'] {
  if (reporter === 'anonymous') return { anonymous: true };
  if (reporter === 'enterprise') {
    return {
      anonymous: false,
      name: '林晓燕',
      phone: '0574-8712 6630',
      email: `lin.xiaoyan@${DEMO_EMAIL_DOMAIN}`,
      enterprise: { name: enterprise.name, uscc: enterprise.uscc ?? DEMO_ENTERPRISE_USCC },
      contactConsent: true,
    };
  }
  return { anonymous: false, ...reporter, contactConsent: reporter.phone !== undefined || reporter.email !== undefined };
}

/**
 * `qinglang seed-demo`: seeds the demo and prints the organizations, the demo accounts with their
 * password, and a few reports to follow.
 *
 * @returns the exit code: 0, or 1 when the database is not one to seed (the reason is printed).
 */
export async function runSeedDemo(app: FastifyInstance, options: { force?: boolean }, io: CliOutput): Promise<number> {
  let seed: DemoSeed;
  try {
    seed = await seedDemo(app, options);
  } catch (error) {
    if (!(error instanceof SeedRefused)) throw error;
    writeLine(io.err, error.message);
    return 1;
  }
  const { config } = app.qinglang;
  const where = config.database.dialect === 'sqlite' ? config.database.file : 'the PostgreSQL database at DATABASE_URL';
  const say = (text = '') => writeLine(io.out, text);

  say(`Demo seeded into ${where}.`);
  say();
  say(`Organizations (${seed.organizations.length}):`);
  for (const line of organizationTree(seed.organizations)) say(`  ${line}`);
  say();
  say('DEMO ONLY — demo accounts with a published password. Never seed a database that holds real reports.');
  for (const line of table(
    ['E-mail', 'Name', 'Role(s)', 'Organization', 'At first sign-in'],
    seed.accounts.map((a) => [
      a.email,
      a.displayName,
      a.roles.join(', '),
      a.organization,
      a.enrolAtFirstSignIn ? 'enrol authenticator' : '-',
    ]),
  ))
    say(`  ${line}`);
  say();
  say(`Password of every demo account (DEMO ONLY): ${DEMO_PASSWORD}`);
  say(
    'Staff roles (admin, triage_officer, case_officer, agency_lead, analyst, supervisor, auditor) must use two-factor sign-in: ' +
      'at their first sign-in they are asked to enrol an authenticator app (any TOTP app) before anything else.',
  );
  say(`Sign in at ${config.publicUrl}/workbench/login`);
  say();
  say(`${seed.reports.length} reports filed through the public report API. Follow one at ${config.publicUrl}/track with:`);
  for (const line of table(
    ['Tracking code', 'Access key'],
    seed.reports.slice(0, 3).map((r) => [r.trackingCode, r.accessKey]),
  ))
    say(`  ${line}`);
  return 0;
}

/** Adds `seed-demo`. */
export function registerSeedDemoCommand(program: Command): void {
  program
    .command('seed-demo')
    .description(
      'Fill an empty database (QINGLANG_DATA_DIR, or DATABASE_URL) with a demo: the agencies, websites and an enterprise of one province, ' +
        'accounts of every role with one published DEMO ONLY password, and 30 reports. Prints the accounts',
    )
    .option('--force', 'seed even though the database already holds organizations (never twice: the demo accounts must not exist)')
    .action(async (options: { force?: boolean }) => {
      process.exitCode = await withApp(demoConfig(loadConfig()), (app) => runSeedDemo(app, options, processOutput()));
    });
}
