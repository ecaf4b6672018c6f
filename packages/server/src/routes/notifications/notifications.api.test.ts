import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { notificationsRepo } from '@tongban/db';
import { DEMO_PEOPLE } from '../../identity/demo-people.ts';
import { NotificationService, type NotificationInput } from '../../notifications/notifications.service.ts';
import { retryDelayMs } from '../../notifications/notifications.worker.ts';
import { dbKinds, startTestServer, tokenFor, type TestServer } from '../../test/harness.ts';

const person = (u: string) => DEMO_PEOPLE.find((p) => p.username === u)!;

interface ReceivedMail { from: string; to: string[]; subject: string; text: string; headers: Map<string, string> }

/** Decodes RFC 2047 encoded words (B and Q); adjacent words are one byte sequence. */
function decodeWords(value: string): string {
  const words = [...value.replace(/\?=\s+=\?/g, '?==?').matchAll(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g)];
  if (!words.length) return value;
  const bytes = words.map(([, , enc, text]) => (enc!.toUpperCase() === 'B'
    ? Buffer.from(text!, 'base64')
    : Buffer.from(text!.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1')));
  return Buffer.concat(bytes).toString('utf8');
}

/** Just enough of a MIME parser for a single-part text message. */
function parseMail(raw: string, envelope: { from: string; to: string[] }): ReceivedMail {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers = new Map(head.split('\r\n').map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()] as [string, string]));
  const body = raw.slice(split + 4);
  const cte = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const text = cte === 'base64' ? Buffer.from(body, 'base64').toString('utf8')
    : cte === 'quoted-printable' ? Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
      : body;
  return { ...envelope, subject: decodeWords(headers.get('subject') ?? ''), text, headers };
}

/** A local SMTP server that keeps every message it accepts. */
async function startSmtp(): Promise<{ server: SMTPServer; port: number; mails: ReceivedMail[] }> {
  const mails: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // plain SMTP, as a relay on the same host speaks it; nodemailer would otherwise upgrade to TLS with a self-signed certificate
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const envelope = { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) };
        mails.push(parseMail(Buffer.concat(chunks).toString('utf8'), envelope));
        callback(null, 'queued');
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.server.address() as AddressInfo).port, mails };
}

