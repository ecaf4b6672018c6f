/**
 * Case handling over HTTP: the applicant's cases and supplement answers; the officer's workbench (inbox, case,
 * materials, actions) and counter intake (一窗通办); the holiday calendar for administrators.
 * Officer and admin routes declare their policy action (see POLICY); personal data reads are audited with a purpose.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import {
  blindIndex, CASE_ACTIONS, CASE_STATES, CitizenIdError, maskFormValues, decryptPii, detectOverwrites, DomainError, encryptPii, NotFoundError, parseCitizenId, ValidationError,
  type CaseAction, type Principal,
} from '@tongban/core';
import { applicationsRepo, casesRepo, identityRepo, materialsRepo, type ApplicationRow, type CaseRow, type Queryable } from '@tongban/db';
import type { AppDeps } from '../../app.ts';
import { audit } from '../../audit/audit.service.ts';
import {
  boundDefinitions, checkMaterialStates, saveDraft, startApplication, submitApplication, unseal, type ApplicationDeps, type MaterialEntry,
} from '../../applications/applications.service.ts';
import { requireSignedIn } from '../../http/auth.ts';
import { sendProblem } from '../../http/problems.ts';
import { openBlobStore } from '../../materials/blob-store.ts';
import { presentApplication } from '../applications/applications.routes.ts';
import { caseSummary, caseView, type PresentCtx } from './cases.presenter.ts';

const problem = Type.Ref('Problem');
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem, 428: problem };
const Open = Type.Object({}, { additionalProperties: true });
const CaseId = Type.Object({ id: Type.String({ pattern: '^case_[A-Za-z0-9_-]{6,40}$' }) }, { additionalProperties: false });
const AppId = Type.Object({ applicationId: Type.String({ pattern: '^app_[A-Za-z0-9_-]{6,40}$' }) }, { additionalProperties: false });
const Paging = { page: Type.Integer({ minimum: 1, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) };
const DEFAULT_PURPOSE = '办件审查 case handling';

const MaterialStates = Type.Record(Type.String(), Type.Union([Type.Null(), Type.Object({ kind: Type.Unsafe<string>({ enum: ['upload', 'license', 'dataSource', 'itemOutput', 'deferred', 'commitment'] }) }, { additionalProperties: true })]));

export const casesRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  const { db, orgs, cases, secrets } = deps;
  const ctx = async (): Promise<PresentCtx> => {
    const today = deps.clock.today();
    return { db, orgs, today, soonUntil: (await deps.calendar.calendar()).addWorkingDays(today, 2) };
  };
  const ad = (onSubmitted?: ApplicationDeps['onSubmitted']): ApplicationDeps => ({ db, keys: secrets.keys, clock: deps.clock, dataSources: deps.dataSources, ...(onSubmitted ? { onSubmitted } : {}) });
  const blobs = () => openBlobStore(deps.config.dataDir);

  const citizen = (req: FastifyRequest, reply: FastifyReply): Principal | null => {
    const who = requireSignedIn(req, reply);
    if (!who) return null;
    return who.principal;
  };

  /** The case an officer route acts on, and the org it is checked against (any window for a city-wide acceptance). */
  const caseResource = async (req: FastifyRequest) => {
    const { id } = req.params as { id: string };
    const row = await casesRepo.get(db, id);
    if (!row) throw new NotFoundError('case.not_found', { zh: `办件“${id}”`, en: `Case "${id}"` }, { id });
    (req as { caseRow?: CaseRow }).caseRow = row;
    const who = req.auth!.principal;
    if (row.state === 'submitted' && row.cityWide) {
      const w = who.roles.find((r) => r.role === 'window_officer' && (r.department === row.department || r.department === '*'));
      if (w) return { org: w.org, department: row.department };
    }
    return { org: row.org, department: row.department };
  };
  const full = (req: FastifyRequest) => !!req.decision && 'fullPersonalData' in req.decision && req.decision.fullPersonalData;

  // ------------------------------------------------------------------ applicant

  /** GET /api/v1/cases — my cases (办件), newest first. @returns 200 */
  app.get('/api/v1/cases', {
    schema: { tags: ['cases'], summary: 'My cases', querystring: Type.Object(Paging, { additionalProperties: false }), response: { 200: Open, ...errors } },
  }, async (req, reply) => {
    const who = citizen(req, reply);
    if (!who) return reply;
    const { page, pageSize } = req.query;
    const res = await casesRepo.listByApplicant(db, who.id, pageSize, (page - 1) * pageSize);
    const c = await ctx();
    return { total: res.total, page, pageSize, items: await Promise.all(res.rows.map((r) => caseSummary(c, r, { fullName: true }))) };
  });

  /** GET /api/v1/cases/{id} — one of my cases with its steps, timeline, supplement request and result. @returns 200; 404 unless mine */
  app.get('/api/v1/cases/:id', { schema: { tags: ['cases'], summary: 'My case', params: CaseId, response: { 200: Open, ...errors } } }, async (req, reply) => {
    const who = citizen(req, reply);
    if (!who) return reply;
    const row = await casesRepo.getListRow(db, req.params.id);
    if (!row || row.applicantId !== who.id) throw new NotFoundError('case.not_found', { zh: `办件“${req.params.id}”`, en: `Case "${req.params.id}"` });
    return caseView(await ctx(), row, { fullName: true, forOfficer: false });
  });

  /**
   * POST /api/v1/cases/{id}/supplement — answer the supplement request (补正) with the fixed form values and materials.
   * The case goes back to where it paused and its clock resumes. @returns 200 the case; 409 not waiting for a supplement or stale; 422
   */
  app.post('/api/v1/cases/:id/supplement', {
    schema: {
      tags: ['cases'], summary: 'Answer a supplement request', params: CaseId,
      body: Type.Object({
        revision: Type.Integer({ minimum: 1 }), form: Type.Optional(Type.Record(Type.String(), Type.Unknown())), materials: Type.Optional(MaterialStates),
        note: Type.Optional(Type.String({ maxLength: 1000 })),
      }, { additionalProperties: false }),
      response: { 200: Open, ...errors },
    },
  }, async (req, reply) => {
    const who = citizen(req, reply);
    if (!who) return reply;
    const body = req.body;
    const row = await cases.answerSupplement(who, req.params.id, body, async (tx, appRow) => amendApplication(tx, who, appRow, body.form, body.materials as Record<string, MaterialEntry | null> | undefined));
    return caseView(await ctx(), (await casesRepo.getListRow(db, row.id))!, { fullName: true, forOfficer: false });
  });

  /** Applies the applicant's corrections to a submitted application (prefilled values stay; materials are checked). */
  async function amendApplication(tx: Queryable, who: Principal, row: ApplicationRow, form?: Record<string, unknown>, materials?: Record<string, MaterialEntry | null>) {
    const parts = unseal(secrets.keys, row);
    const nextForm = form ? Object.fromEntries(Object.entries({ ...parts.form, ...form }).filter(([, v]) => v !== null)) : parts.form;
    const overwritten = detectOverwrites(parts.prefill, nextForm);
    if (overwritten.length) {
      throw new ValidationError('application.prefill_overwrite', overwritten.map((f: string) => ({
        path: `/form/${f}`, reason: 'prefilled', message: { zh: '该项来自权威数据，不能直接修改；如有错误请提出数据异议', en: 'This value comes from an authoritative record and cannot be changed here; raise a data dispute if it is wrong' },
      })));
    }
    const owner: Principal = { kind: 'citizen', id: row.applicantId, name: who.name, roles: [] };
    if (materials) await checkMaterialStates(tx, owner, await boundDefinitions(tx, row), parts.facts, materials);
    const nextMaterials = materials ? Object.fromEntries(Object.entries({ ...(row.materials as object), ...materials }).filter(([, v]) => v !== null)) : row.materials;
    await applicationsRepo.amend(tx, row.id, { sealed: encryptPii(secrets.keys, 'document', JSON.stringify({ ...parts, form: nextForm })), materials: nextMaterials });
  }

  // ------------------------------------------------------------------ officer workbench

  /**
   * GET /api/v1/officer/cases — the workbench: `view=inbox` (what my roles can act on now, across departments) or
   * `all` (every case of my jurisdiction), filtered by due (soon/overdue), department, item, state, org.
   * Policy case.read. @returns 200; 403 for an org outside my jurisdiction
   */
  app.get('/api/v1/officer/cases', {
    config: {
      policy: 'case.read',
      resource: async (req) => {
        const q = req.query as { org?: string };
        const who = req.auth!.principal;
        return { org: q.org ?? who.roles[0]?.org ?? 'none' };
      },
    },
    schema: {
      tags: ['officer'], summary: 'Workbench: cases',
      querystring: Type.Object({
        view: Type.Union([Type.Literal('inbox'), Type.Literal('all')], { default: 'inbox' }),
        due: Type.Optional(Type.Union([Type.Literal('soon'), Type.Literal('overdue')])),
        department: Type.Optional(Type.String({ pattern: '^[a-z_]{2,40}$' })),
        item: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{3,50}$' })),
        state: Type.Optional(Type.Unsafe<string>({ type: 'string', enum: [...CASE_STATES] })),
        org: Type.Optional(Type.String({ pattern: '^[A-Z0-9-]{1,40}$' })),
        ...Paging,
      }, { additionalProperties: false }),
      response: { 200: Open, ...errors },
    },
  }, async (req) => {
    const who = req.auth!.principal;
    const q = req.query;
    const prefix = await orgs.prefixer();
    const scopeRoot = orgs.scopeRoot();
    const c = await ctx();
    const res = await casesRepo.list(db, {
      scopes: await orgs.jurisdiction(who.roles),
      ...(q.view === 'inbox' ? {
        inbox: who.roles.filter((r) => r.role !== 'admin').map((r) => ({ role: r.role, prefix: prefix(scopeRoot(r.org)), department: r.department })),
        cityWideAccept: who.roles.filter((r) => r.role === 'window_officer').map((r) => r.department),
      } : {}),
      me: who.officerId ?? who.id, today: c.today, soonUntil: c.soonUntil,
      ...(q.due ? { due: q.due } : {}), ...(q.department ? { department: q.department } : {}), ...(q.item ? { code: q.item } : {}),
      ...(q.state ? { state: q.state } : {}), ...(q.org ? { orgPrefix: prefix(q.org) } : {}),
      limit: q.pageSize, offset: (q.page - 1) * q.pageSize,
    });
    const fullName = full(req);
    return { total: res.total, page: q.page, pageSize: q.pageSize, items: await Promise.all(res.rows.map((r) => caseSummary(c, r, { fullName }))) };
  });

  /** The officer's view: the case, what this officer may do, and the application with provenance and materials. */
  async function officerView(req: FastifyRequest, id: string) {
    const who = req.auth!.principal;
    const row = (await casesRepo.getListRow(db, id))!;
    const fullName = full(req);
    const view = await caseView(await ctx(), row, { fullName, forOfficer: true });
    const appRow = (await applicationsRepo.get(db, row.applicationId))!;
    const parts = unseal(secrets.keys, appRow);
    const bound = await boundDefinitions(db, appRow);
    const states = appRow.materials as Record<string, (MaterialEntry & { fileId?: string }) | undefined>;
    const multi = bound.members.length > 1;
    const members = row.kind === 'bundle' ? bound.members : bound.members.filter((m) => m.code === row.code);
    const materials = await Promise.all(members.flatMap((m) => m.def.materials.map(async (mat) => {
      const key = multi ? `${m.code}.${mat.id}` : mat.id;
      const state = states[key] ?? null;
      const fileId = state?.kind === 'upload' ? (state as { fileId: string }).fileId : null;
      const file = fileId ? await materialsRepo.byId(db, fileId) : null;
      return { key, name: mat.name, state, fileId, mime: file?.mediaType ?? null };
    })));
    const form = fullName ? parts.form : maskFormValues(parts.form, bound.item?.form.schema as never);
    return {
      ...view,
      allowedActions: await cases.allowedFor(who, row),
      application: {
        id: appRow.id, form, formSchema: bound.item?.form.schema ?? null,
        prefill: Object.fromEntries(Object.entries(parts.prefill).map(([k, p]) => [k, { source: p.source, sourceName: p.sourceName, field: p.field }])),
        materials,
      },
    };
  }

  /** GET /api/v1/officer/cases/{id}?purpose= — a case with its application, for a stated purpose (audited). Policy case.read. @returns 200; 403; 404 */
  app.get('/api/v1/officer/cases/:id', {
    config: { policy: 'case.read', resource: caseResource },
    schema: { tags: ['officer'], summary: 'Workbench: a case', params: CaseId, querystring: Type.Object({ purpose: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })) }, { additionalProperties: false }), response: { 200: Open, ...errors } },
  }, async (req) => {
    const who = req.auth!.principal;
    const row = (req as { caseRow?: CaseRow }).caseRow!;
    await db.transaction((tx) => audit(tx, {
      actor: `officer:${who.officerId ?? who.id}`, actorRole: req.decision && 'role' in req.decision ? req.decision.role : null, org: req.decision && 'via' in req.decision ? req.decision.via?.org ?? null : null,
      action: 'case.read', subjectType: 'case', subjectId: row.id, subjectPerson: row.applicantId, purpose: req.query.purpose ?? DEFAULT_PURPOSE, detail: { full: full(req) },
    }));
    return officerView(req, row.id);
  });

  /** GET /api/v1/officer/cases/{id}/materials/{fileId} — a material file of the case, inline. Policy case.read. @returns 200; 404 */
  app.get('/api/v1/officer/cases/:id/materials/:fileId', {
    config: { policy: 'case.read', resource: caseResource },
    schema: {
      tags: ['officer'], summary: 'Workbench: a material file',
      params: Type.Object({ id: Type.String({ pattern: '^case_[A-Za-z0-9_-]{6,40}$' }), fileId: Type.String({ pattern: '^[A-Za-z0-9_-]{4,60}$' }) }, { additionalProperties: false }),
      response: { 400: problem, 401: problem, 403: problem, 404: problem },
    },
  }, async (req, reply) => {
    const row = (req as { caseRow?: CaseRow }).caseRow!;
    const appRow = (await applicationsRepo.get(db, row.applicationId))!;
    const used = Object.values(appRow.materials as Record<string, { kind: string; fileId?: string }>).some((m) => m.kind === 'upload' && m.fileId === req.params.fileId);
    const file = used ? await materialsRepo.byId(db, req.params.fileId) : null;
    if (!file) throw new NotFoundError('material.not_found', { zh: '该办件的这份材料', en: 'This material of the case' });
    const bytes = await blobs().get(file.sha256);
    if (!bytes) throw new DomainError('materials.content_unavailable', { zh: '文件内容暂时无法读取', en: 'The file content cannot be read right now' });
    const who = req.auth!.principal;
    await db.transaction((tx) => audit(tx, {
      actor: `officer:${who.officerId ?? who.id}`, action: 'case.material.read', subjectType: 'material_file', subjectId: file.id, subjectPerson: row.applicantId, purpose: DEFAULT_PURPOSE, detail: { caseId: row.id },
    }));
    return reply.header('content-type', file.mediaType).header('content-disposition', 'inline').header('x-content-type-options', 'nosniff').header('cache-control', 'private, no-store').send(bytes);
  });

  /**
   * POST /api/v1/officer/cases/{id}/actions — act on the case: claim, release, accept, refuse, supplement, approve,
   * deny, produce, deliver, transfer, assign, archive, comment. Sends the `revision` seen (optimistic concurrency).
   * Policy case.act. @returns 200 the case; 409 not allowed now (state and allowed actions named) or changed meanwhile; 422
   */
  app.post('/api/v1/officer/cases/:id/actions', {
    config: { policy: 'case.act', resource: caseResource },
    schema: {
      tags: ['officer'], summary: 'Workbench: act on a case', params: CaseId,
      body: Type.Object({
        action: Type.Unsafe<CaseAction>({ type: 'string', enum: [...CASE_ACTIONS] }),
        revision: Type.Optional(Type.Integer({ minimum: 1 })),
        reason: Type.Optional(Type.String({ maxLength: 2000 })),
        legalBasis: Type.Optional(Type.String({ maxLength: 500 })),
        items: Type.Optional(Type.Array(Type.Object({ path: Type.Optional(Type.String({ maxLength: 200 })), message: Type.String({ maxLength: 500 }) }, { additionalProperties: false }), { maxItems: 50 })),
        note: Type.Optional(Type.String({ maxLength: 2000 })),
        toOrg: Type.Optional(Type.String({ maxLength: 40 })),
        assignee: Type.Optional(Type.String({ maxLength: 60 })),
        delivery: Type.Optional(Type.Object({ trackingNo: Type.Optional(Type.String({ maxLength: 60 })), pickupCode: Type.Optional(Type.String({ maxLength: 12 })) }, { additionalProperties: false })),
      }, { additionalProperties: false }),
      response: { 200: Open, ...errors },
    },
  }, async (req) => {
    const { action, ...input } = req.body;
    await cases.act(req.auth!.principal, req.params.id, action, input, DEFAULT_PURPOSE);
    return officerView(req, req.params.id);
  });

  // ------------------------------------------------------------------ counter intake (一窗通办)

  /** The window an intake officer works at: the one named, else their first window role. */
  const windowOf = (who: Principal, named?: string) => (named ? { org: named } : who.roles.find((r) => r.role === 'window_officer'));
  const intakeResource = async (req: FastifyRequest) => ({ org: windowOf(req.auth!.principal, (req.body as { window?: string } | undefined)?.window)?.org ?? 'none' });
  /** A counter application is checked against the window where it was filed. */
  const intakeAppResource = async (req: FastifyRequest) => {
    const { applicationId } = req.params as { applicationId: string };
    const row = await applicationsRepo.get(db, applicationId);
    if (!row?.filedOrg) throw new NotFoundError('application.not_found', { zh: `窗口代办的申请“${applicationId}”`, en: `Counter application "${applicationId}"` });
    return { org: row.filedOrg };
  };
  const intakeDraft = async (who: Principal, applicationId: string): Promise<ApplicationRow> => {
    const row = await applicationsRepo.get(db, applicationId);
    if (!row || row.filedBy !== (who.officerId ?? who.id)) throw new NotFoundError('application.not_found', { zh: `窗口代办的申请“${applicationId}”`, en: `Counter application "${applicationId}"` });
    return row;
  };
  const asApplicant = async (row: Pick<ApplicationRow, 'applicantId'>): Promise<Principal> => {
    const p = await identityRepo.personById(db, row.applicantId);
    return { kind: 'citizen', id: row.applicantId, name: p?.name ?? '', roles: [] };
  };

  /**
   * POST /api/v1/officer/intake — start an application for a citizen present at the window (一窗通办), prefilled from
   * the records. Policy case.intake. @returns 201 the draft; 400 bad ID number; 404 unknown person or item
   */
  app.post('/api/v1/officer/intake', {
    config: { policy: 'case.intake', resource: intakeResource },
    schema: {
      tags: ['officer'], summary: 'Counter intake: start',
      body: Type.Object({
        citizenId: Type.String({ minLength: 1, maxLength: 32 }), itemCode: Type.String({ pattern: '^[A-Za-z0-9-]{3,50}$' }),
        purpose: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
        window: Type.Optional(Type.String({ pattern: '^[A-Z0-9-]{1,40}$', description: 'the window (org code) where the citizen is served; default: the officer\'s first window' })),
      }, { additionalProperties: false }),
      response: { 201: Open, ...errors },
    },
  }, async (req, reply) => {
    const who = req.auth!.principal;
    let normalized: string;
    try {
      normalized = parseCitizenId(req.body.citizenId).normalized;
    } catch (err) {
      if (err instanceof CitizenIdError) throw new ValidationError('identity.citizen_id_invalid', [{ path: '/citizenId', reason: err.code, message: err.detail }], err.detail);
      throw err;
    }
    const person = await identityRepo.personByCitizenIdx(db, blindIndex(secrets.keys, 'citizen_id', normalized));
    if (!person) throw new NotFoundError('person.not_found', { zh: '该公民身份号码对应的人员', en: 'A person with this ID number' });
    const row = await startApplication(ad(), { kind: 'citizen', id: person.id, name: person.name, roles: [] }, { itemCode: req.body.itemCode }, 'window');
    await db.transaction(async (tx) => {
      await applicationsRepo.setFiledBy(tx, row.id, who.officerId ?? who.id, windowOf(who, req.body.window)!.org);
      await audit(tx, {
        actor: `officer:${who.officerId ?? who.id}`, actorRole: 'window_officer', org: windowOf(who, req.body.window)?.org ?? null, action: 'case.intake', subjectType: 'application', subjectId: row.id,
        subjectPerson: person.id, purpose: req.body.purpose ?? '窗口代办 counter intake', detail: { itemCode: req.body.itemCode, citizenIdCheck: decryptPii(secrets.keys, 'citizen_id', person.citizenIdEnc).slice(-4) },
      });
    });
    return reply.status(201).send(await presentApplication(deps, (await applicationsRepo.get(db, row.id))!));
  });

  /** PUT /api/v1/officer/intake/{applicationId} — save the counter draft (same body as the citizen's draft save). Policy case.intake. @returns 200 */
  app.put('/api/v1/officer/intake/:applicationId', {
    config: { policy: 'case.intake', resource: intakeAppResource },
    schema: {
      tags: ['officer'], summary: 'Counter intake: save', params: AppId,
      body: Type.Object({
        revision: Type.Integer({ minimum: 1 }), answers: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        form: Type.Optional(Type.Record(Type.String(), Type.Unknown())), materials: Type.Optional(MaterialStates),
      }, { additionalProperties: false }),
      response: { 200: Open, ...errors },
    },
  }, async (req) => {
    const row = await intakeDraft(req.auth!.principal, req.params.applicationId);
    const saved = await saveDraft(ad(), await asApplicant(row), row.id, req.body as never);
    return presentApplication(deps, saved);
  });

  /**
   * POST /api/v1/officer/intake/{applicationId}/submit — submit at the counter (Idempotency-Key): the case is
   * accepted at this window at once and routed to the competent org. Policy case.intake. @returns 201 the case; 422 checklist; 428
   */
  app.post('/api/v1/officer/intake/:applicationId/submit', {
    config: { policy: 'case.intake', resource: intakeAppResource },
    schema: { tags: ['officer'], summary: 'Counter intake: submit', params: AppId, headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 100 })) }), response: { 200: Open, 201: Open, ...errors } },
  }, async (req, reply) => {
    const who = req.auth!.principal;
    const key = req.headers['idempotency-key'];
    if (!key) return sendProblem(reply, 428, 'http.precondition_required', { zh: '提交需要 Idempotency-Key 请求头', en: 'Submitting needs an Idempotency-Key header' });
    const row = await intakeDraft(who, req.params.applicationId);
    const actor = { actor: `officer:${who.officerId ?? who.id}`, name: who.name, role: 'window_officer', org: row.filedOrg! };
    const { row: submitted, replayed } = await submitApplication(ad((tx, r) => cases.open(tx, r, { actor })), await asApplicant(row), row.id, key);
    const opened = (await casesRepo.byApplication(db, submitted.id))!;
    return reply.status(replayed ? 200 : 201).send(await officerView(Object.assign(req, { params: { id: opened.id } }) as FastifyRequest, opened.id));
  });

  // ------------------------------------------------------------------ calendar (admin)

  /** GET /api/v1/admin/calendar — the holiday years known, loaded and provisional. Policy calendar.manage. @returns 200 */
  app.get('/api/v1/admin/calendar', {
    config: { policy: 'calendar.manage' },
    schema: { tags: ['admin'], summary: 'Working-day calendar', response: { 200: Open, ...errors } },
  }, async () => deps.calendar.summary(Number(deps.clock.today().slice(0, 4))));

  /**
   * PUT /api/v1/admin/calendar/{year} — load a year of the State Council's notice (holidays and make-up working days);
   * open cases counted provisionally are recomputed. Policy calendar.manage. @returns 200 `{ year, recomputed }`; 422 bad dates
   */
  app.put('/api/v1/admin/calendar/:year', {
    config: { policy: 'calendar.manage' },
    schema: {
      tags: ['admin'], summary: 'Load a holiday year', params: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2200 }) }, { additionalProperties: false }),
      body: Type.Object({ holidays: Type.Array(Type.String(), { maxItems: 100 }), workdays: Type.Array(Type.String(), { maxItems: 30 }) }, { additionalProperties: false }),
      response: { 200: Open, ...errors },
    },
  }, async (req) => {
    const who = req.auth!.principal;
    const res = await deps.calendar.loadYear(db, req.params.year, req.body, `${who.kind}:${who.id}`, (tx, cal) => cases.recomputeProvisional(tx, cal));
    await db.transaction((tx) => audit(tx, { actor: `${who.kind}:${who.id}`, actorRole: 'admin', action: 'calendar.load', subjectType: 'calendar', subjectId: String(req.params.year), detail: res }));
    return res;
  });
};
