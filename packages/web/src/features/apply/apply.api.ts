/** Typed client of the applications API (智慧好办): drafts, save and resume, disputes, pre-review, submit, uploads. */
import { getJson, sendForm, sendJson, withQuery } from '../../shared/http.ts';
import type {
  ApplicationPage, ApplicationPatch, ApplicationView, Dispute, MaterialFile, PreReview, Receipt,
} from './apply.types.ts';

const BASE = '/api/v1';
const app = (id: string) => `${BASE}/applications/${encodeURIComponent(id)}`;

/** POST /api/v1/applications — starts a draft for an item or a bundle; 401 when signed out. */
export function startApplication(target: { itemCode: string } | { bundleCode: string }): Promise<ApplicationView> {
  return sendJson<ApplicationView>('POST', `${BASE}/applications`, target);
}

/** GET /api/v1/applications — my applications, newest first. */
export function listApplications(page: number, pageSize: number, signal?: AbortSignal): Promise<ApplicationPage> {
  return getJson<ApplicationPage>(withQuery(`${BASE}/applications`, { page, pageSize }), signal);
}

/** GET /api/v1/applications/{id} — a draft to resume, or a submitted application. */
export function getApplication(id: string, signal?: AbortSignal): Promise<ApplicationView> {
  return getJson<ApplicationView>(app(id), signal);
}

/**
 * PATCH /api/v1/applications/{id} — saves answers, form values and materials of a draft at `revision`.
 * 409 `application.stale_revision` (changed elsewhere) or `application.not_draft`; 422 `application.prefill_overwrite`.
 */
export function saveApplication(id: string, revision: number, patch: ApplicationPatch): Promise<ApplicationView> {
  return sendJson<ApplicationView>('PATCH', app(id), { revision, ...patch });
}

/** POST /api/v1/applications/{id}/disputes — contests a prefilled value (数据异议). */
export function raiseDispute(id: string, dispute: { field: string; claimedValue: string; reason: string }): Promise<Dispute> {
  return sendJson<Dispute>('POST', `${app(id)}/disputes`, dispute);
}

/** POST /api/v1/applications/{id}/prereview — every problem at once (智能预审). */
export function preReview(id: string): Promise<PreReview> {
  return sendJson<PreReview>('POST', `${app(id)}/prereview`);
}

/**
 * POST /api/v1/applications/{id}/submit — submits once. `idempotencyKey` is made once per submit attempt and sent
 * again on a retry, so a retried request gives back the same receipt (200) instead of a second submission.
 * 422 with the checklist in `errors[]` when incomplete; 409 when already submitted with another key.
 */
export function submitApplication(id: string, idempotencyKey: string): Promise<Receipt> {
  return sendJson<Receipt>('POST', `${app(id)}/submit`, undefined, undefined, { 'idempotency-key': idempotencyKey });
}

/**
 * POST /api/v1/materials — uploads a file for a material of an item (fields first, then the file, so the server
 * applies the size limit while reading). 413 too large, 415 wrong type, 422 failed image/photo/PDF checks.
 */
export function uploadMaterial(itemCode: string, materialId: string, file: File, signal?: AbortSignal): Promise<MaterialFile> {
  const form = new FormData();
  form.append('itemCode', itemCode);
  form.append('materialId', materialId);
  form.append('file', file, file.name);
  return sendForm<MaterialFile>(`${BASE}/materials`, form, signal);
}

/** GET /api/v1/materials/{id} — an uploaded file's metadata (only its uploader). */
export function getMaterialFile(id: string, signal?: AbortSignal): Promise<MaterialFile> {
  return getJson<MaterialFile>(`${BASE}/materials/${encodeURIComponent(id)}`, signal);
}

/** The address of an uploaded file's content (opens inline for images and PDFs). */
export function materialContentUrl(id: string): string {
  return `${BASE}/materials/${encodeURIComponent(id)}/content`;
}

/** A random UUID (v4) for an Idempotency-Key; crypto.randomUUID exists only in secure contexts. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
