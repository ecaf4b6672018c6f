/**
 * The apply journey's API: start a draft (with prefill and pre-check), save and resume, pre-review, submit with an
 * Idempotency-Key, raise a data dispute, and the per-item measures. Applicants act on their own applications only.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { isExemptMaterial } from '@tongban/core';
import { applicationsRepo, casesRepo, type ApplicationRow } from '@tongban/db';
import type { AppDeps } from '../../app.ts';
import {
  boundDefinitions, ownApplication, type ApplicationReview, raiseDispute, reviewApplication, saveDraft, startApplication, submitApplication,
  type ApplicationDeps, type MaterialState,
} from '../../applications/applications.service.ts';
import { requireSignedIn } from '../../http/auth.ts';
import { sendProblem } from '../../http/problems.ts';

const problem = Type.Ref('Problem');
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem, 428: problem };
const IdParam = Type.Object({ id: Type.String({ pattern: '^app_[A-Za-z0-9_-]{6,40}$' }) }, { additionalProperties: false });
const Open = Type.Object({}, { additionalProperties: true });

/** The application as its applicant sees it: form with provenance, pre-check, materials plan, measures, and its case. */
export async function presentApplication(deps: Pick<AppDeps, 'db' | 'secrets' | 'clock'>, row: ApplicationRow, reviewed?: ApplicationReview) {
  const review = reviewed ?? await reviewApplication(deps.db, deps.secrets.keys, row, deps.clock.today());
  const parts = review.parts;
  const materials = review.item.materials.map((m) => {
    const state = (row.materials as MaterialState)[m.id] ?? null;
    return {
      id: m.id, name: m.name, description: m.description ?? null, necessity: m.necessity, source: m.source, formats: m.formats, maxSizeMB: m.maxSizeMB,
      deferDays: m.deferDays ?? null, commitmentText: m.commitmentText ?? null, neededWhen: m.neededWhen ?? null, acceptanceCriteria: m.acceptanceCriteria ?? null,
      exemptBySource: isExemptMaterial(m), state,
    };
  });
  return {
    id: row.id, kind: row.kind, code: row.code, version: row.version, members: row.members, status: row.status, revision: row.revision,
    receiptNo: row.receiptNo, submittedAt: row.submittedAt, createdAt: row.createdAt, updatedAt: row.updatedAt, actingFor: row.actingFor,
    name: row.kind === 'item' ? review.bound.item!.name : review.bound.bundle!.name,
    form: { schema: review.item.form.schema, uiSchema: review.item.form.uiSchema, values: parts.form, prefill: parts.prefill },
    answers: parts.answers,
    precheck: review.precheck,
    checklist: review.checklist,
    ready: review.ok,
    materials,
    measures: row.measures,
    disputes: await applicationsRepo.disputes(deps.db, row.id),
    caseId: row.status === 'submitted' ? (await casesRepo.byApplication(deps.db, row.id))?.id ?? null : null,
  };
}

