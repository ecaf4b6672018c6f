/** What the notifications API sends (GET /api/v1/notifications): the in-app inbox of the signed-in person. */
import type { BilingualText } from '@tongban/core/text';

/** One message of the inbox, usually about a case. */
export interface InboxNotification {
  id: string;
  caseId: string | null;
  kind: string;
  title: BilingualText;
  body: BilingualText;
  createdAt: string;
  readAt: string | null;
}

/** The inbox (or only its unread messages) with the number of unread ones. */
export interface NotificationList {
  unread: number;
  items: InboxNotification[];
}
