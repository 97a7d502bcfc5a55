import { CSRF_HEADER, type Me } from '../../../contracts/orgs';
import { queryClient } from '../../app/query-client';
import { getJson, sendJson } from '../../shared/http';
import { ApiError } from '../../shared/problem';

/**
 * The signed-in person, as `GET /api/v1/me` answers: `null` when nobody is signed in. The CSRF
 * token lives only here, in memory, never in storage a script of another page could read.
 */
export const ME_QUERY_KEY = ['me'] as const;

/** The CSRF token of the current session, sent with every write made with the session cookie. */
export function currentCsrfToken(): string | null {
  return queryClient.getQueryData<Me | null>(ME_QUERY_KEY)?.csrfToken ?? null;
}

/** Whether an error says the session is gone (expired, signed out elsewhere, or the account changed). */
export function isSignedOutError(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && error.code === 'unauthenticated';
}

/** Whether an error says this session must enrol an authenticator before anything else. */
export function isEnrolmentRequiredError(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'two_factor_enrolment_required';
}

/**
 * What any staff call's failure says about the session as a whole. The workbench frame reacts to
 * the `me` query: signed out sends the person to sign in (and back afterwards), an enrolment demand
 * to the enrolment page, a refused CSRF token fetches a fresh one.
 */
function noteSessionProblem(error: unknown): void {
  if (isSignedOutError(error)) {
    queryClient.setQueryData(ME_QUERY_KEY, null);
  } else if (isEnrolmentRequiredError(error) || (error instanceof ApiError && error.code === 'csrf_failed')) {
    void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
  }
}

/** GETs a staff resource with the session cookie. */
export async function staffGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  try {
    return await getJson<T>(path, signal ? { signal } : {});
  } catch (error) {
    noteSessionProblem(error);
    throw error;
  }
}

/** Writes with the session cookie, carrying the session's CSRF token. */
export async function staffSend<T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const token = currentCsrfToken();
  try {
    return await sendJson<T>(method, path, body, { headers: token ? { [CSRF_HEADER]: token } : {} });
  } catch (error) {
    noteSessionProblem(error);
    throw error;
  }
}

/** Forgets everything fetched for the previous person (a sign-out, or someone else signing in). */
export function forgetStaffData(): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== ME_QUERY_KEY[0] });
}

/** Builds a query string from the values that are set: `?orgId=…&kind=…`. */
export function queryString(params: Record<string, string | number | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
