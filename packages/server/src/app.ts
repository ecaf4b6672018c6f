/** Builds the HTTP application: problem handling, OpenAPI, the API routes and the web app. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { Db } from '@tongban/db';
import type { Config } from './config.ts';
import type { Clock } from './clock.ts';
import { installProblemHandlers, ProblemSchema, routeNotFound } from './http/problems.ts';
import { systemRoutes } from './routes/system/system.routes.ts';
import { catalogRoutes } from './routes/catalog/catalog.routes.ts';
import { catalogAdminRoutes } from './routes/catalog/catalog.admin.routes.ts';
import { CatalogSearchIndex } from './catalog/catalog.search-index.ts';
import { installAuth, type GuardedRoute } from './http/auth.ts';
import type { Secrets } from './identity/keys.ts';
import { OrgDirectory } from './identity/org-directory.ts';
import { OidcRelyingParty } from './identity/oidc-client.ts';
import { mountDevIdp } from './identity/idp.plugin.ts';
import { authRoutes } from './routes/identity/auth.routes.ts';
import { officerRoutes } from './routes/identity/officer.routes.ts';
import { auditAdminRoutes } from './routes/audit/audit.admin.routes.ts';
import { applicationsRoutes } from './routes/applications/applications.routes.ts';
import { DataSourceService } from './datasources/datasources.service.ts';
import { dbAdapters } from './datasources/adapters.ts';
import { materialsRoutes } from './routes/materials/materials.routes.ts';
import { NotificationService } from './notifications/notifications.service.ts';
import { notificationsRoutes } from './routes/notifications/notifications.routes.ts';
import { CalendarService } from './cases/calendar.service.ts';
import { CaseService } from './cases/cases.service.ts';
import { TimerWorker } from './cases/timers.ts';
import { casesRoutes } from './routes/cases/cases.routes.ts';
import { IssuerKeys } from './licenses/issuer-keys.ts';
import { LicenseService } from './licenses/licenses.service.ts';
import { licensesRoutes } from './routes/licenses/licenses.routes.ts';
import { RatingService } from './quality/ratings.service.ts';
import { RectificationService } from './quality/rectifications.service.ts';
import { qualityRoutes } from './routes/quality/quality.routes.ts';
import { MonitorService } from './monitoring/monitor.service.ts';
import { installHttpMetrics, Metrics } from './monitoring/metrics.ts';
import { monitoringRoutes } from './routes/monitoring/monitoring.routes.ts';
import { dashboardRoutes } from './routes/dashboard/dashboard.routes.ts';

/** What the routes need: the database, the clock and the configuration. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  /** The configuration; `publicUrl` is filled in once the server listens when it was not configured. */
  config: Config;
  secrets: Secrets;
  catalogSearch: CatalogSearchIndex;
  orgs: OrgDirectory;
  rp: OidcRelyingParty;
  /** the issuer of platform access tokens (the public URL) */
  tokenIssuer: () => string;
  dataSources: DataSourceService;
  /** the inbox, the outbox (enqueue in a transaction) and the delivery worker; main.ts starts its loop */
  notifications: NotificationService;
  /** the working-day calendar (bundled years plus loaded ones) */
  calendar: CalendarService;
  /** case handling (办件) */
  cases: CaseService;
  /** durable timers; main.ts starts its loop */
  timers: TimerWorker;
  /** the issuing orgs' e-licence signing keys */
  issuerKeys: IssuerKeys;
  /** e-licences: issuance on approval, the holder's wallet */
  licenses: LicenseService;
  /** ratings (好差评): the applicant's, the counter pad's and outside channels' */
  ratings: RatingService;
  /** rectification work orders (差评整改) of bad ratings */
  rectifications: RectificationService;
  /** overdue monitoring: the detection pass (durable job monitor.detect) and the alerts */
  monitor: MonitorService;
  /** this app's Prometheus metrics (GET /metrics) */
  metrics: Metrics;
}

type BaseDeps = Pick<AppDeps, 'db' | 'clock' | 'config' | 'secrets'> & Partial<AppDeps>;

