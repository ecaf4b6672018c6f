/**
 * Mounts the built-in development identity provider at /idp (and its sign-in page at /idp-login) when no external
 * OIDC issuer is configured. It is created on first use, once the public URL is known.
 */
import type { FastifyInstance } from 'fastify';
import { createDevIdp, type DevIdp } from '@tongban/idp';
import { identityRepo, type Db } from '@tongban/db';
import type { Config } from '../config.ts';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './demo-people.ts';

const WINDOW_MINUTES = 15;
const MAX_FAILURES = 5;

export function mountDevIdp(app: FastifyInstance, config: Config, db: Db, cookieKey: string): void {
  let idp: Promise<DevIdp> | null = null;
  const get = () => {
    idp ??= createDevIdp({
      issuer: `${config.publicUrl}/idp`,
      mountPath: '/idp',
      loginPath: '/idp-login',
      cookieKeys: [cookieKey],
      clients: [{
        client_id: config.oidcClientId, client_secret: config.oidcClientSecret,
        redirect_uris: [`${config.publicUrl}/auth/callback`], post_logout_redirect_uris: [`${config.publicUrl}/`],
      }],
      accounts: DEMO_PEOPLE.map((p) => ({
        sub: `idp-${p.username}`, username: p.username, password: DEMO_PASSWORD,
        label: `${p.name}（${p.officer ? p.officer.title : 'citizen'}）· ${p.username}`,
        claims: { name: p.name, citizen_id: p.citizenId, phone_number: p.phone },
      })),
      throttle: {
        retryAfter: async (key) => ((await identityRepo.recentSigninFailures(db, key, WINDOW_MINUTES)) >= MAX_FAILURES
          ? identityRepo.signinRetryAfter(db, key, WINDOW_MINUTES) : 0),
        failed: async (key) => { await identityRepo.recordSigninFailure(db, key, WINDOW_MINUTES); },
        succeeded: (key) => identityRepo.clearSigninFailures(db, key),
      },
    });
    return idp;
  };

  app.route({
    method: ['GET', 'POST', 'DELETE', 'PUT', 'OPTIONS', 'HEAD'],
    url: '/idp/*',
    schema: { hide: true },
    // the provider reads the raw request itself, before Fastify would parse its body
    onRequest: async (req, reply) => {
      reply.hijack();
      (await get()).handle(req.raw, reply.raw);
    },
    handler: async () => undefined,
  });
  app.route({
    method: ['GET', 'POST'],
    url: '/idp-login/:uid',
    schema: { hide: true },
    handler: async (req, reply) => {
      reply.hijack();
      const { uid } = req.params as { uid: string };
      const form = req.method === 'POST' ? (req.body as Record<string, string>) ?? {} : null;
      await (await get()).login(req.raw, reply.raw, uid, form, req.ip);
    },
  });
}
