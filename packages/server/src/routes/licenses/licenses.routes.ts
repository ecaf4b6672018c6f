/** E-licences over HTTP: the issuers' public keys (JWKS), so that anyone can verify a licence without calling home. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { NotFoundError } from '@tongban/core';
import type { AppDeps } from '../../app.ts';
import { requireSignedIn } from '../../http/auth.ts';

export const licensesRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  /** GET /.well-known/jwks.json — every issuing org's signing key, retired ones included (rotation keeps old licences verifiable). @returns 200 */
  app.get('/.well-known/jwks.json', {
    schema: { tags: ['licenses'], summary: 'Issuer public keys (JWKS)', response: { 200: Type.Object({ keys: Type.Array(Type.Object({}, { additionalProperties: true })) }) } },
  }, async (_req, reply) => reply.header('cache-control', 'public, max-age=300').send(await deps.issuerKeys.jwks()));

  const problem = Type.Ref('Problem');
  const LicenseId = Type.Object({ id: Type.String({ pattern: '^1\\.2\\.156\\.3005\\.2\\.[0-9A-Z.]{20,120}$' }) }, { additionalProperties: false });

  /** GET /api/v1/licenses — my e-licence wallet (证照夹). @returns 200; 401 */
  app.get('/api/v1/licenses', {
    schema: { tags: ['licenses'], summary: 'My licences', response: { 200: Type.Object({}, { additionalProperties: true }), 401: problem } },
  }, async (req, reply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return reply;
    return { items: await deps.licenses.listMine(who.principal.id) };
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
