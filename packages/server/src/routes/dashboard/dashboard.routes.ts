/**
 * The operations dashboard (网办中心) of an org subtree, for officers, and the public accountability page (政务公开)
 * per item and month, for anyone. Figures are computed at read time (see DashboardService, docs/decisions/0030).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { inSubtree, policyFor } from '@tongban/core';
import type { AppDeps } from '../../app.ts';
import { DashboardService } from '../../dashboard/dashboard.service.ts';

const problem = Type.Ref('Problem');
const errors = { 400: problem, 401: problem, 403: problem, 422: problem };
const Open = Type.Object({}, { additionalProperties: true });
const ITEM_NAMES_TTL_MS = 60_000;
const PUBLIC_TTL_MS = 60_000;

/** The dashboard service over the app's database, org directory, calendar and the catalog's item names. */
export function dashboardService(deps: AppDeps): DashboardService {
  let names: { at: number; map: Map<string, { zh: string; en: string }> } | null = null;
  return new DashboardService({
    db: deps.db,
    calendar: () => deps.calendar.calendar(),
    orgs: () => deps.orgs.all(),
    itemNames: async () => {
      if (names && Date.now() - names.at < ITEM_NAMES_TTL_MS) return names.map;
      const r = await deps.db.query<{ code: string; name: { zh: string; en: string } | null }>(
        `select distinct on (code) code, summary->'name' as name from catalog_index order by code, version desc`);
      names = { at: Date.now(), map: new Map(r.rows.filter((x) => x.name).map((x) => [x.code, x.name!])) };
      return names.map;
    },
  });
}

export const dashboardRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  const service = dashboardService(deps);
  const dashboardRoles = policyFor('quality.dashboard')?.roles ?? [];
  const publicCache = new Map<string, { at: number; body: unknown }>();

  /**
   * GET /api/v1/officer/dashboard?org=&from=&to=&bucket= — the figures of an org subtree for a period of submission
   * dates (Asia/Shanghai), per child org, per item and per bucket; limited to the departments the officer's
   * dashboard roles cover there. Policy quality.dashboard.
   * @returns 200 the dashboard; 403 when the org is outside the officer's jurisdiction; 422 for a bad period or org
   */
  app.get('/api/v1/officer/dashboard', {
    config: {
      policy: 'quality.dashboard',
      resource: async (req) => {
        const q = req.query as { org?: string };
        return { org: q.org ?? req.auth!.principal.roles[0]?.org ?? 'none' };
      },
    },
    schema: {
      tags: ['officer'], summary: 'Operations dashboard (网办中心)',
      querystring: Type.Object({
        org: Type.Optional(Type.String({ pattern: '^[A-Z0-9-]{1,40}$' })),
        from: Type.String({ maxLength: 20 }),
        to: Type.String({ maxLength: 20 }),
        bucket: Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { default: 'day' }),
      }, { additionalProperties: false }),
      response: { 200: Open, ...errors },
    },
  }, async (req) => {
    const who = req.auth!.principal;
    const q = req.query;
    const org = q.org ?? who.roles[0]?.org ?? 'none';
    const paths = await deps.orgs.orgPaths();
    const scopeRoot = deps.orgs.scopeRoot();
    // the departments of the dashboard roles whose subtree holds the org; '*' (an administrator) is every department
    const covering = who.roles.filter((r) => dashboardRoles.includes(r.role) && inSubtree(paths, scopeRoot(r.org), org));
    const departments = covering.some((r) => r.department === '*') ? null : [...new Set(covering.map((r) => r.department))].sort();
    return service.dashboard({ org, from: q.from, to: q.to, bucket: q.bucket, today: deps.clock.today(), departments });
  });

  /**
   * GET /api/v1/public/quality?month=YYYY-MM — 政务公开: per item, the ratings given in the month with the
   * good-rating rate, and the cases closed in the month with the on-time rate. No sign-in; no personal data.
   * @returns 200; 422 for a bad month
   */
  app.get('/api/v1/public/quality', {
    config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
    schema: {
      tags: ['public'], summary: 'Public service-quality figures (政务公开)',
      querystring: Type.Object({ month: Type.String({ maxLength: 10 }) }, { additionalProperties: false }),
      response: { 200: Open, 400: problem, 422: problem },
    },
  }, async (req, reply) => {
    const key = req.query.month;
    const hit = publicCache.get(key);
    const body = hit && Date.now() - hit.at < PUBLIC_TTL_MS ? hit.body : await service.publicQuality(key);
    if (!hit || hit.body !== body) {
      if (publicCache.size > 100) publicCache.clear();
      publicCache.set(key, { at: Date.now(), body });
    }
    return reply.header('cache-control', 'public, max-age=60').send(body);
  });
};
