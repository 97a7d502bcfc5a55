import type { TFunction } from 'i18next';
import { ApiError, NetworkError } from './problem';

/** What to tell the user about a failed request: a headline and, when useful, what to do next. */
export interface ErrorMessage {
  title: string;
  detail?: string;
}

/** How long to wait, in words, from a `Retry-After` value in seconds. */
export function describeRetryAfter(seconds: number | null, t: TFunction): string {
  if (seconds === null) return t('errors.retryLater');
  if (seconds < 60) return t('errors.retryInSeconds', { count: Math.max(1, seconds) });
  return t('errors.retryInMinutes', { count: Math.ceil(seconds / 60) });
}

/**
 * Turns any error from the API layer into words for the user. The server's localized problem title
 * is preferred; the front end's own wording covers what the server cannot say (no connection, a
 * proxy's error page) and the cases that need advice (rate limits, outages).
 */
export function describeError(error: unknown, t: TFunction): ErrorMessage {
  if (error instanceof NetworkError) return { title: t('errors.network'), detail: t('errors.networkDetail') };
  if (error instanceof ApiError) {
    if (error.status === 429) return { title: t('errors.rateLimited'), detail: describeRetryAfter(error.retryAfterSeconds, t) };
    if (error.status >= 500) return { title: t('errors.server'), detail: t('errors.serverDetail') };
    const title = error.problem?.title || t('errors.unexpected');
    return error.problem?.detail ? { title, detail: error.problem.detail } : { title };
  }
  return { title: t('errors.unexpected') };
}
