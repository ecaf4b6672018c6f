/** Health and the API description. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../app.ts';
import { sendProblem } from '../../http/problems.ts';

export const systemRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  /** GET /healthz — @returns 200 when the database answers; 503 when it does not */
  app.get('/healthz', {
    schema: { tags: ['system'], summary: 'Health', response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }), 503: Type.Ref('Problem') } },
  }, async (_req, reply) => {
    try {
      await deps.db.query('select 1');
      return { status: 'ok' as const, database: deps.db.kind };
    } catch {
      return sendProblem(reply, 503, 'system.database_unavailable', { zh: '数据库无响应', en: 'The database does not answer' });
    }
  });

  /** GET /api/openapi.json — @returns 200 the OpenAPI 3.1 document generated from the route schemas */
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
};
