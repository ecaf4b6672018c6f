/** Public catalog API: search items, read guides and bundles. Anyone may call these routes. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { bundleTotals, mergeBundleMaterials, NotFoundError, type BundleDefinition, type ItemDefinition } from '@tongban/core';
import { catalogRepo, type CatalogVersionRow, type EntryKind, type Queryable } from '@tongban/db';
import { ProblemSchema } from '../../http/problems.ts';
import type { AppDeps } from '../../app.ts';
import { presentPublished } from './catalog.presenter.ts';
import { BundleList, BundleView, CodeParam, ItemPage, ItemSearchQuery, PublishedVersion, VersionQuery } from './catalog.schema.ts';

const problem = Type.Ref('Problem');
void ProblemSchema;

/** The published version asked for (or the one in force), or a 404 naming what is missing. */
async function findPublished(q: Queryable, kind: EntryKind, code: string, version: number | undefined, today: string): Promise<CatalogVersionRow> {
  const what = kind === 'item' ? { zh: `事项“${code}”`, en: `Item "${code}"` } : { zh: `一件事“${code}”`, en: `Bundle "${code}"` };
  if ((await catalogRepo.entryKind(q, code)) !== kind) throw new NotFoundError('catalog.not_found', what, { code });
  const row = version === undefined ? await catalogRepo.current(q, kind, code, today) : await catalogRepo.version(q, code, version);
  if (!row || row.status !== 'published') {
    throw version === undefined
      ? new NotFoundError('catalog.not_found', what, { code })
      : new NotFoundError('catalog.version_not_found', { zh: `${what.zh}的已发布第 ${version} 版`, en: `Published version ${version} of ${what.en}` }, { code, version });
  }
  return row;
}

export const catalogRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  const { db, clock } = deps;

  /**
   * GET /api/v1/items — search the items in force.
   * @returns 200 a page of item summaries; 400 when a query parameter is invalid (named in the problem)
   */
  app.get('/api/v1/items', {
    schema: { tags: ['catalog'], summary: 'Search service items', querystring: ItemSearchQuery, response: { 200: ItemPage, 400: problem } },
  }, async (req) => {
    const { q, department, itemType, channel, fullyOnline, crossRegion, page, pageSize } = req.query;
    const res = await deps.catalogSearch.search({ q, department, itemType, channel, fullyOnline, crossRegion, limit: pageSize, offset: (page - 1) * pageSize });
    return { items: res.summaries as never, total: res.total, page, pageSize };
  });

  /**
   * GET /api/v1/items/{code} — the published service guide.
   * @returns 200 the version in force (or `?version=`); 404 when the item or version does not exist
   */
  app.get('/api/v1/items/:code', {
    schema: { tags: ['catalog'], summary: 'Read a service guide', params: CodeParam, querystring: VersionQuery, response: { 200: PublishedVersion, 400: problem, 404: problem } },
  }, async (req) => presentPublished(await findPublished(db, 'item', req.params.code, req.query.version, clock.today())) as never);

  /**
   * GET /api/v1/bundles — the life-event bundles in force.
   * @returns 200 every bundle with its member count and departments
   */
  app.get('/api/v1/bundles', {
    schema: { tags: ['catalog'], summary: 'List life-event bundles', response: { 200: BundleList } },
  }, async () => {
    const today = clock.today();
    const [bundles, items] = await Promise.all([catalogRepo.currentAll(db, 'bundle', today), catalogRepo.currentAll(db, 'item', today)]);
    const deptOf = new Map(items.map((i) => [i.code, (i.definition as unknown as ItemDefinition).department]));
    return {
      bundles: bundles.map((b) => {
        const def = b.definition as unknown as BundleDefinition;
        return {
          code: b.code, version: b.version, name: def.name, summary: def.summary, leadDepartment: def.leadDepartment,
          memberCount: def.members.length,
          departments: [...new Set(def.members.map((m) => deptOf.get(m.itemCode)).filter((d) => d !== undefined))],
        };
      }),
    } as never;
  });

  /**
   * GET /api/v1/bundles/{code} — a bundle with its members, merged materials (duplicates removed) and totals.
   * @returns 200 the bundle; 404 when it does not exist
   */
  app.get('/api/v1/bundles/:code', {
    schema: { tags: ['catalog'], summary: 'Read a life-event bundle', params: CodeParam, querystring: VersionQuery, response: { 200: BundleView, 400: problem, 404: problem } },
  }, async (req) => {
    const today = clock.today();
    const row = await findPublished(db, 'bundle', req.params.code, req.query.version, today);
    const def = row.definition as unknown as BundleDefinition;
    const memberRows = await Promise.all(def.members.map((m) => catalogRepo.current(db, 'item', m.itemCode, today)));
    const members = def.members.flatMap((m, i) => {
      const r = memberRows[i];
      return r ? [{ member: m, code: m.itemCode, version: r.version, def: r.definition as unknown as ItemDefinition }] : [];
    });
    const materials = mergeBundleMaterials(members);
    return {
      code: row.code, version: row.version, effectiveDate: row.effectiveDate, definition: row.definition,
      members: members.map(({ member, code, version, def: d }) => ({
        itemCode: code, version, name: d.name, department: d.department, after: member.after ?? [], optional: member.optional ?? false,
        promisedLimitDays: d.timeLimits.promised.days, legalLimitDays: d.timeLimits.legal.days, visits: d.visits.count, fullyOnline: d.fullyOnline,
      })),
      materials,
      totals: bundleTotals(def, members, materials),
    } as never;
  });
};
