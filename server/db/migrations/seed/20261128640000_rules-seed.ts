/**
 * What migration 20261128640000_rules seeds: part of that migration, so never edited. Later changes
 * are new versions (through the API, or a new migration). Texts are excerpts; the officially
 * published text prevails.
 */
export const SEED_PROVISIONS = [
  {
    code: 'CL-274',
    title: '敲诈勒索罪',
    source: '《中华人民共和国刑法》',
    article: '第二百七十四条',
    text: '敲诈勒索公私财物，数额较大或者多次敲诈勒索的，处三年以下有期徒刑、拘役或者管制，并处或者单处罚金；数额巨大或者有其他严重情节的，处三年以上十年以下有期徒刑，并处罚金；数额特别巨大或者有其他特别严重情节的，处十年以上有期徒刑，并处罚金。',
    effectiveFrom: '2011-05-01',
  },
  {
    code: 'CL-225',
    title: '非法经营罪',
    source: '《中华人民共和国刑法》',
    article: '第二百二十五条第（四）项',
    text: '违反国家规定，有下列非法经营行为之一，扰乱市场秩序，情节严重的，处五年以下有期徒刑或者拘役，并处或者单处违法所得一倍以上五倍以下罚金；情节特别严重的，处五年以上有期徒刑，并处违法所得一倍以上五倍以下罚金或者没收财产：……（四）其他严重扰乱市场秩序的非法经营行为。',
    effectiveFrom: '1997-10-01',
  },
  {
    code: 'SPC-2013-NET-6',
    title: '以删帖、发帖相要挟索取财物',
    source: '《最高人民法院、最高人民检察院关于办理利用信息网络实施诽谤等刑事案件适用法律若干问题的解释》',
    article: '第六条',
    text: '以在信息网络上发布、删除等方式处理网络信息为由，威胁、要挟他人，索取公私财物，数额较大，或者多次实施上述行为的，依照刑法第二百七十四条的规定，以敲诈勒索罪定罪处罚。',
    effectiveFrom: '2013-09-10',
  },
  {
    code: 'SPC-2013-NET-7',
    title: '有偿删帖、有偿发布虚假信息',
    source: '《最高人民法院、最高人民检察院关于办理利用信息网络实施诽谤等刑事案件适用法律若干问题的解释》',
    article: '第七条',
    text: '违反国家规定，以营利为目的，通过信息网络有偿提供删除信息服务，或者明知是虚假信息，通过信息网络有偿提供发布信息等服务，扰乱市场秩序，具有下列情形之一的，属于非法经营行为“情节严重”，依照刑法第二百二十五条第（四）项的规定，以非法经营罪定罪处罚：（一）个人非法经营数额在五万元以上，或者违法所得数额在二万元以上的；（二）单位非法经营数额在十五万元以上，或者违法所得数额在五万元以上的。',
    effectiveFrom: '2013-09-10',
  },
  {
    code: 'NICEG-24',
    title: '不得通过发布、删除信息谋取非法利益',
    source: '《网络信息内容生态治理规定》',
    article: '第二十四条',
    text: '网络信息内容服务使用者和网络信息内容生产者、网络信息内容服务平台不得通过发布、删除信息以及其他干预信息呈现的手段侵害他人合法权益或者谋取非法利益。',
    effectiveFrom: '2020-03-01',
  },
  {
    code: 'CSL-47',
    title: '网络运营者的信息管理义务',
    source: '《中华人民共和国网络安全法》',
    article: '第四十七条',
    text: '网络运营者应当加强对其用户发布的信息的管理，发现法律、行政法规禁止发布或者传输的信息的，应当立即停止传输该信息，采取消除等处置措施，防止信息扩散，保存有关记录，并向有关主管部门报告。',
    effectiveFrom: '2017-06-01',
  },
] as const;

/** The admissibility review's steps and what each requires of a deletion request. */
export const SEED_ADMISSIBILITY_CRITERIA = [
  {
    id: 'identity-verified',
    step: 'identity',
    title: {
      'zh-CN': '请求人身份已核实（有效身份证件或营业执照）',
      en: "The requester's identity is verified (ID document or business licence)",
    },
    required: true,
    provisionCodes: [],
  },
  {
    id: 'authorized-representative',
    step: 'authority',
    title: {
      'zh-CN': '代他人提出的请求附有授权委托书，且代理人是该企业登记的授权代表',
      en: 'A request made for someone else carries a power of attorney, and the agent is an authorized representative the enterprise registered',
    },
    required: true,
    provisionCodes: [],
  },
  {
    id: 'legal-basis-cited',
    step: 'legal_basis',
    title: {
      'zh-CN': '请求删除的信息违法或侵害请求人合法权益，并载明所依据的条款',
      en: "The content is unlawful or infringes the requester's lawful rights, and the provision relied on is cited",
    },
    required: true,
    provisionCodes: ['CSL-47', 'NICEG-24'],
  },
  {
    id: 'no-payment',
    step: 'legal_basis',
    title: {
      'zh-CN': '请求不涉及任何付费；提及付费的请求不予受理，并作为线索转交举报',
      en: 'The request involves no payment; a request mentioning money is refused and passed on as a clue',
    },
    required: true,
    provisionCodes: ['NICEG-24', 'SPC-2013-NET-7'],
  },
] as const;
