/**
 * Prometheus metrics (prom-client) of one app: its own Registry, so that several apps in one process (tests) do not
 * clash over metric names. Counters are fed by hooks (HTTP responses, case events, delivery failures, data-source
 * failures); gauges of the backlog are read from the database when /metrics is scraped, so they are right whichever
 * process handled the work. Access rules are in docs/decisions/0028-metrics-access.md.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { Queryable } from '@tongban/db';
import type { Clock } from '../clock.ts';
import { ALERT_KINDS } from './monitor.repo.ts';

/** Case states in which a case is open (OPEN_STATES of @tongban/core, as SQL). */
const OPEN = `('submitted', 'supplement', 'review', 'production', 'delivery', 'waiting', 'in_progress')`;

/** The metrics of one app. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  readonly caseTransitions: Counter<'kind' | 'to_state'>;
  readonly notificationFailures: Counter<'channel' | 'outcome'>;
  readonly dataSourceErrors: Counter<'source' | 'reason'>;

  constructor(deps: { db: Queryable; clock: Pick<Clock, 'today'>; defaultMetrics?: boolean }) {
    const registers = [this.registry];
    // process metrics (CPU, memory, event-loop lag) only where asked: they start timers a test app does not want
    if (deps.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'tongban_' });
    this.httpDuration = new Histogram({
      name: 'tongban_http_request_duration_seconds', help: 'HTTP request duration by method, route pattern and status',
      labelNames: ['method', 'route', 'status'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers,
    });
    this.caseTransitions = new Counter({
      name: 'tongban_case_transitions_total', help: 'Case timeline events written, by event kind and the state the case went to',
      labelNames: ['kind', 'to_state'], registers,
    });
    this.notificationFailures = new Counter({
      name: 'tongban_notification_delivery_failures_total', help: 'Failed e-mail and SMS delivery attempts, by channel and outcome (retry: tried again later; failed: given up)',
      labelNames: ['channel', 'outcome'], registers,
    });
    this.dataSourceErrors = new Counter({
      name: 'tongban_datasource_errors_total', help: 'Data-source reads that failed (their fields were asked of the applicant), by source and reason',
      labelNames: ['source', 'reason'], registers,
    });

    // the backlog, read at scrape time in one round trip (each count is served by a partial index)
    let snapshot: Promise<Backlog> | null = null;
    const backlog = (): Promise<Backlog> => {
      // the gauges are collected one after the other within one scrape: they share one query
      snapshot ??= readBacklog(deps.db, deps.clock.today()).finally(() => { setTimeout(() => { snapshot = null; }, 0); });
      return snapshot;
    };
    const gauge = <L extends string>(name: string, help: string, labelNames: L[], set: (g: Gauge<L>, b: Backlog) => void) =>
      new Gauge<L>({ name, help, labelNames, registers, async collect() { set(this, await backlog()); } });
    gauge('tongban_cases_open', 'Open cases (not closed or archived)', [], (g, b) => g.set(b.openCases));
    gauge('tongban_cases_overdue', 'Open cases whose current step is past its due date', [], (g, b) => g.set(b.overdueCases));
    gauge('tongban_jobs_pending', 'Durable timers waiting to fire (queue depth)', [], (g, b) => g.set(b.pendingJobs));
    gauge('tongban_notification_deliveries', 'E-mail and SMS deliveries by state (pending includes those being sent)', ['state'], (g, b) => {
      g.set({ state: 'pending' }, b.pendingDeliveries);
      g.set({ state: 'failed' }, b.failedDeliveries);
    });
    gauge('tongban_alerts_open', 'Open overdue alerts by kind', ['kind'], (g, b) => {
      for (const kind of ALERT_KINDS) g.set({ kind }, b.openAlerts[kind] ?? 0);
    });
  }

  /** The exposition text and its content type. */
  async scrape(): Promise<{ contentType: string; text: string }> {
    return { contentType: this.registry.contentType, text: await this.registry.metrics() };
  }
}

/**
 * Times every response by its route pattern (`/api/v1/officer/cases/:id`, never the raw URL, so the number of series
 * stays bounded); requests that matched no route are counted under `unmatched`. Added on the root instance, so it
 * sees every route.
 */
export function installHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.httpDuration.observe({ method: req.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
}

interface Backlog {
  openCases: number;
  overdueCases: number;
  pendingJobs: number;
  pendingDeliveries: number;
  failedDeliveries: number;
  openAlerts: Record<string, number>;
}

async function readBacklog(db: Queryable, today: string): Promise<Backlog> {
  const r = await db.query<Backlog>(`
    select (select count(*)::int from cases where state in ${OPEN}) as "openCases",
           (select count(*)::int from cases where step_due < $1::date and state in ('submitted', 'review', 'production', 'delivery')) as "overdueCases",
           (select count(*)::int from jobs where state = 'pending') as "pendingJobs",
           (select count(*)::int from notification_deliveries where state in ('pending', 'sending')) as "pendingDeliveries",
           (select count(*)::int from notification_deliveries where state = 'failed') as "failedDeliveries",
           (select coalesce(jsonb_object_agg(kind, n), '{}'::jsonb) from (select kind, count(*)::int as n from alerts where cleared_at is null group by kind) a) as "openAlerts"`,
  [today]);
  return r.rows[0]!;
}
