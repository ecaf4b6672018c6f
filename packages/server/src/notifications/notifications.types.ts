/** Types of the notifications domain (消息通知): what a caller asks to notify, and what the inbox shows. */

/** A text in Chinese and English. */
export interface Text {
  zh: string;
  en: string;
}

/** A notification to a person, as the case service (or another domain) asks for it. */
export interface NotificationInput {
  personId: string;
  /** the case it is about, or null */
  caseId: string | null;
  /** what happened, dotted lower-case (e.g. `case.accepted`); also the SMS template name */
  kind: string;
  title: Text;
  body: Text;
}

/** A notification as the citizen's inbox shows it. */
export interface NotificationView {
  id: string;
  caseId: string | null;
  kind: string;
  title: Text;
  body: Text;
  createdAt: string;
  readAt: string | null;
}

/** What a sender sends: the notification's content, without the address. */
export interface OutgoingMessage {
  notificationId: string;
  caseId: string | null;
  kind: string;
  title: Text;
  body: Text;
}
