import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PDFDocument } from 'pdf-lib';
import { addWorkingDays } from '@tongban/core';
import { DEMO_PEOPLE } from '../../identity/demo-people.ts';
import { dbKinds, startTestServer, tokenFor, type TestServer } from '../../test/harness.ts';
import { bearer, fileApplication } from '../../test/apply-helpers.ts';

const person = (u: string) => DEMO_PEOPLE.find((p) => p.username === u)!;
type Row = Record<string, unknown>;

for (const kind of dbKinds()) {
  describe(`ratings and rectification on ${kind}`, () => {
    let s: TestServer;
    const tokens: Record<string, string> = {};
    const as = (u: string) => bearer(tokens[u]!);
    /** zhangwei's 居民身份证挂失, closed by rule on submission at his household station */
    let closedCase = '';
    let closedOn = '';
    let handlingOrg = '';
    let orderId = '';

    before(async () => {
      s = await startTestServer(kind, { today: '2026-11-23' });
      for (const u of ['zhangwei', 'lina', 'wangfang']) tokens[u] = await tokenFor(s, person(u).id, 'citizen');
      for (const u of ['chenjing', 'liuqiang', 'sunli', 'zhouhui']) tokens[u] = await tokenFor(s, person(u).id);
      closedCase = (await fileApplication(s, tokens.zhangwei!, { itemCode: 'HZ-SFZ-GS' }, { answers: { cardLost: true, stolen: false } })).caseId;
      const c = (await s.api(`/api/v1/cases/${closedCase}`, { headers: as('zhangwei') })).body;
      assert.equal(c.state, 'closed');
      handlingOrg = c.org.code;
      closedOn = '2026-11-23';
    });
    after(async () => { await s.close(); });

    const rate = (u: string, caseId: string, body: Row) => s.api(`/api/v1/cases/${caseId}/ratings`, { method: 'POST', headers: as(u), body });
    const order = async (u: string, id: string) => s.api(`/api/v1/officer/rectifications/${id}`, { headers: as(u) });
    const act = (u: string, id: string, body: Row) => s.api(`/api/v1/officer/rectifications/${id}/actions`, { method: 'POST', headers: as(u), body });
    const notes = async (u: string, kind: string) => (await s.db.query<{ n: number }>(`select count(*)::int as n from notifications where person_id = $1 and kind = $2`, [person(u).id, kind])).rows[0]!.n;

    it('lists the reasons of both families and which subjects of a case can be rated, until when', async () => {
      const reasons = await s.api('/api/v1/ratings/reasons');
      assert.equal(reasons.status, 200);
      assert.ok(reasons.body.online.some((r: Row) => r.code === 'system_hard' && r.zh && r.en));
      assert.ok(reasons.body.offline.some((r: Row) => r.code === 'attitude'));
      const mine = await s.api(`/api/v1/cases/${closedCase}/ratings`, { headers: as('zhangwei') });
      assert.equal(mine.status, 200, mine.text);
      const bySubject = Object.fromEntries(mine.body.subjects.map((x: Row) => [x.subject, x]));
      assert.equal(bySubject.case.rateable, true);
      assert.equal(bySubject.case.lastDay, addWorkingDays(closedOn, 15));
      assert.equal(bySubject.window.rateable, false, 'an online case has no window to rate');
      assert.equal((await s.api(`/api/v1/cases/${closedCase}/ratings`, { headers: as('lina') })).status, 403);
    });

    it('rates a closed case 非常不满意: the rating is stored by name with both codes, and a work order opens at the handling org', async () => {
      const notApplicant = await rate('lina', closedCase, { subject: 'case', level: 'satisfied', reasons: [] });
      assert.equal(notApplicant.status, 403);
      assert.equal(notApplicant.body.code, 'rating.not_applicant');
      const unknown = await rate('zhangwei', closedCase, { subject: 'case', level: 'dissatisfied', reasons: ['slow', 'attitude'] });
      assert.equal(unknown.status, 422, 'attitude is an offline reason; this case was filed online');
      assert.equal(unknown.body.errors[0].path, '/reasons/1');
      assert.match(unknown.body.errors[0].message.zh, /guide_inaccurate/);

      const r = await rate('zhangwei', closedCase, { subject: 'case', level: 'very_dissatisfied', reasons: ['slow', 'repeat_materials'], comment: '挂失等了很久', channel: 'mobile' });
      assert.equal(r.status, 201, r.text);
      assert.deepEqual([r.body.level, r.body.gbCode, r.body.interfaceCode, r.body.bad, r.body.assessNumber], ['very_dissatisfied', 5, 1, true, 1]);
      assert.equal(r.body.levelName.zh, '非常不满意');
      assert.deepEqual(r.body.reasons.map((x: Row) => x.code), ['slow', 'repeat_materials']);
      const again = await rate('zhangwei', closedCase, { subject: 'case', level: 'satisfied', reasons: [] });
      assert.equal(again.status, 409);
      assert.equal(again.body.code, 'rating.already_rated');

      const stored = await s.db.query<Row>(`select r.org, r.item_code, r.department, o.id, o.org as "orderOrg", o.stage, o.verify_due::text as v, o.rectify_due::text as rd
        from ratings r join rectifications o on o.rating_id = r.id where r.case_id = $1`, [closedCase]);
      assert.equal(stored.rows.length, 1, 'the order opened with the rating');
      const row = stored.rows[0]!;
      assert.deepEqual([row.org, row.orderOrg, row.item_code, row.department, row.stage], [handlingOrg, handlingOrg, 'HZ-SFZ-GS', 'household', 'verify']);
      assert.equal(String(row.v).slice(0, 10), addWorkingDays('2026-11-23', 1));
      assert.equal(String(row.rd).slice(0, 10), addWorkingDays('2026-11-23', 15));
      orderId = String(row.id);
      assert.ok(await notes('liuqiang', 'rectification.opened') >= 1, 'the station reviewer is told in-app');
    });

    it('changes the rating within the window (追评), keeping the order open even when no longer bad', async () => {
      const mine = (await s.api(`/api/v1/cases/${closedCase}/ratings`, { headers: as('zhangwei') })).body;
      const r = mine.ratings.find((x: Row) => x.subject === 'case');
      const stale = await s.api(`/api/v1/cases/${closedCase}/ratings/case`, { method: 'PUT', headers: as('zhangwei'), body: { level: 'basic', reasons: [], revision: r.revision + 1 } });
      assert.equal(stale.status, 409);
      assert.equal(stale.body.code, 'rating.stale_revision');
      s.clock.set(addWorkingDays(closedOn, 3));
      const changed = await s.api(`/api/v1/cases/${closedCase}/ratings/case`, { method: 'PUT', headers: as('zhangwei'), body: { level: 'basic', reasons: ['slow'], comment: '后来工作人员主动联系了我', revision: r.revision } });
      assert.equal(changed.status, 200, changed.text);
      assert.deepEqual([changed.body.level, changed.body.assessNumber, changed.body.revision, changed.body.bad], ['basic', 2, 2, false]);
      const o = await order('liuqiang', orderId);
      assert.equal(o.body.stage, 'verify', 'the order stays open');
      assert.ok(o.body.history.some((e: Row) => e.kind === 'rating_changed'));
      // back to very dissatisfied for the rest of the journey
      const back = await s.api(`/api/v1/cases/${closedCase}/ratings/case`, { method: 'PUT', headers: as('zhangwei'), body: { level: 'very_dissatisfied', reasons: ['slow'], revision: 2 } });
      assert.equal(back.status, 200);
      s.clock.set('2026-11-23');
    });

    it('refuses to rate or change outside the window: 409 naming the last day', async () => {
      const last = addWorkingDays(closedOn, 15);
      s.clock.set(addWorkingDays(last, 1));
      const late = await rate('zhangwei', closedCase, { subject: 'online', level: 'satisfied', reasons: [] });
      assert.equal(late.status, 409);
      assert.equal(late.body.code, 'rating.window_closed');
      assert.equal(late.body.data.lastDay, last);
      assert.match(late.body.message.zh, new RegExp(last));
      const change = await s.api(`/api/v1/cases/${closedCase}/ratings/case`, { method: 'PUT', headers: as('zhangwei'), body: { level: 'satisfied', reasons: [], revision: 3 } });
      assert.equal(change.status, 409);
      assert.equal(change.body.code, 'rating.window_closed');
      s.clock.set(last);
      const onLastDay = await rate('zhangwei', closedCase, { subject: 'online', level: 'satisfied', reasons: [] });
      assert.equal(onLastDay.status, 201, 'the last day is still open');
      s.clock.set('2026-11-23');
    });

    it('runs the work order: verify, rectify and call back within the deadlines; closing without a callback is 422', async () => {
      const list = await s.api('/api/v1/officer/rectifications?view=open', { headers: as('liuqiang') });
      assert.equal(list.status, 200, list.text);
      const entry = list.body.items.find((x: Row) => x.id === orderId);
      assert.ok(entry, 'the order is in the station\'s list');
      assert.equal(entry.rating.level, 'very_dissatisfied');
      assert.equal((await s.api('/api/v1/officer/rectifications?view=open', { headers: as('zhouhui') })).body.items.some((x: Row) => x.id === orderId), false, 'not in another district');

      let o = (await order('liuqiang', orderId)).body;
      assert.equal(o.evaluator.name, '张伟', 'the reviewer sees who to call back');
      assert.equal(o.evaluator.phone, '13812345678');
      const audited = await s.db.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'rectification.read' and subject_id = $1`, [orderId]);
      assert.ok(audited.rows[0]!.n >= 1, 'the read of the evaluator\'s data is audited');
      const windowView = (await order('chenjing', orderId)).body;
      assert.equal(windowView.evaluator.name, '张*', 'masked for a window officer');
      assert.deepEqual(windowView.allowedActions, []);
      assert.equal((await act('chenjing', orderId, { action: 'verify', note: 'x', revision: o.revision })).status, 403);

      const early = await act('liuqiang', orderId, { action: 'close', revision: o.revision });
      assert.equal(early.status, 422);
      assert.equal(early.body.code, 'rectification.callback_required');
      const wrong = await act('liuqiang', orderId, { action: 'rectify', note: 'x', revision: o.revision });
      assert.equal(wrong.status, 409);
      assert.deepEqual(wrong.body.data.allowed, ['verify']);

      s.clock.set('2026-11-24');
      const verified = await act('liuqiang', orderId, { action: 'verify', note: '已电话联系张伟，挂失受理后短信未及时送达', revision: o.revision });
      assert.equal(verified.status, 200, verified.text);
      o = verified.body;
      assert.equal(o.stage, 'rectify');
      assert.equal(o.due.stage, addWorkingDays('2026-11-23', 15));
      assert.equal(o.verification.onTime, true);

      s.clock.set('2026-11-27');
      const fixed = await act('liuqiang', orderId, { action: 'rectify', note: '已修复短信通知延迟', resolution: 'fixed', revision: o.revision });
      assert.equal(fixed.status, 200, fixed.text);
      o = fixed.body;
      assert.deepEqual([o.stage, o.resolution], ['callback', 'fixed']);
      assert.equal(o.due.callback, addWorkingDays('2026-11-27', 2));
      const noCallback = await act('liuqiang', orderId, { action: 'close', revision: o.revision });
      assert.equal(noCallback.status, 422);
      assert.equal(noCallback.body.code, 'rectification.callback_required');
      const noReached = await act('liuqiang', orderId, { action: 'callback', note: '回访', revision: o.revision });
      assert.equal(noReached.status, 422);
      assert.equal(noReached.body.errors[0].path, '/reached');

      s.clock.set('2026-11-30');
      const called = await act('liuqiang', orderId, { action: 'callback', reached: true, satisfied: true, note: '评价人对整改结果满意', revision: o.revision });
      assert.equal(called.status, 200, called.text);
      assert.equal(called.body.callback.reached, true);
      assert.equal(called.body.callback.onTime, true);
      const closed = await act('liuqiang', orderId, { action: 'close', note: '办结', revision: called.body.revision });
      assert.equal(closed.status, 200, closed.text);
      assert.equal(closed.body.stage, 'closed');
      assert.deepEqual(closed.body.history.map((e: Row) => e.kind), ['opened', 'rating_changed', 'rating_changed', 'verified', 'rectified', 'called_back', 'closed']);
      s.clock.set('2026-11-23');
    });

    it('escalates an overdue stage once to the department head, through a durable timer', async () => {
      s.clock.set('2026-11-23');
      const intake = await s.api('/api/v1/ratings/intake', { method: 'POST', admin: true, body: { channel: 'hotline_12345', externalRef: 'GD-ESC-1', itemCode: 'HZ-HJZM', org: 'SH-HP-NJDL', level: 'dissatisfied', reasons: ['attitude'], comment: '12345 工单转办' } });
      assert.equal(intake.status, 201, intake.text);
      const id = (await s.db.query<{ id: string }>(`select id from rectifications where rating_id = $1`, [intake.body.id])).rows[0]!.id;
      const headsBefore = await notes('sunli', 'rectification.escalated');
      s.clock.set(`${addWorkingDays('2026-11-23', 1)}T12:00:00+08:00`);
      await s.app.deps.timers.runOnce();
      assert.equal((await order('liuqiang', id)).body.escalated, false, 'not before the due day has passed');
      s.clock.set(`${addWorkingDays('2026-11-23', 2)}T09:00:00+08:00`);
      const run = await s.app.deps.timers.runOnce();
      assert.ok((run.outcomes.fired ?? 0) >= 1, JSON.stringify(run));
      const o = (await order('liuqiang', id)).body;
      assert.equal(o.escalated, true);
      assert.equal(o.overdue, true);
      assert.equal(o.history.filter((e: Row) => e.kind === 'escalated').length, 1);
      assert.equal(await notes('sunli', 'rectification.escalated'), headsBefore + 1, 'the Huangpu department head is told');
      await s.app.deps.timers.runOnce();
      assert.equal((await order('liuqiang', id)).body.history.filter((e: Row) => e.kind === 'escalated').length, 1, 'once');
      s.clock.set('2026-11-23');
    });

    it('records a counter-pad rating of the window with a one-time token, without sign-in', async () => {
      const { caseId } = await fileApplication(s, tokens.wangfang!, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment' } });
      const c = (await s.api(`/api/v1/officer/cases/${caseId}`, { headers: as('chenjing') })).body;
      const accepted = await s.api(`/api/v1/officer/cases/${caseId}/actions`, { method: 'POST', headers: as('chenjing'), body: { action: 'accept', revision: c.revision } });
      assert.equal(accepted.status, 200, accepted.text);
      assert.equal((await s.api(`/api/v1/officer/rating-pad/${caseId}`, { method: 'POST', headers: as('liuqiang') })).status, 403, 'window officers open the pad');
      const pad = await s.api(`/api/v1/officer/rating-pad/${caseId}`, { method: 'POST', headers: as('chenjing') });
      assert.equal(pad.status, 201, pad.text);
      assert.match(pad.body.path, /^\/pad\//);
      const shown = await s.api(`/api/v1/rating-pad/${pad.body.token}`);
      assert.equal(shown.status, 200, shown.text);
      assert.equal(shown.body.itemName.zh, '居住证办理');
      assert.equal(JSON.stringify(shown.body).includes('王芳'), false, 'nothing personal on the tablet');
      const rated = await s.api(`/api/v1/rating-pad/${pad.body.token}`, { method: 'POST', body: { level: 'satisfied', reasons: [] } });
      assert.equal(rated.status, 201, rated.text);
      assert.deepEqual([rated.body.subject, rated.body.channel], ['window', 'hall_pad']);
      const reused = await s.api(`/api/v1/rating-pad/${pad.body.token}`, { method: 'POST', body: { level: 'satisfied', reasons: [] } });
      assert.equal(reused.status, 409);
      assert.equal(reused.body.code, 'rating.pad_token_used');
      const mine = (await s.api(`/api/v1/cases/${caseId}/ratings`, { headers: as('wangfang') })).body;
      assert.equal(mine.ratings[0].channel, 'hall_pad', 'the applicant sees the window rating as hers');
      // a token expires after 10 minutes
      const late = await s.api(`/api/v1/officer/rating-pad/${caseId}`, { method: 'POST', headers: as('chenjing') });
      s.clock.set(new Date(s.clock.now().getTime() + 11 * 60_000).toISOString());
      assert.equal((await s.api(`/api/v1/rating-pad/${late.body.token}`, { method: 'POST', body: { level: 'basic', reasons: [] } })).status, 404);
      s.clock.set('2026-11-23');
    });

    it('takes in outside-channel ratings idempotently; an anonymous one is called back as unreachable', async () => {
      const body = { channel: 'hotline_12345', externalRef: 'GD-20261123-001', caseId: closedCase, level: 'dissatisfied', reasons: ['attitude'], comment: '来电反映', idNumber: person('lina').citizenId };
      assert.equal((await s.api('/api/v1/ratings/intake', { method: 'POST', headers: as('sunli'), body })).status, 403, 'administrators only');
      const first = await s.api('/api/v1/ratings/intake', { method: 'POST', admin: true, body });
      assert.equal(first.status, 201, first.text);
      const second = await s.api('/api/v1/ratings/intake', { method: 'POST', admin: true, body });
      assert.equal(second.status, 200);
      assert.equal(second.body.id, first.body.id);
      assert.equal(second.body.replayed, true);
      const n = await s.db.query<{ n: number }>(`select count(*)::int as n from ratings where external_ref = 'GD-20261123-001'`);
      assert.equal(n.rows[0]!.n, 1);
      const missing = await s.api('/api/v1/ratings/intake', { method: 'POST', admin: true, body: { channel: 'window_report', externalRef: 'BB-1', level: 'dissatisfied', reasons: ['nope'] } });
      assert.equal(missing.status, 422);
      assert.deepEqual(missing.body.errors.map((e: Row) => e.path), ['/reasons/0']);
      const noOrg = await s.api('/api/v1/ratings/intake', { method: 'POST', admin: true, body: { channel: 'window_report', externalRef: 'BB-1', itemCode: 'HZ-HJZM', level: 'dissatisfied', reasons: [] } });
      assert.deepEqual(noOrg.body.errors.map((e: Row) => e.path), ['/org']);

      const anon = await s.api('/api/v1/ratings/intake', { method: 'POST', admin: true, body: { channel: 'window_report', externalRef: 'BB-2', itemCode: 'HZ-HJZM', org: 'SH-HP-NJDL', level: 'very_dissatisfied', reasons: ['not_done'] } });
      assert.equal(anon.status, 201, anon.text);
      assert.equal(anon.body.anonymous, true);
      const id = (await s.db.query<{ id: string }>(`select id from rectifications where rating_id = $1`, [anon.body.id])).rows[0]!.id;
      let o = (await order('liuqiang', id)).body;
      assert.deepEqual([o.evaluator.anonymous, o.evaluator.name, o.evaluator.known], [true, '匿名', false]);
      o = (await act('liuqiang', id, { action: 'verify', note: '调取窗口监控核实', revision: o.revision })).body;
      o = (await act('liuqiang', id, { action: 'explain', note: '依法不能当场办理，已在窗口张贴说明', revision: o.revision })).body;
      assert.deepEqual(o.callback && [o.callback.reached, o.callback.reason], [false, 'anonymous']);
      const closed = await act('liuqiang', id, { action: 'close', revision: o.revision });
      assert.equal(closed.status, 200, closed.text);
      assert.equal(closed.body.resolution, 'explained');
    });

    it('reports a hand-computed month as JSON, CSV and a PDF that pdf-lib loads; daily and weekly too', async () => {
      // January 2027 at 黄浦分局: five ratings, two bad (the earlier tests rated in November and December)
      s.clock.set('2027-01-04');
      const data: [string, string, string, string, string[]][] = [
        ['M1', 'HZ-HJZM', 'SH-HP-NJDL', 'very_satisfied', []],
        ['M2', 'HZ-HJZM', 'SH-HP-NJDL', 'dissatisfied', ['slow', 'attitude']],
        ['M3', 'HZ-SFZ-GS', 'SH-HP-NJDL', 'very_dissatisfied', ['attitude']],
        ['M4', 'HZ-SFZ-GS', 'SH-HP-NJDL', 'satisfied', []],
        ['M5', 'HZ-HJZM', 'SH-HP', 'basic', []],
      ];
      for (const [ref, itemCode, org, level, reasons] of data) {
        const r = await s.api('/api/v1/ratings/intake', { method: 'POST', admin: true, body: { channel: 'hotline_12345', externalRef: `GD-${ref}`, itemCode, org, level, reasons } });
        assert.equal(r.status, 201, r.text);
      }
      const m = await s.api('/api/v1/officer/quality/reports/monthly?org=SH-HP&month=2027-01', { headers: as('sunli') });
      assert.equal(m.status, 200, m.text);
      assert.deepEqual([m.body.ratings, m.body.good, m.body.bad, m.body.goodRate, m.body.badRate], [5, 3, 2, 60, 40]);
      assert.deepEqual(m.body.byLevel, { very_satisfied: 1, satisfied: 1, basic: 1, dissatisfied: 1, very_dissatisfied: 1 });
      assert.deepEqual(m.body.byItem.map((x: Row) => [x.itemCode, x.ratings, x.bad, x.badRate]), [['HZ-HJZM', 3, 1, 33.33], ['HZ-SFZ-GS', 2, 1, 50]]);
      assert.deepEqual(m.body.byOrg.map((x: Row) => [x.org, x.ratings, x.bad]), [['SH-HP-NJDL', 4, 2], ['SH-HP', 1, 0]]);
      assert.deepEqual(m.body.byReason.map((x: Row) => [x.code, x.count]), [['attitude', 2], ['slow', 1]]);
      assert.equal(m.body.orders.opened, 2);
      assert.deepEqual(m.body.trend.map((x: Row) => x.month), ['2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01']);
      assert.deepEqual([m.body.trend[5].ratings, m.body.trend[5].bad], [5, 2]);
      assert.ok(m.body.trend[3].bad >= 3, 'November\'s bad ratings of the earlier tests');

      const csv = await s.api('/api/v1/officer/quality/reports/monthly?org=SH-HP&month=2027-01&format=csv', { headers: as('sunli') });
      assert.equal(csv.status, 200);
      assert.match(csv.headers.get('content-type') ?? '', /text\/csv/);
      assert.match(csv.text, /差评分析月报/);
      assert.match(csv.text, /attitude,服务态度差,2/);
      const pdf = await fetch(`${s.url}/api/v1/officer/quality/reports/monthly?org=SH-HP&month=2027-01&format=pdf`, { headers: as('sunli') });
      assert.equal(pdf.status, 200);
      assert.equal(pdf.headers.get('content-type'), 'application/pdf');
      const doc = await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()));
      assert.ok(doc.getPageCount() >= 1);
      assert.match(doc.getTitle() ?? '', /差评分析月报 2027-01/);

      const daily = await s.api('/api/v1/officer/quality/reports/daily?org=SH-HP&date=2027-01-04', { headers: as('sunli') });
      assert.equal(daily.status, 200, daily.text);
      assert.deepEqual([daily.body.ratings, daily.body.bad, daily.body.opened], [5, 2, 2]);
      assert.ok(daily.body.openOrders.some((o: Row) => o.overdue), 'the escalated order is still open and overdue');
      const weekly = await s.api('/api/v1/officer/quality/reports/weekly?org=SH-HP&week=2027-W01', { headers: as('sunli') });
      assert.equal(weekly.status, 200, weekly.text);
      assert.equal(weekly.body.period.from, '2027-01-04');
      assert.deepEqual([weekly.body.ratings, weekly.body.bad, weekly.body.opened], [5, 2, 2]);
      const weekCsv = await s.api('/api/v1/officer/quality/reports/weekly?org=SH-HP&week=2026-11-23&format=csv', { headers: as('sunli') });
      assert.match(weekCsv.text, /差评整改周报/);
      assert.equal((await s.api('/api/v1/officer/quality/reports/monthly?org=SH-PD', { headers: as('sunli') })).status, 403, 'outside the jurisdiction');
      s.clock.set('2026-11-23');
    });
  });
}
