/**
 * `npm run bench -- quality` (PostgreSQL via DATABASE_URL): a year of synthetic service history (BENCH_HISTORY_CASES,
 * default 1,000,000 top-level cases with applications, ratings and rectification orders) in a fresh database, then
 * - dashboard_p99_ms: the operations dashboard over HTTP — the worse p99 of a city-wide month (administrator, every
 *   department, SH) and a single station's month (approver, household, 南京东路派出所), several months in turn;
 * - dashboard_p50_ms: the median of all those requests;
 * - public_quality_ms: the public page of a month, uncached (the service called directly), median;
 * - overdue_detect_ms: one full overdue-detection pass (MonitorService.detect, when the app has one) over the history.
 */
import { figure, progress, quantile, round } from './report.ts';

if (!process.env.DATABASE_URL) {
  progress('the quality bench runs on PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
  process.exit(2);
}
const { startTestServer, tokenFor } = await import('../packages/server/src/test/harness.ts');
const { DEMO_PEOPLE } = await import('../packages/server/src/identity/demo-people.ts');
const { generateHistory } = await import('../packages/server/src/dashboard/history.ts');
const { dashboardService } = await import('../packages/server/src/routes/dashboard/dashboard.routes.ts');

const CASES = Number(process.env.BENCH_HISTORY_CASES ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_DASHBOARD_REQUESTS ?? 60);
const TODAY = '2026-11-23';
const person = (u: string) => DEMO_PEOPLE.find((p) => p.username === u)!;

const s = await startTestServer('postgres', { today: TODAY });
try {
  progress(`history: ${CASES.toLocaleString('en-US')} cases into a fresh database…`);
  const h = await generateHistory(s.db, { cases: CASES, from: '2025-11-23', to: '2026-11-22', today: TODAY, seed: 1, keys: s.secrets.keys, progress });
  progress(`history: written in ${round(h.ms / 1000, 1)} s; vacuum for index-only scans…`);
  const v0 = performance.now();
  await s.db.query('vacuum (analyze) cases');
  await s.db.query('vacuum (analyze) ratings');
  await s.db.query('vacuum (analyze) rectifications');
  progress(`vacuum: ${round((performance.now() - v0) / 1000, 1)} s`);
  figure({ suite: 'quality', figure: 'history_cases_per_s', value: round(h.cases / (h.ms / 1000), 0), unit: 'cases/s' });

  const admin = await tokenFor(s, person('wujun').id);
  const approver = await tokenFor(s, person('zhaomin').id);
  const months = [['2026-08-01', '2026-08-31'], ['2026-09-01', '2026-09-30'], ['2026-10-01', '2026-10-31']] as const;
  const targets = [
    { label: 'city', org: 'SH', token: admin, bucket: 'day' },
    { label: 'station', org: 'SH-HP-NJDL', token: approver, bucket: 'day' },
  ];
  const times: Record<string, number[]> = { city: [], station: [] };
  for (let i = 0; i < REQUESTS + 5; i++) {
    for (const t of targets) {
      const [from, to] = months[i % months.length]!;
      const t0 = performance.now();
      const res = await s.api(`/api/v1/officer/dashboard?org=${t.org}&from=${from}&to=${to}&bucket=${t.bucket}`, { headers: { authorization: `Bearer ${t.token}` } });
      const ms = performance.now() - t0;
      if (res.status !== 200 || !(res.body.figures.applications > 0)) throw new Error(`dashboard ${t.label}: ${res.status} ${res.text.slice(0, 300)}`);
      if (i === 0) progress(`${t.label}: ${res.body.figures.applications} applications in ${from.slice(0, 7)}, ${res.body.children.length} child rows, ${res.body.items.length} items, ${res.body.trend.length} buckets`);
      if (i >= 5) times[t.label]!.push(ms);
    }
  }
  const all = [...times.city!, ...times.station!];
  for (const [k, v] of Object.entries(times)) progress(`${k}: p50 ${round(quantile(v, 0.5), 1)} ms, p99 ${round(quantile(v, 0.99), 1)} ms`);
  const p99 = Math.max(quantile(times.city!, 0.99), quantile(times.station!, 0.99));
  figure({ suite: 'quality', figure: 'dashboard_p99_ms', value: round(p99, 1), unit: 'ms', limit: 'target', limitValue: 200 });
  figure({ suite: 'quality', figure: 'dashboard_p50_ms', value: round(quantile(all, 0.5), 1), unit: 'ms' });

  const svc = dashboardService(s.app.deps);
  const pub: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    await svc.publicQuality(`2026-${String(1 + (i % 10)).padStart(2, '0')}`);
    pub.push(performance.now() - t0);
  }
  figure({ suite: 'quality', figure: 'public_quality_ms', value: round(quantile(pub, 0.5), 1), unit: 'ms' });

  // the monitoring part's detection pass, when this build has it
  const monitor = (s.app.deps as unknown as Record<string, unknown>).monitor as { detect?: () => Promise<{ raised: unknown; ms: number }> } | undefined;
  if (typeof monitor?.detect === 'function') {
    progress('overdue: one full detection pass over the history…');
    const t0 = performance.now();
    const first = await monitor.detect();
    const ms = performance.now() - t0;
    const t1 = performance.now();
    await monitor.detect();
    progress(`overdue: first pass ${round(ms, 1)} ms (raised ${JSON.stringify(first.raised)}), next pass ${round(performance.now() - t1, 1)} ms`);
    figure({ suite: 'quality', figure: 'overdue_detect_ms', value: round(ms, 1), unit: 'ms' });
  } else {
    progress('overdue: this build has no MonitorService.detect (app.deps.monitor): overdue_detect_ms left out');
  }
} finally {
  await s.close();
}
