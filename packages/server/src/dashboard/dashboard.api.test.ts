/**
 * The operations dashboard and the public page against a small hand-built data set whose every figure was worked
 * out by hand (today 2026-11-23, a Monday; November 2026 has no holidays, so its working days are Mon–Fri).
 *
 * Period 2026-11-02 … 2026-11-15 (two ISO weeks), Huangpu sub-bureau (SH-HP), household department:
 * | case | org        | item | channel | delivery | submitted (Shanghai) | accepted | promised | closed      | measures f / m | first |
 * | c1   | SH-HP-NJDL | A    | online  | e_license| 11-02 10:00          | 11-03    | 11-10    | 11-06       | 8/10 1/2       | yes   |
 * | c2   | SH-HP-NJDL | A    | window  | window   | 11-03 10:00          | 11-03    | 11-10    | 11-12 (late)| 2/10 0/2       | no    |
 * | c3   | SH-HP-NJDL | B    | mobile  | postal   | 11-09 10:00          | 11-10    | 11-17    | open, step due 11-13 (overdue) | 5/5 2/2 | yes (set later) |
 * | c4   | SH-HP-WT   | A    | online  | window   | 11-10 10:00          | —        | —        | 11-11 refused | 3/10 0/2     | no    |
 * | c5   | SH-HP      | B    | online  | e_license| 11-12 10:00          | 11-13    | 11-20    | 11-19       | 4/5 1/2        | yes   |
 * | c10  | SH-HP-NJDL | B    | online  | e_license| 11-15 23:30          | —        | —        | open, step due 11-24 | 1/5 0/2  | —     |
 * Outside the period or the department: c6 (SH-PD-LJZ, 11-04, closed on its due day), c7 (SH-PD, 11-14, open),
 * c8 (NJDL, 10-30, open and overdue), c9 (NJDL, public order, 11-05), c11 (NJDL, 11-16 00:30 Shanghai = 11-15 UTC,
 * open and overdue), c12 (a bundle sub-case at NJDL, open and overdue: never counted).
 * A = HZ-JZZ-BL, B = HZ-SFZ-HL. Working days: c1 3 (promised 5), c2 7 (5), c5 4 (5).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PEOPLE } from '../identity/demo-people.ts';
import { dbKinds, startTestServer, tokenFor, type TestServer } from '../test/harness.ts';
import { casesRepo } from '@tongban/db';
import { bearer, fileApplication } from '../test/apply-helpers.ts';

const A = 'HZ-JZZ-BL', B = 'HZ-SFZ-HL', Z = 'ZA-LGY-TZ';
const person = (u: string) => DEMO_PEOPLE.find((p) => p.username === u)!;
const PATHS: Record<string, string> = {
  'SH-HP': '/SH/SH-HP/', 'SH-HP-NJDL': '/SH/SH-HP/SH-HP-NJDL/', 'SH-HP-WT': '/SH/SH-HP/SH-HP-WT/', 'SH-PD': '/SH/SH-PD/', 'SH-PD-LJZ': '/SH/SH-PD/SH-PD-LJZ/',
};
const sh = (dt: string) => `${dt}:00+08:00`;

interface CaseSpec {
  id: string; org: string; code: string; department?: string; channel: string; delivery: string; submitted: string;
  accepted?: string; promised?: string; closed?: string; outcome?: string; state?: string; stepDue?: string; parent?: string;
  f: [number, number]; m: [number, number]; first?: boolean | null;
}
const CASES: CaseSpec[] = [
  { id: 'c1', org: 'SH-HP-NJDL', code: A, channel: 'online', delivery: 'e_license', submitted: '2026-11-02T10:00', accepted: '2026-11-03', promised: '2026-11-10', closed: '2026-11-06T16:00', f: [8, 10], m: [1, 2], first: true },
  { id: 'c2', org: 'SH-HP-NJDL', code: A, channel: 'window', delivery: 'window', submitted: '2026-11-03T10:00', accepted: '2026-11-03', promised: '2026-11-10', closed: '2026-11-12T16:00', f: [2, 10], m: [0, 2], first: false },
  { id: 'c3', org: 'SH-HP-NJDL', code: B, channel: 'mobile', delivery: 'postal', submitted: '2026-11-09T10:00', accepted: '2026-11-10', promised: '2026-11-17', state: 'review', stepDue: '2026-11-13', f: [5, 5], m: [2, 2], first: null },
  { id: 'c4', org: 'SH-HP-WT', code: A, channel: 'online', delivery: 'window', submitted: '2026-11-10T10:00', closed: '2026-11-11T16:00', outcome: 'refused', f: [3, 10], m: [0, 2], first: false },
  { id: 'c5', org: 'SH-HP', code: B, channel: 'online', delivery: 'e_license', submitted: '2026-11-12T10:00', accepted: '2026-11-13', promised: '2026-11-20', closed: '2026-11-19T16:00', f: [4, 5], m: [1, 2], first: true },
  { id: 'c6', org: 'SH-PD-LJZ', code: A, channel: 'online', delivery: 'e_license', submitted: '2026-11-04T10:00', accepted: '2026-11-05', promised: '2026-11-12', closed: '2026-11-12T16:00', f: [6, 10], m: [2, 2], first: true },
  { id: 'c7', org: 'SH-PD', code: B, channel: 'window', delivery: 'window', submitted: '2026-11-14T10:00', accepted: '2026-11-16', promised: '2026-11-23', state: 'production', stepDue: '2026-11-30', f: [0, 5], m: [0, 2], first: true },
  { id: 'c8', org: 'SH-HP-NJDL', code: A, channel: 'online', delivery: 'e_license', submitted: '2026-10-30T10:00', accepted: '2026-10-30', promised: '2026-11-06', state: 'review', stepDue: '2026-11-05', f: [5, 10], m: [1, 2], first: true },
  { id: 'c9', org: 'SH-HP-NJDL', code: Z, department: 'public_order', channel: 'online', delivery: 'e_license', submitted: '2026-11-05T10:00', accepted: '2026-11-05', promised: '2026-11-12', closed: '2026-11-06T16:00', f: [3, 4], m: [1, 1], first: true },
  { id: 'c10', org: 'SH-HP-NJDL', code: B, channel: 'online', delivery: 'e_license', submitted: '2026-11-15T23:30', state: 'submitted', stepDue: '2026-11-24', f: [1, 5], m: [0, 2] },
  { id: 'c11', org: 'SH-HP-NJDL', code: B, channel: 'online', delivery: 'e_license', submitted: '2026-11-16T00:30', accepted: '2026-11-16', promised: '2026-11-23', state: 'review', stepDue: '2026-11-20', f: [2, 5], m: [0, 2], first: true },
  { id: 'c12', org: 'SH-HP-NJDL', code: A, channel: 'online', delivery: 'e_license', submitted: '2026-11-02T10:00', state: 'review', stepDue: '2026-11-04', parent: 'c1', f: [9, 10], m: [2, 2], first: true },
];
// ratings: [id, case, subject, level, rated day, org]
const RATINGS: [string, string, string, string, string, string][] = [
  ['r1', 'c1', 'case', 'very_satisfied', '2026-11-07', 'SH-HP-NJDL'],
  ['r2', 'c2', 'case', 'dissatisfied', '2026-11-13', 'SH-HP-NJDL'],
  ['r3', 'c3', 'online', 'basic', '2026-11-09', 'SH-HP-NJDL'],
  ['r4', 'c5', 'case', 'satisfied', '2026-11-20', 'SH-HP'],
  ['r5', 'c4', 'online', 'very_dissatisfied', '2026-11-10', 'SH-HP-WT'],
  ['r6', 'c6', 'case', 'satisfied', '2026-11-13', 'SH-PD-LJZ'],
  ['r7', 'c5', 'online', 'satisfied', '2026-11-12', 'SH-HP'],
  ['r8', 'c8', 'online', 'very_dissatisfied', '2026-11-01', 'SH-HP-NJDL'],
];
// work orders: [id, rating, stage, stage due]
const RECTS: [string, string, string, string][] = [
  ['x1', 'r2', 'rectify', '2026-11-20'],
  ['x2', 'r5', 'closed', '2026-11-30'],
  ['x3', 'r8', 'verify', '2026-11-30'],
];

async function load(s: TestServer): Promise<void> {
  const applicant = person('zhangwei').id;
  const versions = new Map((await s.db.query<{ code: string; version: number }>(`select code, max(version)::int as version from catalog_versions where status = 'published' group by code`)).rows.map((r) => [r.code, r.version]));
  const byId = new Map(CASES.map((c) => [c.id, c]));
  for (const c of CASES) {
    const dept = c.department ?? 'household';
    const measures: Record<string, unknown> = { fieldsPrefilled: c.f[0], fieldsTotal: c.f[1], materialsExempted: c.m[0], materialsTotal: c.m[1] };
    if (c.first !== undefined && c.first !== null) measures.acceptedWithoutSupplement = c.first;
    await s.db.query(
      `insert into applications (id, applicant_id, kind, code, version, status, sealed, measures, receipt_no, channel, submitted_at)
       values ($1, $2, 'item', $3, $4, 'submitted', 'x', $5, $6, $7, $8)`,
      [`app_t_${c.id}`, applicant, c.code, versions.get(c.code), JSON.stringify(measures), `T-${c.id}`, c.channel, sh(c.submitted)]);
    const open = !c.closed;
    // a top-level case carries its application's measures, as the case service writes them (sub-cases do not)
    const top = !c.parent;
    await s.db.query(
      `insert into cases (id, application_id, parent_id, kind, code, version, applicant_id, state, outcome, step_due, department, org, org_path, channel, delivery_method,
         accepted_on, promised_due, submitted_at, closed_at, fields_prefilled, fields_total, materials_exempted, materials_total, accepted_first)
       values ($1, $2, $3, 'item', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23)`,
      [`case_t_${c.id}`, `app_t_${c.parent ?? c.id}`, c.parent ? `case_t_${c.parent}` : null, c.code, versions.get(c.code), applicant,
        open ? c.state : 'closed', open ? null : (c.outcome ?? 'approved'), open ? c.stepDue : null, dept, c.org, PATHS[c.org], c.channel, c.delivery,
        c.accepted ?? null, c.promised ?? null, sh(c.submitted), c.closed ? sh(c.closed) : null,
        top ? c.f[0] : null, top ? c.f[1] : null, top ? c.m[0] : null, top ? c.m[1] : null, top ? (c.first ?? null) : null]);
  }
  // c3 is accepted without a supplement after its case was opened: the workflow records it on the application and its case
  await s.db.query(`update applications set measures = measures || '{"acceptedWithoutSupplement": true}' where id = 'app_t_c3'`);
  await casesRepo.setAcceptedFirst(s.db, 'app_t_c3', true);
  for (const [id, c, subject, level, day, org] of RATINGS) {
    const k = byId.get(c)!;
    await s.db.query(
      `insert into ratings (id, case_id, subject, person_id, level, channel, org, org_path, item_code, department, rated_at, rated_on)
       values ($1, $2, $3, $4, $5, 'pc', $6, $7, $8, $9, $10, $11)`,
      [`rat_t_${id}`, `case_t_${c}`, subject, applicant, level, org, PATHS[org], k.code, k.department ?? 'household', sh(`${day}T12:00`), day]);
  }
  for (const [id, r, stage, due] of RECTS) {
    const [, c, , , day, org] = RATINGS.find((x) => x[0] === r)!;
    await s.db.query(
      `insert into rectifications (id, rating_id, case_id, org, org_path, department, item_code, stage, opened_on, verify_due, rectify_due, stage_due, opened_at, closed_at)
       values ($1, $2, $3, $4, $5, 'household', $6, $7, $8, $8, $9, $9, $10, $11)`,
      [`rect_t_${id}`, `rat_t_${r}`, `case_t_${c}`, org, PATHS[org], byId.get(c)!.code, stage, day, due, sh(`${day}T12:00`), stage === 'closed' ? sh('2026-11-18T12:00') : null]);
  }
}

const r = (numerator: number, denominator: number) => ({ numerator, denominator, rate: denominator ? Math.round((numerator / denominator) * 10000) / 10000 : null });

for (const kind of dbKinds()) {
  describe(`dashboard (${kind})`, () => {
    let s: TestServer;
    let zhaomin: string, linfeng: string, wujun: string, citizen: string;
    const get = (path: string, token?: string) => s.api(path, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    before(async () => {
      s = await startTestServer(kind, { today: '2026-11-23' });
      await load(s);
      zhaomin = await tokenFor(s, person('zhaomin').id);
      linfeng = await tokenFor(s, person('linfeng').id);
      wujun = await tokenFor(s, person('wujun').id);
      citizen = await tokenFor(s, person('zhangwei').id, 'citizen');
    });
    after(async () => { await s?.close(); });

    const HP = '/api/v1/officer/dashboard?org=SH-HP&from=2026-11-02&to=2026-11-15';

    it('should give every figure of the Huangpu sub-bureau for the household department, with numerators and denominators', async () => {
      const res = await get(`${HP}&bucket=week`, zhaomin);
      assert.equal(res.status, 200, res.text);
      const d = res.body;
      assert.deepEqual(d.departments, ['household']);
      assert.deepEqual(d.org.path.map((p: { code: string }) => p.code), ['SH', 'SH-HP']);
      assert.deepEqual(d.figures, {
        applications: 6,
        online: r(5, 6), fullyOnline: r(4, 6), firstTimeSuccess: r(3, 5), prefill: r(23, 45), exemption: r(4, 12),
        handling: { closed: 4, workingDays: 14, promisedDays: 15, averageDays: 4.67, averagePromisedDays: 5 },
        overdue: { openNow: 3, closedLate: r(1, 3) },
        goodRating: { ...r(3, 5), bad: 2 },
        rectifications: { open: 2, overdue: 1 },
      });
    });

    it('should drill down to the station and the sub-bureau itself, every child listed', async () => {
      const d = (await get(`${HP}&bucket=week`, zhaomin)).body;
      assert.deepEqual(d.children.map((c: { org: string; self: boolean; hasChildren: boolean }) => [c.org, c.self, c.hasChildren]),
        [['SH-HP', true, false], ['SH-HP-NJDL', false, true], ['SH-HP-WT', false, false]]);
      const [own, njdl, wt] = d.children;
      assert.deepEqual({ ...njdl, org: undefined, name: undefined, kind: undefined, self: undefined, hasChildren: undefined }, {
        org: undefined, name: undefined, kind: undefined, self: undefined, hasChildren: undefined,
        applications: 4, online: r(3, 4), fullyOnline: r(3, 4), firstTimeSuccess: r(2, 3), prefill: r(16, 30), exemption: r(3, 8),
        handling: { closed: 2, workingDays: 10, promisedDays: 10, averageDays: 5, averagePromisedDays: 5 },
        overdue: { openNow: 3, closedLate: r(1, 2) }, goodRating: { ...r(2, 3), bad: 1 }, rectifications: { open: 2, overdue: 1 },
      });
      assert.equal(njdl.name.zh, '南京东路派出所');
      assert.equal(wt.applications, 1);
      assert.deepEqual([wt.online, wt.fullyOnline, wt.firstTimeSuccess, wt.prefill, wt.exemption], [r(1, 1), r(0, 1), r(0, 1), r(3, 10), r(0, 2)]);
      assert.deepEqual(wt.handling, { closed: 1, workingDays: 0, promisedDays: 0, averageDays: null, averagePromisedDays: null });
      assert.deepEqual(wt.overdue, { openNow: 0, closedLate: r(0, 0) });
      assert.deepEqual(wt.goodRating, { ...r(0, 1), bad: 1 });
      assert.deepEqual(wt.rectifications, { open: 0, overdue: 0 });
      assert.equal(own.applications, 1);
      assert.deepEqual([own.prefill, own.exemption, own.handling.workingDays, own.handling.promisedDays, own.overdue.closedLate, own.goodRating.numerator], [r(4, 5), r(1, 2), 4, 5, r(0, 1), 1]);

      // one level down: the station's own figures (its window has no cases)
      const st = (await get('/api/v1/officer/dashboard?org=SH-HP-NJDL&from=2026-11-02&to=2026-11-15&bucket=week', zhaomin)).body;
      assert.equal(st.figures.applications, 4);
      assert.deepEqual(st.figures.goodRating, { ...r(2, 3), bad: 1 });
      assert.deepEqual(st.children.map((c: { org: string; applications: number; self: boolean }) => [c.org, c.applications, c.self]), [['SH-HP-NJDL', 4, true], ['SH-HP-NJDL-W1', 0, false]]);
    });

    it('should give the figures per item, most applications first', async () => {
      const d = (await get(`${HP}&bucket=week`, zhaomin)).body;
      assert.deepEqual(d.items.map((i: { code: string; applications: number }) => [i.code, i.applications]), [[A, 3], [B, 3]]);
      const [a, b] = d.items;
      assert.equal(a.name.zh.length > 0, true);
      assert.deepEqual([a.online, a.fullyOnline, a.firstTimeSuccess, a.prefill, a.goodRating, a.overdue.closedLate, a.overdue.openNow], [r(2, 3), r(1, 3), r(1, 3), r(13, 30), { ...r(1, 3), bad: 2 }, r(1, 2), 1]);
      assert.deepEqual([b.online, b.fullyOnline, b.firstTimeSuccess, b.prefill, b.goodRating, b.overdue.openNow, b.handling.workingDays], [r(3, 3), r(3, 3), r(2, 2), r(10, 15), { ...r(2, 2), bad: 0 }, 2, 4]);
    });

    it('should give the trend per week, per month and per day', async () => {
      const w = (await get(`${HP}&bucket=week`, zhaomin)).body.trend;
      assert.deepEqual(w, [
        { bucket: '2026-11-02', applications: 2, online: r(1, 2), firstTimeSuccess: r(1, 2), goodRating: r(1, 1), badRatings: 0, overdue: 1 },
        { bucket: '2026-11-09', applications: 4, online: r(4, 4), firstTimeSuccess: r(2, 3), goodRating: r(2, 4), badRatings: 2, overdue: 1 },
      ]);
      const m = (await get(`${HP}&bucket=month`, zhaomin)).body.trend;
      assert.deepEqual(m.map((p: { bucket: string; applications: number; badRatings: number }) => [p.bucket, p.applications, p.badRatings]), [['2026-11-01', 6, 2]]);
      const day = (await get(`${HP}&bucket=day`, zhaomin)).body.trend;
      assert.equal(day.length, 14);
      assert.deepEqual(day.filter((p: { applications: number }) => p.applications).map((p: { bucket: string; applications: number }) => [p.bucket, p.applications]),
        [['2026-11-02', 1], ['2026-11-03', 1], ['2026-11-09', 1], ['2026-11-10', 1], ['2026-11-12', 1], ['2026-11-15', 1]]);
    });

    it('should show an administrator every department and every sub-bureau of the city', async () => {
      const d = (await get('/api/v1/officer/dashboard?org=SH&from=2026-11-02&to=2026-11-15&bucket=week', wujun)).body;
      assert.equal(d.departments, null);
      assert.equal(d.figures.applications, 9);
      assert.deepEqual(d.children.map((c: { org: string; applications: number }) => [c.org, c.applications]),
        [['SH-CRJ', 0], ['SH-HP', 7], ['SH-JJ', 0], ['SH-PD', 2], ['SH-XH', 0]]);
      assert.equal(d.figures.overdue.openNow, 3);
      assert.deepEqual(d.items.map((i: { code: string }) => i.code), [A, B, Z]);
    });

    it('should refuse an org outside the jurisdiction with 403, and a citizen or nobody', async () => {
      assert.equal((await get('/api/v1/officer/dashboard?org=SH-PD&from=2026-11-02&to=2026-11-15', zhaomin)).status, 403);
      assert.equal((await get('/api/v1/officer/dashboard?org=SH&from=2026-11-02&to=2026-11-15', zhaomin)).status, 403);
      assert.equal((await get('/api/v1/officer/dashboard?org=SH-PD&from=2026-11-02&to=2026-11-15', linfeng)).status, 200);
      assert.equal((await get(`${HP}`, citizen)).status, 403);
      assert.equal((await get(`${HP}`)).status, 401);
    });

    it('should refuse a bad period with 422 naming the field', async () => {
      const back = await get('/api/v1/officer/dashboard?org=SH-HP&from=2026-11-15&to=2026-11-01', zhaomin);
      assert.equal(back.status, 422);
      assert.equal(back.body.code, 'dashboard.period_invalid');
      assert.deepEqual(back.body.errors.map((e: { path: string }) => e.path), ['/to']);
      const bad = await get('/api/v1/officer/dashboard?org=SH-HP&from=2026-13-01&to=2026-02-30', zhaomin);
      assert.equal(bad.status, 422);
      assert.deepEqual(bad.body.errors.map((e: { path: string }) => e.path), ['/from', '/to']);
      assert.equal((await get('/api/v1/officer/dashboard?org=SH-HP&from=2025-01-01&to=2026-11-15', zhaomin)).status, 422);
    });

    it('should publish per item the month\'s ratings and on-time closings, without sign-in or personal data', async () => {
      const res = await get('/api/v1/public/quality?month=2026-11');
      assert.equal(res.status, 200, res.text);
      const p = res.body;
      assert.equal(res.text.includes('zhangwei') || res.text.includes(person('zhangwei').id) || res.text.includes('张伟'), false);
      assert.deepEqual(p.items.map((i: { code: string; ratings: number; good: number; bad: number; closed: number; promised: number; onTime: number }) =>
        [i.code, i.ratings, i.good, i.bad, i.closed, i.promised, i.onTime]),
      [[A, 5, 2, 3, 4, 3, 2], [B, 3, 3, 0, 1, 1, 1], [Z, 0, 0, 0, 1, 1, 1]]);
      assert.deepEqual([p.items[0].goodRate, p.items[0].onTimeRate, p.items[2].goodRate], [0.4, 0.6667, null]);
      assert.deepEqual(p.total, { ratings: 8, good: 5, bad: 3, goodRate: 0.625, closed: 6, onTime: 4, promised: 5, onTimeRate: 0.8 });
      assert.equal((await get('/api/v1/public/quality?month=2026-13')).status, 422);
      assert.equal((await get('/api/v1/public/quality?month=2026-10')).body.items.length, 0);
    });

    it('should keep a submitted case\'s measures and its first-time acceptance on the case, as the figures read them', async () => {
      const wang = await tokenFor(s, person('wangfang').id, 'citizen');
      const { caseId } = await fileApplication(s, wang, { itemCode: 'HZ-JZZ-BL' }, { form: { basis: 'employment', delivery: 'window' } });
      const facts = async () => (await s.db.query<{ fields_prefilled: number; fields_total: number; materials_exempted: number; materials_total: number; accepted_first: boolean | null; measures: Record<string, number> }>(
        `select c.fields_prefilled, c.fields_total, c.materials_exempted, c.materials_total, c.accepted_first, a.measures
           from cases c join applications a on a.id = c.application_id where c.id = $1`, [caseId])).rows[0]!;
      const opened = await facts();
      assert.deepEqual([opened.fields_prefilled, opened.fields_total, opened.materials_exempted, opened.materials_total],
        [opened.measures.fieldsPrefilled, opened.measures.fieldsTotal, opened.measures.materialsExempted, opened.measures.materialsTotal]);
      assert.ok(opened.fields_total > 0);
      assert.equal(opened.accepted_first, null, 'not decided before acceptance');
      const chen = await tokenFor(s, person('chenjing').id);
      const cur = (await s.api(`/api/v1/officer/cases/${caseId}`, { headers: bearer(chen) })).body;
      assert.equal((await s.api(`/api/v1/officer/cases/${caseId}/actions`, { method: 'POST', headers: bearer(chen), body: { action: 'accept', revision: cur.revision } })).status, 200);
      assert.equal((await facts()).accepted_first, true, 'accepted without a supplement request');
    });
  });
}
