/**
 * Monitoring over HTTP: the overdue alerts of an officer's jurisdiction, and /metrics for operators (Prometheus text;
 * from loopback or with METRICS_TOKEN, see docs/decisions/0028-metrics-access.md).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppDeps } from '../../app.ts';
import { sendProblem } from '../../http/problems.ts';
import { monitorRepo } from '../../monitoring/monitor.repo.ts';
import { presentAlert } from './monitoring.presenter.ts';
import { AlertPage, AlertQuery, AlertView } from './monitoring.schema.ts';

const problem = Type.Ref('Problem');
const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * A scrape from this machine: the socket's peer is loopback and no proxy relayed it. `req.ip` is not used: with
 * trustProxy it comes from X-Forwarded-For, which any client can write; and a local reverse proxy's requests come
 * from loopback on behalf of anyone, so a forwarded request is not local.
 */
function fromLoopback(req: FastifyRequest): boolean {
  const peer = req.raw.socket.remoteAddress;
  return !!peer && LOOPBACK.has(peer) && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
}

export const monitoringRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  const { db, orgs } = deps;
  app.addSchema(AlertView);

  /**
   * GET /api/v1/officer/alerts?org=&state=open|all&kind= — the overdue alerts (超时预警) of my jurisdiction, newest
   * first. Policy alert.read (jurisdiction). @returns 200 a page of alerts; 403 for an org outside my jurisdiction
   */
  app.get('/api/v1/officer/alerts', {
    config: {
      policy: 'alert.read',
      resource: async (req) => {
        const q = req.query as { org?: string };
        return { org: q.org ?? req.auth!.principal.roles[0]?.org ?? 'none' };
      },
    },
    schema: { tags: ['officer'], summary: 'Overdue alerts of my jurisdiction', querystring: AlertQuery, response: { 200: AlertPage, 400: problem, 401: problem, 403: problem } },
  }, async (req) => {
    const who = req.auth!.principal;
    const q = req.query;
    const res = await monitorRepo.list(db, {
      scopes: await orgs.jurisdiction(who.roles),
      ...(q.org ? { orgPrefix: await orgs.pathPrefix(q.org) } : {}), open: q.state === 'open', ...(q.kind ? { kind: q.kind } : {}),
      limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
    });
    const names = await monitorRepo.officerNames(db, [...new Set(res.rows.flatMap((a) => [...a.responsible, ...a.supervisors]))]);
    return { total: res.total, page: q.page, pageSize: q.pageSize, items: await Promise.all(res.rows.map((a) => presentAlert(orgs, names, a))) };
  });

  /**
   * GET /metrics — Prometheus metrics of this process and the backlog gauges of the database. From loopback, or with
   * `Authorization: Bearer METRICS_TOKEN`. @returns 200 text/plain exposition format; 403 otherwise
   */
  app.get('/metrics', {
    schema: { tags: ['operators'], summary: 'Prometheus metrics', response: { 200: Type.String(), 403: problem } },
  }, async (req, reply) => {
    const token = deps.config.metricsToken;
    const header = req.headers.authorization;
    const byToken = !!token && !!header?.startsWith('Bearer ') && timingSafeEqual(digest(header.slice(7).trim()), digest(token));
    if (!byToken && !fromLoopback(req)) {
      return sendProblem(reply, 403, 'metrics.forbidden', {
        zh: '监控指标仅限本机访问，或携带 METRICS_TOKEN（Authorization: Bearer …）', en: 'Metrics are served to this machine only, or with METRICS_TOKEN (Authorization: Bearer …)',
      });
    }
    const { contentType, text } = await deps.metrics.scrape();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(text);
  });
};
