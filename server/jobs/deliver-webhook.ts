import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { AddressRefusedError, type ResolveHost, type ResolvedAddress, resolveDeliveryAddress } from '../modules/notify/address-guard';

/** `v1=` and the hex HMAC-SHA256, under the subscription's secret, of the timestamp, a dot and the body. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** One signed POST of an event. */
export interface WebhookRequest {
  url: string;
  secret: string;
  eventType: string;
  /** The outbox row's id: the same on every retry, so receivers can drop repeats. */
  deliveryId: string;
  body: string;
  /** Seconds since the epoch; receivers should refuse old timestamps (replays). */
  timestamp: number;
}

/** What one attempt came to. */
export interface WebhookAttemptResult {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** Retrying cannot help (the address is refused). */
  permanent: boolean;
}

export interface WebhookOptions {
  allowPrivate: boolean;
  /** The whole attempt, connecting included; 10 s by default. */
  timeoutMs?: number;
  /** Host-name resolution, injectable for tests of the address guard. */
  resolve?: ResolveHost;
}

/**
 * POSTs one event. The host is resolved once and every address checked (see `resolveDeliveryAddress`);
 * the connection then goes to the checked address, TLS still verifying the host name. Redirects are
 * not followed (a redirect could lead anywhere); only a 2xx answer counts as delivered.
 */
export async function postWebhook(request: WebhookRequest, options: WebhookOptions): Promise<WebhookAttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const timestamp = String(request.timestamp);
  try {
    const url = new URL(request.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`unsupported protocol ${url.protocol}`);
    const target = await resolveDeliveryAddress(url.hostname, { allowPrivate: options.allowPrivate, resolve: options.resolve });
    const statusCode = await send(url, target, timeoutMs - elapsed(), request.body, {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Qinglang-Webhooks/1',
      'x-qinglang-event': request.eventType,
      'x-qinglang-delivery': request.deliveryId,
      'x-qinglang-timestamp': timestamp,
      'x-qinglang-signature': webhookSignature(request.secret, timestamp, request.body),
    });
    if (statusCode >= 200 && statusCode < 300) return { ok: true, statusCode, error: null, durationMs: elapsed(), permanent: false };
    const error = statusCode >= 300 && statusCode < 400 ? `redirect (${statusCode}) not followed` : `answered ${statusCode}`;
    return { ok: false, statusCode, error, durationMs: elapsed(), permanent: false };
  } catch (error) {
    return {
      ok: false,
      statusCode: null,
      error: error instanceof Error ? error.message : String(error),
      durationMs: elapsed(),
      permanent: error instanceof AddressRefusedError,
    };
  }
}

/** Sends the POST to the checked address and answers the status as soon as it arrives. */
function send(url: URL, target: ResolvedAddress, timeoutMs: number, body: string, headers: Record<string, string>): Promise<number> {
  // Host names are connected through this lookup, which answers the address already checked
  // instead of asking DNS again. Literal addresses never reach it.
  const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  };
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const outgoing = client.request(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      lookup,
      // A fresh connection each time: no pooled socket outlives the check of its address.
      agent: false,
    });
    const timer = setTimeout(
      () => outgoing.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)),
      Math.max(timeoutMs, 1),
    );
    outgoing.on('response', (response) => {
      resolve(response.statusCode ?? 0);
      // The answer's body is not needed; read it away, and stop at the deadline if it never ends.
      response.resume();
      response.on('close', () => clearTimeout(timer));
    });
    outgoing.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    outgoing.end(body);
  });
}
