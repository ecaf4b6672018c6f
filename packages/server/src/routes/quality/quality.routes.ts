/** Service quality over HTTP: ratings (and the pad and intake), rectification work orders, and their reports. */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { AppDeps } from '../../app.ts';
import { ratingsRoutes } from './ratings.routes.ts';
import { rectificationsRoutes } from './rectifications.routes.ts';
import { reportsRoutes } from './reports.routes.ts';

export const qualityRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  await app.register(ratingsRoutes(deps));
  await app.register(rectificationsRoutes(deps));
  await app.register(reportsRoutes(deps));
};
