/**
 * Officer routes of unified identity: one's own roles, the orgs of one's jurisdiction and their officers, and
 * looking up a resident's record for a stated purpose. Each route declares its policy action (see POLICY).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { blindIndex, CitizenIdError, NotFoundError, parseCitizenId, ValidationError } from '@tongban/core';
import { identityRepo } from '@tongban/db';
import type { AppDeps } from '../../app.ts';
import { readPerson } from '../../identity/people.ts';

const problem = Type.Ref('Problem');
const errors = { 400: problem, 401: problem, 403: problem, 404: problem };
const OrgCode = Type.Object({ code: Type.String({ pattern: '^[A-Z0-9-]{1,40}$' }) }, { additionalProperties: false });

export const officerRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  const { db, orgs, secrets } = deps;
  const presentOrg = (o: { code: string; parent: string | null; kind: string; nameZh: string; nameEn: string; district: string | null; departments: string[] }) =>
    ({ code: o.code, parent: o.parent, kind: o.kind, name: { zh: o.nameZh, en: o.nameEn }, district: o.district, departments: o.departments });
  const orgResource = async (req: { params: unknown }) => {
    const { code } = req.params as { code: string };
    if (!(await orgs.get(code))) throw new NotFoundError('org.not_found', { zh: `机构“${code}”`, en: `Org "${code}"` }, { code });
    return { org: code };
  };

  /** GET /api/v1/officer/me — the officer's roles with their orgs. Policy officer.self.read. @returns 200 */
  app.get('/api/v1/officer/me', {
    config: { policy: 'officer.self.read' },
    schema: { tags: ['officer'], summary: 'My roles', response: { 200: Type.Object({}, { additionalProperties: true }), ...errors } },
  }, async (req) => {
    const p = req.auth!.principal;
    return { id: p.id, officerId: p.officerId ?? null, name: p.name, roles: await Promise.all(p.roles.map(async (r) => ({ ...r, org: presentOrg((await orgs.get(r.org))!) }))) };
  });

  /** GET /api/v1/officer/orgs/{code} — an org and its subtree, within jurisdiction. Policy org.read. @returns 200; 403; 404 */
  app.get('/api/v1/officer/orgs/:code', {
    config: { policy: 'org.read', resource: orgResource },
    schema: { tags: ['officer'], summary: 'An org and its subtree', params: OrgCode, response: { 200: Type.Object({}, { additionalProperties: true }), ...errors } },
  }, async (req) => {
    const tree = await orgs.subtree(req.params.code);
    return { org: presentOrg(tree.find((o) => o.code === req.params.code)!), subtree: tree.map(presentOrg) };
  });

  /** GET /api/v1/officer/orgs/{code}/officers — officers and roles in the subtree. Policy org.officers.read. @returns 200; 403 */
  app.get('/api/v1/officer/orgs/:code/officers', {
    config: { policy: 'org.officers.read', resource: orgResource },
    schema: { tags: ['officer'], summary: 'Officers of an org subtree', params: OrgCode, response: { 200: Type.Object({}, { additionalProperties: true }), ...errors } },
  }, async (req) => ({ officers: await identityRepo.officersInSubtree(db, req.params.code) }));

  /**
   * GET /api/v1/officer/persons?citizenId=&purpose= — a resident's record, for a purpose, within jurisdiction.
   * Shown in full to reviewers and above, masked to window officers; every lookup is audited with its purpose.
   * Policy person.read. @returns 200; 400 invalid ID number or missing purpose; 403 outside jurisdiction; 404
   */
  app.get('/api/v1/officer/persons', {
    config: {
      policy: 'person.read',
      resource: async (req) => {
        const { citizenId } = req.query as { citizenId: string };
        let normalized: string;
        try {
          normalized = parseCitizenId(citizenId).normalized;
        } catch (err) {
          if (err instanceof CitizenIdError) {
            throw new ValidationError('identity.citizen_id_invalid', [{ path: '/citizenId', reason: err.code, message: err.detail }], err.detail);
          }
          throw err;
        }
        const person = await identityRepo.personByCitizenIdx(db, blindIndex(secrets.keys, 'citizen_id', normalized));
        if (!person) throw new NotFoundError('person.not_found', { zh: '该公民身份号码对应的人员', en: 'A person with this ID number' });
        (req as { person?: unknown }).person = person;
        return { org: person.householdOrg ?? 'unassigned', department: 'household' };
      },
    },
    schema: {
      tags: ['officer'], summary: 'Look up a resident for a purpose',
      querystring: Type.Object({
        citizenId: Type.String({ minLength: 1, maxLength: 32, description: 'citizen ID number (GB 11643)' }),
        purpose: Type.String({ minLength: 2, maxLength: 200, description: 'why the record is read; shown to the resident' }),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({}, { additionalProperties: true }), ...errors },
    },
  }, async (req) => {
    const p = req.auth!.principal;
    const decision = req.decision!;
    const person = (req as unknown as { person: Parameters<typeof readPerson>[2] }).person;
    const how = decision.allowed && decision.fullPersonalData ? 'full' : 'masked';
    const view = await db.transaction((tx) => readPerson(tx, secrets.keys, person, how, {
      actor: `${p.kind}:${p.id}`, actorRole: decision.allowed ? decision.role : null, org: decision.allowed ? decision.via?.org ?? null : null, purpose: req.query.purpose,
    }));
    const household = view.householdOrg ? await orgs.get(view.householdOrg) : undefined;
    return { ...view, householdOrg: household ? { code: household.code, name: { zh: household.nameZh, en: household.nameEn } } : view.householdOrg };
  });
};