export async function buildApp(base: BaseDeps, opts: { logger?: boolean | object } = {}): Promise<FastifyInstance> {
  const deps: AppDeps = {
    catalogSearch: new CatalogSearchIndex(base.db, base.clock),
    orgs: new OrgDirectory(base.db),
    rp: new OidcRelyingParty(base.config),
    tokenIssuer: () => base.config.publicUrl ?? 'tongban',
    // without the outside-sources service, social insurance and lease filings come back as unknown
    dataSources: new DataSourceService({ db: base.db, clock: base.clock, adapters: dbAdapters({ db: base.db, keys: base.secrets.keys, clock: base.clock }) }),
    notifications: new NotificationService({ db: base.db, clock: base.clock, config: base.config, keys: base.secrets.keys }),
    ...base,
  } as AppDeps;
  deps.calendar ??= new CalendarService(deps.db);
  deps.issuerKeys ??= new IssuerKeys({ db: deps.db, keys: deps.secrets.keys, profile: deps.config.licenseSigning });
  deps.licenses ??= new LicenseService({
    db: deps.db, keys: deps.secrets.keys, clock: deps.clock, orgs: deps.orgs, issuerKeys: deps.issuerKeys, baseUrl: () => deps.config.publicUrl ?? 'http://localhost', notifier: deps.notifications,
    trusted: () => deps.config.trustedIssuers,
  });
  deps.metrics ??= new Metrics({ db: deps.db, clock: deps.clock });
  deps.cases ??= new CaseService({
    db: deps.db, keys: deps.secrets.keys, clock: deps.clock, orgs: deps.orgs, calendar: deps.calendar, notifier: deps.notifications,
    onApproved: (tx, row, item) => deps.licenses.issueForCase(tx, row, item),
    onEvents: (events) => { for (const e of events) deps.metrics.caseTransitions.inc({ kind: e.kind, to_state: e.toState ?? '' }); },
  });
  deps.monitor ??= new MonitorService({ db: deps.db, clock: deps.clock, calendar: deps.calendar, notifier: deps.notifications, intervalMs: deps.config.monitorIntervalMs });
  deps.notifications.worker.onFailure = (channel, outcome) => deps.metrics.notificationFailures.inc({ channel, outcome });
  deps.dataSources.onFailure = (source, reason) => deps.metrics.dataSourceErrors.inc({ source, reason });
  const qualityDeps = { db: deps.db, keys: deps.secrets.keys, clock: deps.clock, orgs: deps.orgs, calendar: deps.calendar, notifier: deps.notifications, rectifyDays: () => deps.config.rectifyDays };
  deps.rectifications ??= new RectificationService(qualityDeps);
  deps.ratings ??= new RatingService({ ...qualityDeps, rectifications: deps.rectifications });
  // a durable timer goes to the domain named by its kind's prefix (`license.remind` → licences)
  deps.timers ??= new TimerWorker({
    db: deps.db, clock: deps.clock,
    handle: (tx, job) => {
      switch (job.kind.split('.')[0]) {
        case 'license': return deps.licenses.onTimer(tx, job);
        case 'rectification': return deps.rectifications.onTimer(tx, job);
        case 'monitor': return deps.monitor.onTimer(tx, job);
        default: return deps.cases.onTimer(tx, job);
      }
    },
  });
  const app = Fastify({
    logger: opts.logger ?? { level: deps.config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    bodyLimit: 10 * 1024 * 1024,
    trustProxy: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  // Responses are built by presenters; plain JSON.stringify keeps every field they chose (see docs/decisions).
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addContentTypeParser(['application/yaml', 'application/x-yaml', 'text/yaml'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  installProblemHandlers(app);
  installHttpMetrics(app, deps.metrics);
  app.addSchema(ProblemSchema);
  await app.register(cookie, { secret: deps.secrets.sessionSecret.toString('base64') });
  await app.register(formbody);
  await app.register(rateLimit, { global: false });
  const guardedRoutes = installAuth(app, { db: deps.db, orgs: deps.orgs, sessionSecret: deps.secrets.sessionSecret, adminToken: deps.config.adminToken, tokenIssuer: deps.tokenIssuer });
  if (!deps.config.oidcIssuer) mountDevIdp(app, deps.config, deps.db, deps.secrets.sessionSecret.toString('base64'));
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tongban API',
        version: '0.1.0',
        description: 'Tongban (通办): one-network public-security services. Errors are RFC 9457 problem+json with zh and en messages.',
      },
      components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
    },
    refResolver: { buildLocalReference: (json, _base, _frag, i) => (json.$id as string) || `def-${i}` },
  });

  await app.register(systemRoutes(deps));
  await app.register(catalogRoutes(deps));
  await app.register(catalogAdminRoutes(deps));
  await app.register(authRoutes(deps));
  await app.register(officerRoutes(deps));
  await app.register(auditAdminRoutes(deps));
  await app.register(applicationsRoutes(deps));
  await app.register(materialsRoutes(deps));
  await app.register(notificationsRoutes(deps));
  await app.register(casesRoutes(deps));
  await app.register(licensesRoutes(deps));
  await app.register(qualityRoutes(deps));
  await app.register(monitoringRoutes(deps));
  await app.register(dashboardRoutes(deps));

  const web = deps.config.webDist;
  const hasWeb = existsSync(join(web, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: web, prefix: '/', wildcard: false, index: ['index.html'] });
  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    if (hasWeb && req.method === 'GET' && !path.startsWith('/api/') && !path.startsWith('/auth/') && path !== '/healthz') {
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    }
    return routeNotFound(req, reply);
  });
  app.decorate('guardedRoutes', guardedRoutes);
  app.decorate('deps', deps);
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** every officer and admin route with its policy action */
    guardedRoutes: GuardedRoute[];
    /** the services the routes use (tests and main.ts reach the workers through it) */
    deps: AppDeps;
  }
}
