import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { blindIndex, encryptPii, staticKeyProvider } from '@tongban/core';
import { identityRepo, notificationsRepo, type Db } from '@tongban/db';
import { seedIdentity } from '../identity/demo-identity.ts';
import { dbKinds, freshDb } from '../test/harness.ts';
import { createSmsSender, emailContent, SendError, smsText, type Sender } from './notifications.providers.ts';
import { enqueueNotification, NotificationService, type NotificationConfig, type NotificationInput } from './notifications.service.ts';
import type { OutgoingMessage } from './notifications.types.ts';
import { BASE_RETRY_MS, CLAIM_MS, MAX_ATTEMPTS, maskEmail, retryDelayMs, scrubAddress } from './notifications.worker.ts';

const message: OutgoingMessage = {
  notificationId: 'ntf_test123', caseId: 'case_1', kind: 'case.accepted',
  title: { zh: '您的申请已受理', en: 'Your application was accepted' },
  body: { zh: '受理编号 TB-1，请留意后续通知。', en: 'Receipt TB-1; watch for further notices.' },
};

/** A clock the test moves by hand. */
const movableClock = (iso = '2026-11-23T04:00:00Z') => {
  let t = Date.parse(iso);
  return { now: () => new Date(t), today: () => new Date(t).toISOString().slice(0, 10), advance: (ms: number) => { t += ms; } };
};

/** A sender that records what it was given and answers with the next scripted result (success when the script is empty). */
const scriptedSender = (script: (Error | null)[] = []) => {
  const sent: { to: string; message: OutgoingMessage }[] = [];
  const sender: Sender = {
    async send(to, m) {
      const next = script.shift();
      if (next) throw next;
      sent.push({ to, message: m });
    },
  };
  return { sender, sent };
};

describe('#notifications formatting and backoff', () => {
  it('should wait 30 s after the first failure and double the wait after each further one', () => {
    assert.equal(retryDelayMs(1), BASE_RETRY_MS);
    assert.equal(retryDelayMs(2), 60_000);
    assert.equal(retryDelayMs(7), 30_000 * 64);
    assert.ok(CLAIM_MS > 60_000, 'a claim outlasts the slowest send');
  });

  it('should put the Chinese title in the subject and the English text below the Chinese', () => {
    const { subject, text } = emailContent(message);
    assert.equal(subject, '您的申请已受理');
    assert.ok(text.indexOf(message.body.zh) < text.indexOf(message.title.en), 'Chinese first');
    assert.ok(text.includes(message.body.en));
  });

  it('should sign an SMS with 【通办】 and keep it Chinese', () => {
    assert.equal(smsText(message), '【通办】您的申请已受理：受理编号 TB-1，请留意后续通知。');
  });

  it('should mask the recipient wherever an error text repeats it', () => {
    assert.equal(maskEmail('wangfang@example.cn'), 'w***@example.cn');
    assert.equal(scrubAddress('550 <wangfang@example.cn>: no such user wangfang@example.cn', 'email', 'wangfang@example.cn'), '550 <w***@example.cn>: no such user w***@example.cn');
    assert.equal(scrubAddress('number 13700001111 is invalid', 'sms', '13700001111'), 'number 137****1111 is invalid');
  });
});

describe('#notifications SMS sender', () => {
  it('should POST the JSON contract with the bearer token', async () => {
    let seen: { url: string; init: RequestInit } | null = null;
    const sms = createSmsSender({ url: 'http://sms.test/send', token: 'tok', fetch: async (url, init) => { seen = { url: String(url), init: init! }; return new Response('{"ok":true}', { status: 202 }); } });
    await sms.send('13700001111', message);
    assert.equal(seen!.url, 'http://sms.test/send');
    assert.equal((seen!.init.headers as Record<string, string>).authorization, 'Bearer tok');
    assert.deepEqual(JSON.parse(seen!.init.body as string), { to: '13700001111', text: smsText(message), template: 'case.accepted' });
  });

  it('should fail with the status, transiently for 5xx and 429 and permanently for a refused request', async () => {
    const answer = (status: number) => createSmsSender({ url: 'http://sms.test/send', fetch: async () => new Response('nope', { status }) });
    for (const [status, permanent] of [[500, false], [503, false], [429, false], [401, false], [400, true], [422, true]] as const) {
      await assert.rejects(answer(status).send('13700001111', message), (err: SendError) => {
        assert.ok(err instanceof SendError);
        assert.match(err.message, new RegExp(`HTTP ${status}`));
        assert.equal(err.permanent, permanent, `HTTP ${status}`);
        return true;
      });
    }
  });

  it('should give up waiting after the timeout', async () => {
    const hang: typeof fetch = (_url, init) => new Promise((_resolve, reject) => init!.signal!.addEventListener('abort', () => reject(init!.signal!.reason as Error)));
    const sms = createSmsSender({ url: 'http://sms.test/send', timeoutMs: 50, fetch: hang });
    // the timeout's timer is unref'd (a real request's socket keeps the process up); hold the loop open instead
    const keepAlive = setTimeout(() => {}, 5000);
    await assert.rejects(sms.send('13700001111', message), /did not answer within 0.05 s/);
    clearTimeout(keepAlive);
  });
});

