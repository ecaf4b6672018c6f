/**
 * The channels notifications leave by: e-mail through nodemailer over SMTP_URL, and SMS as a JSON POST to the
 * SMS_URL gateway. A sender either resolves (the message was handed over) or throws a SendError that says whether
 * trying again could help.
 */
import nodemailer from 'nodemailer';
import type { OutgoingMessage } from './notifications.types.ts';

/** A failed send; `permanent` when the same message would be refused again (a bad address, a malformed request). */
export class SendError extends Error {
  constructor(message: string, readonly permanent = false) {
    super(message);
    this.name = 'SendError';
  }
}

/** One channel's way out. */
export interface Sender {
  send(to: string, message: OutgoingMessage): Promise<void>;
  close?(): void;
}

/** The e-mail of a notification: the Chinese title as subject, the Chinese text first and the English below it. */
export function emailContent(m: OutgoingMessage): { subject: string; text: string } {
  return {
    subject: m.title.zh,
    text: [
      m.title.zh, '', m.body.zh, '', '——', m.title.en, '', m.body.en, '', '——',
      '此邮件由通办系统自动发送，请勿直接回复。', 'This message was sent automatically by Tongban; please do not reply to it.',
    ].join('\n'),
  };
}

/** The SMS of a notification: Chinese only, with the platform's signature first as SMS rules in China require. */
export function smsText(m: OutgoingMessage): string {
  return `【通办】${m.title.zh}：${m.body.zh}`;
}

/** The part of a nodemailer error this reads. */
interface MailError { message?: string; code?: string; permanent?: boolean }

/**
 * An e-mail sender over an SMTP URL (`smtp://host:port`, `smtps://user:pass@host`). Without credentials in the URL
 * it sends without authentication. Timeouts keep a hung server from holding a delivery past its claim.
 */
export function createEmailSender(opts: { url: string; from: string; timeoutMs?: number }): Sender {
  const timeout = opts.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({ url: opts.url, connectionTimeout: timeout, greetingTimeout: timeout, socketTimeout: timeout });
  return {
    async send(to, message) {
      const { subject, text } = emailContent(message);
      try {
        await transport.sendMail({ from: opts.from, to, subject, text, headers: { 'X-Tongban-Notification': message.notificationId } });
      } catch (err) {
        const e = err as MailError;
        throw new SendError(`SMTP: ${e.message ?? String(err)}${e.code ? ` (${e.code})` : ''}`, e.permanent === true);
      }
    },
    close: () => transport.close(),
  };
}

/** Gateway answers that the same request would get again; other failures (5xx, 401, 429, timeouts) are retried. */
const PERMANENT_HTTP = new Set([400, 404, 410, 413, 422]);

/**
 * An SMS sender: `POST url` with JSON `{ to, text, template }` (template = the notification's kind) and
 * `Authorization: Bearer <token>` when a token is set. Any 2xx is success.
 */
export function createSmsSender(opts: { url: string; token?: string | undefined; timeoutMs?: number; fetch?: typeof fetch }): Sender {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const doFetch = opts.fetch ?? fetch;
  return {
    async send(to, message) {
      let res: Response;
      try {
        res = await doFetch(opts.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}) },
          body: JSON.stringify({ to, text: smsText(message), template: message.kind }),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (err) {
        const e = err as Error & { cause?: { code?: string } };
        if (e.name === 'TimeoutError') throw new SendError(`SMS gateway did not answer within ${timeoutMs / 1000} s`);
        throw new SendError(`SMS gateway unreachable: ${e.cause?.code ?? e.message}`);
      }
      const detail = (await res.text().catch(() => '')).trim().slice(0, 200);
      if (!res.ok) throw new SendError(`SMS gateway answered HTTP ${res.status}${detail ? `: ${detail}` : ''}`, PERMANENT_HTTP.has(res.status));
    },
  };
}
