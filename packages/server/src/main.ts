/** `npm start`: open the database, migrate, load the demo catalog when empty, serve the API and the web app. */
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { DatabaseUnavailableError, migrate, openDb } from '@tongban/db';
import { buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { systemClock } from './clock.ts';
import { seedCatalog } from './catalog/demo-catalog.ts';
import { loadSecrets } from './identity/keys.ts';
import { seedIdentity } from './identity/demo-identity.ts';
import { auditConfigFromEnv, configureAudit } from './audit/audit.service.ts';
import { startAuditCheckpoints } from './audit/audit.checkpoints.ts';
import { seedDataSources } from './datasources/synthetic.ts';
import { seedHistory } from './dashboard/history.ts';
import { dataSourceConfigFromEnv, startDataSources } from './datasources/datasources.service.ts';
import { NotificationService } from './notifications/notifications.service.ts';

const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });

async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.adminToken && !config.databaseUrl) {
    config.adminToken = randomBytes(18).toString('base64url');
    log.warn({ adminToken: config.adminToken }, 'ADMIN_TOKEN is not set: generated a token for this run of the embedded demo');
  }
  const secrets = loadSecrets(config);
  const auditConfig = auditConfigFromEnv(process.env, config);
  configureAudit(auditConfig);
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const applied = await migrate(db);
  if (applied.length) log.info({ applied }, 'database migrated');
  if (config.seedDemo) {
    const seeded = await seedCatalog(db, config.catalogDir, systemClock.today());
    if (seeded) log.info({ items: seeded.created.length }, 'demo catalog loaded');
    if (await seedIdentity(db, secrets.keys)) log.info('demo orgs, people and officers loaded');
    if (await seedDataSources(db, secrets.keys, systemClock)) log.info('synthetic data sources loaded (population, residence, vehicles, licences, enterprises)');
    // a year of synthetic service history (hist_ ids), so the dashboard and the public page have something to show
    const history = await seedHistory(db, secrets.keys, systemClock.today());
    if (history) log.info({ cases: history.cases, ratings: history.ratings, ms: history.ms }, 'synthetic service history loaded (dashboard, public page)');
  }
  const dataSources = await startDataSources({
    db, keys: secrets.keys, clock: systemClock, settings: dataSourceConfigFromEnv(process.env, { port: config.port, host: config.host }), log,
  });
  log.info({ url: dataSources.httpUrl }, 'outside data sources (social insurance, lease filings)');
  const notifications = new NotificationService({ db, clock: systemClock, config, keys: secrets.keys, log });
  const app = await buildApp({ db, clock: systemClock, config, secrets, dataSources: dataSources.service, notifications });
  // durable timers (reminders, escalations, deadlines): every process polls; each timer fires once
  app.deps.timers.start(config.timerPollMs);
  // overdue monitoring runs as a durable job that reschedules itself; the first start (or a lost chain) schedules it
  await app.deps.monitor.ensureScheduled();
  const stopCheckpoints = startAuditCheckpoints(db, { intervalSeconds: auditConfig.checkpointSeconds, log });
  // e-mail and SMS of the outbox; every process may run this loop (each delivery is claimed by one)
  notifications.start(config.notifyPollMs);
  log.info({ channels: notifications.channels, pollMs: config.notifyPollMs }, notifications.channels.length ? 'notification delivery started' : 'notifications are in-app only: set SMTP_URL and/or SMS_URL to send e-mail and SMS');
  const close = async () => {
    stopCheckpoints();
    await notifications.stop();
    await app.deps.timers.stop();
    await app.close();
    await dataSources.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
  const address = await app.listen({ port: config.port, host: config.host });
  const shown = address.replace('127.0.0.1', 'localhost');
  config.publicUrl ??= shown;
  log.info({ address: shown, database: db.kind }, 'Tongban is running');
  console.log(`\n  Tongban (通办) is running at ${shown}/  (database: ${db.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})\n`);
}

main().catch((err: unknown) => {
  if (err instanceof DatabaseUnavailableError) {
    log.fatal(err.message);
    console.error(`\nTongban could not start: ${err.message}\n`);
  } else {
    log.fatal({ err }, 'Tongban could not start');
    console.error(`\nTongban could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  process.exit(1);
});
