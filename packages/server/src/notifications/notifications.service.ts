/**
 * Notifications (消息通知) as an outbox: `enqueueNotification` writes the in-app inbox row and one delivery per
 * channel the person can be reached on, inside the caller's transaction (the case transaction), with no network I/O —
 * so a notification exists exactly when the change it announces committed. The delivery worker sends after commit.
 * See docs/decisions/0016-notification-outbox.md.
 */
import { randomBytes } from 'node:crypto';
import { NotFoundError, type KeyProvider } from '@tongban/core';
import { identityRepo, notificationsRepo, type Db, type DeliveryChannel, type Queryable } from '@tongban/db';
import { audit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import { presentNotification } from './notifications.presenter.ts';
import { createEmailSender, createSmsSender, type Sender } from './notifications.providers.ts';
import type { NotificationInput, NotificationView } from './notifications.types.ts';
import { DeliveryWorker, type RunResult, type WorkerLog } from './notifications.worker.ts';

export type { NotificationInput, NotificationView, Text } from './notifications.types.ts';

/** The configuration the notifications use. */
export type NotificationConfig = Pick<Config, 'smtpUrl' | 'smtpFrom' | 'smsUrl' | 'smsToken' | 'notifyPollMs'>;

/** What enqueueing needs: which channels are configured, and the clock (a new delivery is due at once). */
export interface EnqueueDeps {
  config: Pick<Config, 'smtpUrl' | 'smsUrl'>;
  clock: Pick<Clock, 'now'>;
}

const KIND = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;

/** Refuses a malformed notification; that is a bug in the caller, so a plain error. */
function check(n: NotificationInput): void {
  const bad = (why: string) => new TypeError(`notification refused: ${why}`);
  if (typeof n.personId !== 'string' || !n.personId) throw bad('personId is required');
  if (n.caseId !== null && (typeof n.caseId !== 'string' || !n.caseId)) throw bad('caseId must be a case id or null');
  if (typeof n.kind !== 'string' || n.kind.length > 64 || !KIND.test(n.kind)) throw bad(`kind "${n.kind}" must be dotted lower-case words of at most 64 characters`);
  for (const [field, max] of [['title', 200], ['body', 4000]] as const) {
    for (const lang of ['zh', 'en'] as const) {
      const v = n[field]?.[lang];
      if (typeof v !== 'string' || !v.trim() || v.length > max) throw bad(`${field}.${lang} must be a non-empty text of at most ${max} characters`);
    }
  }
}

/**
 * Writes a notification in the caller's transaction `tx`: the inbox row, and a pending delivery for e-mail (when
 * SMTP_URL is set and the person has an e-mail address) and for SMS (when SMS_URL is set and the person has a phone
 * number). The addresses are copied still encrypted. Does no network I/O. Returns the notification id.
 */
export async function enqueueNotification(tx: Queryable, deps: EnqueueDeps, n: NotificationInput): Promise<string> {
  check(n);
  // the person's addresses are read only when a channel is configured (the inbox row's foreign key checks the person)
  const person = deps.config.smtpUrl || deps.config.smsUrl ? await identityRepo.personById(tx, n.personId) : { emailEnc: null, phoneEnc: null };
  if (!person) throw new NotFoundError('person.not_found', { zh: `人员“${n.personId}”`, en: `Person "${n.personId}"` }, { id: n.personId });
  const id = `ntf_${randomBytes(12).toString('base64url')}`;
  await notificationsRepo.insert(tx, {
    id, personId: n.personId, caseId: n.caseId, kind: n.kind, titleZh: n.title.zh, titleEn: n.title.en, bodyZh: n.body.zh, bodyEn: n.body.en,
  });
  const due = deps.clock.now();
  const channels: [DeliveryChannel, string | null | undefined][] = [
    ['email', deps.config.smtpUrl ? person.emailEnc : null],
    ['sms', deps.config.smsUrl ? person.phoneEnc : null],
  ];
  for (const [channel, toEnc] of channels) {
    if (toEnc) await notificationsRepo.insertDelivery(tx, { notificationId: id, channel, toEnc, nextAttemptAt: due });
  }
  return id;
}

export interface NotificationServiceDeps {
  db: Db;
  clock: Clock;
  config: NotificationConfig;
  keys: KeyProvider;
  log?: WorkerLog;
  /** replaces the senders made from the configuration (tests) */
  senders?: Partial<Record<DeliveryChannel, Sender>>;
}

/**
 * The notifications of the platform: enqueue in a transaction, the inbox of a person, and the delivery worker
 * (`runOnce`, `start`, `stop`). Senders are made on first use, so building the service opens no connection.
 */
export class NotificationService {
  readonly worker: DeliveryWorker;
  private made: Partial<Record<DeliveryChannel, Sender>> | null = null;

  constructor(private readonly deps: NotificationServiceDeps) {
    this.worker = new DeliveryWorker({ db: deps.db, clock: deps.clock, keys: deps.keys, senders: () => this.senders(), ...(deps.log ? { log: deps.log } : {}) });
  }

  /** The channels deliveries are written for. */
  get channels(): DeliveryChannel[] {
    return [...(this.deps.config.smtpUrl ? ['email' as const] : []), ...(this.deps.config.smsUrl ? ['sms' as const] : [])];
  }

  /** Writes a notification in the caller's transaction; see enqueueNotification. Returns its id. */
  enqueue(tx: Queryable, n: NotificationInput): Promise<string> {
    return enqueueNotification(tx, { config: this.deps.config, clock: this.deps.clock }, n);
  }

  /** A person's notifications, newest first, and how many are unread. */
  async list(personId: string, opts: { unreadOnly?: boolean; limit?: number } = {}): Promise<{ unread: number; items: NotificationView[] }> {
    const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 50) || 50, 1), 200);
    const [unread, rows] = await Promise.all([
      notificationsRepo.unreadCount(this.deps.db, personId),
      notificationsRepo.listByPerson(this.deps.db, personId, { unreadOnly: opts.unreadOnly ?? false, limit }),
    ]);
    return { unread, items: rows.map(presentNotification) };
  }

  /** Marks a person's notification read (again is fine); a NotFoundError when it is not theirs. */
  async markRead(actor: { kind: string; id: string }, id: string): Promise<void> {
    await this.deps.db.transaction(async (tx) => {
      const r = await notificationsRepo.markRead(tx, actor.id, id);
      if (!r) throw new NotFoundError('notification.not_found', { zh: `通知“${id}”`, en: `Notification "${id}"` }, { id });
      if (r === 'read') {
        await audit(tx, { actor: `${actor.kind}:${actor.id}`, actorRole: actor.kind, action: 'notification.read', subjectType: 'notification', subjectId: id });
      }
    });
  }

  /** Sends one batch of due deliveries (see DeliveryWorker.runOnce). */
  runOnce(limit = 20): Promise<RunResult> {
    return this.worker.runOnce(limit);
  }

  /** Starts the delivery loop (every NOTIFY_POLL_MS unless told otherwise). */
  start(intervalMs = this.deps.config.notifyPollMs): void {
    this.worker.start(intervalMs);
  }

  /** Stops the delivery loop, waits for the run in progress and closes the senders. */
  async stop(): Promise<void> {
    await this.worker.stop();
    for (const s of Object.values(this.made ?? {})) s.close?.();
    this.made = null;
  }

  private senders(): Partial<Record<DeliveryChannel, Sender>> {
    if (this.made) return this.made;
    const c = this.deps.config;
    this.made = {
      ...(c.smtpUrl ? { email: createEmailSender({ url: c.smtpUrl, from: c.smtpFrom }) } : {}),
      ...(c.smsUrl ? { sms: createSmsSender({ url: c.smsUrl, token: c.smsToken }) } : {}),
      ...this.deps.senders,
    };
    return this.made;
  }
}
