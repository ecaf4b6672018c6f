/** Typed client of the alert list (超时预警). Contract: docs/design/service-quality.md, "Overdue monitoring". */
import { getJson, withQuery } from '../../shared/http.ts';
import type { AlertPage, AlertQuery } from './alerts.types.ts';

/** GET /api/v1/officer/alerts — the alerts of my jurisdiction, newest first. */
export function listAlerts(query: AlertQuery, signal?: AbortSignal): Promise<AlertPage> {
  return getJson<AlertPage>(withQuery('/api/v1/officer/alerts', { state: query.state, kind: query.kind, page: query.page, pageSize: query.pageSize }), signal);
}