/** A local SMS gateway: answers 500 to the first request (to test retries), then 200. */
async function startSmsSink(): Promise<{ server: Server; url: string; requests: { auth: string | undefined; body: { to: string; text: string; template: string }; status: number }[] }> {
  const requests: { auth: string | undefined; body: { to: string; text: string; template: string }; status: number }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = requests.length === 0 ? 500 : 200;
      requests.push({ auth: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')), status });
      res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"accepted":true}' : '{"error":"gateway busy"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms/send`, requests };
}

for (const kind of dbKinds()) {
  describe(`#notifications on ${kind}`, () => {
    let s: TestServer;
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let sms: Awaited<ReturnType<typeof startSmsSink>>;
    let notifications: NotificationService;
    let wang: string, liu: string;
    let t = Date.parse('2026-11-23T04:00:00Z');
    const clock = { now: () => new Date(t), today: () => new Date(t).toISOString().slice(0, 10) };
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    const wangfang = person('wangfang');
    const note = (n: number, over: Partial<NotificationInput> = {}): NotificationInput => ({
      personId: wangfang.id, caseId: `case_test${n}`, kind: 'case.accepted',
      title: { zh: `您的申请已受理（${n}）`, en: `Your application was accepted (${n})` },
      body: { zh: `受理编号 TB-${n}，办理期限 20 个工作日。`, en: `Receipt TB-${n}; due in 20 working days.` },
      ...over,
    });
    let first: string, second: string;

    before(async () => {
      smtp = await startSmtp();
      sms = await startSmsSink();
      s = await startTestServer(kind, { config: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, smsUrl: sms.url, smsToken: 'sms-test-token' } });
      notifications = new NotificationService({ db: s.db, clock, config: s.config, keys: s.secrets.keys });
      wang = await tokenFor(s, wangfang.id, 'citizen');
      liu = await tokenFor(s, person('liuyang').id, 'citizen');
    });
    after(async () => {
      await notifications.stop();
      await s.close();
      await new Promise<void>((resolve) => smtp.server.close(() => resolve()));
      await new Promise<void>((resolve) => sms.server.close(() => resolve()));
    });

    it('should write the inbox rows and an e-mail and SMS delivery each in the case transaction', async () => {
      [first, second] = await s.db.transaction(async (tx) => [await notifications.enqueue(tx, note(1)), await notifications.enqueue(tx, note(2))]);
      assert.match(first, /^ntf_/);
      for (const id of [first, second]) {
        const ds = await notificationsRepo.deliveriesOf(s.db, id);
        assert.deepEqual(ds.map((d) => [d.channel, d.state]), [['email', 'pending'], ['sms', 'pending']]);
      }
    });

    it('should list my notifications newest first with the unread count', async () => {
      const r = await s.api('/api/v1/notifications', { headers: as(wang) });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.body.unread, 2);
      assert.deepEqual(r.body.items.map((n: any) => n.id), [second, first]);
      assert.deepEqual(r.body.items[1], {
        id: first, caseId: 'case_test1', kind: 'case.accepted',
        title: { zh: '您的申请已受理（1）', en: 'Your application was accepted (1)' },
        body: { zh: '受理编号 TB-1，办理期限 20 个工作日。', en: 'Receipt TB-1; due in 20 working days.' },
        createdAt: r.body.items[1].createdAt, readAt: null,
      });
      assert.ok(!Number.isNaN(Date.parse(r.body.items[1].createdAt)));
      const limited = await s.api('/api/v1/notifications?limit=1', { headers: as(wang) });
      assert.deepEqual(limited.body.items.map((n: any) => n.id), [second]);
    });

    it('should show nobody else my notifications, and ask to sign in first', async () => {
      const other = await s.api('/api/v1/notifications', { headers: as(liu) });
      assert.equal(other.status, 200);
      assert.deepEqual(other.body, { unread: 0, items: [] });
      const anonymous = await s.api('/api/v1/notifications');
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.body.code, 'auth.unauthenticated');
    });

    it('should mark a notification read with 204, and answer 404 for someone else’s', async () => {
      const notMine = await s.api(`/api/v1/notifications/${first}/read`, { method: 'POST', headers: as(liu) });
      assert.equal(notMine.status, 404);
      assert.equal(notMine.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      assert.equal(notMine.body.code, 'notification.not_found');
      assert.ok(notMine.body.message.zh && notMine.body.message.en);

      const read = await s.api(`/api/v1/notifications/${first}/read`, { method: 'POST', headers: as(wang) });
      assert.equal(read.status, 204, read.text);
      assert.equal(read.text, '');
      const again = await s.api(`/api/v1/notifications/${first}/read`, { method: 'POST', headers: as(wang) });
      assert.equal(again.status, 204, 'marking read twice is fine');

      const all = await s.api('/api/v1/notifications', { headers: as(wang) });
      assert.equal(all.body.unread, 1);
      const readOne = all.body.items.find((n: any) => n.id === first);
      assert.ok(readOne.readAt && !Number.isNaN(Date.parse(readOne.readAt)));
      const unread = await s.api('/api/v1/notifications?unreadOnly=true', { headers: as(wang) });
      assert.deepEqual(unread.body.items.map((n: any) => n.id), [second]);

      const unknown = await s.api('/api/v1/notifications/ntf_doesnotexist/read', { method: 'POST', headers: as(wang) });
      assert.equal(unknown.status, 404);
      const malformed = await s.api('/api/v1/notifications/not-an-id/read', { method: 'POST', headers: as(wang) });
      assert.equal(malformed.status, 400);
      const badQuery = await s.api('/api/v1/notifications?limit=0', { headers: as(wang) });
      assert.equal(badQuery.status, 400);
      assert.equal(badQuery.body.code, 'http.validation');
    });

    it('should e-mail the person at their address with the Chinese title as subject and the English below', async () => {
      const r = await notifications.runOnce();
      assert.deepEqual(r, { claimed: 4, sent: 3, retried: 1, failed: 0 });
      assert.equal(smtp.mails.length, 2);
      const mail = smtp.mails.find((m) => m.subject === '您的申请已受理（1）')!;
      assert.ok(mail, smtp.mails.map((m) => m.subject).join(' | '));
      assert.deepEqual(mail.to, ['wangfang@example.cn']);
      assert.equal(mail.from, 'noreply@tongban.local');
      assert.match(mail.headers.get('to')!, /wangfang@example\.cn/);
      assert.ok(mail.text.indexOf('受理编号 TB-1') < mail.text.indexOf('Receipt TB-1'), mail.text);
      assert.match(mail.text, /Your application was accepted \(1\)/);
    });

    it('should POST the SMS to the gateway with the phone number, the text and the bearer token, and retry a failure', async () => {
      assert.equal(sms.requests.length, 2);
      for (const req of sms.requests) {
        assert.equal(req.auth, 'Bearer sms-test-token');
        assert.equal(req.body.to, wangfang.phone);
        assert.equal(req.body.template, 'case.accepted');
        assert.match(req.body.text, /^【通办】您的申请已受理（[12]）：受理编号 TB-[12]/);
      }
      const failedText = sms.requests[0]!.body.text;
      const failedId = failedText.includes('（1）') ? first : second;
      const before = (await notificationsRepo.deliveriesOf(s.db, failedId)).find((d) => d.channel === 'sms')!;
      assert.deepEqual([before.state, before.attempts], ['pending', 1]);
      assert.match(before.lastError!, /HTTP 500/);
      assert.equal(Date.parse(before.nextAttemptAt) - t, retryDelayMs(1));

      assert.equal((await notifications.runOnce()).claimed, 0, 'not before the wait is over');
      t += retryDelayMs(1);
      assert.deepEqual(await notifications.runOnce(), { claimed: 1, sent: 1, retried: 0, failed: 0 });
      assert.equal(sms.requests.length, 3);
      assert.equal(sms.requests[2]!.body.text, failedText);
      const afterRetry = (await notificationsRepo.deliveriesOf(s.db, failedId)).find((d) => d.channel === 'sms')!;
      assert.deepEqual([afterRetry.state, afterRetry.attempts], ['sent', 2]);
      assert.equal(smtp.mails.length, 2, 'the e-mails were not sent again');

      const audited = await s.db.query<{ detail: Record<string, unknown> }>(`select detail from audit_log where action = 'notification.send' and subject_id = $1`, [failedId]);
      assert.deepEqual(audited.rows.map((r) => `${r.detail.channel}:${r.detail.outcome}`).sort(), ['email:sent', 'sms:retry', 'sms:sent']);
      assert.doesNotMatch(JSON.stringify(audited.rows), /wangfang@|13700001111/);
    });

    it('should leave no notification and no delivery when the transaction rolls back', async () => {
      const count = async () => (await s.db.query<{ n: number }>('select (select count(*) from notifications)::int + (select count(*) from notification_deliveries)::int as n')).rows[0]!.n;
      const before = await count();
      await assert.rejects(s.db.transaction(async (tx) => {
        await notifications.enqueue(tx, note(3, { title: { zh: '回滚的通知', en: 'rolled back' } }));
        throw new Error('the case transition failed');
      }), /the case transition failed/);
      assert.equal(await count(), before);
      const inbox = await s.api('/api/v1/notifications', { headers: as(wang) });
      assert.ok(!inbox.body.items.some((n: any) => n.title.zh === '回滚的通知'));
      assert.equal((await notifications.runOnce()).claimed, 0);
    });

    it('should send each delivery once when two workers run at the same time', async () => {
      const other = new NotificationService({ db: s.db, clock, config: s.config, keys: s.secrets.keys });
      const ids = await s.db.transaction(async (tx) => {
        const out: string[] = [];
        for (let n = 10; n < 16; n++) out.push(await notifications.enqueue(tx, note(n)));
        return out;
      });
      const mailsBefore = smtp.mails.length, smsBefore = sms.requests.length;
      // small batches, so the two workers keep claiming side by side until the outbox is empty
      const drain = async (w: NotificationService) => {
        let claimed = 0;
        for (let r = await w.runOnce(2); r.claimed; r = await w.runOnce(2)) claimed += r.claimed;
        return claimed;
      };
      const [a, b] = await Promise.all([drain(notifications), drain(other)]);
      await other.stop();
      assert.equal(a + b, 12, JSON.stringify({ a, b }));
      const mailed = smtp.mails.slice(mailsBefore).map((m) => m.headers.get('x-tongban-notification')).sort();
      assert.deepEqual(mailed, [...ids].sort(), 'one e-mail per notification');
      const texted = sms.requests.slice(smsBefore).map((r) => r.body.text).sort();
      assert.equal(texted.length, 6);
      assert.equal(new Set(texted).size, 6, 'one SMS per notification');
      for (const id of ids) {
        const ds = await notificationsRepo.deliveriesOf(s.db, id);
        assert.deepEqual(ds.map((d) => [d.channel, d.state, d.attempts]), [['email', 'sent', 1], ['sms', 'sent', 1]]);
      }
    });
  });
}
