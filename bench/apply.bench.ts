/**
 * Smart application (issue 4). `npm run bench -- apply`.
 *
 * Rule part (no database), on one core — a single thread, each variant run for a fixed time:
 * - rule_evals_per_s: full explained pre-checks per second of 居住证办理's six conditions (catalog/items/HZ-JZZ-BL.yaml)
 *   through precheck() — compiled JsonLogic, three-valued, a result for each condition with the facts that decided
 *   it, the open questions — against the limit `native`: the same six conditions hand-written in TypeScript giving
 *   the same explained result, over the same facts in the same run (target: at least 25% of the limit).
 *   The two alternate in rounds so drift on a shared machine hits both; each figure is the median round.
 * - json_rules_engine_per_s: the same six conditions as json-rules-engine rules over the same facts (flat fact
 *   names, its cheapest form; met / not met only: it has no "unknown"), for comparison.
 * The facts vary per evaluation (4,096 generated applicants: districts, months, missing sources, answered or
 * unanswered questions), so nothing is constant-folded; a mismatch between precheck() and the hand-written version
 * stops the bench.
 *
 * HTTP part (lead): submit_per_s and submit_p99_ms — see submitFigures(), skipped without DATABASE_URL.
 * BENCH_SECONDS (default 2) sets each round's length.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { Engine } from 'json-rules-engine';
import { parse } from 'yaml';
import { precheck, type ConditionOutcome, type FactSet, type ItemDefinition, type ItemQuestion, type PrecheckResult } from '@tongban/core';
import { figure, progress, round } from './report.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = 3;
const APPLICANTS = 4096;

const root = fileURLToPath(new URL('..', import.meta.url));
const item = parse(readFileSync(`${root}catalog/items/HZ-JZZ-BL.yaml`, 'utf8')) as ItemDefinition;
if (item.conditions.map((c) => c.id).join() !== 'not_local_household,residence_registered,six_months,stable_basis,adult_or_guardian,no_valid_permit') {
  throw new Error('HZ-JZZ-BL.yaml no longer has the six conditions this bench hand-writes: update nativePrecheck()');
}

// ---------------------------------------------------------------------------------------------------------------
// Generated applicants: deterministic, varied, with sources that sometimes have no record or do not answer.

let seed = 20261122;
const rand = (): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const DISTRICTS = ['340102', '320106', '410105', '510104', '330106', '370102', '420106', '310000'];
const SOURCE_NAMES: Record<string, { zh: string; en: string }> = {
  population: { zh: '人口信息库', en: 'Population register' }, residence: { zh: '居住登记', en: 'Residence register' },
  socialInsurance: { zh: '社会保险', en: 'Social insurance' }, lease: { zh: '租赁备案', en: 'Lease filings' }, license: { zh: '电子证照', en: 'E-licences' },
};

interface Applicant { facts: FactSet; answers: Record<string, unknown>; flat: Record<string, unknown> }

function applicant(): Applicant {
  const values: FactSet['values'] = {
    population: { householdDistrict: pick(DISTRICTS), age: 5 + Math.floor(rand() * 70) },
    residence: { registered: rand() < 0.95, months: Math.floor(rand() * 48) },
    socialInsurance: { months: Math.floor(rand() * 120) },
    lease: { filed: rand() < 0.3 },
    license: { held: rand() < 0.1 ? ['resident_id_card', 'residence_permit'] : ['resident_id_card'] },
  };
  const unknown: FactSet['unknown'] = {};
  const drop = (source: string, field: string, reason: FactSet['unknown'][string]['reason']) => {
    delete values[source]![field];
    unknown[`${source}.${field}`] = { reason, message: { zh: '无法读取', en: 'could not be read' } };
  };
  if (rand() < 0.15) drop('socialInsurance', 'months', 'no_record');
  if (rand() < 0.1) drop('lease', 'filed', 'source_unavailable');
  if (rand() < 0.03) drop('residence', 'months', 'timeout');
  const provenance: FactSet['provenance'] = {};
  for (const [source, fields] of Object.entries(values)) {
    for (const field of Object.keys(fields)) {
      provenance[`${source}.${field}`] = { field: `${source}.${field}`, source: source as never, sourceName: SOURCE_NAMES[source]!, readAt: '2026-11-22T09:00:00.000Z' };
    }
  }
  const answers: Record<string, unknown> = {};
  const s = rand();
  if (s < 0.25) answers.studying = true;
  else if (s < 0.5) answers.studying = false;
  if ((values.population!.age as number) < 16 && rand() < 0.5) answers.guardianPresent = rand() < 0.8;
  const flat: Record<string, unknown> = {};
  for (const [source, fields] of Object.entries(values)) for (const [field, v] of Object.entries(fields)) flat[`${source}.${field}`] = v;
  for (const [q, v] of Object.entries(answers)) flat[`answers.${q}`] = v;
  return { facts: { values, provenance, unknown }, answers, flat };
}
const applicants = Array.from({ length: APPLICANTS }, applicant);

// ---------------------------------------------------------------------------------------------------------------
// The limit: the six conditions hand-written, three-valued, with the same explained result.

type Condition = ItemDefinition['conditions'][number];
const [cLocal, cRegistered, cSixMonths, cBasis, cAdult, cPermit] = item.conditions as [Condition, Condition, Condition, Condition, Condition, Condition];
const qStudying = item.questions!.find((q) => q.id === 'studying')!;
const qGuardian = item.questions!.find((q) => q.id === 'guardianPresent')!;

// Module-level helpers, no closures per call: under tsx every function created in a call is also named at run time.
type Outcome = ConditionOutcome;
function readFact(facts: FactSet, source: string, field: string, name: string): unknown {
  const x = facts.values[source]?.[field];
  return x === undefined || name in facts.unknown ? undefined : x;
}
function seen(facts: FactSet, name: string, value: unknown, source: string): Outcome['decidedBy'][number] {
  return { field: name, value, source: facts.provenance[name]?.source ?? source };
}
function outcome(c: Condition, status: Outcome['status'], decidedBy: Outcome['decidedBy'], missing: string[]): Outcome {
  return { id: c.id, status, text: c.text, remedy: c.remedy, commitmentAllowed: c.commitmentAllowed === true, decidedBy, missing };
}
function single(facts: FactSet, c: Condition, name: string, value: unknown, source: string, met: boolean): Outcome {
  return value === undefined ? outcome(c, 'unknown', [], [name]) : outcome(c, met ? 'met' : 'not_met', [seen(facts, name, value, source)], []);
}

function nativePrecheck(facts: FactSet, answers: Record<string, unknown>): PrecheckResult {
  const district = readFact(facts, 'population', 'householdDistrict', 'population.householdDistrict');
  const registered = readFact(facts, 'residence', 'registered', 'residence.registered');
  const months = readFact(facts, 'residence', 'months', 'residence.months');
  const si = readFact(facts, 'socialInsurance', 'months', 'socialInsurance.months');
  const lease = readFact(facts, 'lease', 'filed', 'lease.filed');
  const age = readFact(facts, 'population', 'age', 'population.age');
  const held = readFact(facts, 'license', 'held', 'license.held');
  const studying = answers.studying ?? undefined;
  const guardian = answers.guardianPresent ?? undefined;

  const conditions: ConditionOutcome[] = [
    single(facts, cLocal, 'population.householdDistrict', district, 'population', district !== '310000'),
    single(facts, cRegistered, 'residence.registered', registered, 'residence', registered === true),
    single(facts, cSixMonths, 'residence.months', months, 'residence', (months as number) >= 6),
  ];
  // stable_basis: social insurance ≥ 6 months OR lease filed OR studying (Kleene "or")
  let decidedBy: ConditionOutcome['decidedBy'] = [];
  let missing: string[] = [];
  let yes = false;
  if (si === undefined) missing.push('socialInsurance.months');
  else { decidedBy.push(seen(facts, 'socialInsurance.months', si, 'socialInsurance')); if ((si as number) >= 6) yes = true; }
  if (lease === undefined) missing.push('lease.filed');
  else { decidedBy.push(seen(facts, 'lease.filed', lease, 'lease')); if (lease === true) yes = true; }
  if (studying === undefined) missing.push('answers.studying');
  else { decidedBy.push({ field: 'answers.studying', value: studying }); if (studying === true) yes = true; }
  const basisOpen = !yes && missing.length > 0;
  conditions.push(outcome(cBasis, yes ? 'met' : basisOpen ? 'unknown' : 'not_met', decidedBy, yes ? [] : missing));
  // adult_or_guardian: age ≥ 16 OR a guardian applies
  decidedBy = [];
  missing = [];
  yes = false;
  if (age === undefined) missing.push('population.age');
  else { decidedBy.push(seen(facts, 'population.age', age, 'population')); if ((age as number) >= 16) yes = true; }
  if (guardian === undefined) missing.push('answers.guardianPresent');
  else { decidedBy.push({ field: 'answers.guardianPresent', value: guardian }); if (guardian === true) yes = true; }
  const adultOpen = !yes && missing.length > 0;
  conditions.push(outcome(cAdult, yes ? 'met' : adultOpen ? 'unknown' : 'not_met', decidedBy, yes ? [] : missing));
  conditions.push(single(facts, cPermit, 'license.held', held, 'license', held !== undefined && !(held as string[]).includes('residence_permit')));

  let anyNo = false, anyUnknown = false;
  for (let i = 0; i < conditions.length; i++) {
    const st = conditions[i]!.status;
    if (st === 'not_met') anyNo = true;
    else if (st === 'unknown') anyUnknown = true;
  }
  const questions: ItemQuestion[] = [];
  if (basisOpen && studying === undefined) questions.push(qStudying);
  if (adultOpen && guardian === undefined) questions.push(qGuardian);
  return { eligible: anyNo ? 'no' : anyUnknown ? 'unknown' : 'yes', conditions, questions };
}

// ---------------------------------------------------------------------------------------------------------------
// json-rules-engine: the same six conditions (flat fact names; undefined facts make a condition fail).

const rulesEngine = new Engine([], { allowUndefinedFacts: true });
const rule = (name: string, conditions: object) => rulesEngine.addRule({ name, conditions: conditions as never, event: { type: name } });
rule('not_local_household', { all: [{ fact: 'population.householdDistrict', operator: 'notEqual', value: '310000' }] });
rule('residence_registered', { all: [{ fact: 'residence.registered', operator: 'equal', value: true }] });
rule('six_months', { all: [{ fact: 'residence.months', operator: 'greaterThanInclusive', value: 6 }] });
rule('stable_basis', { any: [
  { fact: 'socialInsurance.months', operator: 'greaterThanInclusive', value: 6 },
  { fact: 'lease.filed', operator: 'equal', value: true },
  { fact: 'answers.studying', operator: 'equal', value: true },
] });
rule('adult_or_guardian', { any: [
  { fact: 'population.age', operator: 'greaterThanInclusive', value: 16 },
  { fact: 'answers.guardianPresent', operator: 'equal', value: true },
] });
rule('no_valid_permit', { all: [{ fact: 'license.held', operator: 'doesNotContain', value: 'residence_permit' }] });

async function rulesEnginePrecheck(flat: Record<string, unknown>): Promise<{ eligible: 'yes' | 'no'; conditions: { id: string; met: boolean }[] }> {
  const r = await rulesEngine.run(flat);
  const conditions = [...r.results.map((x) => ({ id: x.name, met: true })), ...r.failureResults.map((x) => ({ id: x.name, met: false }))];
  return { eligible: r.failureResults.length ? 'no' : 'yes', conditions };
}

// ---------------------------------------------------------------------------------------------------------------

/** Runs `fn` over the applicants for SECONDS; evaluations per second. */
function timeSync(fn: (a: Applicant) => PrecheckResult): number {
  let n = 0, yes = 0;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 256; i++) if (fn(applicants[(n + i) & (APPLICANTS - 1)]!).eligible === 'yes') yes++;
    n += 256;
  }
  const perS = n / ((performance.now() - t0) / 1000);
  if (yes === 0) throw new Error('no applicant was eligible: the generated facts are wrong');
  return perS;
}

