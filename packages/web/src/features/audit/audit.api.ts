/** Typed client of the audit administration API. */
import { getJson } from '../../shared/http.ts';

/** A place where the chain fails verification (as much of it as the server says). */
export interface AuditBreakView {
  reason?: string;
  shard?: number | null;
  seq?: number | null;
  id?: string | null;
  message?: { zh: string; en?: string };
  [key: string]: unknown;
}

/**
 * GET /api/v1/admin/audit/verify. The report's shape may grow; `ok` (or `intact`) says whether the chain holds and
 * `firstBroken` where it first fails. Everything else is shown as it comes.
 */
export interface AuditVerifyResult {
  ok?: boolean;
  intact?: boolean;
  entries?: number;
  shards?: unknown[];
  checkpoints?: { count?: number; signaturesChecked?: boolean; [key: string]: unknown };
  firstBroken?: AuditBreakView | null;
  durationMs?: number;
  [key: string]: unknown;
}

/** Whether the report says the chain is intact. */
export const auditIntact = (r: AuditVerifyResult): boolean => (r.ok ?? r.intact ?? false) === true;

/** GET /api/v1/admin/audit/verify — verifies the audit log's hash chain and checkpoints (admin only). */
export function verifyAudit(signal?: AbortSignal): Promise<AuditVerifyResult> {
  return getJson<AuditVerifyResult>('/api/v1/admin/audit/verify', signal);
}
