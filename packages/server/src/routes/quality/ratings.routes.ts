/**
 * Ratings over HTTP: the applicant's ratings of a case (read, give, change), the reason lists, the counter rating
 * pad (an officer opens a one-time token; the tablet rates with it, no sign-in) and the intake of outside channels.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import Type from 'typebox';
import { CITIZEN_CHANNELS, NotFoundError, RATING_COMMENT_MAX, RATING_LEVELS, RATING_REASONS, RATING_SUBJECTS, type RatingChannel, type RatingLevel, type RatingSubject } from '@tongban/core';
import { casesRepo, type CaseRow } from '@tongban/db';
import type { AppDeps } from '../../app.ts';
import { requireSignedIn } from '../../http/auth.ts';
import { itemName } from '../../quality/quality.shared.ts';
import { presentRating } from './quality.presenter.ts';

const problem = Type.Ref('Problem');
const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const Open = Type.Object({}, { additionalProperties: true });
const CaseId = Type.String({ pattern: '^case_[A-Za-z0-9_-]{6,40}$' });
const Level = Type.Unsafe<RatingLevel>({ type: 'string', enum: [...RATING_LEVELS] });
const Subject = Type.Unsafe<RatingSubject>({ type: 'string', enum: [...RATING_SUBJECTS] });
const Reasons = Type.Array(Type.String({ pattern: '^[a-z_]{2,40}$' }), { maxItems: 10, default: [] });
const Comment = Type.Optional(Type.String({ maxLength: RATING_COMMENT_MAX * 2 }));
const Token = Type.Object({ token: Type.String({ pattern: '^[A-Za-z0-9_-]{20,64}$' }) }, { additionalProperties: false });

export const ratingsRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  const { db, ratings, orgs } = deps;

  const subjectsView = (s: Awaited<ReturnType<typeof ratings.summary>>) => ({
    ratings: s.ratings.map(presentRating),
    subjects: s.subjects.map((w) => ({ subject: w.subject, rateable: w.rateable, why: w.why, lastDay: w.lastDay, rated: w.rated })),
  });

  /** GET /api/v1/ratings/reasons — the reason lists (online and offline), code + zh + en, and the levels. @returns 200 */
  app.get('/api/v1/ratings/reasons', { schema: { tags: ['ratings'], summary: 'Rating reasons and levels', response: { 200: Open } } }, async () => ({
    levels: RATING_LEVELS, online: RATING_REASONS.online, offline: RATING_REASONS.offline, commentMax: RATING_COMMENT_MAX,
  }));

  /** GET /api/v1/cases/{id}/ratings — my ratings of my case and which subjects can be rated now, until when. @returns 200; 403 not the applicant; 404 */
  app.get('/api/v1/cases/:id/ratings', {
    schema: { tags: ['ratings'], summary: 'My ratings of a case', params: Type.Object({ id: CaseId }, { additionalProperties: false }), response: { 200: Open, ...errors } },
  }, async (req, reply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return reply;
    return subjectsView(await ratings.summary(who.principal, req.params.id));
  });

  /**
   * POST /api/v1/cases/{id}/ratings — rate my case or one of its service acts. A bad rating opens a work order.
   * @returns 201 the rating; 403 `rating.not_applicant`; 409 `rating.already_rated`, `rating.not_rateable`, `rating.window_closed`; 422 reasons
   */
  app.post('/api/v1/cases/:id/ratings', {
    schema: {
      tags: ['ratings'], summary: 'Rate my case', params: Type.Object({ id: CaseId }, { additionalProperties: false }),
      body: Type.Object({
        subject: Subject, level: Level, reasons: Reasons, comment: Comment, anonymous: Type.Optional(Type.Boolean()),
        channel: Type.Optional(Type.Unsafe<RatingChannel>({ type: 'string', enum: [...CITIZEN_CHANNELS] })),
      }, { additionalProperties: false }),
      response: { 201: Open, ...errors },
    },
  }, async (req, reply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return reply;
    const saved = await ratings.rate(who.principal, req.params.id, req.body);
    return reply.status(201).send(presentRating(saved));
  });

  /** PUT /api/v1/cases/{id}/ratings/{subject} — change my rating within the window (追评). @returns 200; 403; 404; 409 stale or window closed; 422 */
  app.put('/api/v1/cases/:id/ratings/:subject', {
    schema: {
      tags: ['ratings'], summary: 'Change my rating', params: Type.Object({ id: CaseId, subject: Subject }, { additionalProperties: false }),
      body: Type.Object({ level: Level, reasons: Reasons, comment: Comment, anonymous: Type.Optional(Type.Boolean()), revision: Type.Integer({ minimum: 1 }) }, { additionalProperties: false }),
      response: { 200: Open, ...errors },
    },
  }, async (req, reply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return reply;
    return presentRating(await ratings.change(who.principal, req.params.id, req.params.subject, req.body));
  });

  // ------------------------------------------------------------------ the counter pad (评价器)

  /** The pad is opened for the window where the case was accepted (or its handling org). */
  const padResource = async (req: FastifyRequest) => {
    const { caseId } = req.params as { caseId: string };
    const row = await casesRepo.get(db, caseId);
    if (!row) throw new NotFoundError('case.not_found', { zh: `办件“${caseId}”`, en: `Case "${caseId}"` }, { id: caseId });
    (req as { caseRow?: CaseRow }).caseRow = row;
    return { org: row.acceptedOrg ?? row.org, department: row.department };
  };

  /** POST /api/v1/officer/rating-pad/{caseId} — a one-time token (10 minutes) for the counter tablet. Policy rating.pad. @returns 201; 403; 404 */
  app.post('/api/v1/officer/rating-pad/:caseId', {
    config: { policy: 'rating.pad', resource: padResource },
    schema: { tags: ['officer'], summary: 'Open the rating pad', params: Type.Object({ caseId: CaseId }, { additionalProperties: false }), response: { 201: Open, ...errors } },
  }, async (req, reply) => {
    const row = (req as { caseRow?: CaseRow }).caseRow!;
    const pad = await ratings.openPad(req.auth!.principal, row, row.acceptedOrg ?? row.org);
    return reply.status(201).send({ ...pad, path: `/pad/${pad.token}` });
  });

  /** GET /api/v1/rating-pad/{token} — what the tablet shows: the item and the window (nothing personal). @returns 200; 404 invalid or expired; 409 used */
  app.get('/api/v1/rating-pad/:token', {
    schema: { tags: ['ratings'], summary: 'Rating pad: the service to rate', params: Token, response: { 200: Open, ...errors } },
  }, async (req) => {
    const { row, org, expiresAt } = await ratings.padCase(db, req.params.token);
    const o = await orgs.get(org);
    return { itemName: await itemName(db, row.code), org: { code: org, name: o ? { zh: o.nameZh, en: o.nameEn } : { zh: org, en: org } }, expiresAt, levels: RATING_LEVELS, reasons: RATING_REASONS.offline, commentMax: RATING_COMMENT_MAX };
  });

  /** POST /api/v1/rating-pad/{token} — the tablet's rating of the window service (no sign-in: the token is the credential). @returns 201; 404; 409; 422 */
  app.post('/api/v1/rating-pad/:token', {
    config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
    schema: {
      tags: ['ratings'], summary: 'Rating pad: rate', params: Token,
      body: Type.Object({ level: Level, reasons: Reasons, comment: Comment, anonymous: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
      response: { 201: Open, ...errors },
    },
  }, async (req, reply) => {
    const saved = await ratings.padRate(req.params.token, req.body);
    return reply.status(201).send({ ...presentRating(saved), caseId: null });
  });

  // ------------------------------------------------------------------ outside channels

  /**
   * POST /api/v1/ratings/intake — a rating from the 12345 hotline or a window report (办不成事反映), idempotent on
   * (channel, externalRef). Policy rating.intake (admin token or administrator). @returns 201 new; 200 replayed; 404 case; 422
   */
  app.post('/api/v1/ratings/intake', {
    config: { policy: 'rating.intake' },
    schema: {
      tags: ['admin'], summary: 'Outside-channel rating intake',
      body: Type.Object({
        channel: Type.Unsafe<'hotline_12345' | 'window_report'>({ type: 'string', enum: ['hotline_12345', 'window_report'] }),
        externalRef: Type.String({ minLength: 1, maxLength: 100 }),
        caseId: Type.Optional(CaseId), itemCode: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{3,50}$' })), org: Type.Optional(Type.String({ pattern: '^[A-Z0-9-]{1,40}$' })),
        level: Level, reasons: Reasons, comment: Comment, idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
      }, { additionalProperties: false }),
      response: { 200: Open, 201: Open, ...errors },
    },
  }, async (req, reply) => {
    const { rating, replayed } = await ratings.intake(req.auth!.principal, req.body);
    return reply.status(replayed ? 200 : 201).send({ ...presentRating(rating), replayed });
  });
};
