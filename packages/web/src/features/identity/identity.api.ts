/** Typed client of the unified-identity API: the signed-in person, acting for an enterprise, sign-out, officer views. */
import { getJson, sendJson, withQuery } from '../../shared/http.ts';
import type { DataAccessPage, EnterpriseLink, Me, OfficerSelf, OrgSubtree, PersonView } from './identity.types.ts';

const BASE = '/api/v1';

/** The full-page address that starts sign-in and comes back to `returnTo` (`as` chooses the identity of an officer). */
export function signInUrl(returnTo: string, as?: 'citizen' | 'officer'): string {
  return withQuery('/auth/login', { returnTo, as });
}

/** GET /api/v1/me[?reveal=true] — the signed-in person; 401 when signed out. Revealing is recorded in the audit log. */
export function getMe(options: { reveal?: boolean; signal?: AbortSignal } = {}): Promise<Me> {
  return getJson<Me>(withQuery(`${BASE}/me`, { reveal: options.reveal || undefined }), options.signal);
}

/** POST /api/v1/auth/logout — ends the session (204). */
export function signOut(): Promise<void> {
  return sendJson<void>('POST', `${BASE}/auth/logout`);
}

/** POST /api/v1/me/acting-as — act for an enterprise (its credit code), or for oneself (null). */
export async function setActingAs(uscc: string | null): Promise<EnterpriseLink | null> {
  const body = await sendJson<{ actingFor: EnterpriseLink | null }>('POST', `${BASE}/me/acting-as`, { uscc });
  return body.actingFor;
}

/** GET /api/v1/me/data-access — who used my data, newest first. */
export function getDataAccess(page: number, pageSize: number, signal?: AbortSignal): Promise<DataAccessPage> {
  return getJson<DataAccessPage>(withQuery(`${BASE}/me/data-access`, { page, pageSize }), signal);
}

/** GET /api/v1/officer/me — the officer's roles; 403 for anyone else. */
export function getOfficerSelf(signal?: AbortSignal): Promise<OfficerSelf> {
  return getJson<OfficerSelf>(`${BASE}/officer/me`, signal);
}

/** GET /api/v1/officer/orgs/{code} — an org and its subtree; 403 outside the officer's jurisdiction. */
export function getOrgSubtree(code: string, signal?: AbortSignal): Promise<OrgSubtree> {
  return getJson<OrgSubtree>(`${BASE}/officer/orgs/${encodeURIComponent(code)}`, signal);
}

/** GET /api/v1/officer/persons — a resident's record for a stated purpose (audited, shown to the resident). */
export function lookUpPerson(citizenId: string, purpose: string, signal?: AbortSignal): Promise<PersonView> {
  return getJson<PersonView>(withQuery(`${BASE}/officer/persons`, { citizenId: citizenId.trim(), purpose: purpose.trim() }), signal);
}
