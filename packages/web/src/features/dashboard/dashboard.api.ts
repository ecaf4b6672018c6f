/** Typed client of the dashboard (网办中心, officers) and the public service-quality page (政务公开, anyone). */
import { getJson, withQuery } from '../../shared/http.ts';
import type { Dashboard, DashboardQuery, PublicQuality } from './dashboard.types.ts';

/** GET /api/v1/officer/dashboard — figures, children, items and trend of an org subtree (403 outside the jurisdiction, 422 bad period). */
export function getDashboard(q: DashboardQuery, signal?: AbortSignal): Promise<Dashboard> {
  return getJson<Dashboard>(withQuery('/api/v1/officer/dashboard', { org: q.org, from: q.from, to: q.to, bucket: q.bucket }), signal);
}

/** GET /api/v1/public/quality — per item figures of a month (no sign-in). */
export function getPublicQuality(month: string, signal?: AbortSignal): Promise<PublicQuality> {
  return getJson<PublicQuality>(withQuery('/api/v1/public/quality', { month }), signal);
}
