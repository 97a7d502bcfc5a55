import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router-dom';
import type { Me, Role } from '../../../contracts/orgs';
import { queryClient } from '../../app/query-client';
import { fetchMe, logout } from './api';
import { ME_QUERY_KEY, forgetStaffData } from './client';

export const LOGIN_PATH = '/workbench/login';
export const ENROL_PATH = '/workbench/enrol-two-factor';
export const WORKBENCH_PATH = '/workbench';

/** The signed-in person (`null`: nobody), shared by every workbench page through the query cache. */
export function useMe() {
  return useQuery({
    queryKey: ME_QUERY_KEY,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 5 * 60 * 1000,
  });
}

/**
 * Whether the person signed out themselves. The workbench then sends them to the sign-in page
 * without "come back here afterwards", which it does when a session ran out under them.
 */
let signedOutOnPurpose = false;

export function wasSignedOutOnPurpose(): boolean {
  return signedOutOnPurpose;
}

/** Keeps the answer of a sign-in (or an accepted invitation) as the current person, dropping whatever the last one saw. */
export function rememberSignedIn(me: Me): void {
  signedOutOnPurpose = false;
  forgetStaffData();
  queryClient.setQueryData(ME_QUERY_KEY, me);
}

/** Forgets the person and everything fetched for them; `onPurpose` when they signed out themselves. */
export function forgetSignedIn(onPurpose = false): void {
  signedOutOnPurpose = onPurpose;
  forgetStaffData();
  queryClient.setQueryData(ME_QUERY_KEY, null);
}

export function hasRole(me: Me | null | undefined, ...roles: Role[]): boolean {
  return Boolean(me?.user.roles.some((role) => roles.includes(role)));
}

/** What the sign-in page is handed by a page that sent the person there. */
export interface ReturnState {
  from?: string;
}

/**
 * Where to go after signing in or enrolling: the workbench page the person came from, never an
 * address outside the workbench (the state could have been set by anything that navigates here).
 */
export function returnPath(state: unknown): string {
  const from = typeof state === 'object' && state !== null ? (state as ReturnState).from : undefined;
  if (typeof from !== 'string' || !/^\/workbench(\/|$|\?)/.test(from)) return WORKBENCH_PATH;
  if (from.startsWith(LOGIN_PATH) || from.startsWith(ENROL_PATH)) return WORKBENCH_PATH;
  return from;
}

/** Signs out of this session; the person is signed out here even when the server could not be told. */
export function useSignOut() {
  const navigate = useNavigate();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      forgetSignedIn(true);
      void navigate(LOGIN_PATH, { replace: true });
    },
  });
}
