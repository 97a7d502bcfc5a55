import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postWebhook } from '../../jobs/deliver-webhook';
import { type TestReceiver, startReceiver } from '../../jobs/test-receivers';
import { AddressRefusedError, type ResolveHost, isPublicAddress, resolveDeliveryAddress, webhookUrlProblem } from './address-guard';

describe('isPublicAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.254',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.254',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '::ffff:8.8.8.8',
    'fd00::1',
    'fc12:3456::1',
    'fe80::1',
    'ff02::1',
    '64:ff9b::a00:1',
    '2002:7f00:1::1',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '1.1.1.1', '223.5.5.5', '172.32.0.1', '100.128.0.1', '11.0.0.1', '2606:4700:4700::1111', '2400:3200::1'])(
    'accepts %s',
    (address) => {
      expect(isPublicAddress(address)).toBe(true);
    },
  );
});

describe('resolveDeliveryAddress', () => {
  const table: Record<string, string[]> = {
    'hooks.partner.example': ['203.0.114.10'],
    'internal.partner.example': ['10.1.2.3'],
    'mixed.partner.example': ['203.0.114.10', '192.168.0.7'],
    'loop.partner.example': ['127.0.0.1'],
  };
  let lookups = 0;
  const resolve: ResolveHost = async (hostname) => {
    lookups += 1;
    return (table[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

  it('answers a public address', async () => {
    await expect(resolveDeliveryAddress('hooks.partner.example', { allowPrivate: false, resolve })).resolves.toEqual({
      address: '203.0.114.10',
      family: 4,
    });
  });

  it('refuses a host name resolving to a private address, or to any private address among public ones', async () => {
    await expect(resolveDeliveryAddress('internal.partner.example', { allowPrivate: false, resolve })).rejects.toBeInstanceOf(
      AddressRefusedError,
    );
    await expect(resolveDeliveryAddress('mixed.partner.example', { allowPrivate: false, resolve })).rejects.toThrow(/192\.168\.0\.7/);
  });

  it('refuses literal addresses without resolving, brackets and all', async () => {
    lookups = 0;
    for (const host of ['127.0.0.1', '10.0.0.8', '169.254.169.254', '[::1]', '[::ffff:127.0.0.1]'])
      await expect(resolveDeliveryAddress(host, { allowPrivate: false, resolve })).rejects.toBeInstanceOf(AddressRefusedError);
    expect(lookups).toBe(0);
  });

  it('refuses localhost through the system resolver', async () => {
    await expect(resolveDeliveryAddress('localhost', { allowPrivate: false })).rejects.toBeInstanceOf(AddressRefusedError);
  });

  it('lets everything through when private addresses are allowed', async () => {
    await expect(resolveDeliveryAddress('internal.partner.example', { allowPrivate: true, resolve })).resolves.toMatchObject({
      address: '10.1.2.3',
    });
  });
});

describe('postWebhook and the address guard', () => {
  let receiver: TestReceiver;
  const request = (url: string) => ({
    url,
    secret: 'whsec_test',
    eventType: 'case.assigned',
    deliveryId: 'delivery-1',
    body: '{"id":"delivery-1"}',
    timestamp: Math.floor(Date.now() / 1000),
  });

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(() => receiver.close());

  it('never connects to 127.0.0.1, ::1 or a name resolving to loopback when private addresses are not allowed', async () => {
    const port = new URL(receiver.origin).port;
    const resolve: ResolveHost = async () => [{ address: '127.0.0.1', family: 4 }];
    for (const url of [`${receiver.origin}/hook`, `http://[::1]:${port}/hook`, `http://localhost:${port}/hook`]) {
      const result = await postWebhook(request(url), { allowPrivate: false });
      expect(result).toMatchObject({ ok: false, statusCode: null, permanent: true });
      expect(result.error).toMatch(/not a public address/);
    }
    const byName = await postWebhook(request(`http://hooks.partner.example:${port}/hook`), { allowPrivate: false, resolve });
    expect(byName).toMatchObject({ ok: false, permanent: true });
    expect(receiver.requests).toHaveLength(0);
  });

  it('connects to the address it checked: a name resolved once, never looked up again at connect time', async () => {
    const port = new URL(receiver.origin).port;
    let lookups = 0;
    // hooks.partner.example exists nowhere but here: a second lookup by the HTTP client would fail.
    const resolve: ResolveHost = async () => {
      lookups += 1;
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const result = await postWebhook(request(`http://hooks.partner.example:${port}/hook`), { allowPrivate: true, resolve });
    expect(result).toMatchObject({ ok: true, statusCode: 200 });
    expect(lookups).toBe(1);
    expect(receiver.requests.at(-1)!.headers.host).toBe(`hooks.partner.example:${port}`);
  });

  it('does not follow redirects, and gives up on a receiver that does not answer in time', async () => {
    receiver.statuses.push(302);
    expect(await postWebhook(request(`${receiver.origin}/hook`), { allowPrivate: true })).toMatchObject({
      ok: false,
      statusCode: 302,
      error: 'redirect (302) not followed',
      permanent: false,
    });
    receiver.delayMs = 1000;
    try {
      const slow = await postWebhook(request(`${receiver.origin}/hook`), { allowPrivate: true, timeoutMs: 200 });
      expect(slow).toMatchObject({ ok: false, statusCode: null, permanent: false });
      expect(slow.error).toMatch(/no answer within/);
      expect(slow.durationMs).toBeLessThan(900);
    } finally {
      receiver.delayMs = 0;
    }
  });
});

describe('webhookUrlProblem', () => {
  it.each([
    ['https://hooks.partner.example/qinglang?token=abc', false, null],
    ['http://hooks.partner.example/qinglang', false, 'webhookHttpsRequired'],
    ['ftp://hooks.partner.example/', false, 'webhookHttpsRequired'],
    ['https://user:pass@hooks.partner.example/', false, 'webhookUrlParts'],
    ['https://hooks.partner.example/#frag', false, 'webhookUrlParts'],
    ['https://127.0.0.1/hook', false, 'webhookPrivateAddress'],
    ['https://2130706433/hook', false, 'webhookPrivateAddress'],
    ['https://10.0.0.1/hook', false, 'webhookPrivateAddress'],
    ['https://169.254.169.254/latest/meta-data', false, 'webhookPrivateAddress'],
    ['https://[::1]/hook', false, 'webhookPrivateAddress'],
    ['https://localhost/hook', false, 'webhookPrivateAddress'],
    ['https://app.localhost/hook', false, 'webhookPrivateAddress'],
    ['https://intranet/hook', false, 'webhookPrivateAddress'],
    ['https://8.8.8.8/hook', false, null],
    ['not a url', false, 'url'],
    ['http://127.0.0.1:8080/hook', true, null],
  ] as const)('%s (private allowed: %s) → %s', (url, allowPrivate, problem) => {
    expect(webhookUrlProblem(url, allowPrivate)).toBe(problem);
  });
});
