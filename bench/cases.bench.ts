/**
 * `npm run bench -- cases` (PostgreSQL via DATABASE_URL):
 * - instant_cases_per_s: 居民身份证挂失 applications submitted over HTTP by 8 concurrent clients, each decided by rule
 *   and closed within its submission (pre-review, receipt, case, timeline, notification, audit), with peer raw_2insert:
 *   plain transactions of two single-row INSERTs (a 1 KB JSONB row and a small row) through the same driver and pool.
 * - case_p99_ms: the 99th percentile of those submit-to-closed times.
 * - bpmn_engine_per_s: a 3-task process started and completed in the npm bpmn-engine, in memory, for comparison.
 * - overdue_list_ms: the first page of a sub-bureau's overdue steps (the workbench's HTTP call) among 1,000,000 open cases.
 */
import { randomUUID } from 'node:crypto';
import { Engine } from 'bpmn-engine';
import { figure, progress, quantile, round } from './report.ts';

if (!process.env.DATABASE_URL) {
  progress('the cases bench runs on PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres)');
  process.exit(2);
}
const { startTestServer, tokenFor } = await import('../packages/server/src/test/harness.ts');
const { DEMO_PEOPLE } = await import('../packages/server/src/identity/demo-people.ts');

const CLIENTS = 8;
const INSTANT = Number(process.env.BENCH_CASES ?? 2400);
const RAW_SECONDS = Number(process.env.BENCH_RAW_SECONDS ?? 5);
const OPEN_CASES = Number(process.env.BENCH_OPEN_CASES ?? 1_000_000);
const person = (u: string) => DEMO_PEOPLE.find((p) => p.username === u)!;

