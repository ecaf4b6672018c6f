/**
 * Reading facts from the data sources on both databases: the demo people's facts decide the demo items as the README
 * says, a read outside the item's grant is refused before any source is asked, the outside sources are reached over
 * HTTP with a keyed token, a slow or failing source degrades to "ask the applicant", and every read is on the
 * citizen's "who used my data" list with its purpose.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import {
  blindIndex, compileRule, DomainError, grantOf, staticKeyProvider,
  type DataSourceSubject, type FactSet, type ItemDefinition, type KeyProvider,
} from '@tongban/core';
import type { Db } from '@tongban/db';
import { listPersonAccess } from '../audit/audit.service.ts';
import { fixedClock } from '../clock.ts';
import { statusOf } from '../http/problems.ts';
import { DEMO_PEOPLE } from '../identity/demo-people.ts';
import { dbKinds, freshDb, ROOT } from '../test/harness.ts';
import { dbAdapters, httpAdapter, type DataSourceAdapter } from './adapters.ts';
import { addMonths } from './calendar.ts';
import { dataSourceConfigFromEnv, DataSourceService, startDataSources, type RunningDataSources } from './datasources.service.ts';
import { clientToken, HTTP_SOURCE_PATHS, subjectToken } from './http-sources/http-sources.protocol.ts';
import { seedDataSources } from './synthetic.ts';

const TODAY = '2026-11-23';
const PEOPLE = 300;
const TIMEOUT_MS = 400;
const clock = fixedClock(TODAY);
const item = (code: string) => parse(readFileSync(`${ROOT}catalog/items/${code}.yaml`, 'utf8')) as ItemDefinition;
const JZZ = item('HZ-JZZ-BL');
const JYBZ = item('JG-JYBZ');

/** Evaluates each condition of an item over the facts and the applicant's answers. */
const conditions = (def: ItemDefinition, facts: FactSet, answers: Record<string, unknown> = {}) =>
  Object.fromEntries(def.conditions.map((c) => [c.id, Boolean(compileRule(c.rule)({ ...facts.values, answers }))]));

