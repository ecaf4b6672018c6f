/**
 * Durable timers (reminders, escalations, deferred-material and supplement deadlines) in the `jobs` table. A worker
 * claims one due timer with FOR UPDATE SKIP LOCKED, runs its handler in the same transaction and marks it done
 * there: the effect and the mark commit together, so a timer fires once however many processes poll. A handler
 * that throws rolls back; the timer is retried later, up to MAX_ATTEMPTS.
 */
import { hostname } from 'node:os';
import { casesRepo, type Db, type Queryable } from '@tongban/db';
import type { Clock } from '../clock.ts';

export const MAX_ATTEMPTS = 5;
const RETRY_MS = 60_000;

export type TimerHandler = (tx: Queryable, job: { kind: string; payload: Record<string, unknown> }) => Promise<string>;

export interface TimerRun {
  fired: number;
  outcomes: Record<string, number>;
  failed: number;
}

export class TimerWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  readonly id: string;

  constructor(private readonly deps: { db: Db; clock: Clock; handle: TimerHandler; log?: (msg: string, err?: unknown) => void }, id?: string) {
    this.id = id ?? `${hostname()}:${process.pid}`;
  }

  /** Fires the timers due now, up to `limit`; returns what happened. */
  async runOnce(limit = 100): Promise<TimerRun> {
    const run: TimerRun = { fired: 0, outcomes: {}, failed: 0 };
    for (let i = 0; i < limit; i++) {
      const now = this.deps.clock.now().toISOString();
      let claimed: { id: string; kind: string; attempts: number } | null = null;
      try {
        const outcome = await this.deps.db.transaction(async (tx) => {
          const job = await casesRepo.claimDue(tx, now);
          if (!job) return null;
          claimed = job;
          const result = await this.deps.handle(tx, job);
          await casesRepo.finishJob(tx, job.id, this.id, now);
          return result;
        });
        if (outcome === null) break;
        run.fired += 1;
        run.outcomes[outcome] = (run.outcomes[outcome] ?? 0) + 1;
      } catch (err) {
        if (!claimed) throw err;
        const job = claimed as { id: string; kind: string; attempts: number };
        run.failed += 1;
        this.deps.log?.(`timer ${job.kind} #${job.id} failed`, err);
        const retryAt = job.attempts + 1 >= MAX_ATTEMPTS ? null : new Date(this.deps.clock.now().getTime() + RETRY_MS * 2 ** job.attempts).toISOString();
        await this.deps.db.transaction((tx) => casesRepo.failJob(tx, job.id, String((err as Error)?.message ?? err), retryAt));
      }
    }
    return run;
  }

  /** Polls every `intervalMs` (unref'd: it never keeps the process alive). */
  start(intervalMs: number): void {
    if (this.timer) return;
    const tick = () => {
      this.running = this.runOnce().catch((err) => this.deps.log?.('timer poll failed', err)).finally(() => {
        this.running = null;
        if (this.timer) this.timer = setTimeout(tick, intervalMs).unref();
      });
    };
    this.timer = setTimeout(tick, intervalMs).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }
}
