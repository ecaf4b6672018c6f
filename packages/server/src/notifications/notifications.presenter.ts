/** How notifications are shown to their recipient. */
import type { NotificationRow } from '@tongban/db';
import type { NotificationView } from './notifications.types.ts';

/** The inbox view of a notification row. */
export function presentNotification(r: NotificationRow): NotificationView {
  return {
    id: r.id, caseId: r.caseId, kind: r.kind,
    title: { zh: r.titleZh, en: r.titleEn }, body: { zh: r.bodyZh, en: r.bodyEn },
    createdAt: r.createdAt, readAt: r.readAt,
  };
}
