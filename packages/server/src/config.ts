/** Configuration from the environment, read once at start. The README's table lists every variable. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminToken: string | undefined;
  logLevel: string;
  catalogDir: string;
  webDist: string;
  /** Load the demo catalog into an empty database on start. */
  seedDemo: boolean;
  /** The address users reach the platform at (OIDC redirects); default http://localhost:PORT. */
  publicUrl: string | undefined;
  /** External OIDC issuer; unset = the built-in development identity provider at PUBLIC_URL/idp. */
  oidcIssuer: string | undefined;
  oidcClientId: string;
  oidcClientSecret: string;
  /** Which ID-token claims carry the citizen ID number and the name (claim mapping for external issuers). */
  oidcClaimCitizenId: string;
  oidcClaimName: string;
  /** Personal-data keys: "kid:base64(32 bytes),…" (the first encrypts) and the blind-index key (base64). */
  piiKeys: string | undefined;
  piiIndexKey: string | undefined;
  sessionSecret: string | undefined;
  sessionHours: number;
  /** How often the durable timers are polled (ms). */
  timerPollMs: number;
  /** RECTIFY_DAYS: working days a bad rating's work order has to rectify or explain (national rule: 15). */
  rectifyDays: number;
  /** Signing profile of new e-licence issuer keys: ed25519 (default) or sm2 (国密 SM2/SM3). */
  licenseSigning: 'ed25519' | 'sm2';
  /** Other deployments' issuers this one trusts (长三角 mutual recognition): issuer prefix → JWKS URL. */
  trustedIssuers: { prefix: string; jwks: string }[];
  /** SMTP server for e-mail notifications (e.g. smtp://127.0.0.1:2525); unset = no e-mail. */
  smtpUrl: string | undefined;
  /** The From of notification e-mails. */
  smtpFrom: string;
  /** SMS gateway: notifications are POSTed to it as JSON `{to, text, template}`; unset = no SMS. */
  smsUrl: string | undefined;
  /** Bearer token for the SMS gateway. */
  smsToken: string | undefined;
  /** How often the delivery worker looks for due e-mails and SMS, in milliseconds. */
  notifyPollMs: number;
  /** Bearer token that may read /metrics from another machine; unset = loopback only. */
  metricsToken: string | undefined;
  /** How often the overdue-detection pass (monitor.detect) runs, in milliseconds. */
  monitorIntervalMs: number;
}

function licenseSigning(v: string | undefined): 'ed25519' | 'sm2' {
  const x = (v ?? 'ed25519').toLowerCase();
  if (x !== 'ed25519' && x !== 'sm2') throw new Error(`LICENSE_SIGNING must be ed25519 or sm2, got "${v}"`);
  return x;
}

/** TRUSTED_ISSUERS: `issuerPrefix=jwksUrl` pairs separated by commas. */
function trustedIssuers(v: string | undefined): { prefix: string; jwks: string }[] {
  if (!v?.trim()) return [];
  return v.split(',').map((pair) => {
    const eq = pair.indexOf('=');
    const prefix = pair.slice(0, eq).trim(), jwks = pair.slice(eq + 1).trim();
    if (eq < 1 || !/^https?:\/\//.test(prefix) || !/^https?:\/\//.test(jwks)) {
      throw new Error(`TRUSTED_ISSUERS must be issuerPrefix=jwksUrl pairs separated by commas (both http(s) URLs), got "${pair}"`);
    }
    return { prefix, jwks };
  });
}

/** Reads the configuration; throws with the variable's name when a value is malformed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (0-65535), got "${env.PORT}"`);
  const notifyPollMs = Number(env.NOTIFY_POLL_MS ?? 2000);
  if (!Number.isInteger(notifyPollMs) || notifyPollMs < 100) throw new Error(`NOTIFY_POLL_MS must be a whole number of milliseconds (at least 100), got "${env.NOTIFY_POLL_MS}"`);
  // the values are not echoed: they may carry credentials
  if (env.SMTP_URL && !/^smtps?:\/\/[^/]/.test(env.SMTP_URL)) throw new Error('SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://127.0.0.1:2525');
  const monitorIntervalMs = Number(env.MONITOR_INTERVAL_MS ?? 300_000);
  if (!Number.isInteger(monitorIntervalMs) || monitorIntervalMs < 1000) throw new Error(`MONITOR_INTERVAL_MS must be a whole number of milliseconds (at least 1000), got "${env.MONITOR_INTERVAL_MS}"`);
  if (env.SMS_URL && !/^https?:\/\/[^/]/.test(env.SMS_URL)) throw new Error('SMS_URL must be an http:// or https:// URL, e.g. http://127.0.0.1:9090/sms');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    adminToken: env.ADMIN_TOKEN || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    catalogDir: resolve(env.CATALOG_DIR ?? resolve(root, 'catalog')),
    webDist: resolve(env.WEB_DIST ?? resolve(root, 'packages/web/dist')),
    seedDemo: (env.SEED_DEMO ?? 'true') !== 'false',
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, '') || undefined,
    oidcIssuer: env.OIDC_ISSUER || undefined,
    oidcClientId: env.OIDC_CLIENT_ID ?? 'tongban-web',
    oidcClientSecret: env.OIDC_CLIENT_SECRET ?? 'tongban-dev-secret',
    oidcClaimCitizenId: env.OIDC_CLAIM_CITIZEN_ID ?? 'citizen_id',
    oidcClaimName: env.OIDC_CLAIM_NAME ?? 'name',
    piiKeys: env.PII_KEYS || undefined,
    piiIndexKey: env.PII_INDEX_KEY || undefined,
    sessionSecret: env.SESSION_SECRET || undefined,
    sessionHours: Number(env.SESSION_HOURS ?? 8),
    timerPollMs: Number(env.TIMER_POLL_MS ?? 5000),
    rectifyDays: Number(env.RECTIFY_DAYS ?? 15),
    licenseSigning: licenseSigning(env.LICENSE_SIGNING),
    trustedIssuers: trustedIssuers(env.TRUSTED_ISSUERS),
    smtpUrl: env.SMTP_URL || undefined,
    smtpFrom: env.SMTP_FROM || 'Tongban 通办 <noreply@tongban.local>',
    smsUrl: env.SMS_URL || undefined,
    smsToken: env.SMS_TOKEN || undefined,
    notifyPollMs,
    metricsToken: env.METRICS_TOKEN || undefined,
    monitorIntervalMs,
  };
}
