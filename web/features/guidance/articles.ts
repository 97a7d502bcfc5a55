/**
 * The public guidance articles (mechanism 3: guidance for victims; mechanism 9: publicity). They are
 * data, not components, so they can move to the publications module later without a rewrite.
 * Every article exists in both languages with the same structure; a test checks that.
 */

export type GuidanceLanguage = 'zh-CN' | 'en';

/** A section of an article: a heading, paragraphs, and an optional bullet list. */
export interface GuidanceSection {
  heading: string;
  paragraphs: string[];
  points?: string[];
}

export interface GuidanceText {
  title: string;
  summary: string;
  sections: GuidanceSection[];
}

export interface GuidanceArticle {
  slug: string;
  /** The provisions the article cites, by their code in the rules registry. */
  provisions: string[];
  /** Where the article sends the reader at the end: the report form, or none. */
  callToAction: 'report' | null;
  text: Record<GuidanceLanguage, GuidanceText>;
}

export const GUIDANCE_ARTICLES: readonly GuidanceArticle[] = [
  {
    slug: 'recognize-extortion',
    provisions: ['CL-274', 'SPC-2013-NET-6', 'SPC-2013-NET-7', 'NICEG-24'],
    callToAction: 'report',
    text: {
      'zh-CN': {
        title: '如何识别网络敲诈和有偿删帖',
        summary: '以发布或删除负面信息为要挟索要钱财，或者收钱“删帖”，都是违法行为。了解常见的手法，才能及时识别、不被利用。',
        sections: [
          {
            heading: '什么是网络敲诈',
            paragraphs: [
              '网络敲诈，是指有人在网上发布、或者威胁发布对您或您的企业不利的信息（真实的或编造的），以此要求您付钱、送礼、投放广告或签订所谓“合作协议”，才答应不发、少发或者删除。',
              '以删帖、发帖相要挟索取财物，可以构成敲诈勒索罪（刑法第二百七十四条，CL-274；“两高”司法解释第六条，SPC-2013-NET-6）。',
            ],
          },
          {
            heading: '什么是有偿删帖',
            paragraphs: [
              '有偿删帖，是指个人或者所谓“公关公司”“网络营销公司”收取费用，声称可以帮您删除、屏蔽、下沉网上的帖子或报道。以营利为目的，通过信息网络有偿提供删除信息服务，情节严重的，按非法经营处理（SPC-2013-NET-7）。',
              '网络信息内容生产者、服务使用者和平台都不得通过发布、删除信息等手段侵害他人合法权益或者谋取非法利益（NICEG-24）。正规网站处理删帖请求不收取任何费用。',
            ],
          },
          {
            heading: '常见的信号',
            paragraphs: ['遇到下面任何一种情况，都要提高警惕：'],
            points: [
              '对方先发来一篇“准备发布”的负面稿件或截图，再提出“沟通一下”“有偿撤稿”。',
              '对方自称能删除任何网站的帖子，按条报价，或者要求先付“定金”。',
              '对方要求签订“广告合作”“舆情服务”合同，金额与删稿挂钩。',
              '帖子删除不久又重新出现，对方再次上门要钱。',
              '对方要求通过个人账户、微信、支付宝或虚拟货币付款，并催促您尽快决定。',
            ],
          },
          {
            heading: '您可以怎么做',
            paragraphs: [
              '不要付款，也不要答应任何“合作”。付了钱往往换来的是更多的要价。请保存好证据，并尽快通过本平台举报；如果对方的威胁涉及人身安全，请立即拨打 110 报警。',
            ],
          },
        ],
      },
      en: {
        title: 'How to recognize online extortion and paid post deletion',
        summary:
          'Demanding money for not publishing, or for removing, damaging posts is against the law, and so is charging money to delete posts. Knowing the usual tactics helps you spot them in time.',
        sections: [
          {
            heading: 'What online extortion is',
            paragraphs: [
              'Online extortion is when someone publishes, or threatens to publish, information that harms you or your company (true or invented), and demands money, gifts, advertising or a so-called "cooperation agreement" before they will hold it back or take it down.',
              'Demanding property under the threat of posting or deleting information can be the crime of extortion (Criminal Law Article 274, CL-274; Supreme People’s Court and Supreme People’s Procuratorate interpretation, Article 6, SPC-2013-NET-6).',
            ],
          },
          {
            heading: 'What paid post deletion is',
            paragraphs: [
              'Paid post deletion is when a person or a so-called "PR" or "online marketing" firm charges a fee and claims it can remove, hide or push down posts and reports about you. Providing paid deletion services online for profit is, in serious cases, illegal business operation (SPC-2013-NET-7).',
              'Content producers, users and platforms must not publish or delete information to harm others or to obtain illegal gains (NICEG-24). Legitimate websites never charge for handling a deletion request.',
            ],
          },
          {
            heading: 'Warning signs',
            paragraphs: ['Be careful whenever any of these happens:'],
            points: [
              'Someone first sends you a negative article or screenshot "about to be published", then suggests you "talk" or pay to have it withdrawn.',
              'Someone claims they can delete posts on any website, quotes a price per post, or asks for a deposit first.',
              'You are asked to sign an "advertising" or "reputation service" contract whose price depends on removing posts.',
              'A post that was removed comes back, and the same people ask for money again.',
              'You are pushed to pay quickly into a personal account, WeChat, Alipay or cryptocurrency.',
            ],
          },
          {
            heading: 'What you can do',
            paragraphs: [
              'Do not pay and do not agree to any "cooperation": paying usually leads to higher demands. Keep the evidence and report it through this platform as soon as you can. If anyone threatens your safety, call the police on 110 at once.',
            ],
          },
        ],
      },
    },
  },
  {
    slug: 'keep-evidence',
    provisions: ['CL-274', 'SPC-2013-NET-6'],
    callToAction: 'report',
    text: {
      'zh-CN': {
        title: '遇到敲诈，要保存哪些证据',
        summary: '证据越完整，核查和处置就越快。请在举报前把下面这些材料保存好，并且不要删除任何聊天记录。',
        sections: [
          {
            heading: '网上的帖子和页面',
            paragraphs: ['对每一个相关的帖子、文章或账号主页：'],
            points: [
              '截取完整的屏幕截图，截图中要能看到网址（链接）和发布时间；手机上可以先复制链接，再截图。',
              '记下您看到它的日期和时间，以及发布它的账号名称。',
              '如果帖子已被删除又重新出现，两次都要保存。',
            ],
          },
          {
            heading: '对方的联系和要价',
            paragraphs: [],
            points: [
              '保留完整的聊天记录（微信、QQ、短信、邮件），不要删除，也不要只截取其中一段。',
              '对方的电话号码、微信号、QQ号、邮箱、收款账户，都原样记下来。',
              '通话可以在合法的前提下录音，并记下通话时间。',
            ],
          },
          {
            heading: '付款记录',
            paragraphs: [
              '如果已经付过钱，请保存转账凭证、收款方户名和账号、付款时间和金额。已经付款不影响您举报，付款记录恰恰是重要的证据。',
              '要挟、要价和付款的记录连在一起，正是认定以删帖相要挟索取财物（CL-274、SPC-2013-NET-6）的关键。',
            ],
          },
          {
            heading: '几条提醒',
            paragraphs: [],
            points: [
              '不要删除任何记录，也不要为了“息事宁人”而主动清理聊天。',
              '不要再付钱，也不要答应对方的新条件。',
              '原始文件请保存在自己的设备上，举报时上传副本即可。',
              '不要在网上公开对方的个人信息，以免引发新的纠纷。',
            ],
          },
        ],
      },
      en: {
        title: 'What evidence to keep when someone extorts you',
        summary:
          'The more complete the evidence, the faster it can be checked and acted on. Keep the following before you report, and do not delete any chat.',
        sections: [
          {
            heading: 'Posts and web pages',
            paragraphs: ['For every post, article or account page involved:'],
            points: [
              'Take a full screenshot that shows the web address (link) and the time it was published; on a phone, copy the link first, then take the screenshot.',
              'Write down the date and time you saw it and the name of the account that posted it.',
              'If a post was deleted and then appears again, keep both.',
            ],
          },
          {
            heading: 'Their contact details and demands',
            paragraphs: [],
            points: [
              'Keep the complete chat history (WeChat, QQ, text messages, e-mail). Do not delete it and do not keep only part of it.',
              'Write down their phone numbers, WeChat and QQ IDs, e-mail addresses and payment accounts exactly as given.',
              'Where the law allows, record calls and note when they took place.',
            ],
          },
          {
            heading: 'Payment records',
            paragraphs: [
              'If you have already paid, keep the transfer receipts, the name and number of the receiving account, and the time and amount. Having paid does not stop you from reporting; the payment record is important evidence.',
              'Threats, demands and payments recorded together are what shows that money was demanded under the threat of posting or deleting (CL-274, SPC-2013-NET-6).',
            ],
          },
          {
            heading: 'A few reminders',
            paragraphs: [],
            points: [
              'Do not delete anything, even to "calm things down".',
              'Do not pay again and do not accept new conditions.',
              'Keep the original files on your own device; upload copies when you report.',
              'Do not publish the other side’s personal details online; it can start a new dispute.',
            ],
          },
        ],
      },
    },
  },
  {
    slug: 'how-to-report',
    provisions: ['NICEG-24', 'SPC-2013-NET-7'],
    callToAction: 'report',
    text: {
      'zh-CN': {
        title: '如何举报，企业如何防范冒名删帖',
        summary: '个人和企业都可以在本平台免费举报，也可以匿名举报。企业还可以登记授权代表，让网站能够核实删帖请求的真伪。',
        sections: [
          {
            heading: '提交举报',
            paragraphs: [
              '打开“我要举报”页面，说明发生了什么、涉及哪些网址和账号，并上传您保存的截图、聊天记录和付款记录。可以选择匿名。',
              '提交后您会得到一个查询码和一把访问密钥，请妥善保存，凭它们可以随时查看处理进度和最终结果。',
            ],
          },
          {
            heading: '举报之后',
            paragraphs: [
              '举报中心会审核您的材料，受理后交由属地网信、公安等部门核查处置，必要时要求网站处理相关信息。处理结果会反馈到您的查询页面。',
            ],
          },
          {
            heading: '企业：登记授权代表',
            paragraphs: [
              '有人会冒充企业向网站申请删帖，也有中介声称“代表企业”收费删帖，这本身就可能违法（SPC-2013-NET-7）。企业可以在工作台登记自己的授权代表（姓名，以及身份证号或手机号）。',
              '网站收到自称代表贵企业的删帖请求时，可以向本平台核实：平台只回答“是”“否”或“无法确定”，不会透露代表名单或任何个人信息。网站不得为删帖收取费用，也不得通过删除信息谋取非法利益（NICEG-24）。',
            ],
          },
        ],
      },
      en: {
        title: 'How to report, and how enterprises stop deletion requests made in their name',
        summary:
          'Individuals and enterprises can report here free of charge, and may stay anonymous. Enterprises can also register their authorized representatives so that websites can check whether a deletion request is genuine.',
        sections: [
          {
            heading: 'Filing a report',
            paragraphs: [
              'Open the report page, describe what happened and which web addresses and accounts are involved, and upload the screenshots, chats and payment records you kept. You may stay anonymous.',
              'You then receive a tracking code and an access key. Keep them safe: with them you can follow the report and see the final result at any time.',
            ],
          },
          {
            heading: 'After you report',
            paragraphs: [
              'The reporting centre reviews your report; once accepted, the competent regulator, the police or other agencies investigate, and where needed order websites to act on the content. The result is shown on your tracking page.',
            ],
          },
          {
            heading: 'Enterprises: register your representatives',
            paragraphs: [
              'Some people pose as a company to ask websites to delete posts, and some intermediaries charge fees claiming to act for a company, which can itself be illegal (SPC-2013-NET-7). An enterprise can register its authorized representatives in the workbench (the name, and an ID number or a phone number).',
              'When a website receives a deletion request from someone claiming to act for your company, it can check with this platform, which answers only "yes", "no" or "cannot tell" and never reveals the list or any personal data. Websites must not charge for deletion or gain from deleting information (NICEG-24).',
            ],
          },
        ],
      },
    },
  },
];

/** The article with this address, or undefined. */
export function findArticle(slug: string | undefined): GuidanceArticle | undefined {
  return GUIDANCE_ARTICLES.find((article) => article.slug === slug);
}

/** The language an article is shown in: English for English readers, Chinese otherwise. */
export function guidanceLanguage(language: string): GuidanceLanguage {
  return language.startsWith('en') ? 'en' : 'zh-CN';
}
