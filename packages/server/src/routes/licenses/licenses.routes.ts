/** E-licences over HTTP: the issuers' public keys (JWKS), so that anyone can verify a licence without calling home. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { NotFoundError, PRESENTATION_PURPOSES, type PresentationPurpose } from '@tongban/core';
import type { AppDeps } from '../../app.ts';
import { requireSignedIn } from '../../http/auth.ts';
import { renderLicensePdf } from '../../licenses/license-pdf.ts';

export const licensesRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  const problem = Type.Ref('Problem');
  const LicenseId = Type.Object({ id: Type.String({ pattern: '^1\\.2\\.156\\.3005\\.2\\.[0-9A-Z.]{20,120}$' }) }, { additionalProperties: false });

  /** GET /.well-known/jwks.json — every issuing org's signing key, retired ones included (rotation keeps old licences verifiable). @returns 200 */
  app.get('/.well-known/jwks.json', {
    schema: { tags: ['licenses'], summary: 'Issuer public keys (JWKS)', response: { 200: Type.Object({ keys: Type.Array(Type.Object({}, { additionalProperties: true })) }) } },
  }, async (_req, reply) => reply.header('cache-control', 'public, max-age=300').send(await deps.issuerKeys.jwks()));


  /** GET /api/v1/status-lists/{org} — the org's Token Status List (signed JWT) of its licences. @returns 200 application/statuslist+jwt */
  app.get('/api/v1/status-lists/:org', {
    schema: { tags: ['licenses'], summary: 'Status list of an issuer', params: Type.Object({ org: Type.String({ pattern: '^[A-Z0-9-]{1,40}$' }) }, { additionalProperties: false }), response: { 400: problem, 404: problem } },
  }, async (req, reply) => {
    if (!(await deps.orgs.get(req.params.org))) throw new NotFoundError('org.not_found', { zh: `机构“${req.params.org}”`, en: `Org "${req.params.org}"` });
    return reply.type('application/statuslist+jwt').header('cache-control', 'public, max-age=60').send(await deps.licenses.statusListJwt(req.params.org));
  });

  /**
   * POST /api/v1/licenses/verify — verify a presented licence (亮证): issuer signature against the published keys,
   * disclosures, validity, key binding (nonce, audience, age) and status; each failure has its reason code. Open to
   * anyone (a hotel, a window); every check is logged for the holder. @returns 200 `{ valid, … }`
   */
  app.post('/api/v1/licenses/verify', {
    schema: {
      tags: ['licenses'], summary: 'Verify a licence presentation',
      body: Type.Object({
        presentation: Type.String({ minLength: 1, maxLength: 50_000 }), nonce: Type.Optional(Type.String({ maxLength: 200 })),
        aud: Type.Optional(Type.String({ maxLength: 200 })), purpose: Type.Optional(Type.String({ maxLength: 200 })),
      }, { additionalProperties: false }),
      response: { 200: Type.Object({}, { additionalProperties: true }), 400: problem, 422: problem },
    },
  }, async (req) => {
    const who = req.auth?.principal;
    return deps.licenses.verify(req.body.presentation, {
      verifier: who ? `${who.kind}:${who.id}` : `anonymous:${req.ip}`, purpose: req.body.purpose ?? null, nonce: req.body.nonce, aud: req.body.aud,
    });
  });

  /** GET /api/v1/licenses/verifications — who checked my licences and what they saw. @returns 200; 401 */
  app.get('/api/v1/licenses/verifications', {
    schema: { tags: ['licenses'], summary: 'Checks of my licences', response: { 200: Type.Object({}, { additionalProperties: true }), 401: problem } },
  }, async (req, reply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return reply;
    return { items: await deps.licenses.verificationsOf(who.principal.id) };
  });

  /**
   * POST /api/v1/officer/licenses/{id}/status — revoke, suspend or restore a licence with a reason; the status list
   * changes at once. Policy license.status. @returns 200; 403 outside the issuing org's jurisdiction; 404; 422 without a reason
   */
  app.post('/api/v1/officer/licenses/:id/status', {
    config: {
      policy: 'license.status',
      resource: async (req) => {
        const { id } = req.params as { id: string };
        const lic = await deps.licenses.issuerOfLicense(id);
        if (!lic) throw new NotFoundError('license.not_found', { zh: `证照“${id}”`, en: `Licence "${id}"` });
        return { org: lic.org };
      },
    },
    schema: {
      tags: ['officer'], summary: 'Revoke, suspend or restore a licence', params: LicenseId,
      body: Type.Object({ status: Type.Union([Type.Literal('revoked'), Type.Literal('suspended'), Type.Literal('valid')]), reason: Type.String({ maxLength: 500 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({}, { additionalProperties: true }), 400: problem, 401: problem, 403: problem, 404: problem, 422: problem },
    },
  }, async (req) => {
    const p = req.auth!.principal;
    const via = req.decision && 'via' in req.decision ? req.decision.via : null;
    return deps.licenses.setStatus({ actor: `${p.kind}:${p.officerId ?? p.id}`, role: via?.role ?? null, org: via?.org ?? null }, req.params.id, req.body.status, req.body.reason);
  });

  /**
   * POST /api/v1/licenses/{id}/presentations — present one of my licences (亮证) for a purpose (hotel, internet café,
   * window, traffic) or with chosen fields: a 5-minute presentation bound to a nonce and audience, and the verifier
   * link for the QR code. @returns 201; 404 unless mine; 422 unknown field
   */
  app.post('/api/v1/licenses/:id/presentations', {
    schema: {
      tags: ['licenses'], summary: 'Present a licence', params: LicenseId,
      body: Type.Object({
        purpose: Type.Optional(Type.Unsafe<PresentationPurpose>({ type: 'string', enum: [...PRESENTATION_PURPOSES] })),
        fields: Type.Optional(Type.Array(Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_]{0,40}$' }), { minItems: 1, maxItems: 30 })),
      }, { additionalProperties: false }),
      response: { 201: Type.Object({}, { additionalProperties: true }), 400: problem, 401: problem, 404: problem, 422: problem },
    },
  }, async (req, reply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return reply;
    return reply.status(201).send(await deps.licenses.presentMine(who.principal.id, req.params.id, req.body));
  });

  /** GET /api/v1/licenses — my e-licence wallet (证照夹). @returns 200; 401 */
  app.get('/api/v1/licenses', {
    schema: { tags: ['licenses'], summary: 'My licences', response: { 200: Type.Object({}, { additionalProperties: true }), 401: problem } },
  }, async (req, reply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return reply;
    return { items: await deps.licenses.listMine(who.principal.id) };
  });

  /**
   * GET /api/v1/licenses/{id}/pdf — the printable copy of one of my licences: A4, its face, and a QR code carrying a
   * printed-copy presentation (no ID number, address or photo) that verifies offline against the issuer's key.
   * @returns 200 application/pdf; 401; 404 unless mine
   */
  app.get('/api/v1/licenses/:id/pdf', {
    schema: { tags: ['licenses'], summary: 'Printable copy of my licence (PDF with QR code)', params: LicenseId, produces: ['application/pdf'], response: { 400: problem, 401: problem, 404: problem } },
  }, async (req, reply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return reply;
    const printable = await deps.licenses.printMine(who.principal.id, req.params.id);
    const pdf = await renderLicensePdf(printable);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${req.params.id}.pdf"`).header('cache-control', 'private, no-store').send(Buffer.from(pdf));
  });

  /** GET /api/v1/licenses/{id} — one of my licences with its credential (SD-JWT VC) to download. @returns 200; 404 unless mine */
  app.get('/api/v1/licenses/:id', {
    schema: { tags: ['licenses'], summary: 'My licence', params: LicenseId, response: { 200: Type.Object({}, { additionalProperties: true }), 400: problem, 401: problem, 404: problem } },
  }, async (req, reply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return reply;
    const row = await deps.licenses.getMine(who.principal.id, req.params.id);
    if (!row) throw new NotFoundError('license.not_found', { zh: `证照“${req.params.id}”`, en: `Licence "${req.params.id}"` });
    return row;
  });
};
