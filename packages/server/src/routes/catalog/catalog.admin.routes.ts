/**
 * Catalog administration: drafts, validation, publication, diffs, YAML import and export.
 * Only an administrator may call these routes (until unified identity lands: the configured ADMIN_TOKEN).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { parseAllDocuments, stringify } from 'yaml';
import { diffDefinitions, ValidationError, type FieldProblem } from '@tongban/core';
import { catalogRepo, type EntryKind } from '@tongban/db';
import type { AppDeps } from '../../app.ts';
import {
  type Actor, checkDefinition, createDraft, createEntry, deleteDraft, importCatalog, publishDraft, requireDraft, requireKind, requireVersion, updateDraft,
} from '../../catalog/catalog.commands.ts';
import { presentAdminVersion } from './catalog.presenter.ts';
import { AdminVersion, CodeParam, CreateEntryBody, DiffQuery, PublishBody, UpdateDraftBody } from './catalog.schema.ts';

const problem = Type.Ref('Problem');
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const MANAGE = { policy: 'catalog.manage' };

export const catalogAdminRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  const { db, clock } = deps;
  /** the signed-in administrator, as recorded on versions and in the audit log */
  const actor = (req: FastifyRequest): Actor => {
    const p = req.auth!.principal;
    const d = req.decision;
    return { id: `${p.kind}:${p.id}`, role: d && d.allowed ? d.role : null, org: d && d.allowed ? d.via?.org ?? null : null };
  };
  // whatever an admin changed, this process's search index looks at the database again on the next search
  app.addHook('onResponse', async (req) => {
    if (req.method !== 'GET') deps.catalogSearch.invalidate();
  });

  for (const [plural, kind] of [['items', 'item'], ['bundles', 'bundle']] as [string, EntryKind][]) {
    const tags = ['catalog admin'];
    const base = `/api/v1/admin/${plural}`;

    /** POST …/{kind}s — a new entry, as a draft of version 1. @returns 201 the draft; 409 code taken; 422 invalid */
    app.post(base, { config: MANAGE, schema: { tags, summary: `Create a ${kind} (draft)`, body: CreateEntryBody, response: { 201: AdminVersion, ...errors } } },
      async (req, reply) => reply.status(201).send(presentAdminVersion(await createEntry(db, kind, req.body.code, req.body.definition, actor(req)))));

    /** POST …/validate — check a definition without saving it. @returns 200 { valid, problems } */
    app.post(`${base}/validate`, {
      config: MANAGE,
      schema: { tags, summary: `Validate a ${kind} definition`, body: CreateEntryBody, response: { 200: Type.Object({ valid: Type.Boolean(), problems: Type.Array(Type.Object({}, { additionalProperties: true })) }), ...errors } },
    }, async (req) => {
      const problems = checkDefinition(kind, req.body.code, req.body.definition);
      return { valid: problems.length === 0, problems };
    });

    /** POST …/{code}/draft — a draft copied from the newest published version. @returns 201; 409 when a draft exists */
    app.post(`${base}/:code/draft`, { config: MANAGE, schema: { tags, summary: 'Start a draft from the published version', params: CodeParam, response: { 201: AdminVersion, ...errors } } },
      async (req, reply) => reply.status(201).send(presentAdminVersion(await createDraft(db, kind, req.params.code, actor(req)))));

    /** GET …/{code}/draft. @returns 200 the draft; 404 when there is none */
    app.get(`${base}/:code/draft`, { config: MANAGE, schema: { tags, summary: 'Read the draft', params: CodeParam, response: { 200: AdminVersion, ...errors } } },
      async (req) => presentAdminVersion(await requireDraft(db, kind, req.params.code)));

    /** PUT …/{code}/draft — replace the draft. @returns 200; 409 stale revision; 422 invalid, every problem listed */
    app.put(`${base}/:code/draft`, { config: MANAGE, schema: { tags, summary: 'Edit the draft', params: CodeParam, body: UpdateDraftBody, response: { 200: AdminVersion, ...errors } } },
      async (req) => presentAdminVersion(await updateDraft(db, kind, req.params.code, req.body.revision, req.body.definition, actor(req))));

    /** DELETE …/{code}/draft. @returns 204; 404 when there is none */
    app.delete(`${base}/:code/draft`, { config: MANAGE, schema: { tags, summary: 'Delete the draft', params: CodeParam, response: { 204: Type.Null(), ...errors } } },
      async (req, reply) => {
        await deleteDraft(db, kind, req.params.code, actor(req));
        return reply.status(204).send(null);
      });

    /** POST …/{code}/draft/publish — publish; the version becomes immutable. @returns 200; 409 stale; 422 invalid */
    app.post(`${base}/:code/draft/publish`, { config: MANAGE, schema: { tags, summary: 'Publish the draft', params: CodeParam, body: PublishBody, response: { 200: AdminVersion, ...errors } } },
      async (req) => presentAdminVersion(await publishDraft(db, kind, req.params.code, req.body.revision, req.body.effectiveDate ?? clock.today(), clock.today(), actor(req))));

    /** GET …/{code}/versions. @returns 200 every version without definitions */
    app.get(`${base}/:code/versions`, { config: MANAGE, schema: { tags, summary: 'List versions', params: CodeParam, response: { 200: Type.Object({ versions: Type.Array(AdminVersion) }), ...errors } } },
      async (req) => {
        await requireKind(db, kind, req.params.code);
        return { versions: await catalogRepo.versions(db, req.params.code) };
      });

    /** GET …/{code}/versions/{version}. @returns 200 the version; 404 */
    app.get(`${base}/:code/versions/:version`, {
      config: MANAGE,
      schema: { tags, summary: 'Read a version', params: Type.Object({ code: CodeParam.properties.code, version: Type.Integer({ minimum: 1 }) }), response: { 200: AdminVersion, ...errors } },
    }, async (req) => presentAdminVersion(await requireVersion(db, kind, req.params.code, req.params.version)));

    /** GET …/{code}/diff?from=&to= — changes between two versions. @returns 200 the changes with paths; 404 */
    app.get(`${base}/:code/diff`, {
      config: MANAGE,
      schema: { tags, summary: 'Diff two versions', params: CodeParam, querystring: DiffQuery, response: { 200: Type.Object({ from: Type.Integer(), to: Type.Integer(), changes: Type.Array(Type.Object({}, { additionalProperties: true })) }), ...errors } },
    }, async (req) => {
      const [a, b] = await Promise.all([
        requireVersion(db, kind, req.params.code, req.query.from),
        requireVersion(db, kind, req.params.code, req.query.to),
      ]);
      return { from: a.version, to: b.version, changes: diffDefinitions(a.definition, b.definition) };
    });
  }

  /** GET /api/v1/admin/catalog/export — the newest published version of everything, as YAML. @returns 200 application/yaml */
  app.get('/api/v1/admin/catalog/export', { config: MANAGE, schema: { tags: ['catalog admin'], summary: 'Export the catalog as YAML', response: { 401: problem } } },
    async (_req, reply) => {
      const [items, bundles] = await Promise.all([catalogRepo.latestAll(db, 'item'), catalogRepo.latestAll(db, 'bundle')]);
      const doc = {
        items: items.map((r) => ({ code: r.code, effectiveDate: r.effectiveDate, ...r.definition })),
        bundles: bundles.map((r) => ({ code: r.code, effectiveDate: r.effectiveDate, ...r.definition })),
      };
      return reply.type('application/yaml; charset=utf-8').send(stringify(doc, { lineWidth: 0 }));
    });

  /**
   * POST /api/v1/admin/catalog/import — YAML `{ items: [...], bundles: [...] }` (or several documents, each one item or bundle).
   * All-or-nothing: every problem is listed and nothing is written unless every entry is valid.
   * @returns 200 codes created, updated and unchanged; 422 invalid, with the entry and path of each problem
   */
  app.post('/api/v1/admin/catalog/import', {
    config: MANAGE,
    schema: { tags: ['catalog admin'], summary: 'Import a catalog from YAML', consumes: ['application/yaml'], response: { 200: Type.Object({ created: Type.Array(Type.String()), updated: Type.Array(Type.String()), unchanged: Type.Array(Type.String()) }), ...errors } },
  }, async (req) => {
    const text = typeof req.body === 'string' ? req.body : '';
    const docs = parseAllDocuments(text);
    const syntax: FieldProblem[] = [];
    const items: { file: string; data: unknown }[] = [];
    const bundles: { file: string; data: unknown }[] = [];
    docs.forEach((d, i) => {
      if (!('errors' in d) || d.errors.length) {
        for (const e of ('errors' in d ? d.errors : [])) {
          syntax.push({ path: `document ${i + 1}`, reason: 'yaml_syntax', message: { zh: `YAML 语法错误：${e.message}`, en: `YAML syntax error: ${e.message}` } });
        }
        return;
      }
      const data = d.toJS() as Record<string, unknown> | null;
      if (data && Array.isArray(data.items) || data && Array.isArray(data.bundles)) {
        ((data.items as unknown[]) ?? []).forEach((x, j) => items.push({ file: `items/${j}`, data: x }));
        ((data.bundles as unknown[]) ?? []).forEach((x, j) => bundles.push({ file: `bundles/${j}`, data: x }));
      } else if (data && Array.isArray(data.members)) bundles.push({ file: `document ${i + 1}`, data });
      else if (data) items.push({ file: `document ${i + 1}`, data });
    });
    if (!syntax.length && !items.length && !bundles.length) {
      syntax.push({ path: '', reason: 'empty', message: { zh: '导入内容为空：请提交含 items 或 bundles 的 YAML', en: 'Nothing to import: send YAML with items or bundles' } });
    }
    if (syntax.length) throw new ValidationError('catalog.import_invalid', syntax);
    return (await importCatalog(db, { items, bundles }, actor(req), clock.today()))!;
  });
};
