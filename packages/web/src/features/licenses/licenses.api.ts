/** Typed client of the e-licence API: the wallet (证照夹), presentation (亮证), verification, the checks log and (officers) status changes. */
import { getJson, sendJson } from '../../shared/http.ts';
import type { LicenseCheck, LicenseDetail, LicenseStatusChange, LicenseSummary, Presentation, PresentationRequest, VerifyRequest, VerifyResult } from './licenses.types.ts';

const BASE = '/api/v1/licenses';
const one = (id: string) => `${BASE}/${encodeURIComponent(id)}`;

/** GET /api/v1/licenses — my licences, newest first. */
export function listMyLicenses(signal?: AbortSignal): Promise<{ items: LicenseSummary[] }> {
  return getJson<{ items: LicenseSummary[] }>(BASE, signal);
}

/** GET /api/v1/licenses/{id} — one of my licences with its credential (404 unless mine, 400 for a malformed id). */
export function getMyLicense(id: string, signal?: AbortSignal): Promise<LicenseDetail> {
  return getJson<LicenseDetail>(one(id), signal);
}

/** POST /api/v1/licenses/{id}/presentations — a 5-minute presentation for a purpose or of chosen fields (422 unknown field). */
export function presentLicense(id: string, body: PresentationRequest): Promise<Presentation> {
  return sendJson<Presentation>('POST', `${one(id)}/presentations`, body);
}

/** POST /api/v1/licenses/verify — verifies a presentation (anyone may call); invalid ones answer 200 with a reason. */
export function verifyPresentation(body: VerifyRequest): Promise<VerifyResult> {
  return sendJson<VerifyResult>('POST', `${BASE}/verify`, body);
}

/** GET /api/v1/licenses/verifications — who checked my licences and what they saw. */
export function listMyChecks(signal?: AbortSignal): Promise<{ items: LicenseCheck[] }> {
  return getJson<{ items: LicenseCheck[] }>(`${BASE}/verifications`, signal);
}

/**
 * POST /api/v1/officer/licenses/{id}/status — revoke, suspend or restore a licence with a reason (officers only):
 * 403 outside the issuing org's jurisdiction, 404 unknown, 422 without a reason (field error at `/reason`).
 */
export function setLicenseStatus(id: string, body: LicenseStatusChange): Promise<LicenseSummary> {
  return sendJson<LicenseSummary>('POST', `/api/v1/officer/licenses/${encodeURIComponent(id)}/status`, body);
}
