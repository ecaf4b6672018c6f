/**
 * The notification inbox (消息中心) of the signed-in person: list newest first with the unread count, and mark one
 * read. A person sees only their own notifications; anyone else's is 404.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Type from 'typebox';
import { requireSignedIn } from '../../http/auth.ts';
import { sendProblem } from '../../http/problems.ts';
import type { NotificationService } from '../../notifications/notifications.service.ts';

const problem = Type.Ref('Problem');
const errors = { 400: problem, 401: problem, 403: problem, 404: problem };
const Text = Type.Object({ zh: Type.String(), en: Type.String() });
const Notification = Type.Object({
  id: Type.String(),
  caseId: Type.Union([Type.String(), Type.Null()]),
  kind: Type.String({ description: 'what happened, e.g. case.accepted' }),
  title: Text,
  body: Text,
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
const NotificationList = Type.Object({ unread: Type.Integer({ minimum: 0 }), items: Type.Array(Notification) });

export const notificationsRoutes = (deps: { notifications: NotificationService }): FastifyPluginAsyncTypebox => async (app) => {
  /** Notifications go to people: a signed-in citizen, or an officer (escalations). */
  const person = (req: FastifyRequest, reply: FastifyReply) => {
    const who = requireSignedIn(req, reply);
    if (!who) return null;
    if (who.principal.kind === 'service') {
      void sendProblem(reply, 403, 'notification.not_a_person', { zh: '只有本人可以查看消息', en: 'Only a signed-in person has notifications' });
      return null;
    }
    return who.principal;
  };

  /** GET /api/v1/notifications — my notifications, newest first, with the unread count. @returns 200 `{ unread, items }`; 401 not signed in */
  app.get('/api/v1/notifications', {
    schema: {
      tags: ['notifications'], summary: 'My notifications',
      querystring: Type.Object({
        unreadOnly: Type.Boolean({ default: false, description: 'only the unread ones' }),
        limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
      }, { additionalProperties: false }),
      response: { 200: NotificationList, ...errors },
    },
  }, async (req, reply) => {
    const who = person(req, reply);
    if (!who) return reply;
    return deps.notifications.list(who.id, { unreadOnly: req.query.unreadOnly, limit: req.query.limit });
  });

  /** POST /api/v1/notifications/{id}/read — mark one read (again is fine). @returns 204; 404 unless it is mine */
  app.post('/api/v1/notifications/:id/read', {
    schema: {
      tags: ['notifications'], summary: 'Mark a notification read',
      params: Type.Object({ id: Type.String({ pattern: '^ntf_[A-Za-z0-9_-]{6,40}$' }) }, { additionalProperties: false }),
      response: { 204: Type.Null({ description: 'marked read' }), ...errors },
    },
  }, async (req, reply) => {
    const who = person(req, reply);
    if (!who) return reply;
    await deps.notifications.markRead(who, req.params.id);
    return reply.status(204).send(null);
  });
};
