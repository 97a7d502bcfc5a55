import { describe, expect, it } from 'vitest';
import type { IndicatorType } from '../../../contracts/indicators';
import { isResidentIdNumber, luhnValid } from './checks';
import { extractIndicators } from './extract';
import { TRACKING_PARAMETERS } from './urls';

/** What the extractor found, as `type value` strings in reporting order. */
function found(text: string): string[] {
  return extractIndicators(text).map(({ type, value }) => `${type} ${value}`);
}

/** The original text each indicator of a type points at. */
function spans(text: string, type: IndicatorType): string[] {
  return extractIndicators(text)
    .filter((indicator) => indicator.type === type)
    .map((indicator) => text.slice(indicator.start, indicator.end));
}

type Case = [text: string, expected: string[]];

function table(cases: Case[]): void {
  it.each(cases)('%s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
}

describe('extractIndicators: phone', () => {
  const mobile = 'phone +8613812345678';
  table([
    ['138 1234 5678', [mobile]],
    ['138-1234-5678', [mobile]],
    ['138.1234.5678', [mobile]],
    ['13812345678', [mobile]],
    ['+86 138 1234 5678', [mobile]],
    ['+86-138-1234-5678', [mobile]],
    ['+8613812345678', [mobile]],
    ['0086-13812345678', [mobile]],
    ['0086 138 1234 5678', [mobile]],
    ['8613812345678', [mobile]],
    ['１３８１２３４５６７８', [mobile]],
    ['＋８６　１３８－１２３４－５６７８', [mobile]],
    ['(+86) 138 1234 5678', [mobile]],
    ['手机：1 3 8 1 2 3 4 5 6 7 8', [mobile]],
    ['联系电话13812345678，随时打', [mobile]],
    ['Tel:13812345678', [mobile]],
    ['010-12345678', ['phone +861012345678']],
    ['0755-1234567', ['phone +867551234567']],
    ['0755-12345678', ['phone +8675512345678']],
    ['(010) 12345678', ['phone +861012345678']],
    ['（０１０）１２３４５６７８', ['phone +861012345678']],
    ['+86 10 1234 5678', ['phone +861012345678']],
    ['座机 010-12345678-801 转分机', ['phone +861012345678']],
    ['400-123-4567', ['phone +864001234567']],
    ['+1 415 555 2671', ['phone +14155552671']],
    ['13812345678 13912345678', [mobile, 'phone +8613912345678']],
    ['13812345678/13912345678', [mobile, 'phone +8613912345678']],
    ['2023-11-05 138 1234 5678', [mobile]],
    ['138 1234 5678 2023年', [mobile]],
  ]);

  table([
    ['订单号 20231234567890123', []],
    ['20231234567890123', []],
    ['13812345678901', []],
    ['1381234567', []],
    ['138****5678', []],
    ['abc13812345678', []],
    ['123456789', []],
    ['13812345678元', []],
    ['2023-11-05 12:30:45', []],
  ]);

  it('does not read a phone out of a longer spaced number', () => {
    expect(found('2023 1105 1381 2345 678')).toEqual([]);
  });

  it('points at the number as written, prefix included', () => {
    const text = '请拨打 +86 138 1234 5678 联系';
    expect(spans(text, 'phone')).toEqual(['+86 138 1234 5678']);
    expect(spans('(010) 12345678', 'phone')).toEqual(['(010) 12345678']);
  });
});

describe('extractIndicators: email', () => {
  table([
    ['Foo.Bar@Example.COM', ['email foo.bar@example.com']],
    ['邮箱：abc@163.com。', ['email abc@163.com']],
    ['ｆｏｏ＠ｅｘａｍｐｌｅ．ｃｏｍ', ['email foo@example.com']],
    ['write to abc@qq.com.Thanks', ['email abc@qq.com']],
    ['a.b+tag@mail.example.com.cn', ['email a.b+tag@mail.example.com.cn']],
    ['13812345678@163.com', ['email 13812345678@163.com']],
  ]);
  table([
    ['logo@2x.png', []],
    ['root@localhost', []],
    ['abc@', []],
    ['a..b@example.com', []],
  ]);

  it('does not report the domain of an e-mail address as a domain', () => {
    expect(found('a@example.com').filter((entry) => entry.startsWith('domain'))).toEqual([]);
  });
});

describe('extractIndicators: qq', () => {
  const qq = 'qq 12345678';
  table([
    ['QQ：12345678', [qq]],
    ['QQ:12345678', [qq]],
    ['QQ 12345678', [qq]],
    ['qq号 12345678', [qq]],
    ['QQ号码是12345678', [qq]],
    ['QQ12345678', [qq]],
    ['加我扣扣12345678', [qq]],
    ['企鹅号：12345678', [qq]],
    ['Q号 12345678', [qq]],
    ['ＱＱ：１２３４５６７８', [qq]],
    ['QQ: 1234 5678', [qq]],
    ['QQ: 10001', ['qq 10001']],
    ['QQ: 12345678901', ['qq 12345678901']],
    ['QQ: 13812345678', ['qq 13812345678']],
    ['12345@qq.com', ['email 12345@qq.com', 'qq 12345']],
    ['QQ：12345@qq.com', ['email 12345@qq.com', 'qq 12345']],
  ]);
  table([
    ['12345678', []],
    ['QQ群 12345678', []],
    ['QQ: 01234567', []],
    ['QQ: 1234', []],
    ['QQ: 123456789012', []],
    ['QQ: 12345abc', []],
    ['abc@qq.com', ['email abc@qq.com']],
  ]);
});

describe('extractIndicators: wechat', () => {
  const id = 'wechat abc_123456';
  table([
    ['微信：ABC_123456', [id]],
    ['微信号 abc_123456', [id]],
    ['微信号：abc_123456', [id]],
    ['微信abc_123456', [id]],
    ['V信 abc_123456', [id]],
    ['v信:abc_123456', [id]],
    ['薇信 abc_123456', [id]],
    ['威信：abc_123456', [id]],
    ['vx abc_123456', [id]],
    ['VX:abc_123456', [id]],
    ['wx：abc_123456', [id]],
    ['weixin abc_123456', [id]],
    ['WeChat: ABC_123456', [id]],
    ['ｗｘ：ａｂｃ＿１２３４５６', [id]],
    ['微信：wxid_abc123', ['wechat wxid_abc123']],
    ['微信：wx123abc', ['wechat wx123abc']],
    ['微信：a-b_c-1', ['wechat a-b_c-1']],
    ['微信 abcdefghij0123456789', ['wechat abcdefghij0123456789']],
    ['加微信 abc_123456（备注来意）', [id]],
    ['微信（ID：abc_123456）', [id]],
    ['微信：“abc_123456”', [id]],
    ['加V：abc_123456', [id]],
    ['加v abc_123456', [id]],
    ['加VIP会员 abc_123456', []],
  ]);

  const both = ['phone +8613812345678', 'wechat 13812345678'];
  table([
    ['微信 13812345678', both],
    ['微信号：138 1234 5678', both],
    ['vx13812345678', both],
    ['VX: +86 138-1234-5678', both],
    ['13812345678（微信同号）', both],
    ['13812345678(微信)', both],
    ['电话13812345678，微信同号', both],
    ['手机/微信：13812345678', both],
    ['QQ/微信：13812345678', ['phone +8613812345678', 'qq 13812345678', 'wechat 13812345678']],
  ]);

  table([
    ['微信支付', []],
    ['微信公众号：abc_123456', []],
    ['微信 abc12', []],
    ['微信 1abc23456', []],
    ['微信 abcdefghij01234567890', []],
    ['abc_123456', []],
    ['微信 010-12345678', ['phone +861012345678']],
  ]);
});

describe('extractIndicators: alipay', () => {
  table([
    ['支付宝：13812345678', ['phone +8613812345678', 'alipay +8613812345678']],
    ['支付宝账号 138 1234 5678', ['phone +8613812345678', 'alipay +8613812345678']],
    ['alipay: +86 138-1234-5678', ['phone +8613812345678', 'alipay +8613812345678']],
    ['支付宝账号：Foo@163.com', ['email foo@163.com', 'alipay foo@163.com']],
    ['支付宝 foo@163.com', ['email foo@163.com', 'alipay foo@163.com']],
  ]);
  table([
    ['支付宝转账5000元', []],
    ['用支付宝付款', []],
  ]);
});

describe('extractIndicators: url and domain', () => {
  table([
    ['https://Example.COM/a/b?x=1', ['url https://example.com/a/b?x=1', 'domain example.com']],
    ['HTTP://WWW.EXAMPLE.COM:80/Path', ['url http://www.example.com/Path', 'domain example.com']],
    ['https://example.com:443/', ['url https://example.com/', 'domain example.com']],
    ['https://example.com:8443/a', ['url https://example.com:8443/a', 'domain example.com']],
    ['https://example.com', ['url https://example.com/', 'domain example.com']],
    ['https://example.com/a?utm_source=wx&id=7&spm=a.b&from=singlemessage#top', ['url https://example.com/a?id=7', 'domain example.com']],
    ['https://example.com/a?UTM_Medium=x&b=2&a=1', ['url https://example.com/a?b=2&a=1', 'domain example.com']],
    ['www.example.com.cn/news', ['url http://www.example.com.cn/news', 'domain example.com.cn']],
    ['网址：WWW.Example.com', ['url http://www.example.com/', 'domain example.com']],
    ['http://例子.中国', ['url http://xn--fsqu00a.xn--fiqs8s/', 'domain xn--fsqu00a.xn--fiqs8s']],
    ['http://例子.中国的网站', ['url http://xn--fsqu00a.xn--fiqs8s/', 'domain xn--fsqu00a.xn--fiqs8s']],
    ['https://abc.com联系我们', ['url https://abc.com/', 'domain abc.com']],
    ['https://en.wikipedia.org/wiki/Foo_(bar)', ['url https://en.wikipedia.org/wiki/Foo_(bar)', 'domain wikipedia.org']],
    ['https://user:secret@example.com/a', ['url https://example.com/a', 'domain example.com']],
    ['http://192.168.1.1:8080/admin', ['url http://192.168.1.1:8080/admin']],
    ['网址https://example.com联系邮箱abc@qq.com', ['url https://example.com/', 'domain example.com', 'email abc@qq.com']],
    ['网址www.example.com联系邮箱abc@qq.com', ['url http://www.example.com/', 'domain example.com', 'email abc@qq.com']],
    ['http://www.baidu.com@evil.example.com/x', ['url http://evil.example.com/x', 'domain example.com']],
    [
      'https://mp.weixin.qq.com/s?__biz=MzA&mid=1&sn=abc&scene=21&srcid=0101&from=timeline&isappinstalled=0#wechat_redirect',
      ['url https://mp.weixin.qq.com/s?__biz=MzA&mid=1&sn=abc', 'domain qq.com'],
    ],
  ]);

  it('drops every listed tracking parameter', () => {
    const query = TRACKING_PARAMETERS.map((name, i) => `${name}=${i}`).join('&');
    expect(found(`https://example.com/p?keep=1&${query}&utm_campaign=x&also=2`)).toEqual([
      'url https://example.com/p?keep=1&also=2',
      'domain example.com',
    ]);
  });

  it.each(['。', '，', ',', '.', ')', '）', '》', '!', '；', '"'])('leaves trailing %s out of the URL', (punctuation) => {
    const text = `见https://example.com/a${punctuation}后面`;
    expect(spans(text, 'url')).toEqual(['https://example.com/a']);
  });

  it('leaves brackets around a URL out of it', () => {
    expect(spans('（见 https://example.com/a）', 'url')).toEqual(['https://example.com/a']);
    expect(spans('《https://example.com/a》', 'url')).toEqual(['https://example.com/a']);
  });

  it('points the domain at the host as written', () => {
    expect(spans('看 https://WWW.Example.com/x', 'domain')).toEqual(['WWW.Example.com']);
  });

  table([
    ['某某网 abc.com', ['domain abc.com']],
    ['example.com.cn', ['domain example.com.cn']],
    ['见 mail.Example.COM 和 foo.co.uk', ['domain example.com', 'domain foo.co.uk']],
    ['foo.github.io', ['domain foo.github.io']],
  ]);
  table([
    ['file.txt node.js 3.14 v1.2.3 e.g. U.S.A.', []],
    ['README.md evidence.zip IMG_0001.mov', []],
    ['ftp://example.com/file', []],
    ['abc.notarealtld', []],
  ]);
});

describe('extractIndicators: bank_card', () => {
  table([
    ['6222021234567890128', ['bank_card 6222021234567890128']],
    ['6222 0212 3456 7890 128', ['bank_card 6222021234567890128']],
    ['6222-0212-3456-7890-128', ['bank_card 6222021234567890128']],
    ['卡号：6217 0012 3456 7893', ['bank_card 6217001234567893']],
    ['4111 1111 1111 1111', ['bank_card 4111111111111111']],
    ['６２２２０２１２３４５６７８９０１２８', ['bank_card 6222021234567890128']],
    ['收款卡 6228480012345671 户名张三', ['bank_card 6228480012345671']],
  ]);
  table([
    ['6222 0212 3456 7891', []],
    ['6222021234567890123', []],
    ['2023110512345675', []],
    ['11010519491231002X', []],
    ['1234567890123452', []],
  ]);

  it('does not report a resident ID number that passes Luhn', () => {
    const id = luhnPassingResidentId();
    expect(isResidentIdNumber(id) && luhnValid(id)).toBe(true);
    expect(found(id)).toEqual([]);
  });

  it('reports a mobile number with its 86 prefix as a phone, not a card', () => {
    expect(found('8613812345678')).toEqual(['phone +8613812345678']);
  });
});

describe('extractIndicators: uscc', () => {
  table([
    ['91350100M000100Y43', ['uscc 91350100M000100Y43']],
    ['统一社会信用代码：91350100m000100y43', ['uscc 91350100M000100Y43']],
    ['统一社会信用代码91110108MA01ABCD1E。', ['uscc 91110108MA01ABCD1E']],
    ['12100000400000624D', ['uscc 12100000400000624D']],
  ]);
  table([
    ['91350100M000100Y44', []],
    ['91350100M000100Y4', []],
    ['91350100M000100Y431', []],
    ['11010519491231002X', []],
  ]);
});

describe('extractIndicators: icp', () => {
  table([
    ['京ICP备12345678号-1', ['icp 京ICP备12345678号-1']],
    ['京ICP证123456号', ['icp 京ICP证123456号']],
    ['粤ICP备2021012345号', ['icp 粤ICP备2021012345号']],
    ['沪ｉｃｐ备12345678号', ['icp 沪ICP备12345678号']],
    ['ICP备案：浙 ICP 备 12345678 号 - 2', ['icp 浙ICP备12345678号-2']],
  ]);
  table([
    ['京公网安备11010502030143号', []],
    ['京公网安备 11010502030143 号', []],
    ['ICP备12345678号', []],
  ]);
});

describe('extractIndicators: things that are not indicators', () => {
  table([
    ['订单号 202311051234567890', []],
    ['订单编号：TB202311051234567890', []],
    ['交易单号 4200001234202311051234567890', []],
    ['2023-11-05', []],
    ['20231105', []],
    ['2023.11.05', []],
    ['2023年11月5日', []],
    ['5000元', []],
    ['¥12,000', []],
    ['￥12000.50', []],
    ['12,000', []],
    ['转账 13,800 元', []],
    ['涨幅 12.5%', []],
    ['身份证号 110105194912310021', []],
    ['今天天气很好，没有任何联系方式。', []],
    ['Hello world. Nothing to see here.', []],
    ['', []],
  ]);
});

describe('extractIndicators: occurrences, spans and order', () => {
  it('reports the same value at each occurrence', () => {
    const result = extractIndicators('13812345678 和 13812345678');
    expect(result.map(({ type, value, start, end }) => [type, value, start, end])).toEqual([
      ['phone', '+8613812345678', 0, 11],
      ['phone', '+8613812345678', 14, 25],
    ]);
  });

  it('never reports one span twice as the same type', () => {
    for (const text of ['QQ：12345@qq.com', '微信 13812345678（微信同号）', '微信/V信：abc_123456', 'https://a.com https://a.com']) {
      const keys = extractIndicators(text).map(({ type, start, end }) => `${type}:${start}:${end}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('sorts by start, then by type in contract order', () => {
    expect(extractIndicators('微信 13812345678').map(({ type, start }) => [type, start])).toEqual([
      ['phone', 3],
      ['wechat', 3],
    ]);
    const result = extractIndicators('网站 www.abc.com 电话 13812345678 邮箱 a@b.com');
    expect(result.map((indicator) => indicator.type)).toEqual(['url', 'domain', 'phone', 'email']);
    expect(result.map((indicator) => indicator.start)).toEqual([...result.map((indicator) => indicator.start)].sort((a, b) => a - b));
  });

  it('maps offsets back through NFKC length changes', () => {
    // ㈱ becomes three characters and ﬁ two under NFKC; full-width letters stay one each.
    const text = '㈱ﬁ 微信：ｗｘｉｄ＿ａｂｃ１２３ 电话 138 1234 5678 ①';
    const result = extractIndicators(text);
    expect(result.map(({ type, value }) => `${type} ${value}`)).toEqual(['wechat wxid_abc123', 'phone +8613812345678']);
    expect(result.map(({ start, end }) => text.slice(start, end))).toEqual(['ｗｘｉｄ＿ａｂｃ１２３', '138 1234 5678']);
  });

  it('maps offsets back through combining marks and astral characters', () => {
    const text = 'e\u0301😀 QQ：１２３４５６ 𠀀 a@b.com';
    const result = extractIndicators(text);
    expect(result.map(({ start, end }) => text.slice(start, end))).toEqual(['１２３４５６', 'a@b.com']);
  });

  it('finds every kind in one complaint', () => {
    const complaint = [
      '某公关公司（统一社会信用代码91350100M000100Y43，京ICP备12345678号-1）',
      '在 https://news.example.com/post/1?utm_source=wx 发帖，要求我们付5000元删帖。',
      '对方微信：pr_master01，QQ：87654321，电话 138-1234-5678，',
      '收款支付宝 pay@example.cn，银行卡 6222 0212 3456 7890 128。',
    ].join('');
    expect(found(complaint)).toEqual([
      'uscc 91350100M000100Y43',
      'icp 京ICP备12345678号-1',
      'url https://news.example.com/post/1',
      'domain example.com',
      'wechat pr_master01',
      'qq 87654321',
      'phone +8613812345678',
      'email pay@example.cn',
      'alipay pay@example.cn',
      'bank_card 6222021234567890128',
    ]);
  });
});

describe('extractIndicators: adversarial input', () => {
  const adversarial = [
    '1 '.repeat(10_000),
    '1-'.repeat(10_000),
    '1.'.repeat(10_000),
    '1'.repeat(20_000),
    'a.'.repeat(10_000),
    'a-'.repeat(10_000),
    'a'.repeat(20_000),
    '@a'.repeat(10_000),
    'x@' + 'a.'.repeat(10_000),
    'a'.repeat(19_993) + '@qq.com',
    'http://'.repeat(3_000),
    'www.'.repeat(5_000),
    'http://a.com/' + '('.repeat(20_000),
    'http://' + '中'.repeat(20_000),
    'http://abc.com' + '联a'.repeat(10_000),
    '微信'.repeat(10_000),
    '微信/'.repeat(7_000),
    'QQ '.repeat(7_000),
    '¥1,'.repeat(7_000),
    '１'.repeat(20_000),
    '京ICP备'.repeat(4_000),
    '13812345678（微信同号）'.repeat(1_200),
    '+86 '.repeat(5_000),
    '(1) '.repeat(5_000),
    '微信 ' + '1 '.repeat(10_000),
    'QQ ' + '1-'.repeat(10_000),
    '1 '.repeat(10_000) + '（微信同号）',
    '支付宝 ' + 'a'.repeat(64) + '@' + 'b.'.repeat(10_000),
    '订单号 ' + '1-'.repeat(10_000),
    '1,'.repeat(10_000),
    'QQ/微信/'.repeat(4_000),
  ];

  it.each(adversarial.map((text) => [text.slice(0, 16), text] as const))('completes on %j…', (_label, text) => {
    expect(text.length).toBeGreaterThanOrEqual(20_000);
    const result = extractIndicators(text);
    expect(Array.isArray(result)).toBe(true);
  });
});

/** A resident ID number (valid MOD 11-2 check and birth date) that also happens to pass Luhn. */
function luhnPassingResidentId(): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  for (let sequence = 100; sequence < 1000; sequence++) {
    const body = `11010519800101${sequence}`;
    const sum = [...body].reduce((total, digit, i) => total + Number(digit) * (weights[i] ?? 0), 0);
    const id = body + '10X98765432'.charAt(sum % 11);
    if (/^\d{18}$/.test(id) && luhnValid(id)) return id;
  }
  throw new Error('no such ID in range');
}
