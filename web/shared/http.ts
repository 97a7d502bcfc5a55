import { currentLanguage } from '../app/i18n';
import { ApiError, NetworkError, apiErrorFrom } from './problem';

/** Headers every API call carries: the interface language, so titles and messages come back in it. */
export function baseHeaders(): Record<string, string> {
  return { Accept: 'application/json, application/problem+json', 'Accept-Language': currentLanguage() };
}

/**
 * GETs a JSON resource from the API. Answers the parsed body, or throws `ApiError` (with the problem
 * details) or `NetworkError`.
 */
export async function getJson<T>(path: string, options: { headers?: Record<string, string>; signal?: AbortSignal } = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method: 'GET',
      headers: { ...baseHeaders(), ...options.headers },
      credentials: 'same-origin',
      cache: 'no-store',
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError(error instanceof Error ? error.message : undefined);
  }
  const text = await response.text();
  if (!response.ok) throw apiErrorFrom(response.status, response.headers, text);
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, null);
  }
}

/** Options of a write to the API. */
export interface SendOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * Sends a JSON body (or none) with POST, PATCH, PUT or DELETE. Answers the parsed body, or
 * `undefined` for 204 No Content; throws `ApiError` or `NetworkError` like `getJson`.
 */
export async function sendJson<T>(
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  body?: unknown,
  options: SendOptions = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        ...baseHeaders(),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...options.headers,
      },
      credentials: 'same-origin',
      cache: 'no-store',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NetworkError(error instanceof Error ? error.message : undefined);
  }
  const text = await response.text();
  if (!response.ok) throw apiErrorFrom(response.status, response.headers, text);
  if (response.status === 204 || text.length === 0) return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ApiError(response.status, null);
  }
}
