/**
 * Sign-in and the signed-in person: the OIDC redirect flow for the web (/auth/login, /auth/callback), the token
 * endpoint for API clients, sign-out, the profile, acting for an enterprise, and "who used my data".
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { CitizenIdError, DomainError, isValidUscc, ROLE_NAMES, ValidationError } from '@tongban/core';
import { identityRepo } from '@tongban/db';
import type { AppDeps } from '../../app.ts';
import { listPersonAccess } from '../../audit/audit.service.ts';
import { requireSignedIn } from '../../http/auth.ts';
import { sendProblem } from '../../http/problems.ts';
import { personForSignIn, readPerson } from '../../identity/people.ts';
import { ACCESS_TOKEN_MINUTES, createSession, issueAccessToken, SESSION_COOKIE } from '../../identity/sessions.ts';

const problem = Type.Ref('Problem');
const FLOW_COOKIE = 'tb_oidc';
const safeReturn = (p: unknown): string => (typeof p === 'string' && /^\/(?!\/)[\w\-./?=&%#]*$/.test(p) ? p : '/');
const signInLimit = { max: 30, timeWindow: '1 minute' };

export const authRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  const { db, rp, secrets, config, orgs } = deps;

  /** GET /auth/login — starts the OIDC sign-in. @returns 302 to the identity provider; 429 when called too often */
  app.get('/auth/login', {
    config: { rateLimit: signInLimit },
    schema: { tags: ['identity'], summary: 'Sign in (redirects to the identity provider)', querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 500 })), as: Type.Optional(Type.Union([Type.Literal('citizen'), Type.Literal('officer')])) }) },
  }, async (req, reply) => {
    const flow = await rp.start();
    reply.setCookie(FLOW_COOKIE, JSON.stringify({ ...flow, url: undefined, returnTo: safeReturn(req.query.returnTo), as: req.query.as ?? null }), {
      path: '/auth', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', maxAge: 600, signed: true,
    });
    return reply.redirect(flow.url, 302);
  });

  /** GET /auth/callback — finishes the sign-in and sets the session cookie. @returns 302 to where the user was going */
  app.get('/auth/callback', { config: { rateLimit: signInLimit }, schema: { hide: true } }, async (req, reply) => {
    const raw = req.cookies[FLOW_COOKIE];
    const unsigned = raw ? req.unsignCookie(raw) : null;
    if (!unsigned?.valid || !unsigned.value) {
      return sendProblem(reply, 400, 'auth.flow_missing', { zh: '登录流程已失效，请重新登录', en: 'The sign-in flow expired; sign in again' });
    }
    const kept = JSON.parse(unsigned.value) as { verifier: string; state: string; nonce: string; returnTo: string; as: 'citizen' | 'officer' | null };
    reply.clearCookie(FLOW_COOKIE, { path: '/auth' });
    let claims;
    try {
      claims = await rp.finish(new URL(req.url, config.publicUrl), kept);
    } catch (err) {
      if (err instanceof DomainError) throw err;
      return sendProblem(reply, 401, 'auth.signin_failed', { zh: `登录未完成：${(err as Error).message}`, en: `Sign-in failed: ${(err as Error).message}` });
    }
    const session = await db.transaction(async (tx) => {
      const person = await personForSignIn(tx, secrets.keys, claims.citizenId, claims.name);
      const officer = await identityRepo.officerByPerson(tx, person.id);
      const kind = officer && kept.as !== 'citizen' ? 'officer' : 'citizen';
      return createSession(tx, { kind, personId: person.id, idpSubject: claims.subject, hours: config.sessionHours });
    });
    reply.setCookie(SESSION_COOKIE, session.secret, { path: '/', httpOnly: true, sameSite: 'lax', secure: req.protocol === 'https', maxAge: config.sessionHours * 3600 });
    return reply.redirect(kept.returnTo, 302);
  });

  /**
   * POST /api/v1/auth/token — an API client exchanges an ID token from the identity provider for a platform access token.
   * @returns 200 the bearer token; 401 when the ID token is forged, wrongly signed or expired; 429 when called too often
   */
  app.post('/api/v1/auth/token', {
    config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
    schema: {
      tags: ['identity'], summary: 'Exchange an ID token for an access token',
      body: Type.Object({ idToken: Type.String({ minLength: 10 }), as: Type.Optional(Type.Union([Type.Literal('citizen'), Type.Literal('officer')])) }, { additionalProperties: false }),
      response: { 200: Type.Object({ access_token: Type.String(), token_type: Type.Literal('Bearer'), expires_in: Type.Integer() }), 400: problem, 401: problem, 429: problem },
    },
  }, async (req, reply) => {
    let claims;
    try {
      claims = await rp.verifyIdToken(req.body.idToken);
    } catch (err) {
      if (err instanceof DomainError) return sendProblem(reply, 401, err.code, err.detail);
      throw err;
    }
    const session = await db.transaction(async (tx) => {
      const person = await personForSignIn(tx, secrets.keys, claims.citizenId, claims.name);
      const officer = await identityRepo.officerByPerson(tx, person.id);
      const s = await createSession(tx, { kind: officer && req.body.as !== 'citizen' ? 'officer' : 'citizen', personId: person.id, idpSubject: claims.subject, hours: config.sessionHours });
      return { ...s, personId: person.id };
    });
    return { access_token: await issueAccessToken(secrets.sessionSecret, session, deps.tokenIssuer()), token_type: 'Bearer' as const, expires_in: ACCESS_TOKEN_MINUTES * 60 };
  });

  /** POST /api/v1/auth/logout — ends the session (cookie and every access token of it). @returns 204; 401 when not signed in */
  app.post('/api/v1/auth/logout', { schema: { tags: ['identity'], summary: 'Sign out', response: { 204: Type.Null(), 401: problem, 403: problem } } }, async (req, reply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return reply;
    if (who.session) await identityRepo.revokeSession(db, who.session.id);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  /**
   * GET /api/v1/me — the signed-in person: profile (masked unless `reveal=true`, which is audited), roles, enterprises.
   * @returns 200 the profile; 401 when not signed in
   */
  app.get('/api/v1/me', {
    schema: {
      tags: ['identity'], summary: 'The signed-in person', querystring: Type.Object({ reveal: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 200: Type.Object({}, { additionalProperties: true }), 401: problem },
    },
  }, async (req, reply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return reply;
    const p = who.principal;
    if (p.kind === 'service') return { kind: 'service', name: p.name, roles: p.roles };
    const person = (await identityRepo.personById(db, p.id))!;
    const how = req.query.reveal ? 'full' : 'masked';
    // a person's own masked view is not a use of their data; revealing it in full is, and is audited
    const view = await db.transaction((tx) => readPerson(tx, secrets.keys, person, how, {
      actor: `${p.kind}:${p.id}`, actorRole: 'self', org: null, purpose: 'self_service.profile',
    }, { audit: how === 'full' }));
    const orgName = async (code: string | null) => (code ? (await orgs.get(code)) ?? null : null);
    const household = await orgName(person.householdOrg);
    return {
      kind: p.kind, ...view, name: person.name,
      householdOrg: household ? { code: household.code, name: { zh: household.nameZh, en: household.nameEn } } : null,
      officer: p.kind === 'officer' ? {
        id: p.officerId,
        roles: await Promise.all(p.roles.map(async (r) => {
          const o = await orgs.get(r.org);
          return { ...r, roleName: ROLE_NAMES[r.role], orgName: o ? { zh: o.nameZh, en: o.nameEn } : null };
        })),
      } : null,
      enterprises: await identityRepo.enterprisesOf(db, p.id),
      actingFor: p.actingFor ?? null,
      csrfToken: who.session?.csrfSecret ?? null,
    };
  });

  /**
   * GET /api/v1/auth/session — who is signed in, without personal data (for the page header): never audited.
   * @returns 200 `{ signedIn: false }` or the session's kind, name, roles, enterprises and CSRF token
   */
  app.get('/api/v1/auth/session', {
    schema: { tags: ['identity'], summary: 'The current session (no personal data)', response: { 200: Type.Object({}, { additionalProperties: true }) } },
  }, async (req) => {
    const who = req.auth;
    if (!who) return { signedIn: false };
    const p = who.principal;
    return {
      signedIn: true, kind: p.kind, id: p.id, name: p.name,
      roles: await Promise.all(p.roles.map(async (r) => {
        const o = await orgs.get(r.org);
        return { ...r, roleName: ROLE_NAMES[r.role], orgName: o ? { zh: o.nameZh, en: o.nameEn } : null };
      })),
      enterprises: p.kind === 'service' ? [] : await identityRepo.enterprisesOf(db, p.id),
      actingFor: p.actingFor ?? null,
      csrfToken: who.session?.csrfSecret ?? null,
    };
  });

  /**
   * POST /api/v1/me/acting-as — act for an enterprise one is authorised for (or `null` to act for oneself).
   * @returns 200; 400 when the credit code is invalid; 403 when not authorised for it
   */
  app.post('/api/v1/me/acting-as', {
    schema: {
      tags: ['identity'], summary: 'Act for an enterprise', body: Type.Object({ uscc: Type.Union([Type.String(), Type.Null()]) }, { additionalProperties: false }),
      response: { 200: Type.Object({ actingFor: Type.Union([Type.Object({}, { additionalProperties: true }), Type.Null()]) }), 400: problem, 401: problem, 403: problem },
    },
  }, async (req, reply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return reply;
    if (!who.session) return sendProblem(reply, 400, 'auth.no_session', { zh: '此凭据不能代表企业办事', en: 'This credential cannot act for an enterprise' });
    const uscc = req.body.uscc?.trim().toUpperCase() || null;
    if (uscc !== null && !isValidUscc(uscc)) {
      throw new ValidationError('identity.uscc_invalid', [{ path: '/uscc', reason: 'bad_check', message: { zh: '统一社会信用代码无效：应为 18 位，且校验码正确', en: 'Invalid unified social credit code: 18 characters with a correct check character' } }]);
    }
    const mine = await identityRepo.enterprisesOf(db, who.principal.id);
    const e = uscc ? mine.find((x) => x.uscc === uscc) : null;
    if (uscc && !e) return sendProblem(reply, 403, 'identity.not_authorised_for_enterprise', { zh: '您未获该企业授权', en: 'You are not authorised to act for this enterprise' });
    await identityRepo.setActingFor(db, who.session.id, uscc);
    return { actingFor: e ?? null };
  });

  /** GET /api/v1/me/data-access — who used my data: every audited access to the signed-in person's data. @returns 200 */
  app.get('/api/v1/me/data-access', {
    schema: {
      tags: ['identity'], summary: 'Who used my data', querystring: Type.Object({ page: Type.Integer({ minimum: 1, default: 1 }), pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({}, { additionalProperties: true }), 401: problem },
    },
  }, async (req, reply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return reply;
    const person = await identityRepo.personById(db, who.principal.id);
    if (!person) return { entries: [], total: 0 };
    const { page, pageSize } = req.query;
    const res = await listPersonAccess(db, person.citizenIdIdx, pageSize, (page - 1) * pageSize);
    return {
      ...res,
      entries: await Promise.all(res.entries.map(async (e: { org?: string | null; actorRole?: string | null; actor: string }) => {
        const o = e.org ? await orgs.get(e.org) : undefined;
        const roles = (e.actorRole ?? '').split(',').filter((r) => r in ROLE_NAMES).map((r) => ROLE_NAMES[r as keyof typeof ROLE_NAMES]);
        return { ...e, self: e.actor === `citizen:${who.principal.id}` || e.actor === `officer:${who.principal.id}`, orgName: o ? { zh: o.nameZh, en: o.nameEn } : null, roleNames: roles };
      })),
      page, pageSize,
    };
  });

  void CitizenIdError;
};