async function timeAsync(fn: (a: Applicant) => Promise<{ eligible: string }>): Promise<number> {
  let n = 0, yes = 0;
  const end = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < 64; i++) if ((await fn(applicants[(n + i) & (APPLICANTS - 1)]!)).eligible === 'yes') yes++;
    n += 64;
  }
  if (yes === 0) throw new Error('no applicant was eligible: the generated facts are wrong');
  return n / ((performance.now() - t0) / 1000);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function ruleFigures(): Promise<void> {
  progress(`checking precheck() against the hand-written rules over ${APPLICANTS} applicants…`);
  const tally = { yes: 0, no: 0, unknown: 0 };
  for (const a of applicants) {
    const got = precheck(item, a.facts, a.answers);
    const want = nativePrecheck(a.facts, a.answers);
    if (!isDeepStrictEqual(got, want)) {
      throw new Error(`precheck() and the hand-written rules disagree:\n${JSON.stringify({ facts: a.facts.values, answers: a.answers, got, want }, null, 1)}`);
    }
    tally[got.eligible]++;
  }
  progress(`agree: ${tally.yes} eligible, ${tally.no} not, ${tally.unknown} unknown`);

  progress('warming up…');
  for (let i = 0; i < 20000; i++) {
    const a = applicants[i & (APPLICANTS - 1)]!;
    precheck(item, a.facts, a.answers);
    nativePrecheck(a.facts, a.answers);
  }
  const ours: number[] = [], native: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    native.push(timeSync((a) => nativePrecheck(a.facts, a.answers)));
    ours.push(timeSync((a) => precheck(item, a.facts, a.answers)));
    progress(`round ${r + 1}: precheck ${Math.round(ours[r]!)}/s, native ${Math.round(native[r]!)}/s (${round((100 * ours[r]!) / native[r]!, 1)}%)`);
  }
  progress('json-rules-engine…');
  for (let i = 0; i < 2000; i++) await rulesEnginePrecheck(applicants[i & (APPLICANTS - 1)]!.flat);
  const jre = await timeAsync((a) => rulesEnginePrecheck(a.flat));

  figure({ suite: 'apply', figure: 'rule_evals_per_s', value: Math.round(median(ours)), unit: 'evals/s', limit: 'native', limitValue: Math.round(median(native)) });
  figure({ suite: 'apply', figure: 'json_rules_engine_per_s', value: Math.round(jre), unit: 'evals/s' });
}

