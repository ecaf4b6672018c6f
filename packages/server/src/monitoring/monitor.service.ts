/**
 * Overdue monitoring (超时预警): a detection pass finds the stalled cases of five kinds in a few set-based
 * statements (monitor.repo.ts), raises one alert per stalled step run, tells the responsible officers (in-app and SMS
 * through the outbox, in the pass's transaction), escalates alerts open for a further working day to the department
 * heads, and clears alerts whose case moved on. The pass runs as the durable job `monitor.detect`, rescheduled every
 * MONITOR_INTERVAL_MS: the job row's lock makes one pass at a time however many processes poll. See
 * docs/decisions/0027-stall-definitions.md and 0029-detection-job.md.
 */
import { casesRepo, type Db, type Queryable } from '@tongban/db';
import { defaultCalendar, type WorkingCalendar } from '@tongban/core';
import type { Clock } from '../clock.ts';
import type { CalendarService } from '../cases/calendar.service.ts';
import type { Notifier } from '../cases/cases.service.ts';
import { addDays } from '../datasources/calendar.ts';
import { enqueueNotification } from '../notifications/notifications.service.ts';
import { monitorRepo, type AlertKind, type NoticeGroup } from './monitor.repo.ts';

export { ALERT_KINDS, type AlertKind } from './monitor.repo.ts';

/** The durable job kind of a detection pass. */
export const MONITOR_JOB = 'monitor.detect';

type Text = { zh: string; en: string };

/** What a kind means, as the officers read it. */
export const ALERT_KIND_TEXT: Record<AlertKind, Text> = {
  step_overdue: { zh: '办理环节超时', en: 'step overdue' },
  not_fetched: { zh: '受理后未获取', en: 'not fetched after acceptance' },
  feedback_missing: { zh: '结果未反馈', en: 'result not fed back' },
  not_downloaded: { zh: '结果未领取', en: 'result not collected' },
  not_produced: { zh: '未制证', en: 'not produced' },
};

export interface MonitorDeps {
  db: Db;
  clock: Clock;
  calendar: Pick<CalendarService, 'calendar'>;
  notifier: Notifier;
  /** how often the job runs (MONITOR_INTERVAL_MS) */
  intervalMs: number;
}

/** What one pass did. */
export interface DetectResult {
  raised: Record<string, number>;
  cleared: Record<string, number>;
  escalated: number;
  /** notifications written (one per person and kind) */
  notified: number;
  /** the whole pass, and each phase (sweep: clear and raise; escalate; analyze; notify), in milliseconds */
  ms: number;
  phases: Record<string, number>;
}

/** The instant a calendar date starts in Asia/Shanghai (UTC+8, no daylight saving). */
const startOfDay = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();

/**
 * The first date that is not yet `n` working days before `today`: a date `d` is more than n working days ago
 * (addWorkingDays(d, n) < today, the rule step_due < today uses) exactly when d < cutoff. Computed here because the
 * holiday calendar lives in TypeScript; the SQL compares plain dates, which the partial indexes serve.
 */
export function workingDayCutoff(cal: Pick<WorkingCalendar, 'addWorkingDays'>, today: string, n: number): string {
  let d = today;
  // holiday blocks are at most 9 days long, so this walks back at most n working days plus one block
  for (let i = 0; i < 60; i++) {
    const before = addDays(d, -1);
    if (cal.addWorkingDays(before, n) < today) return d;
    d = before;
  }
  return d;
}

const list = (ids: string[], n: number, sep: string) => `${ids.join(sep)}${n > ids.length ? (sep === '、' ? ' 等' : ', …') : ''}`;

/** The notification of one group: one case named with its item, or how many and the first few. */
function notice(g: NoticeGroup, escalated: boolean): { kind: string; caseId: string | null; title: Text; body: Text } {
  const k = ALERT_KIND_TEXT[g.kind];
  const one = g.n === 1;
  const which = one ? { zh: `办件 ${g.cases[0]}（${g.codes[0]}）`, en: `Case ${g.cases[0]} (${g.codes[0]})` } : { zh: `${g.n} 件办件（${list(g.cases, g.n, '、')}）`, en: `${g.n} cases (${list(g.cases, g.n, ', ')})` };
  return escalated
    ? {
      kind: 'alert.escalated', caseId: one ? g.cases[0]! : null,
      title: { zh: `督办：${k.zh}`, en: `Follow up: ${k.en}` },
      body: { zh: `${which.zh}预警“${k.zh}”已超过 1 个工作日仍未处理，请督办。`, en: `${which.en}: the alert "${k.en}" has been open for over a working day; please follow up.` },
    }
    : {
      kind: 'alert.raised', caseId: one ? g.cases[0]! : null,
      title: { zh: `超时预警：${k.zh}`, en: `Alert: ${k.en}` },
      body: { zh: `${which.zh}${k.zh}，请及时办理。`, en: `${which.en}: ${k.en}; please act on it.` },
    };
}

