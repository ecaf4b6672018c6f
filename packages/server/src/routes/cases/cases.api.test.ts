import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addWorkingDays } from '@tongban/core';
import { DEMO_PEOPLE } from '../../identity/demo-people.ts';
import { dbKinds, startTestServer, tokenFor, type TestServer } from '../../test/harness.ts';
import { bearer, fileApplication, idPhoto } from '../../test/apply-helpers.ts';

const person = (u: string) => DEMO_PEOPLE.find((p) => p.username === u)!;

for (const kind of dbKinds()) {
  describe(`case handling on ${kind}`, () => {
    let s: TestServer;
    const tokens: Record<string, string> = {};
    const as = (u: string) => bearer(tokens[u]!);
    before(async () => {
      s = await startTestServer(kind, { today: '2026-11-23' });
      for (const u of ['wangfang', 'zhangwei', 'lina']) tokens[u] = await tokenFor(s, person(u).id, 'citizen');
      for (const u of ['chenjing', 'liuqiang', 'zhouhui', 'linfeng', 'qianhong', 'zhanghua', 'xuli', 'hejun', 'fangyu', 'sunli']) tokens[u] = await tokenFor(s, person(u).id);
    });
    after(async () => { await s.close(); });

    const act = (u: string, id: string, body: Record<string, unknown>) => s.api(`/api/v1/officer/cases/${id}/actions`, { method: 'POST', headers: as(u), body });
    const officerCase = async (u: string, id: string) => (await s.api(`/api/v1/officer/cases/${id}`, { headers: as(u) })).body;
    const myCase = async (u: string, id: string) => (await s.api(`/api/v1/cases/${id}`, { headers: as(u) })).body;
    const step = async (u: string, id: string, action: string, extra: Record<string, unknown> = {}) => {
      const c = await officerCase(u, id);
      const r = await act(u, id, { action, revision: c.revision, ...extra });
      assert.equal(r.status, 200, `${u} ${action}: ${r.text}`);
      return r.body;
    };

    it('居住证: accepted at a window of another district, routed to the competent station, reviewed, approved, produced and delivered', async () => {
      s.clock.set('2026-11-23');
      const { caseId, receiptNo } = await fileApplication(s, tokens.wangfang!, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment', delivery: 'window' } });
      assert.match(caseId, /^case_/);
      let mine = await myCase('wangfang', caseId);
      assert.equal(mine.state, 'submitted');
      assert.equal(mine.receiptNo, receiptNo);
      assert.equal(mine.competentOrg.code, 'SH-PD-LJZ', 'a non-local resident is handled by the station of the residence');
      assert.equal(mine.routingRule, 'residence_station');
      assert.equal(mine.step.dueDate, addWorkingDays('2026-11-23', 1));

      // 全市通办: the Huangpu window sees the Pudong case in its inbox and accepts it
      const inbox = await s.api('/api/v1/officer/cases?view=inbox', { headers: as('chenjing') });
      assert.equal(inbox.status, 200, inbox.text);
      assert.ok(inbox.body.items.some((c: { id: string }) => c.id === caseId), `city-wide acceptance queue: ${inbox.text.slice(0, 400)}`);
      const accepted = await step('chenjing', caseId, 'accept');
      assert.equal(accepted.state, 'review');
      assert.equal(accepted.org.code, 'SH-PD-LJZ');
      assert.equal(accepted.acceptedOrg.code, 'SH-HP-NJDL-W1');
      assert.ok(accepted.timeline.some((e: { kind: string }) => e.kind === 'routed'));
      assert.equal(accepted.promisedDue, addWorkingDays('2026-11-23', 10));
      // once routed, the Huangpu officers no longer see it; the Lujiazui reviewer does
      assert.equal((await s.api(`/api/v1/officer/cases/${caseId}`, { headers: as('liuqiang') })).status, 403);
      mine = await myCase('wangfang', caseId);
      assert.equal(mine.state, 'review');
      assert.match(mine.nextStep.zh, /审核/);

      await step('zhouhui', caseId, 'approve', { note: '材料齐全' });
      const decided = await step('linfeng', caseId, 'approve', { note: '同意' });
      assert.equal(decided.state, 'production');
      assert.equal(decided.decision.result, 'approve');
      const produced = await step('qianhong', caseId, 'produce');
      assert.equal(produced.state, 'delivery');
      mine = await myCase('wangfang', caseId);
      assert.equal(mine.delivery.method, 'window');
      assert.match(mine.delivery.pickupCode, /^\d{6}$/);
      const wrong = await act('qianhong', caseId, { action: 'deliver', revision: produced.revision, delivery: { pickupCode: '000000' === mine.delivery.pickupCode ? '111111' : '000000' } });
      assert.equal(wrong.status, 422);
      assert.equal(wrong.body.errors[0].path, '/delivery/pickupCode');
      const closed = await step('qianhong', caseId, 'deliver', { delivery: { pickupCode: mine.delivery.pickupCode } });
      assert.equal(closed.state, 'closed');
      assert.equal(closed.outcome, 'approved');
      mine = await myCase('wangfang', caseId);
      assert.equal(mine.state, 'closed');
      assert.deepEqual(mine.steps.map((x: { status: string }) => x.status), ['done', 'done', 'done', 'done']);
      const kinds = mine.timeline.map((e: { kind: string }) => e.kind);
      for (const k of ['submitted', 'accepted', 'routed', 'step_completed', 'decided', 'delivered', 'closed']) assert.ok(kinds.includes(k), `${k} in ${kinds.join()}`);
      const notes = await s.api('/api/v1/notifications', { headers: as('wangfang') });
      const noteKinds = notes.body.items.map((n: { kind: string }) => n.kind);
      for (const k of ['case.accepted', 'case.pickup', 'case.closed']) assert.ok(noteKinds.includes(k), `${k} in ${noteKinds.join()}`);
      // first-time success: accepted without a supplement
      const measures = await s.api('/api/v1/items/HZ-JZZ-BL/measures');
      assert.equal(measures.status, 200);
      // the permit is in her wallet now: a second application sees it held (no_valid_permit fails)
      const wallet = await s.api('/api/v1/licenses', { headers: as('wangfang') });
      const permit = wallet.body.items.find((l: { caseId: string }) => l.caseId === caseId);
      assert.equal(permit.licenseType, 'residence_permit');
      const again = await s.api('/api/v1/applications', { method: 'POST', headers: as('wangfang'), body: { itemCode: 'HZ-JZZ-BL' } });
      assert.equal(again.body.precheck.conditions.find((c: { id: string }) => c.id === 'no_valid_permit').status, 'not_met');
      // revoked (so that the next tests may apply again), it no longer counts
      const revoked = await s.api(`/api/v1/officer/licenses/${encodeURIComponent(permit.id)}/status`, { method: 'POST', headers: as('zhouhui'), body: { status: 'revoked', reason: '测试：收回' } });
      assert.equal(revoked.status, 200, revoked.text);
    });

    it('a supplement request pauses the clock and the answer resumes it, moving the due dates by the days paused', async () => {
      s.clock.set('2026-11-23');
      const { caseId } = await fileApplication(s, tokens.wangfang!, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment' } });
      const accepted = await step('chenjing', caseId, 'accept');
      const due = accepted.step.dueDate;
      const none = await act('zhouhui', caseId, { action: 'supplement', revision: accepted.revision, items: [] });
      assert.equal(none.status, 422, 'a supplement request lists what to fix');
      const paused = await step('zhouhui', caseId, 'supplement', { items: [{ path: '/form/postalAddress', message: '请填写邮寄地址' }, { path: '/materials/photo', message: '照片背景不符合要求' }] });
      assert.equal(paused.state, 'supplement');
      assert.equal(paused.step.dueDate, null);
      let mine = await myCase('wangfang', caseId);
      assert.equal(mine.supplement.items.length, 2, 'one list of everything to fix');
      assert.ok(mine.paused);
      s.clock.set('2026-11-26'); // three working days later
      const stale = await s.api(`/api/v1/cases/${caseId}/supplement`, { method: 'POST', headers: as('wangfang'), body: { revision: mine.revision - 1, form: { postalAddress: '上海市浦东新区陆家嘴环路1000号' } } });
      assert.equal(stale.status, 409);
      const answered = await s.api(`/api/v1/cases/${caseId}/supplement`, { method: 'POST', headers: as('wangfang'), body: { revision: mine.revision, form: { postalAddress: '上海市浦东新区陆家嘴环路1000号' }, note: '已补充' } });
      assert.equal(answered.status, 200, answered.text);
      mine = answered.body;
      assert.equal(mine.state, 'review');
      assert.equal(mine.pausedDays, 3);
      assert.equal(mine.step.dueDate, addWorkingDays(due, 3));
      assert.equal(mine.promisedDue, addWorkingDays(addWorkingDays('2026-11-23', 10), 3));
      const resumed = mine.timeline.find((e: { kind: string }) => e.kind === 'supplement_answered');
      assert.equal(resumed.detail.pausedWorkingDays, 3);
      const again = await s.api(`/api/v1/cases/${caseId}/supplement`, { method: 'POST', headers: as('wangfang'), body: { revision: mine.revision } });
      assert.equal(again.status, 409);
      s.clock.set('2026-11-23');
    });

    it('居民身份证挂失 and 机动车检验标志申领 are decided by rule and closed within the submission (秒办)', async () => {
      const loss = await fileApplication(s, tokens.zhangwei!, { itemCode: 'HZ-SFZ-GS' }, { answers: { cardLost: true, stolen: false } });
      const c = await myCase('zhangwei', loss.caseId);
      assert.equal(c.state, 'closed');
      assert.equal(c.outcome, 'approved');
      assert.equal(c.decision.byRule.stepId, 'auto_decide');
      const officer = await officerCase('sunli', loss.caseId);
      const auto = officer.timeline.find((e: { kind: string }) => e.kind === 'auto_approved');
      assert.equal(auto.detail.facts['answers.cardLost'], true, 'the facts the rule read are recorded');
      const mark = await fileApplication(s, tokens.zhangwei!, { itemCode: 'JG-JYBZ' }, { answers: { nonCommercial: true, inspectionYear: '2', insuranceValid: true, withinWindow: true } });
      const m = await myCase('zhangwei', mark.caseId);
      assert.equal(m.state, 'closed', JSON.stringify(m.timeline.map((e: { kind: string; detail: unknown }) => [e.kind, e.detail])));
      assert.ok(m.steps.some((x: { status: string }) => x.status === 'skipped'), 'the manual review is skipped');
    });

    it('refuses what is not allowed: 409 with the state and allowed actions, one winner of two concurrent approvals, 422 without a reason', async () => {
      const { caseId } = await fileApplication(s, tokens.wangfang!, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment' } });
      const c = await officerCase('chenjing', caseId);
      const early = await act('chenjing', caseId, { action: 'produce', revision: c.revision });
      assert.equal(early.status, 409);
      assert.equal(early.headers.get('content-type')?.startsWith('application/problem+json'), true);
      assert.equal(early.body.code, 'case.action_not_allowed');
      assert.equal(early.body.data.state, 'submitted');
      assert.ok(early.body.data.allowed.includes('accept'));
      const accepted = await step('chenjing', caseId, 'accept');
      const noReason = await act('zhouhui', caseId, { action: 'deny', revision: accepted.revision });
      assert.equal(noReason.status, 422);
      assert.equal(noReason.body.errors[0].path, '/reason');
      const [a, b] = await Promise.all([
        act('zhouhui', caseId, { action: 'approve', revision: accepted.revision }),
        act('zhouhui', caseId, { action: 'approve', revision: accepted.revision }),
      ]);
      assert.deepEqual([a.status, b.status].sort(), [200, 409]);
      const after1 = await officerCase('zhouhui', caseId);
      assert.equal(after1.timeline.filter((e: { kind: string; step: { id: string } | null }) => e.kind === 'step_completed' && e.step?.id === 'review').length, 1, 'the review passed once');
      const wrongRole = await act('zhouhui', caseId, { action: 'approve', revision: after1.revision });
      assert.equal(wrongRole.status, 409, 'the approval step is for an approver');
      const denied = await step('linfeng', caseId, 'deny', { reason: '就业证明与社保记录不一致' });
      assert.equal(denied.state, 'closed');
      assert.equal(denied.outcome, 'denied');
    });

    it('公民身故一件事: members run in parallel after the death certificate, and the bundle closes once with one result', async () => {
      const { caseId } = await fileApplication(s, tokens.lina!, { bundleCode: 'YJS-GMSG' }, {
        answers: { unnaturalDeath: false, diedInShanghai: true, deceasedLocal: true, deathCertified: true, deceasedInsured: true, notClaimedYet: true, notSettledYet: true },
      });
      let bundle = await myCase('lina', caseId);
      assert.equal(bundle.kind, 'bundle');
      assert.equal(bundle.state, 'in_progress');
      const byCode = (b: { subCases: { itemCode: string; id: string; state: string }[] }, code: string) => b.subCases.find((x) => x.itemCode === code)!;
      assert.equal(byCode(bundle, 'WJ-SWYXZM').state, 'review');
      assert.equal(byCode(bundle, 'HZ-ZXHK-SW').state, 'waiting');
      assert.equal(byCode(bundle, 'MZ-YTHH').state, 'waiting');
      // the death certificate: confirmed and issued by the health officer
      const cert = byCode(bundle, 'WJ-SWYXZM').id;
      await step('xuli', cert, 'approve');
      await step('xuli', cert, 'approve');
      bundle = await myCase('lina', caseId);
      assert.equal(byCode(bundle, 'WJ-SWYXZM').state, 'closed');
      // now the cancellation and the cremation run at the same time
      assert.equal(byCode(bundle, 'HZ-ZXHK-SW').state, 'submitted');
      assert.equal(byCode(bundle, 'MZ-YTHH').state, 'submitted');
      const hz = byCode(bundle, 'HZ-ZXHK-SW').id;
      const mz = byCode(bundle, 'MZ-YTHH').id;
      assert.equal((await officerCase('zhanghua', hz)).org.code, 'SH-XH-TL');
      await Promise.all([
        (async () => { await step('zhanghua', hz, 'accept'); await step('zhanghua', hz, 'approve'); await step('zhanghua', hz, 'approve'); })(),
        (async () => { await step('hejun', mz, 'accept'); await step('hejun', mz, 'approve'); await step('hejun', mz, 'produce'); })(),
      ]);
      for (let i = 0; i < 6; i++) {
        bundle = await myCase('lina', caseId);
        const open = bundle.subCases.filter((x: { state: string }) => x.state !== 'closed');
        if (!open.length) break;
        for (const m of open) {
          const who = m.department === 'human_resources' || m.department === 'medical_security' ? 'fangyu' : m.department === 'household' ? 'zhanghua' : 'hejun';
          const oc = await officerCase(who, m.id);
          const next = oc.allowedActions.find((a: string) => ['accept', 'approve', 'produce'].includes(a));
          if (next) await step(who, m.id, next);
        }
      }
      bundle = await myCase('lina', caseId);
      assert.equal(bundle.state, 'closed', JSON.stringify(bundle.subCases.map((x: { itemCode: string; state: string }) => [x.itemCode, x.state])));
      assert.match(bundle.result.zh, /已全部办结/);
      assert.equal(bundle.timeline.filter((e: { kind: string }) => e.kind === 'closed').length, 1, 'the bundle closes once');
      const notes = await s.api('/api/v1/notifications', { headers: as('lina') });
      assert.equal(notes.body.items.filter((n: { kind: string }) => n.kind === 'bundle.closed').length, 1, 'one combined result notice');
    });

    it('timers: a reminder before the due date and an escalation after it, each once, and none once the step moved on', async () => {
      s.clock.set('2026-11-23');
      const { caseId } = await fileApplication(s, tokens.wangfang!, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment' } });
      const accepted = await step('chenjing', caseId, 'accept');
      const due = accepted.step.dueDate as string;
      s.clock.set(`${due}T16:00:01Z`); // the first second of the day after the due date, in Shanghai
      const run1 = await s.app.deps.timers.runOnce();
      const run2 = await s.app.deps.timers.runOnce();
      assert.ok(run1.fired >= 2, JSON.stringify(run1));
      assert.equal(run2.fired, 0);
      const c = await officerCase('zhouhui', caseId);
      assert.equal(c.timeline.filter((e: { kind: string }) => e.kind === 'escalated').length, 1);
      assert.equal(c.timeline.filter((e: { kind: string }) => e.kind === 'reminder').length, 1);
      assert.ok(c.overdue);
      const overdue = await s.api('/api/v1/officer/cases?view=all&due=overdue', { headers: as('linfeng') });
      assert.ok(overdue.body.items.some((x: { id: string }) => x.id === caseId));
      const head = await s.api('/api/v1/notifications', { headers: as('linfeng') });
      assert.ok(head.body.items.some((n: { kind: string }) => n.kind === 'case.escalated'), 'the department head is told');
      s.clock.set('2026-11-23');
    });

    it('a deferred material not supplied by its deadline turns into a supplement request (容缺受理)', async () => {
      s.clock.set('2026-11-23');
      const { caseId, applicationId } = await fileApplication(s, tokens.zhangwei!, { itemCode: 'HZ-SFZ-HL' }, { answers: { reason: 'expiring' } });
      const app = await s.api(`/api/v1/applications/${applicationId}`, { headers: as('zhangwei') });
      const deferred = app.body.materials.filter((m: { state: { kind: string } | null }) => m.state?.kind === 'deferred');
      assert.ok(deferred.length >= 1, 'the application defers a material');
      const before = await myCase('zhangwei', caseId);
      assert.notEqual(before.state, 'supplement');
      s.clock.set('2027-01-01T00:00:01+08:00');
      await s.app.deps.timers.runOnce();
      const after = await myCase('zhangwei', caseId);
      assert.equal(after.state, 'supplement', JSON.stringify(after.timeline.map((e: { kind: string }) => e.kind)));
      assert.ok(after.timeline.some((e: { kind: string }) => e.kind === 'deferred_expired'));
      assert.match(after.supplement.items[0].path, /^\/materials\//);
      s.clock.set('2026-11-23');
    });

    it('an unanswered supplement request closes the case when its limit has passed', async () => {
      s.clock.set('2026-11-23');
      const { caseId } = await fileApplication(s, tokens.wangfang!, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment' } });
      await step('chenjing', caseId, 'supplement', { items: [{ message: '请补充就业证明' }] });
      const due = (await myCase('wangfang', caseId)).supplement.dueDate as string;
      assert.equal(due, addWorkingDays('2026-11-23', 15), 'the default limit is 15 working days');
      s.clock.set(`${due}T12:00:00+08:00`);
      await s.app.deps.timers.runOnce();
      assert.equal((await myCase('wangfang', caseId)).state, 'supplement', 'still open on its last day');
      s.clock.set(`${addWorkingDays(due, 1)}T00:00:01+08:00`);
      await s.app.deps.timers.runOnce();
      const closed = await myCase('wangfang', caseId);
      assert.equal(closed.state, 'closed');
      assert.equal(closed.outcome, 'expired');
      s.clock.set('2026-11-23');
    });

    it('claim, assign and transfer on the workbench; materials open inline for the handling officer', async () => {
      s.clock.set('2026-11-23');
      const { caseId } = await fileApplication(s, tokens.wangfang!, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment' } });
      await step('chenjing', caseId, 'accept');
      const claimed = await step('zhouhui', caseId, 'claim');
      assert.equal(claimed.assignee.id, 'o-151001');
      // a claimed step is the claimer's: the department head may reassign it
      const head = await officerCase('linfeng', caseId);
      assert.ok(head.allowedActions.includes('assign'));
      const assigned = await step('linfeng', caseId, 'assign', { assignee: 'o-151001' });
      assert.equal(assigned.timeline.at(-1).kind, 'assigned');
      const noReason = await act('zhouhui', caseId, { action: 'transfer', revision: assigned.revision, toOrg: 'SH-PD' });
      assert.equal(noReason.status, 422);
      const wrongOrg = await act('zhouhui', caseId, { action: 'transfer', revision: assigned.revision, toOrg: 'SH-CRJ', reason: '误派' });
      assert.equal(wrongOrg.status, 422, 'the exit-entry bureau does not handle household registration');
      const moved = await step('zhouhui', caseId, 'transfer', { toOrg: 'SH-PD', reason: '需分局统一审核' });
      assert.equal(moved.org.code, 'SH-PD');
      assert.equal(moved.assignee, null);
      const view = await officerCase('linfeng', caseId);
      const photo = view.application.materials.find((m: { key: string }) => m.key === 'photo');
      assert.ok(photo.fileId);
      const file = await fetch(`${s.url}/api/v1/officer/cases/${caseId}/materials/${photo.fileId}`, { headers: as('linfeng') });
      assert.equal(file.status, 200);
      assert.equal(file.headers.get('content-type'), 'image/jpeg');
      assert.equal(file.headers.get('content-disposition'), 'inline');
      const outsider = await fetch(`${s.url}/api/v1/officer/cases/${caseId}/materials/${photo.fileId}`, { headers: as('liuqiang') });
      assert.equal(outsider.status, 403);
    });

    it('一窗通办: a window officer files for a citizen at the counter; the case is accepted there and routed', async () => {
      s.clock.set('2026-11-23');
      const start = await s.api('/api/v1/officer/intake', { method: 'POST', headers: as('chenjing'), body: { citizenId: person('wangfang').citizenId, itemCode: 'HZ-JZZ-BL', purpose: '窗口代办居住证' } });
      assert.equal(start.status, 201, start.text);
      assert.equal(start.body.form.values.name, '王芳', 'prefilled from the records');
      const bad = await s.api('/api/v1/officer/intake', { method: 'POST', headers: as('chenjing'), body: { citizenId: '310101199003070018', itemCode: 'HZ-JZZ-BL' } });
      assert.equal(bad.status, 400);
      // the officer scans the photo for the applicant
      const form = new FormData();
      form.set('itemCode', 'HZ-JZZ-BL');
      form.set('materialId', 'photo');
      form.set('applicationId', start.body.id);
      form.set('file', new Blob([new Uint8Array(await idPhoto())], { type: 'image/jpeg' }), 'photo.jpg');
      const up = await fetch(`${s.url}/api/v1/materials`, { method: 'POST', headers: as('chenjing'), body: form });
      assert.equal(up.status, 201, await up.clone().text());
      const fileId = ((await up.json()) as { id: string }).id;
      const saved = await s.api(`/api/v1/officer/intake/${start.body.id}`, { method: 'PUT', headers: as('chenjing'), body: { revision: start.body.revision, form: { basis: 'employment' }, materials: { photo: { kind: 'upload', fileId } } } });
      assert.equal(saved.status, 200, saved.text);
      assert.deepEqual(saved.body.checklist, []);
      const other = await s.api(`/api/v1/officer/intake/${start.body.id}`, { method: 'PUT', headers: as('zhouhui'), body: { revision: saved.body.revision } });
      assert.equal(other.status, 403, 'only the window where it was filed');
      const sub = await s.api(`/api/v1/officer/intake/${start.body.id}/submit`, { method: 'POST', headers: { ...as('chenjing'), 'idempotency-key': 'counter-0001' } });
      assert.equal(sub.status, 201, sub.text);
      assert.equal(sub.body.state, 'review');
      assert.equal(sub.body.acceptedOrg.code, 'SH-HP-NJDL-W1');
      assert.equal(sub.body.org.code, 'SH-PD-LJZ');
      const mine = await s.api('/api/v1/cases', { headers: as('wangfang') });
      assert.ok(mine.body.items.some((c: { id: string }) => c.id === sub.body.id), 'the citizen sees the counter case as theirs');
    });

    it('a due date running into an unpublished year is provisional, and loading that year recomputes it', async () => {
      s.clock.set('2026-12-28');
      const { caseId } = await fileApplication(s, tokens.wangfang!, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment' } });
      const accepted = await step('chenjing', caseId, 'accept');
      assert.equal(accepted.provisional, true);
      const before = accepted.promisedDue;
      const year = {
        holidays: ['2027-01-01', '2027-01-02', '2027-01-03', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11', '2027-02-12'],
        workdays: ['2027-01-09'],
      };
      const bad = await s.api('/api/v1/admin/calendar/2027', { method: 'PUT', admin: true, body: { holidays: ['2027-13-01'], workdays: ['2027-01-05'] } });
      assert.equal(bad.status, 422);
      const r = await s.api('/api/v1/admin/calendar/2027', { method: 'PUT', admin: true, body: year });
      assert.equal(r.status, 200, r.text);
      assert.ok(r.body.recomputed >= 1);
      const c = await officerCase('zhouhui', caseId);
      assert.equal(c.provisional, false);
      assert.ok(c.timeline.some((e: { kind: string }) => e.kind === 'due_recomputed'));
      assert.notEqual(c.promisedDue, before, 'the make-up Saturday of the loaded year changes the count');
      s.clock.set('2026-11-23');
    });
  });
}
