/**
 * Authentication and authorisation of every request, in one place:
 * - who: a bearer access token (API clients), the session cookie (web), or the ADMIN_TOKEN (automation, acting as
 *   an administrator of the root org); a bad or expired bearer token is a 401 on any route;
 * - CSRF: a cookie-authenticated write must carry the session's token in `X-CSRF-Token`;
 * - what: every route under /api/v1/officer/ and /api/v1/admin/ declares a policy action (`config.policy`, and
 *   `config.resource` to find the resource's org). A route without one makes the server refuse to start. The
 *   decision comes from the policy table in @tongban/core; a denial is a 403 and is audited.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorize, policyFor, type Decision, type Principal, type ResourceScope } from '@tongban/core';
import type { Db, SessionRow } from '@tongban/db';
import { audit } from '../audit/audit.service.ts';
import type { OrgDirectory } from '../identity/org-directory.ts';
import { principalOf, SESSION_COOKIE, sessionFromAccessToken, sessionFromSecret, TokenError } from '../identity/sessions.ts';
import { sendProblem } from './problems.ts';

export interface AuthContext {
  principal: Principal;
  session: SessionRow | null;
  via: 'cookie' | 'bearer' | 'admin_token';
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null;
    decision: Decision | null;
  }
  interface FastifyContextConfig {
    /** the policy action this route performs (required under /api/v1/officer/ and /api/v1/admin/) */
    policy?: string;
    /** the org (and department) of the resource the route acts on; omitted = not scoped to an org */
    resource?: (req: FastifyRequest) => Promise<ResourceScope | null>;
  }
}

/** Paths whose routes must declare a policy action. */
export const GUARDED_PREFIXES = ['/api/v1/officer/', '/api/v1/admin/'];

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const digest = (s: string) => createHash('sha256').update(s).digest();

export interface AuthOptions {
  db: Db;
  orgs: OrgDirectory;
  sessionSecret: Buffer;
  adminToken: string | undefined;
  tokenIssuer: () => string;
}

/** Says who the caller is, or answers 401 when they must be signed in. */
export function requireSignedIn(req: FastifyRequest, reply: FastifyReply): AuthContext | null {
  if (req.auth) return req.auth;
  void sendProblem(reply, 401, 'auth.unauthenticated', {
    zh: '请先登录：通过统一身份认证登录后再试', en: 'Sign in first, through unified identity, and try again',
  });
  return null;
}

/** A route and the policy action it declared (for the authorisation-matrix test and the docs). */
export interface GuardedRoute { method: string; url: string; action: string }

export function installAuth(app: FastifyInstance, opts: AuthOptions): GuardedRoute[] {
  const guarded: GuardedRoute[] = [];
  const adminDigest = opts.adminToken ? digest(opts.adminToken) : null;
  app.decorateRequest('auth', null);
  app.decorateRequest('decision', null);

  app.addHook('onRoute', (route) => {
    const url = route.url;
    if (!GUARDED_PREFIXES.some((p) => url.startsWith(p))) return;
    const action = route.config?.policy;
    if (!action) throw new Error(`Route ${String(route.method)} ${url} has no policy action: declare config.policy (see POLICY in @tongban/core)`);
    if (!policyFor(action)) throw new Error(`Route ${String(route.method)} ${url} names policy action "${action}", which the policy table does not declare`);
    for (const method of [route.method].flat()) if (method !== 'HEAD') guarded.push({ method, url, action });
  });

  app.addHook('onRequest', async (req, reply) => {
    const header = req.headers.authorization;
    // /metrics checks its own bearer token (METRICS_TOKEN), which is no session token
    if (req.routeOptions.url === '/metrics') return;
    if (header?.startsWith('Bearer ')) {
      const token = header.slice(7).trim();
      if (adminDigest && timingSafeEqual(digest(token), adminDigest)) {
        const root = (await opts.orgs.root()) ?? 'root';
        req.auth = { via: 'admin_token', session: null, principal: { kind: 'service', id: 'admin-token', name: 'ADMIN_TOKEN', roles: [{ org: root, department: '*', role: 'admin' }] } };
        return;
      }
      try {
        const session = await sessionFromAccessToken(opts.db, opts.sessionSecret, token, opts.tokenIssuer());
        req.auth = { via: 'bearer', session, principal: await principalOf(opts.db, session) };
      } catch (err) {
        if (err instanceof TokenError) {
          reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${err.detail.en}"`);
          return sendProblem(reply, 401, err.code, err.detail);
        }
        throw err;
      }
      return;
    }
    const secret = req.cookies?.[SESSION_COOKIE];
    if (!secret) return;
    const session = await sessionFromSecret(opts.db, secret);
    if (!session) {
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return;
    }
    req.auth = { via: 'cookie', session, principal: await principalOf(opts.db, session) };
    if (!SAFE_METHODS.has(req.method) && req.url.startsWith('/api/')) {
      const sent = req.headers['x-csrf-token'];
      const ok = typeof sent === 'string' && sent.length === session.csrfSecret.length && timingSafeEqual(Buffer.from(sent), Buffer.from(session.csrfSecret));
      if (!ok) {
        return sendProblem(reply, 403, 'auth.csrf', {
          zh: '缺少或错误的 CSRF 令牌：请刷新页面后重试', en: 'Missing or wrong CSRF token (X-CSRF-Token); reload the page and try again',
        });
      }
    }
  });

  app.addHook('preHandler', async (req, reply) => {
    const action = req.routeOptions.config?.policy;
    if (!action) return;
    const who = requireSignedIn(req, reply);
    if (!who) return reply;
    const resource = req.routeOptions.config.resource ? await req.routeOptions.config.resource(req) : null;
    const decision = authorize(who.principal, action, resource, await opts.orgs.orgPaths(), opts.orgs.scopeRoot());
    if (decision.allowed) {
      req.decision = decision;
      return;
    }
    await opts.db.transaction((tx) => audit(tx, {
      actor: `${who.principal.kind}:${who.principal.id}`,
      actorRole: who.principal.roles.map((r) => r.role).join(',') || null,
      org: who.principal.roles[0]?.org ?? null,
      action: 'authz.denied',
      subjectType: 'route',
      subjectId: `${req.method} ${req.routeOptions.url}`,
      detail: { policy: action, reason: decision.reason, resource },
    }));
    const why = {
      no_policy: { zh: '该操作未在授权策略中声明', en: 'the action is not declared in the policy' },
      not_officer: { zh: '仅限工作人员', en: 'only staff may do this' },
      role: { zh: '您的角色无此权限', en: 'your role does not allow it' },
      jurisdiction: { zh: '对象不在您的管辖范围内', en: 'the resource is outside your jurisdiction' },
      department: { zh: '对象不属于您的警种', en: 'the resource belongs to another department' },
    }[decision.reason];
    return sendProblem(reply, 403, 'auth.forbidden', { zh: `无权执行“${action}”：${why.zh}`, en: `Not allowed to do "${action}": ${why.en}` });
  });
  return guarded;
}