// ---------------------------------------------------------------------------------------------------------------
// HTTP part — TO BE FILLED BY THE LEAD.

/**
 * submit_per_s and submit_p99_ms: application submissions through the HTTP API on PostgreSQL (DATABASE_URL).
 * Skipped, with a note on stderr, when DATABASE_URL is unset. Prints nothing until it measures something real.
 */
/**
 * Complete submissions over HTTP on PostgreSQL: a server on a fresh database (the test harness's: demo catalog,
 * people, data sources), drafts of 居住证办理 prepared for the demo applicant with the form completed and the photo
 * uploaded once and attached by reference (the other materials by e-licence and data source), then every draft
 * submitted — pre-review, receipt number, audit entry, in one transaction each — from 8 concurrent clients.
 */
async function submitFigures(): Promise<void> {
  if (!process.env.DATABASE_URL) {
    progress('submit_per_s / submit_p99_ms skipped: set DATABASE_URL to run the submission part on PostgreSQL');
    return;
  }
  const { startTestServer, tokenFor } = await import('../packages/server/src/test/harness.ts');
  const { DEMO_PEOPLE } = await import('../packages/server/src/identity/demo-people.ts');
  const sharp = (await import('sharp')).default;
  const DRAFTS = Number(process.env.BENCH_SUBMITS ?? 600);
  const CLIENTS = 8;
  progress(`submit: starting a server on a fresh PostgreSQL database…`);
  const s = await startTestServer('postgres');
  try {
    const token = await tokenFor(s, DEMO_PEOPLE.find((p) => p.username === 'wangfang')!.id, 'citizen');
    const auth = { authorization: `Bearer ${token}` };
    const face = await sharp({ create: { width: 220, height: 300, channels: 3, background: { r: 150, g: 110, b: 90 } } }).png().toBuffer();
    const photo = await sharp({ create: { width: 413, height: 531, channels: 3, background: { r: 250, g: 250, b: 250 } } })
      .composite([{ input: face, left: 96, top: 120 }]).jpeg().toBuffer();
    const form = new FormData();
    form.set('itemCode', 'HZ-JZZ-BL');
    form.set('materialId', 'photo');
    form.set('file', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'photo.jpg');
    const up = await fetch(`${s.url}/api/v1/materials`, { method: 'POST', headers: auth, body: form });
    const fileId = ((await up.json()) as { id: string }).id;
    progress(`submit: preparing ${DRAFTS} complete drafts…`);
    const ids: string[] = [];
    for (let i = 0; i < DRAFTS; i++) {
      const d = await s.api('/api/v1/applications', { method: 'POST', headers: auth, body: { itemCode: 'HZ-JZZ-BL' } });
      const v = d.body.form.values;
      const saved = await s.api(`/api/v1/applications/${d.body.id}`, {
        method: 'PATCH', headers: auth,
        body: { revision: d.body.revision, form: { basis: 'employment', ...(v.phone ? {} : { phone: '13700001111' }), ...(v.residenceAddress ? {} : { residenceAddress: '上海市浦东新区陆家嘴环路1000号' }) }, materials: { photo: { kind: 'upload', fileId } } },
      });
      if (saved.status !== 200 || !saved.body.ready) throw new Error(`draft not ready: ${saved.status} ${JSON.stringify(saved.body.checklist ?? saved.body)}`);
      ids.push(d.body.id);
    }
    progress(`submit: ${DRAFTS} submissions from ${CLIENTS} clients…`);
    const times: number[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: CLIENTS }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const t = performance.now();
        const r = await s.api(`/api/v1/applications/${id}/submit`, { method: 'POST', headers: { ...auth, 'idempotency-key': `bench-${id}` } });
        times.push(performance.now() - t);
        if (r.status !== 201) throw new Error(`submit failed: ${r.status} ${r.text.slice(0, 300)}`);
      }
    }));
    const seconds = (performance.now() - t0) / 1000;
    const sorted = [...times].sort((a, b) => a - b);
    figure({ suite: 'apply', figure: 'submit_per_s', value: round(DRAFTS / seconds, 1), unit: 'submits/s' });
    figure({ suite: 'apply', figure: 'submit_p99_ms', value: round(sorted[Math.ceil(sorted.length * 0.99) - 1]!, 1), unit: 'ms' });
  } finally {
    await s.close();
  }
}

await ruleFigures();
await submitFigures();
