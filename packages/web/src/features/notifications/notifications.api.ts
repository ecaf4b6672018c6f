/** Typed client of the notifications API (消息): the inbox and marking a message read. */
import { getJson, sendJson, withQuery } from '../../shared/http.ts';
import type { NotificationList } from './notifications.types.ts';

const BASE = '/api/v1/notifications';

/** GET /api/v1/notifications[?unreadOnly=true] — my messages, with the unread count. */
export function listNotifications(unreadOnly: boolean, signal?: AbortSignal): Promise<NotificationList> {
  return getJson<NotificationList>(withQuery(BASE, { unreadOnly: unreadOnly ? 'true' : undefined }), signal);
}

/** POST /api/v1/notifications/{id}/read — marks a message read (204). */
export function markNotificationRead(id: string): Promise<void> {
  return sendJson<void>('POST', `${BASE}/${encodeURIComponent(id)}/read`);
}