for (const kind of dbKinds()) {
  describe(`data sources on ${kind}`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let keys: KeyProvider;
    let ds: RunningDataSources;
    const subject = (username: string): DataSourceSubject => {
      const p = DEMO_PEOPLE.find((d) => d.username === username)!;
      return { personId: p.id, citizenIdIdx: blindIndex(keys, 'citizen_id', p.citizenId), citizenId: p.citizenId };
    };
    const read = (username: string, def: ItemDefinition, purpose: string, over: { fields?: string[] } = {}) => {
      const grant = grantOf(def);
      return ds.service.read({ subject: subject(username), fields: over.fields ?? [...grant], grant, purpose, actor: `citizen:${subject(username).personId}`, actorRole: 'applicant' });
    };

    before(async () => {
      ({ db, drop } = await freshDb(kind));
      keys = staticKeyProvider({ t: randomBytes(32) }, 't', randomBytes(32));
      const seeded = await Promise.all([seedDataSources(db, keys, clock, { people: PEOPLE }), seedDataSources(db, keys, clock, { people: PEOPLE })]);
      assert.deepEqual(seeded.sort(), [false, true], 'two processes starting at once seed once');
      const settings = { ...dataSourceConfigFromEnv({}, { port: 0, host: '127.0.0.1' }), timeoutMs: TIMEOUT_MS };
      ds = await startDataSources({ db, keys, clock, settings, testMode: true, people: PEOPLE });
    });
    after(async () => {
      await ds.close();
      await drop();
    });

    it('reads 王芳\'s facts for 居住证办理 with their provenance, and they meet every condition', async () => {
      const facts = await read('wangfang', JZZ, 'application:app_wf1');
      assert.deepEqual(facts.unknown, {});
      assert.equal(facts.values.population?.name, '王芳');
      assert.equal(facts.values.population?.householdDistrict, '340102');
      assert.equal(facts.values.residence?.address, '上海市浦东新区陆家嘴环路1000号', 'decrypted');
      assert.equal(facts.values.residence?.startDate, addMonths(TODAY, -8));
      assert.equal(facts.values.residence?.months, 8);
      assert.equal(facts.values.socialInsurance?.months, 12);
      assert.equal(facts.values.lease?.filed, true);
      assert.deepEqual(facts.values.license?.held, ['lease_filing', 'resident_id_card']);
      assert.deepEqual(facts.provenance['socialInsurance.months'], {
        field: 'socialInsurance.months', source: 'socialInsurance', sourceName: { zh: '社会保险', en: 'Social insurance' }, readAt: clock.now().toISOString(),
      });
      assert.equal(facts.provenance['residence.months']?.sourceName.zh, '居住登记');
      assert.deepEqual(Object.keys(facts.provenance).sort(), [...grantOf(JZZ)].sort(), 'every granted field has its provenance');
      assert.deepEqual(conditions(JZZ, facts), {
        not_local_household: true, residence_registered: true, six_months: true, stable_basis: true, adult_or_guardian: true, no_valid_permit: true,
      });
    });

    it('reads 刘洋 (Shanghai household, lives at it) as not registered, uninsured and without a lease: 居住证办理 is not for him', async () => {
      const facts = await read('liuyang', JZZ, 'application:app_ly1');
      assert.equal(facts.values.population?.householdDistrict, '310115');
      assert.deepEqual(facts.values.residence, { registered: false, months: 0 });
      assert.equal(facts.values.socialInsurance?.months, 0);
      assert.equal(facts.values.lease?.filed, false);
      assert.equal(facts.unknown['residence.address']?.reason, 'no_record');
      assert.match(facts.unknown['residence.address']!.message.zh, /居住登记中没有“居住地址”的记录/);
      const met = conditions(JZZ, facts, { studying: false });
      assert.deepEqual([met.residence_registered, met.six_months, met.stable_basis], [false, false, false]);
    });

    it('reads 张伟\'s car so that 机动车检验标志申领 is approved by its rule once he answers the questions', async () => {
      const facts = await read('zhangwei', JYBZ, 'application:app_zw1');
      assert.deepEqual(facts.unknown, {});
      assert.equal(facts.values.vehicle?.plateNumber, '沪A5T208');
      assert.equal(facts.values.vehicle?.owner, '张伟');
      assert.ok(String(facts.values.vehicle?.inspectionDue) <= addMonths(TODAY, 3));
      const auto = JYBZ.process.steps.find((s) => s.autoApproval)!.autoApproval!.rule;
      assert.equal(compileRule(auto)({ ...facts.values, answers: { nonCommercial: true, inspectionYear: '4', insuranceValid: true } }), true);
      assert.equal(facts.values.residence, undefined, 'nothing outside the grant is read');
    });

    it('reads the enterprise a person acts for, or else the one they are the sole legal representative of', async () => {
      const def = item('ZA-GZKZ-BA');
      const grant = grantOf(def);
      const fields = [...grant].filter((f) => f.startsWith('enterprise.'));
      assert.ok(fields.includes('enterprise.status'));
      const as = (username: string, uscc?: string) => ds.service.read({ subject: { ...subject(username), ...(uscc ? { uscc } : {}) }, fields, grant, purpose: 'test:enterprise', actor: 'system:test' });
      const own = await as('zhangwei');
      assert.equal(own.values.enterprise?.name, '上海通办示范科技有限公司');
      assert.equal(own.values.enterprise?.status, 'active');
      assert.equal(own.values.enterprise?.address, '上海市黄浦区汉口路300号');
      assert.equal((await as('lina')).unknown['enterprise.status']?.reason, 'no_record', 'an agent names the enterprise she acts for');
      assert.equal((await as('lina', '91310101MA1FL0T1XQ')).values.enterprise?.uscc, '91310101MA1FL0T1XQ');
    });

    it('refuses a field outside the grant with datasources.not_granted (403), reads nothing, and records the refusal', async () => {
      let calls = 0;
      const spying: DataSourceAdapter[] = dbAdapters({ db, keys, clock }).map((a) => ({ source: a.source, read: (...args) => { calls++; return a.read(...args); } }));
      const service = new DataSourceService({ db, clock, adapters: spying });
      const grant = grantOf(JYBZ);
      const who = subject('zhangwei');
      const attempt = () => service.read({ subject: who, fields: ['vehicle.status', 'criminalRecord.hasRecord', 'residence.address'], grant, purpose: 'application:app_zw2', actor: 'officer:o-test' });
      await assert.rejects(attempt, (err: unknown) => {
        assert.ok(err instanceof DomainError);
        assert.equal(err.code, 'datasources.not_granted');
        assert.deepEqual(err.data.fields, ['criminalRecord.hasRecord', 'residence.address']);
        assert.deepEqual(err.problems.map((p) => p.path), ['/fields/1', '/fields/2']);
        assert.match(err.detail.zh, /criminalRecord\.hasRecord/);
        return true;
      });
      assert.equal(statusOf('datasources.not_granted'), 403);
      // inside a transaction that the refusal rolls back, the refusal is still recorded
      await assert.rejects(db.transaction((tx) => service.read({ subject: who, fields: ['population.maritalStatus'], grant, purpose: 'application:app_zw3', actor: 'officer:o-test' }, tx)));
      await service.settled();
      assert.equal(calls, 0, 'no source was asked');
      const entries = (await listPersonAccess(db, who.citizenIdIdx, 200)).entries;
      assert.ok(!entries.some((e) => e.action === 'personal_data.read' && (e.purpose === 'application:app_zw2' || e.purpose === 'application:app_zw3')));
      const refusals = entries.filter((e) => e.action === 'personal_data.read_denied');
      assert.deepEqual(refusals.map((e) => [e.purpose, e.detail.fields]).sort(), [
        ['application:app_zw2', ['criminalRecord.hasRecord', 'residence.address']],
        ['application:app_zw3', ['population.maritalStatus']],
      ]);
    });

    it('refuses names that are no data-source field even when a hand-made grant lists them', async () => {
      await assert.rejects(
        ds.service.read({ subject: subject('lina'), fields: ['answers.studying'], grant: new Set(['answers.studying']), purpose: 'test:names', actor: 'system:test' }),
        (err: unknown) => err instanceof DomainError && err.code === 'datasources.not_granted',
      );
    });

    it('reaches the outside sources over HTTP with a keyed token, never the ID number, and only with the platform\'s bearer token', async () => {
      const wf = subject('wangfang');
      const httpKey = randomBytes(32);
      const local = await startDataSources({ db, keys, clock, settings: { ...dataSourceConfigFromEnv({}, { port: 0, host: '127.0.0.1' }), httpKey, timeoutMs: TIMEOUT_MS }, testMode: true, people: PEOPLE });
      try {
        const insurance = httpAdapter('socialInsurance', { baseUrl: local.httpUrl, key: httpKey });
        const lease = httpAdapter('lease', { baseUrl: local.httpUrl, key: httpKey });
        const signal = AbortSignal.timeout(2000);
        assert.deepEqual(await insurance.read(wf, ['months', 'employer'], { signal }), { months: 12, employer: '上海浦江数智科技有限公司' });
        assert.deepEqual(await lease.read(wf, ['filed', 'district'], { signal }), { filed: true, district: '310115' });
        assert.deepEqual(await insurance.read(subject('liuyang'), ['months', 'employer'], { signal }), { months: 0 }, 'no record: no insurance paid');

        const post = (body: unknown, headers: Record<string, string> = {}) => fetch(local.httpUrl + HTTP_SOURCE_PATHS.socialInsurance, {
          method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${clientToken(httpKey)}`, ...headers }, body: JSON.stringify(body),
        });
        assert.notEqual(subjectToken(httpKey, wf.citizenId), wf.citizenId);
        assert.equal(subjectToken(httpKey, wf.citizenId).includes(wf.citizenId.slice(0, 6)), false);
        const byId = await post({ subject: `${wf.citizenId}xxxxxx`, fields: ['months'] });
        assert.deepEqual((await byId.json() as { record: unknown }).record, null, 'the service does not know people by their ID number');
        assert.equal((await post({ subject: subjectToken(httpKey, wf.citizenId), fields: ['months'] }, { authorization: 'Bearer nope' })).status, 401);
        assert.equal((await post({ subject: subjectToken(httpKey, wf.citizenId), fields: ['salary'] })).status, 400);
        assert.equal((await post({ subject: subjectToken(httpKey, wf.citizenId), fields: ['months'] }, { 'x-simulate': 'error' })).status, 503, 'test hook');
      } finally {
        await local.close();
      }
    });

    it('turns a slow source into unknown "timeout" and a failing one into "source_unavailable", and still delivers the rest', async () => {
      ds.http!.simulate('socialInsurance', 'timeout');
      ds.http!.simulate('lease', 'error');
      try {
        const started = performance.now();
        const facts = await read('wangfang', JZZ, 'application:app_wf2');
        const took = performance.now() - started;
        assert.ok(took < TIMEOUT_MS + 1000, `took ${Math.round(took)} ms`);
        assert.equal(facts.unknown['socialInsurance.months']?.reason, 'timeout');
        assert.equal(facts.unknown['socialInsurance.employer']?.reason, 'timeout');
        assert.match(facts.unknown['socialInsurance.months']!.message.zh, /社会保险暂时没有响应/);
        assert.equal(facts.unknown['lease.filed']?.reason, 'source_unavailable');
        assert.match(facts.unknown['lease.filed']!.message.en, /Lease registration is unavailable/);
        assert.equal(facts.values.socialInsurance, undefined);
        assert.equal(facts.values.lease, undefined);
        assert.equal(facts.values.population?.name, '王芳');
        assert.equal(facts.values.residence?.months, 8);
        const met = conditions(JZZ, facts);
        assert.equal(met.six_months, true, 'what arrived still decides its conditions');
        const entry = (await listPersonAccess(db, subject('wangfang').citizenIdIdx, 200)).entries.find((e) => e.purpose === 'application:app_wf2');
        assert.deepEqual(entry?.detail.unavailable, { socialInsurance: 'timeout', lease: 'source_unavailable' });
      } finally {
        ds.http!.simulate('socialInsurance', null);
        ds.http!.simulate('lease', null);
      }
      const again = await read('wangfang', JZZ, 'application:app_wf3');
      assert.equal(again.values.socialInsurance?.months, 12, 'the source answers again');
    });

    it('turns an unreachable source into unknown "source_unavailable"', async () => {
      const service = new DataSourceService({ db, clock, timeoutMs: TIMEOUT_MS, adapters: [httpAdapter('lease', { baseUrl: 'http://127.0.0.1:9', key: randomBytes(32) })] });
      const grant = grantOf(JZZ);
      const facts = await service.read({ subject: subject('wangfang'), fields: ['lease.filed', 'population.name'], grant, purpose: 'test:unreachable', actor: 'system:test' });
      assert.equal(facts.unknown['lease.filed']?.reason, 'source_unavailable');
      assert.equal(facts.unknown['population.name']?.reason, 'source_unavailable', 'a source without an adapter is unavailable too');
    });

    it('says "no_record" for a person the registers do not know, without failing', async () => {
      const stranger: DataSourceSubject = { personId: 'p-stranger', citizenIdIdx: blindIndex(keys, 'citizen_id', '11010519491231002X'), citizenId: '11010519491231002X' };
      const grant = grantOf(JZZ);
      const facts = await ds.service.read({ subject: stranger, fields: [...grant], grant, purpose: 'test:stranger', actor: 'system:test' });
      assert.equal(facts.unknown['population.name']?.reason, 'no_record');
      assert.match(facts.unknown['population.name']!.message.zh, /人口库中没有“姓名”的记录/);
      assert.deepEqual(facts.values.residence, { registered: false, months: 0 });
      assert.deepEqual(facts.values.license, { held: [] });
    });

    it('writes every read to the citizen\'s "who used my data" list with its purpose, in the caller\'s transaction', async () => {
      const wf = subject('wangfang');
      const entries = (await listPersonAccess(db, wf.citizenIdIdx, 200)).entries;
      const mine = entries.find((e) => e.purpose === 'application:app_wf1');
      assert.ok(mine, 'the first read is listed');
      assert.equal(mine.action, 'personal_data.read');
      assert.equal(mine.subjectType, 'person');
      assert.equal(mine.subjectId, wf.personId);
      assert.equal(mine.actor, `citizen:${wf.personId}`);
      assert.deepEqual((mine.detail.fields as string[]).sort(), [...grantOf(JZZ)].sort());
      assert.deepEqual((mine.detail.sources as string[]).sort(), ['lease', 'license', 'population', 'residence', 'socialInsurance']);
      assert.ok(!JSON.stringify(mine.detail).includes('王芳') && !JSON.stringify(mine.detail).includes(wf.citizenId), 'no values in the log');

      // read inside a transaction (one at a time on PGlite): committed, it is listed; rolled back, it is not
      const grant = grantOf(JZZ);
      await db.transaction(async (tx) => {
        await ds.service.read({ subject: wf, fields: ['population.name'], grant, purpose: 'application:app_wf5', actor: 'system:test' }, tx);
        await ds.service.read({ subject: wf, fields: [...grant], grant, purpose: 'application:app_wf4', actor: 'system:test' }, tx);
      });
      await assert.rejects(db.transaction(async (tx) => {
        await ds.service.read({ subject: wf, fields: ['population.name', 'residence.months'], grant, purpose: 'application:app_wf6', actor: 'system:test' }, tx);
        throw new Error('the caller fails after reading');
      }));
      const purposes = (await listPersonAccess(db, wf.citizenIdIdx, 200)).entries.map((e) => e.purpose);
      assert.ok(purposes.includes('application:app_wf4') && purposes.includes('application:app_wf5'));
      assert.ok(!purposes.includes('application:app_wf6'), 'rolled back with the caller');
    });
  });
}
