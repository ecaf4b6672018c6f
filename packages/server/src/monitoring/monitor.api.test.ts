import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PEOPLE } from '../identity/demo-people.ts';
import { dbKinds, startTestServer, tokenFor, type TestServer } from '../test/harness.ts';
import { bearer, fileApplication } from '../test/apply-helpers.ts';
import { MONITOR_JOB } from './monitor.service.ts';

const person = (u: string) => DEMO_PEOPLE.find((p) => p.username === u)!;
const METRICS_TOKEN = 'metrics-test-token';

interface AlertDbRow { id: string; case_id: string; kind: string; responsible: string[]; supervisors: string[]; escalated_at: string | null; cleared_at: string | null; detail: { fallback?: boolean } }

for (const kind of dbKinds()) {
  describe(`overdue monitoring on ${kind}`, () => {
    let s: TestServer;
    const tokens: Record<string, string> = {};
    const as = (u: string) => bearer(tokens[u]!);
    // A: accepted and routed to Lujiazui, never touched; B: never accepted; C: decided, in production; E: waiting for pick-up
    const c = { A: '', B: '', C: '', E: '' };
    before(async () => {
      s = await startTestServer(kind, { today: '2026-11-23', config: { smsUrl: 'http://127.0.0.1:9/sms', metricsToken: METRICS_TOKEN } });
      tokens.wangfang = await tokenFor(s, person('wangfang').id, 'citizen');
      for (const u of ['chenjing', 'zhouhui', 'linfeng', 'qianhong', 'zhengtao']) tokens[u] = await tokenFor(s, person(u).id);
    });
    after(async () => { await s.close(); });

    const step = async (u: string, id: string, action: string, extra: Record<string, unknown> = {}) => {
      const cur = (await s.api(`/api/v1/officer/cases/${id}`, { headers: as(u) })).body;
      const r = await s.api(`/api/v1/officer/cases/${id}/actions`, { method: 'POST', headers: as(u), body: { action, revision: cur.revision, ...extra } });
      assert.equal(r.status, 200, `${u} ${action}: ${r.text}`);
      return r.body;
    };
    const file = async () => (await fileApplication(s, tokens.wangfang!, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment', delivery: 'window' } })).caseId;
    const alertsOf = async (caseId: string) => (await s.db.query<AlertDbRow>(
      `select id, case_id, kind, responsible, supervisors, escalated_at::text, cleared_at::text, detail from alerts where case_id = $1 order by raised_at, kind`, [caseId])).rows;
    const notes = async (personId: string, kindPrefix: string) => (await s.db.query<{ id: string; case_id: string | null; kind: string; body_zh: string }>(
      `select id, case_id, kind, body_zh from notifications where person_id = $1 and kind like $2 order by created_at`, [personId, `${kindPrefix}%`])).rows;
    const detect = () => s.app.deps.monitor.detect();

    it('raises one alert per stall, tells the responsible officer in-app and by SMS, and never twice', async () => {
      s.clock.set('2026-11-23'); // a Monday
      c.A = await file();
      await step('chenjing', c.A, 'accept');
      c.B = await file();
      c.C = await file();
      await step('chenjing', c.C, 'accept');
      await step('zhouhui', c.C, 'approve');
      assert.equal((await step('linfeng', c.C, 'approve')).state, 'production');
      // the applicant is told of the decision; a lost notice (emulated by removing it) leaves the result unreported
      const told = await s.db.query<{ id: string }>(`select id from notifications where case_id = $1 and kind = 'case.approved'`, [c.C]);
      assert.equal(told.rows.length, 1, 'the decision is told to the applicant');
      await s.db.query('delete from notification_deliveries where notification_id = $1', [told.rows[0]!.id]);
      await s.db.query('delete from notifications where id = $1', [told.rows[0]!.id]);
      c.E = await file();
      await step('chenjing', c.E, 'accept');
      await step('zhouhui', c.E, 'approve');
      await step('linfeng', c.E, 'approve');
      assert.equal((await step('qianhong', c.E, 'produce')).state, 'delivery');

      // the same day nothing has stalled yet
      assert.deepEqual((await detect()).raised, {});

      s.clock.set('2026-11-25'); // Wednesday: more than one working day after Monday
      const first = await detect();
      assert.deepEqual(first.raised, { not_fetched: 1, step_overdue: 1, feedback_missing: 1 });
      const [a] = await alertsOf(c.A);
      assert.equal(a!.kind, 'not_fetched', 'accepted on Monday, nobody at Lujiazui claimed or acted');
      assert.deepEqual(a!.responsible, ['o-151001'], 'the reviewers of the competent station: 周慧');
      const [b] = await alertsOf(c.B);
      assert.equal(b!.kind, 'step_overdue', 'the acceptance step was due on Tuesday');
      assert.deepEqual(b!.responsible, ['o-151002'], 'no window under the station: its department head is told');
      assert.equal(b!.detail.fallback, true);
      const [cc] = await alertsOf(c.C);
      assert.equal(cc!.kind, 'feedback_missing', 'decided on Monday and the applicant not told since');
      assert.deepEqual(cc!.responsible, ['o-151003'], 'the producer of the sub-bureau: 钱红');
      assert.deepEqual(await alertsOf(c.E), [], 'the pick-up is not due before 2026-12-07');

      const zhou = await notes(person('zhouhui').id, 'alert.');
      assert.equal(zhou.length, 1);
      assert.equal(zhou[0]!.kind, 'alert.raised');
      assert.equal(zhou[0]!.case_id, c.A);
      assert.match(zhou[0]!.body_zh, /受理后未获取/);
      const sms = await s.db.query<{ n: number }>(`select count(*)::int as n from notification_deliveries where notification_id = $1 and channel = 'sms' and state = 'pending'`, [zhou[0]!.id]);
      assert.equal(sms.rows[0]!.n, 1, 'an SMS is in the outbox (SMS_URL is set)');
      // the officer also reads it in the inbox
      const inbox = await s.api('/api/v1/notifications', { headers: as('zhouhui') });
      assert.ok(inbox.body.items.some((n: { kind: string; caseId: string }) => n.kind === 'alert.raised' && n.caseId === c.A));

      const again = await detect();
      assert.deepEqual(again.raised, {}, 'no duplicate alert');
      assert.equal(again.notified, 0);
      assert.equal((await alertsOf(c.A)).length, 1);
      assert.equal((await notes(person('zhouhui').id, 'alert.')).length, 1);
    });

    it('escalates an alert open for a further working day to the department head, once', async () => {
      s.clock.set('2026-11-26'); // Thursday: the alerts of Wednesday are not a working day old yet
      assert.equal((await detect()).escalated, 0);
      s.clock.set('2026-11-27'); // Friday
      const pass = await detect();
      assert.equal(pass.escalated, 3);
      assert.deepEqual(pass.raised, { step_overdue: 1 }, 'A\'s review step was due on Thursday');
      const a = await alertsOf(c.A);
      assert.deepEqual(a.map((x) => x.kind), ['not_fetched', 'step_overdue']);
      assert.ok(a[0]!.escalated_at);
      assert.deepEqual(a[0]!.supervisors, ['o-151002'], '林峰, department head of the Pudong sub-bureau');
      assert.equal(a[1]!.escalated_at, null);
      const lin = await notes(person('linfeng').id, 'alert.escalated');
      assert.equal(lin.length, 3, 'one per kind (each naming its case)');
      assert.ok(lin.some((n) => n.case_id === c.A));
      await detect();
      assert.equal((await notes(person('linfeng').id, 'alert.escalated')).length, 3, 'told once');
    });

    it('clears the alerts of a case that moved on at the next pass', async () => {
      await step('zhouhui', c.A, 'approve', { note: '已审核' });
      const pass = await detect();
      assert.deepEqual(pass.cleared, { not_fetched: 1, step_overdue: 1 });
      const a = await alertsOf(c.A);
      assert.ok(a.every((x) => x.cleared_at !== null));
      assert.equal((await detect()).raised.not_fetched, undefined, 'the approval step is not a new stall');
    });

    it('raises not_produced after the production step\'s due date and not_downloaded after the delivery days', async () => {
      s.clock.set('2026-11-30'); // Monday: production was due on Friday 27th
      assert.equal((await detect()).raised.not_produced, 1);
      assert.ok((await alertsOf(c.C)).some((x) => x.kind === 'not_produced' && x.cleared_at === null && x.responsible.includes('o-151003')));
      s.clock.set('2026-12-08'); // the pick-up was due on 2026-12-07 (10 working days)
      assert.equal((await detect()).raised.not_downloaded, 1);
      const e = await alertsOf(c.E);
      assert.deepEqual(e.map((x) => x.kind), ['not_downloaded']);
      // delivered: cleared
      const mine = (await s.api(`/api/v1/cases/${c.E}`, { headers: as('wangfang') })).body;
      await step('qianhong', c.E, 'deliver', { delivery: { pickupCode: mine.delivery.pickupCode } });
      assert.equal((await detect()).cleared.not_downloaded, 1);
    });

    it('lists the alerts of the officer\'s jurisdiction (alert.read)', async () => {
      const open = await s.api('/api/v1/officer/alerts', { headers: as('zhouhui') });
      assert.equal(open.status, 200, open.text);
      assert.ok(open.body.items.length >= 2);
      assert.ok(open.body.items.every((x: { open: boolean; org: { code: string } }) => x.open && x.org.code === 'SH-PD-LJZ'));
      const b = open.body.items.find((x: { caseId: string }) => x.caseId === c.B);
      assert.equal(b.kind, 'step_overdue');
      assert.equal(b.kindName.zh, '办理环节超时');
      assert.equal(b.itemCode, 'HZ-JZZ-BL');
      assert.deepEqual(b.responsible, [{ id: 'o-151002', name: '林峰' }]);
      assert.ok(b.escalatedAt);
      const all = await s.api(`/api/v1/officer/alerts?state=all&kind=not_fetched`, { headers: as('zhouhui') });
      assert.equal(all.status, 200);
      assert.deepEqual(all.body.items.map((x: { caseId: string; open: boolean }) => [x.caseId, x.open]), [[c.A, false]]);
      const other = await s.api('/api/v1/officer/alerts', { headers: as('zhengtao') });
      assert.equal(other.status, 200);
      assert.equal(other.body.total, 0, 'the exit-entry reviewer sees none of the household alerts');
      assert.equal((await s.api('/api/v1/officer/alerts?org=SH-PD-LJZ', { headers: as('zhengtao') })).status, 403);
      assert.equal((await s.api('/api/v1/officer/alerts')).status, 401);
      assert.equal((await s.api('/api/v1/officer/alerts?kind=late', { headers: as('zhouhui') })).status, 400);
    });

    it('serves /metrics from loopback or with METRICS_TOKEN, and 403 otherwise', async () => {
      const local = await fetch(`${s.url}/metrics`);
      assert.equal(local.status, 200);
      assert.match(local.headers.get('content-type') ?? '', /^text\/plain/);
      const text = await local.text();
      const value = (name: string) => Number(new RegExp(`^${name.replace(/[{}]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
      assert.match(text, /tongban_http_request_duration_seconds_bucket\{[^}]*method="GET",route="\/api\/v1\/officer\/alerts",status="200"/);
      assert.ok(value('tongban_case_transitions_total{kind="accepted",to_state="review"}') >= 3, 'case transitions counted');
      assert.ok(value('tongban_cases_open') >= 3);
      assert.ok(value('tongban_cases_overdue') >= 2, 'B and C are past due');
      assert.ok(value('tongban_jobs_pending') >= 1);
      assert.ok(value('tongban_notification_deliveries{state="pending"}') >= 1);
      assert.equal(value('tongban_notification_deliveries{state="failed"}'), 0);
      assert.ok(value('tongban_alerts_open{kind="step_overdue"}') >= 1);
      assert.equal(value('tongban_alerts_open{kind="not_downloaded"}'), 0);
      assert.match(text, /# TYPE tongban_notification_delivery_failures_total counter/);
      assert.match(text, /# TYPE tongban_datasource_errors_total counter/);

      const remote = await s.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3' });
      assert.equal(remote.statusCode, 403);
      assert.match(remote.headers['content-type'] as string, /^application\/problem\+json/);
      assert.equal(remote.json().code, 'metrics.forbidden');
      const wrong = await s.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: 'Bearer nope' } });
      assert.equal(wrong.statusCode, 403);
      const withToken = await s.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.equal(withToken.statusCode, 200);
      assert.match(withToken.body, /tongban_alerts_open/);
      const proxied = await s.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.9' } });
      assert.equal(proxied.statusCode, 403, 'relayed by a local proxy on behalf of someone else');
    });

    it('runs as the durable job monitor.detect, which schedules the next pass one interval later', async () => {
      await s.app.deps.monitor.ensureScheduled();
      await s.app.deps.monitor.ensureScheduled();
      const pending = async () => (await s.db.query<{ run_at: Date | string }>(`select run_at from jobs where kind = $1 and state = 'pending'`, [MONITOR_JOB])).rows;
      assert.equal((await pending()).length, 1, 'scheduled once');
      const run = await s.app.deps.timers.runOnce();
      assert.equal(run.outcomes.detected, 1, JSON.stringify(run));
      const next = await pending();
      assert.equal(next.length, 1);
      assert.equal(new Date(next[0]!.run_at).getTime(), s.clock.now().getTime() + s.config.monitorIntervalMs);
    });
  });
}