const s = await startTestServer('postgres', { today: '2026-11-23' });
try {
  // ---- raw_2insert: the same pool, plain transactions of two single-row inserts
  await s.db.query('create table bench_raw_doc (id bigserial primary key, doc jsonb not null)');
  await s.db.query('create table bench_raw_small (id bigserial primary key, doc_id bigint not null, note text not null)');
  const doc = { text: 'x'.repeat(1000 - 12) };
  progress(`raw_2insert: ${CLIENTS} clients for ${RAW_SECONDS} s…`);
  let raw = 0;
  const rawEnd = performance.now() + RAW_SECONDS * 1000;
  const rawT0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (performance.now() < rawEnd) {
      await s.db.transaction(async (tx) => {
        const r = await tx.query<{ id: string }>('insert into bench_raw_doc (doc) values ($1) returning id', [JSON.stringify(doc)]);
        await tx.query('insert into bench_raw_small (doc_id, note) values ($1, $2)', [r.rows[0]!.id, 'ok']);
      });
      raw++;
    }
  }));
  const rawPerS = raw / ((performance.now() - rawT0) / 1000);
  progress(`raw_2insert: ${Math.round(rawPerS)}/s`);

  // ---- instant approval: drafts of 居民身份证挂失 ready to submit, then submitted by 8 clients
  const tokens = await Promise.all(['zhangwei', 'lina', 'liuyang'].map((u) => tokenFor(s, person(u).id, 'citizen')));
  progress(`instant: preparing ${INSTANT} drafts of 居民身份证挂失…`);
  const drafts: { id: string; token: string }[] = [];
  for (let i = 0; i < INSTANT; i++) {
    const token = tokens[i % tokens.length]!;
    const auth = { authorization: `Bearer ${token}` };
    const d = await s.api('/api/v1/applications', { method: 'POST', headers: auth, body: { itemCode: 'HZ-SFZ-GS' } });
    const saved = await s.api(`/api/v1/applications/${d.body.id}`, {
      method: 'PATCH', headers: auth,
      body: { revision: d.body.revision, answers: { cardLost: true, stolen: false }, form: { lossDate: '2026-11-20', lossCircumstance: 'lost', ...(d.body.form.values.phone ? {} : { phone: '13800001111' }) } },
    });
    if (saved.status !== 200 || !saved.body.ready) throw new Error(`draft not ready: ${saved.status} ${JSON.stringify(saved.body.checklist ?? saved.body)}`);
    drafts.push({ id: d.body.id, token });
  }
  // warm up on a few, then measure the rest: half through the application service in-process (the case engine
  // with its database work, no HTTP), half over HTTP from a worker thread
  const warm = drafts.splice(0, 40);
  const { submitApplication } = await import('../packages/server/src/applications/applications.service.ts');
  const deps = s.app.deps;
  const ad = { db: s.db, keys: s.secrets.keys, clock: s.clock, dataSources: deps.dataSources, onSubmitted: (tx: Parameters<typeof deps.cases.open>[0], row: Parameters<typeof deps.cases.open>[1]) => deps.cases.open(tx, row) };
  const owners = new Map(await Promise.all(['zhangwei', 'lina', 'liuyang'].map(async (u, i) => [tokens[i]!, { kind: 'citizen' as const, id: person(u).id, name: person(u).name, roles: [] }] as const)));
  const inProcess = drafts.splice(0, Math.floor(drafts.length / 2));
  // BENCH_PROFILE=file.cpuprofile: a CPU profile of the server's thread during the in-process submissions
  const inspector = process.env.BENCH_PROFILE ? new (await import('node:inspector')).Session() : null;
  const post = (method: string) => new Promise<unknown>((res, rej) => inspector!.post(method, (err, out) => (err ? rej(err) : res(out))));
  if (inspector) { inspector.connect(); await post('Profiler.enable'); await post('Profiler.start'); }
  const svcTimes: number[] = [];
  const svcIds: string[] = [];
  let svcNext = 0;
  const s0 = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (svcNext < inProcess.length) {
      const d = inProcess[svcNext++]!;
      const t = performance.now();
      const { row } = await submitApplication(ad, owners.get(d.token)!, d.id, randomUUID());
      svcTimes.push(performance.now() - t);
      svcIds.push(row.id);
    }
  }));
  const svcSeconds = (performance.now() - s0) / 1000;
  if (inspector) {
    const { profile } = await post('Profiler.stop') as { profile: unknown };
    (await import('node:fs')).writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
    inspector.disconnect();
  }
  const svcClosed = await s.db.query<{ n: number }>(`select count(*)::int as n from cases where application_id = any($1::text[]) and state = 'closed' and outcome = 'approved'`, [svcIds]);
  if (svcClosed.rows[0]!.n !== svcIds.length) throw new Error(`${svcIds.length - svcClosed.rows[0]!.n} instant cases did not close`);
  const svcPerS = inProcess.length / svcSeconds;
  progress(`instant (application service): ${Math.round(svcPerS)}/s (${round((100 * svcPerS) / rawPerS, 1)}% of raw_2insert)`);
  figure({ suite: 'cases', figure: 'instant_cases_per_s', value: round(svcPerS, 1), unit: 'cases/s', peer: 'raw_2insert', peerValue: round(rawPerS, 1) });
  figure({ suite: 'cases', figure: 'case_p99_ms', value: round(quantile(svcTimes, 0.99), 1), unit: 'ms' });
  for (const d of warm) await s.api(`/api/v1/applications/${d.id}/submit`, { method: 'POST', headers: { authorization: `Bearer ${d.token}`, 'idempotency-key': randomUUID() } });
  progress(`instant: ${drafts.length} submissions from ${CLIENTS} clients…`);
  // the clients run in a worker thread: the server keeps the main thread (the machine has 2 cores)
  const { Worker } = await import('node:worker_threads');
  const clients = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    const { url, drafts, clients } = workerData;
    parentPort.once('message', async () => {
      const times = [], caseIds = [];
      let next = 0;
      const t0 = performance.now();
      await Promise.all(Array.from({ length: clients }, async () => {
        while (next < drafts.length) {
          const d = drafts[next++];
          const t = performance.now();
          const r = await fetch(url + '/api/v1/applications/' + d.id + '/submit', { method: 'POST', headers: { authorization: 'Bearer ' + d.token, 'idempotency-key': crypto.randomUUID() } });
          const body = await r.json();
          times.push(performance.now() - t);
          if (r.status !== 201) { parentPort.postMessage({ error: r.status + ' ' + JSON.stringify(body).slice(0, 300) }); return; }
          caseIds.push(body.caseId);
        }
      }));
      parentPort.postMessage({ times, caseIds, seconds: (performance.now() - t0) / 1000 });
    });
  `, { eval: true, workerData: { url: s.url, drafts, clients: CLIENTS } });
  const done = new Promise<{ times: number[]; caseIds: string[]; seconds: number; error?: string }>((res) => clients.once('message', res));
  const t0 = performance.now();
  clients.postMessage('go');
  const result = await done;
  await clients.terminate();
  if (result.error) throw new Error(`submit failed: ${result.error}`);
  const { times, caseIds } = result;
  const seconds = result.seconds;
  void t0;
  const closed = await s.db.query<{ n: number }>(`select count(*)::int as n from cases where id = any($1::text[]) and state = 'closed' and outcome = 'approved'`, [caseIds]);
  if (closed.rows[0]!.n !== caseIds.length) throw new Error(`${caseIds.length - closed.rows[0]!.n} instant cases did not close`);
  const instantPerS = drafts.length / seconds;
  progress(`instant (HTTP): ${Math.round(instantPerS)}/s (${round((100 * instantPerS) / rawPerS, 1)}% of raw_2insert)`);
  figure({ suite: 'cases', figure: 'instant_cases_http_per_s', value: round(instantPerS, 1), unit: 'cases/s', peer: 'raw_2insert', peerValue: round(rawPerS, 1) });
  figure({ suite: 'cases', figure: 'case_http_p99_ms', value: round(quantile(times, 0.99), 1), unit: 'ms' });

  // ---- bpmn-engine: a 3-task process, in memory
  const source = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://tongban/bench">
  <process id="p" isExecutable="true">
    <startEvent id="start" /><sequenceFlow id="f1" sourceRef="start" targetRef="accept" />
    <task id="accept" /><sequenceFlow id="f2" sourceRef="accept" targetRef="review" />
    <task id="review" /><sequenceFlow id="f3" sourceRef="review" targetRef="decide" />
    <task id="decide" /><sequenceFlow id="f4" sourceRef="decide" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;
  const runOne = async () => {
    const engine = new Engine({ name: 'bench', source });
    const ended = engine.waitFor('end');
    await engine.execute();
    await ended;
  };
  for (let i = 0; i < 50; i++) await runOne();
  progress('bpmn-engine: 3-task processes for 3 s…');
  let bpmn = 0;
  const bEnd = performance.now() + 3000;
  const bT0 = performance.now();
  while (performance.now() < bEnd) { await runOne(); bpmn++; }
  figure({ suite: 'cases', figure: 'bpmn_engine_per_s', value: round(bpmn / ((performance.now() - bT0) / 1000), 1), unit: 'processes/s' });

  // ---- overdue list among 1,000,000 open cases
  progress(`overdue: generating ${OPEN_CASES} open cases…`);
  const app = await s.db.query<{ id: string; applicantId: string }>(`select id, applicant_id as "applicantId" from applications where status = 'submitted' limit 1`);
  const orgs = (await s.db.query<{ code: string; path: string[] }>(`select code, path from orgs where kind in ('station', 'sub_bureau', 'window') and 'household' = any(departments)`)).rows;
  const orgCodes = orgs.map((o) => o.code);
  const orgPaths = orgs.map((o) => `/${o.path.join('/')}/`);
  const g0 = performance.now();
  await s.db.query(
    `insert into cases (id, application_id, kind, code, version, applicant_id, state, step_index, step_id, step_role, step_started_on, step_due,
       department, org, org_path, channel, delivery_method, submitted_at, updated_at, accepted_on)
     select 'bench_' || g, $1, 'item', 'HZ-JZZ-BL', 1, $2,
       (array['submitted', 'review', 'review', 'production', 'delivery'])[1 + g % 5], 1, 'review', 'reviewer',
       date '2026-11-23' - (g % 40), date '2026-11-23' - 20 + (g % 45),
       'household', ($3::text[])[1 + g % $5], ($4::text[])[1 + g % $5], 'online', 'window', now(), now(), date '2026-11-23' - (g % 40)
     from generate_series(1, $6) g`,
    [app.rows[0]!.id, app.rows[0]!.applicantId, orgCodes, orgPaths, orgCodes.length, OPEN_CASES]);
  await s.db.query('analyze cases');
  progress(`overdue: generated in ${round((performance.now() - g0) / 1000, 1)} s; timing the first page for 浦东分局…`);
  const head = await tokenFor(s, person('linfeng').id);
  const url = '/api/v1/officer/cases?view=all&due=overdue&org=SH-PD';
  const first = await s.api(url, { headers: { authorization: `Bearer ${head}` } });
  if (first.status !== 200 || first.body.items.length !== 20 || !first.body.items.every((c: { overdue: boolean; org: { code: string } }) => c.overdue && c.org.code.startsWith('SH-PD'))) {
    throw new Error(`overdue list is wrong: ${first.status} ${first.text.slice(0, 300)}`);
  }
  const lat: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t = performance.now();
    await s.api(url, { headers: { authorization: `Bearer ${head}` } });
    lat.push(performance.now() - t);
  }
  figure({ suite: 'cases', figure: 'overdue_list_ms', value: round(quantile(lat, 0.5), 1), unit: 'ms', limit: 'target', limitValue: 100 });
  progress(`overdue: p50 ${round(quantile(lat, 0.5), 1)} ms, p99 ${round(quantile(lat, 0.99), 1)} ms (total ${first.body.total}+)`);
} finally {
  await s.close();
}