for (const kind of dbKinds()) {
  describe(`#notifications delivery worker on ${kind}`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    const keys = staticKeyProvider({ t: randomBytes(32) }, 't', randomBytes(32));
    const config: NotificationConfig = { smtpUrl: 'smtp://mail.invalid:25', smtpFrom: 'Tongban <noreply@tongban.local>', smsUrl: 'http://sms.invalid/send', smsToken: undefined, notifyPollMs: 1000 };
    const note = (over: Partial<NotificationInput> = {}): NotificationInput => ({
      personId: 'p-wangfang', caseId: 'case_w1', kind: 'case.accepted', title: message.title, body: message.body, ...over,
    });
    const service = (clock: ReturnType<typeof movableClock>, senders: { email?: Sender; sms?: Sender }, cfg = config) =>
      new NotificationService({ db, clock, config: cfg, keys, senders });
    const deliveries = (id: string) => notificationsRepo.deliveriesOf(db, id);

    before(async () => {
      ({ db, drop } = await freshDb(kind));
      await seedIdentity(db, keys);
    });
    after(async () => { await drop(); });

    it('should write an e-mail and an SMS delivery only for the channels configured and the addresses the person has', async () => {
      const clock = movableClock();
      const both = await db.transaction((tx) => enqueueNotification(tx, { config, clock }, note()));
      assert.deepEqual((await deliveries(both)).map((d) => [d.channel, d.state, d.attempts]), [['email', 'pending', 0], ['sms', 'pending', 0]]);
      const smsOnly = await db.transaction((tx) => enqueueNotification(tx, { config: { smtpUrl: undefined, smsUrl: config.smsUrl }, clock }, note()));
      assert.deepEqual((await deliveries(smsOnly)).map((d) => d.channel), ['sms']);
      const inAppOnly = await db.transaction((tx) => enqueueNotification(tx, { config: { smtpUrl: undefined, smsUrl: undefined }, clock }, note()));
      assert.deepEqual(await deliveries(inAppOnly), []);

      await identityRepo.insertPerson(db, {
        id: 'p-noemail', citizenIdEnc: encryptPii(keys, 'citizen_id', '110101199001010011'), citizenIdIdx: blindIndex(keys, 'citizen_id', '110101199001010011'),
        name: '无邮箱', sex: 'male', birthDate: '1990-01-01', phoneEnc: encryptPii(keys, 'phone', '13900009999'), phoneIdx: null, addressEnc: null,
        householdRegion: '110101', householdOrg: null,
      });
      const noEmail = await db.transaction((tx) => enqueueNotification(tx, { config, clock }, note({ personId: 'p-noemail' })));
      assert.deepEqual((await deliveries(noEmail)).map((d) => d.channel), ['sms']);
      // settle them so the later tests start from an empty outbox
      await service(clock, { email: scriptedSender().sender, sms: scriptedSender().sender }).runOnce(100);
    });

    it('should refuse a malformed notification and an unknown person', async () => {
      const clock = movableClock();
      await assert.rejects(db.transaction((tx) => enqueueNotification(tx, { config, clock }, note({ kind: 'Case Accepted' }))), /kind/);
      await assert.rejects(db.transaction((tx) => enqueueNotification(tx, { config, clock }, note({ title: { zh: '', en: 'x' } }))), /title\.zh/);
      await assert.rejects(db.transaction((tx) => enqueueNotification(tx, { config, clock }, note({ personId: 'p-nobody' }))), { code: 'person.not_found' });
    });

    it('should retry with doubling waits and give up after the last attempt, keeping the address out of the error', async () => {
      const clock = movableClock();
      const failing = scriptedSender(Array.from({ length: MAX_ATTEMPTS }, () => new SendError('SMTP: 451 try later for wangfang@example.cn')));
      const s = service(clock, { email: failing.sender, sms: scriptedSender().sender });
      const id = await db.transaction((tx) => s.enqueue(tx, note()));
      const waits: number[] = [];
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        const r = await s.runOnce();
        assert.equal(r.claimed, attempt === 1 ? 2 : 1, `attempt ${attempt}`);
        const email = (await deliveries(id)).find((d) => d.channel === 'email')!;
        assert.equal(email.attempts, attempt);
        assert.equal((await s.runOnce()).claimed, 0, 'not due again before its wait is over');
        if (attempt < MAX_ATTEMPTS) {
          assert.equal(email.state, 'pending');
          const wait = Date.parse(email.nextAttemptAt) - clock.now().getTime();
          waits.push(wait);
          clock.advance(wait);
        } else {
          assert.equal(email.state, 'failed');
          assert.match(email.lastError!, /451 try later for w\*\*\*@example\.cn/);
          assert.doesNotMatch(email.lastError!, /wangfang@/);
        }
      }
      assert.deepEqual(waits, [1, 2, 3, 4, 5, 6, 7].map(retryDelayMs));
      assert.equal(failing.sent.length, 0);
    });

    it('should give up at once when the failure is permanent', async () => {
      const clock = movableClock();
      const s = service(clock, { email: scriptedSender([new SendError('SMTP: 550 no such user', true)]).sender, sms: scriptedSender().sender });
      const id = await db.transaction((tx) => s.enqueue(tx, note()));
      assert.deepEqual(await s.runOnce(), { claimed: 2, sent: 1, retried: 0, failed: 1 });
      const email = (await deliveries(id)).find((d) => d.channel === 'email')!;
      assert.deepEqual([email.state, email.attempts, email.lastError], ['failed', 1, 'SMTP: 550 no such user']);
    });

    it('should take back a delivery whose sender died after its claim lapsed, and send it once', async () => {
      const clock = movableClock();
      const email = scriptedSender();
      const s = service(clock, { email: email.sender }, { ...config, smsUrl: undefined });
      const id = await db.transaction((tx) => s.enqueue(tx, note()));
      // a sender claims the delivery and dies before reporting back
      const claimed = await db.transaction((tx) => notificationsRepo.claimDue(tx, { now: clock.now(), lockedUntil: new Date(clock.now().getTime() + CLAIM_MS), limit: 10, maxAttempts: MAX_ATTEMPTS }));
      assert.equal(claimed.length, 1);
      assert.equal((await s.runOnce()).claimed, 0, 'still claimed by the dead sender');
      clock.advance(CLAIM_MS);
      assert.deepEqual(await s.runOnce(), { claimed: 1, sent: 1, retried: 0, failed: 0 });
      const [d] = await deliveries(id);
      assert.deepEqual([d!.state, d!.attempts, d!.lockedUntil], ['sent', 2, null]);
      assert.equal(email.sent.length, 1);
      assert.equal(email.sent[0]!.to, 'wangfang@example.cn');
    });

    it('should fail a delivery whose last attempt was abandoned', async () => {
      const clock = movableClock();
      const s = service(clock, { email: scriptedSender().sender }, { ...config, smsUrl: undefined });
      const id = await db.transaction((tx) => s.enqueue(tx, note()));
      await db.query(`update notification_deliveries set state = 'sending', attempts = $2, locked_until = $3 where notification_id = $1`,
        [id, MAX_ATTEMPTS, new Date(clock.now().getTime() - 1000).toISOString()]);
      assert.equal((await s.runOnce()).claimed, 0);
      const [d] = await deliveries(id);
      assert.equal(d!.state, 'failed');
      assert.match(d!.lastError!, /gave up after 8 attempts/);
    });

    it('should audit every attempt without the address', async () => {
      const rows = (await db.query<{ detail: Record<string, unknown>; purpose: string; subject_person: string | null }>(
        `select detail, purpose, subject_person from audit_log where action = 'notification.send'`)).rows;
      assert.ok(rows.length >= MAX_ATTEMPTS + 2, `${rows.length} audit entries`);
      assert.ok(rows.every((r) => r.purpose === 'notification' && r.subject_person));
      assert.ok(rows.some((r) => r.detail.outcome === 'retry') && rows.some((r) => r.detail.outcome === 'failed') && rows.some((r) => r.detail.outcome === 'sent'));
      const text = JSON.stringify(rows);
      assert.doesNotMatch(text, /wangfang@|13700001111/);
    });

    it('should keep running when a run fails, and stop cleanly', async () => {
      const clock = movableClock();
      const errors: unknown[] = [];
      const broken = new NotificationService({
        db: { ...db, transaction: async () => { throw new Error('database is down'); } } as Db,
        clock, config, keys, log: { info() {}, warn() {}, error: (obj) => errors.push(obj) },
      });
      broken.start(10);
      for (let waited = 0; errors.length < 2 && waited < 3000; waited += 10) await new Promise((r) => setTimeout(r, 10));
      await broken.stop();
      assert.ok(errors.length >= 2, `the loop kept going after the first error (${errors.length} errors logged)`);
    });
  });
}
