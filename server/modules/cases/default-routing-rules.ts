import type { RoutingRule } from './routing.schemas';

/**
 * The routing rules a new installation starts with; the administrator edits them as data. Lower
 * priority is weighed first; the first rule whose lead agency exists leads, and every matching
 * rule adds its assisting agencies (see `routeCase`).
 */
export const DEFAULT_ROUTING_RULES: readonly RoutingRule[] = [
  {
    id: 'fake-news-outlet',
    name: '假冒新闻单位 → 新闻出版主管部门主办',
    priority: 10,
    enabled: true,
    when: { categories: ['fake_news_outlet'] },
    then: {
      lead: { orgKind: 'press_regulator', region: 'case' },
      // A fake outlet is usually a website: the regulator where it is filed can have it taken down.
      assisting: [{ orgKind: 'regulator', region: 'target_filing' }],
    },
    note: 'Fake news outlets and fake journalists fall to the press regulator; the internet regulator assists.',
  },
  {
    id: 'news-outlet-target',
    name: '涉及新闻单位 → 新闻出版主管部门主办，网信部门协办',
    priority: 20,
    enabled: true,
    when: { targetKinds: ['news_outlet'] },
    then: {
      lead: { orgKind: 'press_regulator', region: 'case' },
      assisting: [{ orgKind: 'regulator', region: 'case' }],
    },
    note: 'A news outlet (or its staff) extorting or deleting for money is a matter for the press regulator.',
  },
  {
    id: 'website-filing-region',
    name: '网站敲诈或有偿删帖 → 网站备案地网信部门主办',
    priority: 30,
    enabled: true,
    when: { categories: ['online_extortion', 'paid_deletion'], targetKinds: ['website'] },
    then: {
      lead: { orgKind: 'regulator', region: 'target_filing' },
      // The regulator where the victim is stays informed; it is left out when it is the lead.
      assisting: [{ orgKind: 'regulator', region: 'case' }],
    },
    note: 'A website is answerable to the regulator of the region where its ICP filing is.',
  },
  {
    id: 'extortion-money-paid',
    name: '敲诈或删帖已付款 → 公安机关协办',
    priority: 50,
    enabled: true,
    when: { categories: ['online_extortion', 'paid_deletion'], moneyPaid: true },
    then: {
      lead: { orgKind: 'regulator', region: 'case' },
      assisting: [{ orgKind: 'police', region: 'case' }],
    },
    note: 'Money paid makes it a likely crime (extortion, fraud): the police assist whichever rule leads.',
  },
  {
    id: 'person-account-money-paid',
    name: '针对个人或账号且已付款 → 公安机关协办',
    priority: 50,
    enabled: true,
    when: { targetKinds: ['person', 'account'], moneyPaid: true },
    then: {
      lead: { orgKind: 'regulator', region: 'case' },
      assisting: [{ orgKind: 'police', region: 'case' }],
    },
    note: 'Money paid to a person or an account holder is for the police to trace.',
  },
  {
    id: 'catch-all',
    name: '其他 → 案件所在地网信部门主办',
    priority: 1000,
    enabled: true,
    when: {},
    then: {
      lead: { orgKind: 'regulator', region: 'case' },
      assisting: [],
    },
    note: 'Every case gets a lead: the regulator of the case region, or the one above it.',
  },
];
