/**
 * The rectification reports (officers): daily, weekly and monthly, as JSON, CSV or PDF. Policy rectification.read,
 * checked against the org the report is for (default: the officer's first org).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import type { AppDeps } from '../../app.ts';
import { QualityReports, reportCsv, reportPdf, type Report } from '../../quality/reports.service.ts';

const problem = Type.Ref('Problem');
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 422: problem };
const Format = Type.Union([Type.Literal('json'), Type.Literal('csv'), Type.Literal('pdf')], { default: 'json' });
const OrgQ = Type.Optional(Type.String({ pattern: '^[A-Z0-9-]{1,40}$' }));

export const reportsRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  const reports = new QualityReports({ db: deps.db, orgs: deps.orgs });
  const orgOf = (req: FastifyRequest) => (req.query as { org?: string }).org ?? req.auth!.principal.roles[0]?.org ?? 'none';
  const config = { policy: 'rectification.read', resource: async (req: FastifyRequest) => ({ org: orgOf(req) }) };

  const send = async (reply: FastifyReply, r: Report<unknown>, format: 'json' | 'csv' | 'pdf') => {
    const name = `rectification-${r.kind}-${r.org.code}-${r.period.label.replace(/[^0-9A-Za-z-]+/g, '_')}`;
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(reportCsv(r));
    if (format === 'pdf') {
      const bytes = await reportPdf(r, deps.clock.now().toISOString());
      return reply.type('application/pdf').header('content-disposition', `inline; filename="${name}.pdf"`).send(Buffer.from(bytes));
    }
    return { kind: r.kind, title: r.title, org: r.org, period: r.period, ...(r.data as object) };
  };

  /** GET /api/v1/officer/quality/reports/daily?org=&date=&format= — new and open work orders. Policy rectification.read. @returns 200; 403 */
  app.get('/api/v1/officer/quality/reports/daily', {
    config,
    schema: {
      tags: ['officer'], summary: 'Rectification daily report',
      querystring: Type.Object({ org: OrgQ, date: Type.Optional(Type.String({ format: 'date' })), format: Format }, { additionalProperties: false }),
      response: { ...errors },
    },
  }, async (req, reply) => send(reply, await reports.daily(orgOf(req), req.query.date ?? deps.clock.today()), req.query.format));

  /** GET /api/v1/officer/quality/reports/weekly?org=&week=YYYY-Www|date&format= — the week's review. Policy rectification.read. @returns 200; 403 */
  app.get('/api/v1/officer/quality/reports/weekly', {
    config,
    schema: {
      tags: ['officer'], summary: 'Rectification weekly review',
      querystring: Type.Object({ org: OrgQ, week: Type.Optional(Type.String({ pattern: '^(\\d{4}-W\\d{2}|\\d{4}-\\d{2}-\\d{2})$' })), format: Format }, { additionalProperties: false }),
      response: { ...errors },
    },
  }, async (req, reply) => send(reply, await reports.weekly(orgOf(req), req.query.week ?? deps.clock.today()), req.query.format));

  /** GET /api/v1/officer/quality/reports/monthly?org=&month=YYYY-MM&format= — bad ratings by item, org, reason, and the trend. Policy rectification.read. @returns 200; 403 */
  app.get('/api/v1/officer/quality/reports/monthly', {
    config,
    schema: {
      tags: ['officer'], summary: 'Monthly bad-rating report',
      querystring: Type.Object({ org: OrgQ, month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })), format: Format }, { additionalProperties: false }),
      response: { ...errors },
    },
  }, async (req, reply) => send(reply, await reports.monthly(orgOf(req), req.query.month ?? deps.clock.today().slice(0, 7)), req.query.format));
};