/** Detection passes, the job that runs them, and the alert lists. */
export class MonitorService {
  constructor(private readonly deps: MonitorDeps) {}

  /**
   * One detection pass in its own transaction (or the caller's `tx`): sweep (clear, raise), escalate, notify. Safe to call
   * from several processes at once: an advisory lock makes the passes run one after the other.
   */
  async detect(tx?: Queryable): Promise<DetectResult> {
    if (!tx) return this.deps.db.transaction((t) => this.detect(t));
    const started = performance.now();
    const cal = await this.deps.calendar.calendar(tx);
    const today = this.deps.clock.today();
    const now = this.deps.clock.now().toISOString();
    const cutoff1 = workingDayCutoff(cal, today, 1);
    const p = { today, cutoff1, now };
    await monitorRepo.lock(tx);
    const phases: Record<string, number> = {};
    const timed = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
      const t = performance.now();
      try { return await f(); } finally { phases[name] = Math.round(performance.now() - t); }
    };
    // batch statements over many rows: JIT compilation costs more than it saves here (seconds at a million cases)
    await tx.query('set local jit = off');
    // the sweep first (clears and raises), then escalation: a cleared alert is not escalated, a new one is not a
    // working day old
    const { groups, raised, cleared } = await timed('sweep', () => monitorRepo.sweep(tx, p));
    const escalation = await timed('escalate', () => monitorRepo.escalate(tx, now, startOfDay(cutoff1)));
    // a pass that changed many alerts leaves the planner's row estimates far behind (autovacuum comes later), and the
    // next pass's anti-joins would be planned for an empty table: refresh them now (a sample, in this transaction)
    const changed = Object.values(raised).reduce((n, x) => n + x, 0) + Object.values(cleared).reduce((n, x) => n + x, 0) + escalation.escalated;
    if (changed >= 10_000) await timed('analyze', () => tx.query('analyze alerts'));
    await timed('notify', async () => {
      for (const g of groups) await this.tell(tx, g, false);
      for (const g of escalation.groups) await this.tell(tx, g, true);
    });
    return { raised, cleared, escalated: escalation.escalated, notified: groups.length + escalation.groups.length, ms: Math.round(performance.now() - started), phases };
  }

  private async tell(tx: Queryable, g: NoticeGroup, escalated: boolean): Promise<void> {
    await this.deps.notifier.enqueue(tx, { personId: g.personId, ...notice(g, escalated) });
  }

  // ---- the durable job ----

  /** Schedules the pass at `at` (default now) unless one is already scheduled for the same interval slot. */
  async schedule(q: Queryable = this.deps.db, at: Date = this.deps.clock.now()): Promise<void> {
    // the key names the interval slot: processes starting together, or two chains, end up with one job per slot
    const slot = Math.floor(at.getTime() / this.deps.intervalMs) * this.deps.intervalMs;
    await casesRepo.schedule(q, { kind: MONITOR_JOB, dedupeKey: `${MONITOR_JOB}:${new Date(slot).toISOString()}`, runAt: at.toISOString(), payload: {} });
  }

  /** At start: schedules a pass now unless one is pending (several processes starting at once add one between them). */
  async ensureScheduled(): Promise<void> {
    const r = await this.deps.db.query<{ n: number }>(`select count(*)::int as n from jobs where kind = $1 and state = 'pending'`, [MONITOR_JOB]);
    if (r.rows[0]!.n === 0) await this.schedule();
  }

  /** The job handler: one pass in the job's transaction, and the next pass one interval later. */
  async onTimer(tx: Queryable, job: { kind: string }): Promise<string> {
    if (job.kind !== MONITOR_JOB) return 'unknown_kind';
    await this.detect(tx);
    await this.schedule(tx, new Date(this.deps.clock.now().getTime() + this.deps.intervalMs));
    return 'detected';
  }
}

/**
 * For the bench (bench/quality.bench.ts): one full detection pass over the database as it is (migrated, with orgs,
 * officers and cases), on the bundled holiday calendar, writing its notifications to the real outbox (in-app, and
 * SMS rows when `smsUrl` is given, as with SMS_URL set). `clock` says what "today" is. The result's `ms` is the
 * figure overdue_detect_ms; a second call measures a steady-state pass (nothing new to raise).
 */
export async function runDetectionPass(db: Db, clock: Clock, opts: { smsUrl?: string; calendar?: Pick<CalendarService, 'calendar'>; notifier?: Notifier } = {}): Promise<DetectResult> {
  const config = { smtpUrl: undefined, smsUrl: opts.smsUrl };
  const monitor = new MonitorService({
    db, clock, intervalMs: 300_000,
    calendar: opts.calendar ?? { calendar: async () => defaultCalendar },
    notifier: opts.notifier ?? { enqueue: (tx, n) => enqueueNotification(tx, { config, clock }, n) },
  });
  return monitor.detect();
}
