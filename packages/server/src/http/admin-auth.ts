/**
 * Admin authentication until unified identity lands: a bearer token from ADMIN_TOKEN, compared in constant time.
 * With no ADMIN_TOKEN configured, the admin API refuses everyone.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './problems.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

export function requireAdmin(token: string | undefined) {
  const expected = token ? digest(token) : null;
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    if (!expected || !given || !timingSafeEqual(digest(given), expected)) {
      return sendProblem(reply, 401, 'auth.unauthenticated', {
        zh: expected ? '需要管理员身份：请在 Authorization 头中提供有效的 Bearer 令牌' : '管理接口未启用：请配置 ADMIN_TOKEN',
        en: expected ? 'Administrator sign-in required: send a valid Bearer token in the Authorization header' : 'The admin API is disabled: configure ADMIN_TOKEN',
      });
    }
  };
}
