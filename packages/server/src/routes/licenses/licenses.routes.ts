/** E-licences over HTTP: the issuers' public keys (JWKS), so that anyone can verify a licence without calling home. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../app.ts';

export const licensesRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  /** GET /.well-known/jwks.json — every issuing org's signing key, retired ones included (rotation keeps old licences verifiable). @returns 200 */
  app.get('/.well-known/jwks.json', {
    schema: { tags: ['licenses'], summary: 'Issuer public keys (JWKS)', response: { 200: Type.Object({ keys: Type.Array(Type.Object({}, { additionalProperties: true })) }) } },
  }, async (_req, reply) => reply.header('cache-control', 'public, max-age=300').send(await deps.issuerKeys.jwks()));
};