export const applicationsRoutes = (deps: AppDeps & { dataSources: ApplicationDeps['dataSources'] }): FastifyPluginAsyncTypebox => async (app) => {
  const ad: ApplicationDeps = { db: deps.db, keys: deps.secrets.keys, clock: deps.clock, dataSources: deps.dataSources, onSubmitted: (tx, row) => deps.cases.open(tx, row) };

  /** Only a signed-in citizen (or an officer signed in as a citizen) applies. */
  const applicant = (req: FastifyRequest, reply: FastifyReply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return null;
    if (who.principal.kind === 'service') {
      void sendProblem(reply, 403, 'application.not_a_person', { zh: '只有公民本人可以申请', en: 'Only a citizen can apply' });
      return null;
    }
    return who.principal;
  };

  const present = (row: ApplicationRow) => presentApplication(deps, row);

  /** POST /api/v1/applications — start a draft for `itemCode` or `bundleCode`. @returns 201 the draft; 404 unknown code */
  app.post('/api/v1/applications', {
    schema: {
      tags: ['applications'], summary: 'Start an application',
      body: Type.Object({ itemCode: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{3,50}$' })), bundleCode: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{3,50}$' })) }, { additionalProperties: false }),
      response: { 201: Open, ...errors },
    },
  }, async (req, reply) => {
    const who = applicant(req, reply);
    if (!who) return reply;
    if (!req.body.itemCode === !req.body.bundleCode) {
      return sendProblem(reply, 422, 'application.target_invalid', { zh: '请给出 itemCode 或 bundleCode 之一', en: 'Give exactly one of itemCode or bundleCode' }, [{ path: '/itemCode', reason: 'one_of', message: { zh: '二选一', en: 'exactly one of itemCode, bundleCode' } }]);
    }
    const row = await startApplication(ad, who, { itemCode: req.body.itemCode, bundleCode: req.body.bundleCode });
    return reply.status(201).send(await present(row));
  });

  /** GET /api/v1/applications — my applications, newest first. @returns 200 */
  app.get('/api/v1/applications', {
    schema: { tags: ['applications'], summary: 'My applications', querystring: Type.Object({ page: Type.Integer({ minimum: 1, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }, { additionalProperties: false }), response: { 200: Open, ...errors } },
  }, async (req, reply) => {
    const who = applicant(req, reply);
    if (!who) return reply;
    const { page, pageSize } = req.query;
    const res = await applicationsRepo.listByApplicant(deps.db, who.id, pageSize, (page - 1) * pageSize);
    const items = await Promise.all(res.rows.map(async (r) => {
      const b = await boundDefinitions(deps.db, r);
      return { id: r.id, kind: r.kind, code: r.code, version: r.version, status: r.status, receiptNo: r.receiptNo, eligible: r.eligible, createdAt: r.createdAt, submittedAt: r.submittedAt, name: (r.kind === 'item' ? b.item!.name : b.bundle!.name) };
    }));
    return { applications: items, total: res.total, page, pageSize };
  });

  /** GET /api/v1/applications/{id} — resume a draft or see a submitted application. @returns 200; 404 unless it is mine */
  app.get('/api/v1/applications/:id', { schema: { tags: ['applications'], summary: 'An application', params: IdParam, response: { 200: Open, ...errors } } }, async (req, reply) => {
    const who = applicant(req, reply);
    if (!who) return reply;
    return present(await ownApplication(deps.db, who, req.params.id));
  });

  /**
   * PATCH /api/v1/applications/{id} — save answers, form values and materials of a draft.
   * @returns 200; 409 stale revision or already submitted; 422 when a prefilled value would be overwritten
   */
  app.patch('/api/v1/applications/:id', {
    schema: {
      tags: ['applications'], summary: 'Save a draft', params: IdParam,
      body: Type.Object({
        revision: Type.Integer({ minimum: 1 }),
        answers: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        form: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        materials: Type.Optional(Type.Record(Type.String(), Type.Union([Type.Null(), Type.Object({ kind: Type.Unsafe<string>({ enum: ['upload', 'license', 'dataSource', 'itemOutput', 'deferred', 'commitment'] }) }, { additionalProperties: true })]))),
      }, { additionalProperties: false }),
      response: { 200: Open, ...errors },
    },
  }, async (req, reply) => {
    const who = applicant(req, reply);
    if (!who) return reply;
    const row = await saveDraft(ad, who, req.params.id, req.body as never);
    return present(row);
  });

  /** POST /api/v1/applications/{id}/prereview — every problem at once. @returns 200 `{ ok, checklist, precheck }` */
  app.post('/api/v1/applications/:id/prereview', { schema: { tags: ['applications'], summary: 'Pre-review', params: IdParam, response: { 200: Open, ...errors } } }, async (req, reply) => {
    const who = applicant(req, reply);
    if (!who) return reply;
    const row = await ownApplication(deps.db, who, req.params.id);
    const r = await reviewApplication(deps.db, deps.secrets.keys, row, deps.clock.today());
    return { ok: r.ok, checklist: r.checklist, precheck: r.precheck };
  });

  /**
   * POST /api/v1/applications/{id}/submit — submit once, with header Idempotency-Key.
   * @returns 201 the receipt; 200 the same receipt for a retry with the same key; 409 submitted with another key;
   * 422 the pre-review checklist when incomplete; 428 without Idempotency-Key
   */
  app.post('/api/v1/applications/:id/submit', {
    schema: { tags: ['applications'], summary: 'Submit', params: IdParam, headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100 })) }), response: { 200: Open, 201: Open, ...errors } },
  }, async (req, reply) => {
    const who = applicant(req, reply);
    if (!who) return reply;
    const key = req.headers['idempotency-key'];
    if (!key) {
      return sendProblem(reply, 428, 'http.precondition_required', {
        zh: '提交申请需要 Idempotency-Key 请求头（每次提交动作一个唯一值，重试时不变）', en: 'Submitting needs an Idempotency-Key header (one unique value per submission, the same on retries)',
      });
    }
    const { row, replayed, review } = await submitApplication(ad, who, req.params.id, key);
    const application = await presentApplication(deps, row, review);
    return reply.status(replayed ? 200 : 201).send({ receiptNo: row.receiptNo, submittedAt: row.submittedAt, caseId: application.caseId, application });
  });

  /** POST /api/v1/applications/{id}/disputes — contest a prefilled value (数据异议). @returns 201 the ticket */
  app.post('/api/v1/applications/:id/disputes', {
    schema: {
      tags: ['applications'], summary: 'Raise a data dispute', params: IdParam,
      body: Type.Object({ field: Type.String({ minLength: 1, maxLength: 100 }), claimedValue: Type.String({ minLength: 1, maxLength: 500 }), reason: Type.String({ minLength: 2, maxLength: 1000 }) }, { additionalProperties: false }),
      response: { 201: Open, ...errors },
    },
  }, async (req, reply) => {
    const who = applicant(req, reply);
    if (!who) return reply;
    return reply.status(201).send(await raiseDispute(ad, who, req.params.id, req.body));
  });

  /** GET /api/v1/items/{code}/measures — prefill and exemption ratios and first-time acceptance, over submitted applications. @returns 200 */
  app.get('/api/v1/items/:code/measures', {
    schema: { tags: ['applications'], summary: 'Measures of an item', params: Type.Object({ code: Type.String({ pattern: '^[A-Za-z0-9-]{3,50}$' }) }), response: { 200: Open, ...errors } },
  }, async (req) => {
    const m = await applicationsRepo.itemMeasures(deps.db, req.params.code);
    const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : null);
    return {
      code: req.params.code, ...m,
      prefillRatio: ratio(m.fieldsPrefilled, m.fieldsTotal),
      exemptionRatio: ratio(m.materialsExempted, m.materialsTotal),
      firstTimeSuccessRate: ratio(m.acceptedWithoutSupplement, m.decided),
    };
  });
};
