/**
 * Typed client of the case API (办件): the applicant's cases and supplement answers, the officer's workbench, case
 * detail, materials, actions and counter intake (一窗通办). Contract: docs/design/case-handling.md, section 4.
 */
import { ApiError, getJson, sendForm, sendJson, withQuery } from '../../shared/http.ts';
import type { ApplicationPatch, ApplicationView, MaterialFile } from '../apply/apply.types.ts';
import type { ActionNotAllowedData, CaseActionBody, CasePage, CaseView, OfficerCaseQuery, OfficerCaseView, SupplementAnswer } from './cases.types.ts';

const BASE = '/api/v1';
const mine = (id: string) => `${BASE}/cases/${encodeURIComponent(id)}`;
const officer = (id: string) => `${BASE}/officer/cases/${encodeURIComponent(id)}`;
const intake = (applicationId: string) => `${BASE}/officer/intake/${encodeURIComponent(applicationId)}`;

// ----- applicant -----

/** GET /api/v1/cases — my top-level cases, newest first. */
export function listMyCases(page: number, pageSize: number, signal?: AbortSignal): Promise<CasePage> {
  return getJson<CasePage>(withQuery(`${BASE}/cases`, { page, pageSize }), signal);
}

/** GET /api/v1/cases/{id} — one of my cases (404 when it is not mine). */
export function getMyCase(id: string, signal?: AbortSignal): Promise<CaseView> {
  return getJson<CaseView>(mine(id), signal);
}

/** POST /api/v1/cases/{id}/supplement — answers the supplement request; 409 when the case no longer waits for it. */
export function answerSupplement(id: string, answer: SupplementAnswer): Promise<CaseView> {
  return sendJson<CaseView>('POST', `${mine(id)}/supplement`, answer);
}

// ----- officer -----

/** GET /api/v1/officer/cases — the officer's inbox (`view=inbox`) or every case of the jurisdiction (`view=all`). */
export function listOfficerCases(query: OfficerCaseQuery, signal?: AbortSignal): Promise<CasePage> {
  return getJson<CasePage>(
    withQuery(`${BASE}/officer/cases`, {
      view: query.view,
      due: query.due,
      department: query.department,
      item: query.item?.trim(),
      state: query.state,
      org: query.org?.trim(),
      page: query.page,
      pageSize: query.pageSize,
    }),
    signal,
  );
}

/** GET /api/v1/officer/cases/{id} — a case with the application (an audited read; the server's default purpose). */
export function getOfficerCase(id: string, signal?: AbortSignal): Promise<OfficerCaseView> {
  return getJson<OfficerCaseView>(officer(id), signal);
}

/** The address of a material file of a case (served inline, for the viewer). */
export function caseMaterialUrl(caseId: string, fileId: string): string {
  return `${officer(caseId)}/materials/${encodeURIComponent(fileId)}`;
}

/**
 * POST /api/v1/officer/cases/{id}/actions — acts on a case. 409 `case.action_not_allowed` (see actionNotAllowed) or
 * `case.stale_revision`; 422 with field paths for a missing reason, items, tracking number or a wrong pick-up code.
 */
export function actOnCase(id: string, body: CaseActionBody): Promise<OfficerCaseView> {
  return sendJson<OfficerCaseView>('POST', `${officer(id)}/actions`, body);
}

/** The `data` of a 409 `case.action_not_allowed` problem (the allowed actions), when the error is one. */
export function actionNotAllowed(error: ApiError): ActionNotAllowedData | null {
  if (error.status !== 409 || error.problem?.code !== 'case.action_not_allowed') return null;
  const data = (error.problem as { data?: unknown }).data;
  return typeof data === 'object' && data !== null ? (data as ActionNotAllowedData) : {};
}

// ----- counter intake (一窗通办) -----

/** POST /api/v1/officer/intake — starts a draft application for a citizen at the counter. */
export function startIntake(citizenId: string, itemCode: string, purpose?: string): Promise<ApplicationView> {
  return sendJson<ApplicationView>('POST', `${BASE}/officer/intake`, { citizenId, itemCode, ...(purpose ? { purpose } : {}) });
}

/** PUT /api/v1/officer/intake/{applicationId} — saves the draft (the body of the citizen's draft save). */
export function saveIntake(applicationId: string, revision: number, patch: ApplicationPatch): Promise<ApplicationView> {
  return sendJson<ApplicationView>('PUT', intake(applicationId), { revision, ...patch });
}

/**
 * POST /api/v1/materials for a counter application: as the citizen's upload, plus the field `applicationId` (an
 * officer uploads only for a draft they filed; the file then belongs to the applicant). Fields go before the file.
 */
export function uploadIntakeMaterial(applicationId: string, itemCode: string, materialId: string, file: File, signal?: AbortSignal): Promise<MaterialFile> {
  const form = new FormData();
  form.append('itemCode', itemCode);
  form.append('materialId', materialId);
  form.append('applicationId', applicationId);
  form.append('file', file, file.name);
  return sendForm<MaterialFile>(`${BASE}/materials`, form, signal);
}

/** POST /api/v1/officer/intake/{applicationId}/submit — submits it; the case is accepted at this window at once. */
export function submitIntake(applicationId: string, idempotencyKey: string): Promise<OfficerCaseView> {
  return sendJson<OfficerCaseView>('POST', `${intake(applicationId)}/submit`, undefined, undefined, { 'idempotency-key': idempotencyKey });
}
