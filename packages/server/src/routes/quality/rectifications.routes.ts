/**
 * Rectification work orders (差评整改) in the officer workbench: the list of the jurisdiction (open, today's, all),
 * one order with its rating, evaluator (audited), deadlines and history, and the actions of its stages.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { NotFoundError, RECTIFICATION_ACTIONS, type RectificationAction } from '@tongban/core';
import { ratingsRepo } from '@tongban/db';
import type { AppDeps } from '../../app.ts';
import { itemName } from '../../quality/quality.shared.ts';
import { presentOrder, presentOrderSummary, presentRating } from './quality.presenter.ts';

const problem = Type.Ref('Problem');
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const Open = Type.Object({}, { additionalProperties: true });
const OrderId = Type.Object({ id: Type.String({ pattern: '^rect_[A-Za-z0-9_-]{6,40}$' }) }, { additionalProperties: false });

export const rectificationsRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  const { db, orgs, rectifications } = deps;

  /** An order is checked against its org and department. */
  const orderResource = async (req: FastifyRequest) => {
    const { id } = req.params as { id: string };
    const o = await ratingsRepo.order(db, id);
    if (!o) throw new NotFoundError('rectification.not_found', { zh: `整改工单“${id}”`, en: `Work order "${id}"` }, { id });
    return { org: o.org, department: o.department };
  };
  const decisionOf = (req: FastifyRequest) => {
    const d = req.decision && req.decision.allowed ? req.decision : null;
    return { full: !!d?.fullPersonalData, role: d?.role ?? null, via: d?.via?.org ?? null };
  };

  const detail = async (req: FastifyRequest, id: string, purpose?: string) => {
    const v = await rectifications.view(req.auth!.principal, id, { ...decisionOf(req), purpose });
    const today = deps.clock.today();
    return {
      ...(await presentOrder(orgs, v.order, today, v.itemName)),
      rating: presentRating(v.rating), evaluator: v.evaluator, case: v.case,
      history: v.events.map((e) => ({ seq: e.seq, at: e.at, kind: e.kind, actor: { kind: e.actor === 'system' ? 'system' : e.actor.split(':')[0], name: e.actorName }, detail: e.detail })),
      allowedActions: v.allowedActions, canAct: v.canAct,
    };
  };

  /**
   * GET /api/v1/officer/rectifications?view=open|daily|all&org= — work orders of my jurisdiction, most urgent first.
   * Policy rectification.read. @returns 200; 403 for an org outside my jurisdiction
   */
  app.get('/api/v1/officer/rectifications', {
    config: {
      policy: 'rectification.read',
      resource: async (req) => ({ org: (req.query as { org?: string }).org ?? req.auth!.principal.roles[0]?.org ?? 'none' }),
    },
    schema: {
      tags: ['officer'], summary: 'Rectification work orders',
      querystring: Type.Object({
        view: Type.Union([Type.Literal('open'), Type.Literal('daily'), Type.Literal('all')], { default: 'open' }),
        org: Type.Optional(Type.String({ pattern: '^[A-Z0-9-]{1,40}$' })),
        page: Type.Integer({ minimum: 1, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
      }, { additionalProperties: false }),
      response: { 200: Open, ...errors },
    },
  }, async (req) => {
    const q = req.query;
    const res = await rectifications.list(req.auth!.principal, { view: q.view, org: q.org, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
    const today = deps.clock.today();
    return { total: res.total, page: q.page, pageSize: q.pageSize, items: await Promise.all(res.rows.map(async (o) => presentOrderSummary(orgs, o, today, await itemName(db, o.itemCode)))) };
  });

  /** GET /api/v1/officer/rectifications/{id}?purpose= — one order (the evaluator's data read is audited). Policy rectification.read. @returns 200; 403; 404 */
  app.get('/api/v1/officer/rectifications/:id', {
    config: { policy: 'rectification.read', resource: orderResource },
    schema: {
      tags: ['officer'], summary: 'A rectification work order', params: OrderId,
      querystring: Type.Object({ purpose: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })) }, { additionalProperties: false }),
      response: { 200: Open, ...errors },
    },
  }, async (req) => detail(req, req.params.id, req.query.purpose));

  /**
   * POST /api/v1/officer/rectifications/{id}/actions — verify, rectify, explain, appeal, callback or close, with the
   * revision seen. Policy rectification.act. @returns 200 the order; 409 not possible now or changed meanwhile; 422 missing note or callback
   */
  app.post('/api/v1/officer/rectifications/:id/actions', {
    config: { policy: 'rectification.act', resource: orderResource },
    schema: {
      tags: ['officer'], summary: 'Act on a rectification work order', params: OrderId,
      body: Type.Object({
        action: Type.Unsafe<RectificationAction>({ type: 'string', enum: [...RECTIFICATION_ACTIONS] }),
        revision: Type.Integer({ minimum: 1 }),
        note: Type.Optional(Type.String({ maxLength: 2000 })),
        resolution: Type.Optional(Type.Union([Type.Literal('fixed'), Type.Literal('fixed_later')])),
        reached: Type.Optional(Type.Boolean()),
        satisfied: Type.Optional(Type.Boolean()),
      }, { additionalProperties: false }),
      response: { 200: Open, ...errors },
    },
  }, async (req) => {
    const { action, ...input } = req.body;
    await rectifications.act(req.auth!.principal, req.params.id, action, input);
    return detail(req, req.params.id);
  });
};
