/** Storage of notifications: the in-app inbox and the outbox of e-mail and SMS deliveries. Addresses arrive encrypted. */
import type { Queryable } from './db.ts';

export type DeliveryChannel = 'email' | 'sms';
export type DeliveryState = 'pending' | 'sending' | 'sent' | 'failed';

export interface NotificationRow {
  id: string;
  personId: string;
  caseId: string | null;
  kind: string;
  titleZh: string;
  titleEn: string;
  bodyZh: string;
  bodyEn: string;
  createdAt: string;
  readAt: string | null;
}

export interface DeliveryRow {
  id: string;
  notificationId: string;
  channel: DeliveryChannel;
  state: DeliveryState;
  attempts: number;
  nextAttemptAt: string;
  lockedUntil: string | null;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
}

/** A delivery a worker has claimed, with what it needs to send: the encrypted address and the notification's text. */
export interface ClaimedDelivery extends Pick<NotificationRow, 'personId' | 'caseId' | 'kind' | 'titleZh' | 'titleEn' | 'bodyZh' | 'bodyEn'> {
  id: string;
  notificationId: string;
  channel: DeliveryChannel;
  toEnc: string;
  /** the attempt this claim is (1 for the first); the worker's later updates are fenced on it */
  attempt: number;
}

const COLS = `id, person_id as "personId", case_id as "caseId", kind, title_zh as "titleZh", title_en as "titleEn",
  body_zh as "bodyZh", body_en as "bodyEn", created_at as "createdAt", read_at as "readAt"`;
const DELIVERY_COLS = `id::text as id, notification_id as "notificationId", channel, state, attempts, next_attempt_at as "nextAttemptAt",
  locked_until as "lockedUntil", last_error as "lastError", sent_at as "sentAt", created_at as "createdAt"`;

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
const fix = (r: NotificationRow): NotificationRow => ({ ...r, createdAt: iso(r.createdAt)!, readAt: iso(r.readAt) });
const fixDelivery = (r: DeliveryRow): DeliveryRow => ({
  ...r, nextAttemptAt: iso(r.nextAttemptAt)!, lockedUntil: iso(r.lockedUntil), sentAt: iso(r.sentAt), createdAt: iso(r.createdAt)!,
});

