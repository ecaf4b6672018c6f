/**
 * Sessions: created after a verified OpenID Connect sign-in, stored in the database (only the SHA-256 of the
 * secret), carried by an HttpOnly cookie for the web or by a short-lived signed access token (JWT, HS256) for API
 * clients. Either is checked against the database on every request, so signing out revokes both at once.
 */
import { createHash, randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { DomainError, type Principal } from '@tongban/core';
import { identityRepo, type Queryable, type SessionRow } from '@tongban/db';

export const SESSION_COOKIE = 'tb_session';
export const ACCESS_TOKEN_MINUTES = 15;

const sha256 = (s: string) => createHash('sha256').update(s).digest('base64url');

/** Creates a session and returns its secret (the cookie value); the database keeps only its hash. */
export async function createSession(q: Queryable, s: { kind: 'citizen' | 'officer'; personId: string; idpSubject: string; hours: number }): Promise<{ secret: string; id: string }> {
  const secret = randomBytes(32).toString('base64url');
  const id = sha256(secret);
  await identityRepo.insertSession(q, { id, kind: s.kind, personId: s.personId, csrfSecret: randomBytes(24).toString('base64url'), idpSubject: s.idpSubject, hours: s.hours });
  return { secret, id };
}

/** The active session behind a cookie secret, or null. */
export async function sessionFromSecret(q: Queryable, secret: string): Promise<SessionRow | null> {
  return identityRepo.activeSession(q, sha256(secret));
}

/** A bearer access token for a session: HS256 JWT with the session id, valid for ACCESS_TOKEN_MINUTES. */
export async function issueAccessToken(secret: Buffer, session: { id: string; personId: string }, issuer: string): Promise<string> {
  return new SignJWT({ sid: session.id })
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
    .setSubject(session.personId)
    .setIssuer(issuer)
    .setAudience('tongban-api')
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_MINUTES}m`)
    .sign(secret);
}

/** Why a bearer token was refused. */
export class TokenError extends DomainError {}

/** Verifies a bearer token (signature, issuer, audience, expiry) and returns its live session, or throws TokenError. */
export async function sessionFromAccessToken(q: Queryable, secret: Buffer, token: string, issuer: string): Promise<SessionRow> {
  let sid: unknown;
  try {
    const { payload } = await jwtVerify(token, secret, { issuer, audience: 'tongban-api', algorithms: ['HS256'] });
    sid = payload.sid;
  } catch (err) {
    const expired = err instanceof joseErrors.JWTExpired;
    throw new TokenError(expired ? 'auth.token_expired' : 'auth.token_invalid', expired
      ? { zh: '访问令牌已过期，请重新获取', en: 'The access token has expired; get a new one' }
      : { zh: '访问令牌无效（签名、签发方或格式不正确）', en: 'The access token is invalid (signature, issuer or format)' });
  }
  const session = typeof sid === 'string' ? await identityRepo.activeSession(q, sid) : null;
  if (!session) throw new TokenError('auth.session_ended', { zh: '会话已结束（已退出或已过期），请重新登录', en: 'The session has ended (signed out or expired); sign in again' });
  return session;
}

/** Builds the acting principal of a session from the current records (roles can change while signed in). */
export async function principalOf(q: Queryable, s: SessionRow): Promise<Principal> {
  const person = await identityRepo.personById(q, s.personId);
  if (!person) throw new TokenError('auth.session_ended', { zh: '会话对应的人员不存在', en: 'The session\'s person no longer exists' });
  const officer = s.kind === 'officer' ? await identityRepo.officerByPerson(q, s.personId) : null;
  let actingFor: Principal['actingFor'];
  if (s.actingFor) {
    const e = (await identityRepo.enterprisesOf(q, s.personId)).find((x) => x.uscc === s.actingFor);
    if (e) actingFor = e;
  }
  return {
    kind: officer ? 'officer' : 'citizen',
    id: person.id,
    name: person.name,
    ...(officer ? { officerId: officer.id } : {}),
    roles: (officer?.roles ?? []) as Principal['roles'],
    ...(actingFor ? { actingFor } : {}),
  };
}
