/**
 * The delivery worker: sends the e-mails and SMS of the outbox after the transactions that wrote them committed.
 * A short transaction claims due deliveries (`for update skip locked`, so with several processes each delivery goes
 * to one sender) and marks them 'sending' until a deadline; the sends happen outside any transaction; a second short
 * transaction records the outcome with its audit entry. A sender that dies mid-send leaves its rows to come back when
 * the deadline passes, so delivery is at least once.
 */
import { decryptPii, maskPhone, type KeyProvider } from '@tongban/core';
import { identityRepo, notificationsRepo, type ClaimedDelivery, type Db, type DeliveryChannel } from '@tongban/db';
import { audit } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { SendError, type Sender } from './notifications.providers.ts';

/** Attempts before a delivery is given up. */
export const MAX_ATTEMPTS = 8;
/** The wait after the first failed attempt; it doubles after each further one. */
export const BASE_RETRY_MS = 30_000;
/** How long a claim lasts; longer than the slowest send (SMTP timeouts are 30 s a step). */
export const CLAIM_MS = 5 * 60_000;

/** The wait before the next attempt after attempt number `attempt` (1-based) failed: 30 s, 1 min, 2 min, … */
export function retryDelayMs(attempt: number): number {
  return BASE_RETRY_MS * 2 ** Math.max(0, attempt - 1);
}

/** `wangfang@example.cn` → `w***@example.cn`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at <= 0 ? '***' : `${email[0]}***${email.slice(at)}`;
}

/** Replaces the recipient's address in an error text (servers echo it) with its masked form, so it is not stored in clear. */
export function scrubAddress(text: string, channel: DeliveryChannel, to: string | null): string {
  if (!to) return text;
  return text.split(to).join(channel === 'email' ? maskEmail(to) : maskPhone(to));
}

/** The part of a pino logger this uses. */
export interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const silent: WorkerLog = { info() {}, warn() {}, error() {} };

/** What one run did. */
export interface RunResult {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
}

type Outcome = 'sent' | 'retry' | 'failed';

export interface DeliveryWorkerDeps {
  db: Db;
  clock: Pick<Clock, 'now'>;
  keys: KeyProvider;
  /** the senders of the configured channels; called on each run, so they can be made on first use */
  senders: () => Partial<Record<DeliveryChannel, Sender>>;
  log?: WorkerLog;
  /** sends at once within a run (default 4) */
  concurrency?: number;
}

/** Sends due deliveries; `runOnce` for one batch, `start`/`stop` for the loop of a server process. */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<void> | null = null;
  private stopping = false;

  /** told of every attempt that did not send (the delivery-failures metric; set by the app) */
  onFailure: ((channel: DeliveryChannel, outcome: 'retry' | 'failed') => void) | null = null;

  constructor(private readonly deps: DeliveryWorkerDeps) {}

  /** Claims up to `limit` due deliveries, sends them and records each outcome. */
  async runOnce(limit = 20): Promise<RunResult> {
    const { db, clock } = this.deps;
    const claimed = await db.transaction(async (tx) => {
      const now = clock.now();
      const abandoned = await notificationsRepo.failAbandoned(tx, {
        now, maxAttempts: MAX_ATTEMPTS, error: `gave up after ${MAX_ATTEMPTS} attempts (the last sender stopped before reporting back)`,
      });
      if (abandoned) this.log.warn({ abandoned }, 'notification deliveries given up after their last attempt was abandoned');
      return notificationsRepo.claimDue(tx, { now, lockedUntil: new Date(now.getTime() + CLAIM_MS), limit, maxAttempts: MAX_ATTEMPTS });
    });
    const result: RunResult = { claimed: claimed.length, sent: 0, retried: 0, failed: 0 };
    const queue = [...claimed];
    const lane = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const outcome = await this.deliver(d);
        if (outcome === 'sent') result.sent++;
        else if (outcome === 'retry') result.retried++;
        else result.failed++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.deps.concurrency ?? 4, queue.length) }, lane));
    return result;
  }

  /** Polls every `intervalMs`; a run that finds a full batch goes on at once. Errors are logged, never thrown. */
  start(intervalMs: number, batch = 20): void {
    if (this.timer) return;
    this.stopping = false;
    const tick = async () => {
      if (this.current) return;
      this.current = (async () => {
        try {
          for (let i = 0; i < 50 && !this.stopping; i++) {
            const r = await this.runOnce(batch);
            if (r.claimed) this.log.info({ ...r }, 'notification deliveries processed');
            if (r.claimed < batch) break;
          }
        } catch (err) {
          this.log.error({ err }, 'notification delivery run failed; the next tick tries again');
        }
      })();
      await this.current;
      this.current = null;
    };
    this.timer = setInterval(() => void tick(), intervalMs);
    this.timer.unref();
  }

  /** Stops the loop and waits for the run in progress. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.current;
  }

  private get log(): WorkerLog {
    return this.deps.log ?? silent;
  }

  /** Sends one claimed delivery outside any transaction, then records the outcome and audits it. */
  private async deliver(d: ClaimedDelivery): Promise<Outcome> {
    const { db, clock, keys } = this.deps;
    let to: string | null = null;
    let error: SendError | null = null;
    try {
      const sender = this.deps.senders()[d.channel];
      if (!sender) throw new SendError(`no ${d.channel} channel is configured (${d.channel === 'email' ? 'SMTP_URL' : 'SMS_URL'})`);
      try {
        to = decryptPii(keys, d.channel === 'email' ? 'email' : 'phone', d.toEnc);
      } catch (err) {
        throw new SendError(`the address cannot be decrypted: ${(err as Error).message}`, true);
      }
      await sender.send(to, {
        notificationId: d.notificationId, caseId: d.caseId, kind: d.kind,
        title: { zh: d.titleZh, en: d.titleEn }, body: { zh: d.bodyZh, en: d.bodyEn },
      });
    } catch (err) {
      error = err instanceof SendError ? err : new SendError((err as Error).message ?? String(err));
    }
    const outcome: Outcome = !error ? 'sent' : error.permanent || d.attempt >= MAX_ATTEMPTS ? 'failed' : 'retry';
    const reason = error ? scrubAddress(error.message, d.channel, to).slice(0, 1000) : null;
    try {
      await db.transaction(async (tx) => {
        const now = clock.now();
        const current = outcome === 'sent' ? await notificationsRepo.markSent(tx, d.id, d.attempt, now)
          : outcome === 'retry' ? await notificationsRepo.markRetry(tx, d.id, d.attempt, new Date(now.getTime() + retryDelayMs(d.attempt)), reason!)
            : await notificationsRepo.markFailed(tx, d.id, d.attempt, reason!);
        const person = await identityRepo.personById(tx, d.personId);
        await audit(tx, {
          actor: 'system:notifications', actorRole: 'system', action: 'notification.send',
          subjectType: 'notification', subjectId: d.notificationId, subjectPerson: person?.citizenIdIdx ?? null, purpose: 'notification',
          // no address and no error text: those may hold personal data
          detail: { delivery: d.id, channel: d.channel, kind: d.kind, caseId: d.caseId, attempt: d.attempt, outcome, ...(current ? {} : { claimLapsed: true }) },
        });
      });
    } catch (err) {
      // the claim lapses and the delivery is tried again (at least once)
      this.log.error({ err, delivery: d.id }, 'could not record a notification delivery outcome');
    }
    if (outcome !== 'sent') this.onFailure?.(d.channel, outcome);
    if (outcome !== 'sent') this.log.warn({ delivery: d.id, channel: d.channel, attempt: d.attempt, outcome, reason }, 'notification delivery failed');
    return outcome;
  }
}