export const notificationsRepo = {
  async insert(q: Queryable, n: Omit<NotificationRow, 'createdAt' | 'readAt'>): Promise<void> {
    await q.query(
      `insert into notifications (id, person_id, case_id, kind, title_zh, title_en, body_zh, body_en) values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [n.id, n.personId, n.caseId, n.kind, n.titleZh, n.titleEn, n.bodyZh, n.bodyEn]);
  },

  async insertDelivery(q: Queryable, d: { notificationId: string; channel: DeliveryChannel; toEnc: string; nextAttemptAt: Date }): Promise<void> {
    await q.query(
      `insert into notification_deliveries (notification_id, channel, to_enc, next_attempt_at) values ($1, $2, $3, $4)`,
      [d.notificationId, d.channel, d.toEnc, d.nextAttemptAt.toISOString()]);
  },

  /** A person's notifications, newest first. */
  async listByPerson(q: Queryable, personId: string, opts: { unreadOnly: boolean; limit: number }): Promise<NotificationRow[]> {
    const r = await q.query<NotificationRow>(
      `select ${COLS} from notifications where person_id = $1${opts.unreadOnly ? ' and read_at is null' : ''}
       order by created_at desc, id desc limit $2`,
      [personId, opts.limit]);
    return r.rows.map(fix);
  },

  async unreadCount(q: Queryable, personId: string): Promise<number> {
    const r = await q.query<{ n: number }>('select count(*)::int as n from notifications where person_id = $1 and read_at is null', [personId]);
    return r.rows[0]?.n ?? 0;
  },

  async get(q: Queryable, id: string): Promise<NotificationRow | null> {
    const r = await q.query<NotificationRow>(`select ${COLS} from notifications where id = $1`, [id]);
    return r.rows[0] ? fix(r.rows[0]) : null;
  },

  /** Marks a person's notification read: 'read' when it was unread, 'already' when it was read before, null when it is not theirs. */
  async markRead(q: Queryable, personId: string, id: string): Promise<'read' | 'already' | null> {
    const r = await q.query('update notifications set read_at = now() where id = $1 and person_id = $2 and read_at is null', [id, personId]);
    if (r.rowCount === 1) return 'read';
    const found = await q.query('select 1 from notifications where id = $1 and person_id = $2', [id, personId]);
    return found.rows.length ? 'already' : null;
  },

  async deliveriesOf(q: Queryable, notificationId: string): Promise<DeliveryRow[]> {
    const r = await q.query<DeliveryRow>(`select ${DELIVERY_COLS} from notification_deliveries d where notification_id = $1 order by d.id`, [notificationId]);
    return r.rows.map(fixDelivery);
  },

  /**
   * Claims up to `limit` due deliveries for one sender: pending ones whose time has come, and 'sending' ones whose
   * claim lapsed (their sender died). Rows locked by another sender's claim are skipped, so each goes to one sender.
   * Marks them 'sending' until `lockedUntil` and counts the attempt.
   */
  async claimDue(q: Queryable, opts: { now: Date; lockedUntil: Date; limit: number; maxAttempts: number }): Promise<ClaimedDelivery[]> {
    const r = await q.query<ClaimedDelivery>(
      `with due as (
         select id from notification_deliveries
         where state in ('pending', 'sending') and next_attempt_at <= $1 and (state = 'pending' or locked_until <= $1) and attempts < $4
         order by next_attempt_at, id
         limit $3
         for update skip locked
       )
       update notification_deliveries d set state = 'sending', locked_until = $2, attempts = d.attempts + 1
       from due, notifications n
       where d.id = due.id and n.id = d.notification_id
       returning d.id::text as id, d.notification_id as "notificationId", d.channel, d.to_enc as "toEnc", d.attempts as attempt,
         n.person_id as "personId", n.case_id as "caseId", n.kind, n.title_zh as "titleZh", n.title_en as "titleEn",
         n.body_zh as "bodyZh", n.body_en as "bodyEn"`,
      [opts.now.toISOString(), opts.lockedUntil.toISOString(), opts.limit, opts.maxAttempts]);
    return r.rows;
  },

  /** Fails the deliveries whose last allowed attempt was claimed by a sender that never reported back; returns how many. */
  async failAbandoned(q: Queryable, opts: { now: Date; maxAttempts: number; error: string }): Promise<number> {
    const r = await q.query(
      `update notification_deliveries set state = 'failed', locked_until = null, last_error = $3
       where state = 'sending' and locked_until <= $1 and attempts >= $2`,
      [opts.now.toISOString(), opts.maxAttempts, opts.error]);
    return r.rowCount;
  },

  /** Records a successful send of the claim `attempt`; false when the claim had lapsed and another sender took over. */
  async markSent(q: Queryable, id: string, attempt: number, at: Date): Promise<boolean> {
    const r = await q.query(
      `update notification_deliveries set state = 'sent', sent_at = $3, locked_until = null
       where id = $1::bigint and state = 'sending' and attempts = $2`,
      [id, attempt, at.toISOString()]);
    return r.rowCount === 1;
  },

  /** Puts a delivery back to pending, due at `nextAttemptAt`, after a failed attempt. */
  async markRetry(q: Queryable, id: string, attempt: number, nextAttemptAt: Date, error: string): Promise<boolean> {
    const r = await q.query(
      `update notification_deliveries set state = 'pending', next_attempt_at = $3, locked_until = null, last_error = $4
       where id = $1::bigint and state = 'sending' and attempts = $2`,
      [id, attempt, nextAttemptAt.toISOString(), error]);
    return r.rowCount === 1;
  },

  /** Gives a delivery up: the attempts are used up or the failure is permanent. */
  async markFailed(q: Queryable, id: string, attempt: number, error: string): Promise<boolean> {
    const r = await q.query(
      `update notification_deliveries set state = 'failed', locked_until = null, last_error = $3
       where id = $1::bigint and state = 'sending' and attempts = $2`,
      [id, attempt, error]);
    return r.rowCount === 1;
  },
};
