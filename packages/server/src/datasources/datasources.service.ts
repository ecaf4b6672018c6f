/**
 * Reading an applicant's facts from the authoritative sources (数源) under an item's grant (最小可用): the grant is
 * checked before anything is read, every source is read in parallel with a timeout, a source that fails or is slow
 * turns its fields into `unknown` (the applicant is asked instead; never an error page), and every read is written to
 * the audit log with its purpose, so it shows on the citizen's "who used my data" page.
 */
import { randomBytes } from 'node:crypto';
import {
  DATA_SOURCES, DomainError, fieldInfo, splitSourceField,
  type DataSourceName, type DataSourceSubject, type FactSet, type FieldProblem, type KeyProvider, type UnknownReason,
} from '@tongban/core';
import type { Db, Queryable } from '@tongban/db';
import { audit, type AuditInput } from '../audit/audit.service.ts';
import type { Clock } from '../clock.ts';
import { dbAdapters, httpAdapters, type DataSourceAdapter } from './adapters.ts';
import { startHttpSources, type HttpSourcesHandle } from './http-sources/http-sources.app.ts';

/** One read: whose facts, which fields, under which grant, for what purpose and by whom. */
export interface DataSourceReadInput {
  subject: DataSourceSubject;
  /** `source.field` names */
  fields: string[];
  /** what the purpose may read: grantOf(item) */
  grant: ReadonlySet<string>;
  /** `application:<id>`, or another stated purpose; shown to the citizen */
  purpose: string;
  /** who reads (`citizen:p-…`, `officer:o-…`, `system:…`) */
  actor: string;
  actorRole?: string | null;
  org?: string | null;
}

/** Something that logs (pino or the Fastify logger). */
interface Log { warn(obj: object, msg: string): void }

const DEFAULT_TIMEOUT_MS = 1500;

function unknownMessage(reason: UnknownReason, source: DataSourceName, field: string): { zh: string; en: string } {
  const src = DATA_SOURCES[source].name;
  const label = fieldInfo(`${source}.${field}`)?.label ?? { zh: field, en: field };
  switch (reason) {
    case 'no_record': return { zh: `${src.zh}中没有“${label.zh}”的记录，请您自行填写或说明`, en: `The ${src.en} has no record of "${label.en}"; please provide it yourself` };
    case 'timeout': return { zh: `${src.zh}暂时没有响应，“${label.zh}”请您自行填写或说明`, en: `The ${src.en} did not answer in time; please provide "${label.en}" yourself` };
    case 'source_unavailable': return { zh: `${src.zh}暂时无法访问，“${label.zh}”请您自行填写或说明`, en: `The ${src.en} is unavailable right now; please provide "${label.en}" yourself` };
    case 'not_granted': return { zh: `本事项无权读取“${label.zh}”`, en: `This purpose may not read "${label.en}"` };
  }
}

const isTimeout = (err: unknown, signal: AbortSignal): boolean =>
  signal.aborted || (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'));

/** Resolves with the promise, or rejects with the signal's reason once it aborts (for adapters that ignore it). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => { /* settled after the timeout: nobody is waiting any more */ });
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The caller's transaction, one statement at a time: the sources are read in parallel, but a transaction is one
 * connection, and pg refuses (from pg 9) a query while another runs on the same client.
 */
function oneAtATime(tx: Queryable): Queryable {
  let last: Promise<unknown> = Promise.resolve();
  const run = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = last.then(fn, fn);
    last = next.catch(() => undefined);
    return next;
  };
  return {
    query: <T = Record<string, unknown>>(sql: string, params?: unknown[]) => run(() => tx.query<T>(sql, params)),
    exec: (sql: string) => run(() => tx.exec(sql)),
  };
}

/** Reads facts from the sources' adapters: grant first, sources in parallel with timeouts, every read audited. */
export class DataSourceService {
  private readonly adapters = new Map<DataSourceName, DataSourceAdapter>();
  private readonly pending = new Set<Promise<void>>();
  private readonly timeoutMs: number;
  /** told of every source that failed a read (the data-source errors metric; set by the app) */
  onFailure: ((source: string, reason: 'timeout' | 'source_unavailable') => void) | null = null;

  constructor(private readonly deps: { db: Db; clock: Pick<Clock, 'now'>; adapters: DataSourceAdapter[]; timeoutMs?: number; log?: Log }) {
    for (const a of deps.adapters) this.adapters.set(a.source, a);
    this.timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /**
   * Reads the granted fields of an applicant, each source with a timeout; a failing source yields `unknown`
   * entries, never an error. Every read is audited (action 'personal_data.read', subjectPerson = the applicant's
   * blind index, purpose = `application:<id>` or the given purpose), in the caller's transaction `tx` when given.
   * A field outside the grant refuses the whole read before any source is asked (`datasources.not_granted`, 403),
   * and the refusal is audited too.
   */
  async read(input: DataSourceReadInput, tx?: Queryable): Promise<FactSet> {
    const requested = [...new Set(input.fields)];
    const refused = requested.filter((f) => !input.grant.has(f) || !splitSourceField(f));
    if (refused.length) {
      await this.recordRefusal(input, refused, tx);
      const problems: FieldProblem[] = refused.map((f) => {
        const known = splitSourceField(f);
        return {
          path: `/fields/${input.fields.indexOf(f)}`, reason: 'not_granted',
          message: known ? unknownMessage('not_granted', known.source, known.field) : { zh: `“${f}”不是数源字段`, en: `"${f}" is no data-source field` },
        };
      });
      throw new DomainError('datasources.not_granted', {
        zh: `无权读取 ${refused.join('、')}：超出本事项的数据授权范围（最小可用）`,
        en: `Not allowed to read ${refused.join(', ')}: outside the item's data grant (least privilege)`,
      }, { fields: refused, purpose: input.purpose }, problems);
    }

    const bySource = new Map<DataSourceName, string[]>();
    for (const f of requested) {
      const { source, field } = splitSourceField(f)!;
      bySource.set(source, [...(bySource.get(source) ?? []), field]);
    }
    const facts: FactSet = { values: {}, provenance: {}, unknown: {} };
    const q = tx && tx !== this.deps.db ? oneAtATime(tx) : undefined;
    const failed: Record<string, UnknownReason> = {};
    await Promise.all([...bySource].map(async ([source, fields]) => {
      const markUnknown = (reason: UnknownReason, which: readonly string[]) => {
        for (const field of which) facts.unknown[`${source}.${field}`] = { reason, message: unknownMessage(reason, source, field) };
      };
      const adapter = this.adapters.get(source);
      if (!adapter) {
        failed[source] = 'source_unavailable';
        this.onFailure?.(source, 'source_unavailable');
        return markUnknown('source_unavailable', fields);
      }
      const signal = AbortSignal.timeout(this.timeoutMs);
      let record: Record<string, unknown> | null;
      try {
        record = await untilAborted(adapter.read(input.subject, fields, { signal, ...(q ? { tx: q } : {}) }), signal);
      } catch (err) {
        const reason = isTimeout(err, signal) ? 'timeout' : 'source_unavailable';
        failed[source] = reason;
        this.onFailure?.(source, reason);
        if (reason === 'source_unavailable') this.deps.log?.warn({ err, source }, 'data source unavailable: its fields are asked of the applicant');
        return markUnknown(reason, fields);
      }
      if (record === null) return markUnknown('no_record', fields);
      const readAt = this.deps.clock.now().toISOString();
      for (const field of fields) {
        if (!Object.hasOwn(record, field) || record[field] === undefined) {
          markUnknown('no_record', [field]);
          continue;
        }
        (facts.values[source] ??= {})[field] = record[field];
        facts.provenance[`${source}.${field}`] = { field: `${source}.${field}`, source, sourceName: DATA_SOURCES[source].name, readAt };
      }
    }));

    if (requested.length) {
      await audit(q ?? this.deps.db, {
        ...this.who(input), action: 'personal_data.read',
        detail: { fields: requested, sources: [...bySource.keys()], ...(Object.keys(failed).length ? { unavailable: failed } : {}) },
      });
    }
    return facts;
  }

  /** Resolves once every refusal recorded in the background has been written (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  private who(input: DataSourceReadInput): Omit<AuditInput, 'action' | 'detail'> {
    return {
      actor: input.actor, actorRole: input.actorRole ?? null, org: input.org ?? null, subjectType: 'person',
      subjectId: input.subject.personId, subjectPerson: input.subject.citizenIdIdx, purpose: input.purpose,
    };
  }

  /**
   * A refusal is recorded in a transaction of its own: the caller's transaction rolls back when the refusal escapes
   * it, and would take the record with it. Inside a caller's transaction it is written once that one has ended
   * (PGlite runs one transaction at a time, so waiting for it here would never end).
   */
  private async recordRefusal(input: DataSourceReadInput, refused: string[], tx?: Queryable): Promise<void> {
    const entry: AuditInput = { ...this.who(input), action: 'personal_data.read_denied', detail: { fields: refused, requested: input.fields.length } };
    if (!tx || tx === this.deps.db) return audit(this.deps.db, entry);
    const p: Promise<void> = audit(this.deps.db, entry)
      .catch((err: unknown) => { this.deps.log?.warn({ err }, 'could not record a refused data-source read'); })
      .finally(() => { this.pending.delete(p); });
    this.pending.add(p);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration and start

/** Where the data sources are and how long to wait for them (from the environment; README lists the variables). */
export interface DataSourceSettings {
  /** DS_HTTP_URL: a gateway of the outside sources; unset: the local service is started */
  httpUrl: string | undefined;
  /** DS_HTTP_PORT: port of the local service (default PORT + 1; 0 with PORT 0) */
  httpPort: number;
  httpHost: string;
  /** DS_HTTP_KEY: base64 key shared with the outside sources; generated per run for the local service */
  httpKey: Buffer;
  /** DS_TIMEOUT_MS: how long a source may take (default 1500) */
  timeoutMs: number;
  /** DS_HTTP_FAIL_RATE: share of the local service's answers that fail, to show the fallback (default 0) */
  failRate: number;
}

/** Reads DS_HTTP_URL, DS_HTTP_PORT, DS_HTTP_KEY, DS_TIMEOUT_MS, DS_HTTP_FAIL_RATE; throws naming the variable when one is malformed. */
export function dataSourceConfigFromEnv(env: NodeJS.ProcessEnv, where: { port: number; host: string }): DataSourceSettings {
  const httpUrl = env.DS_HTTP_URL || undefined;
  if (httpUrl && !/^https?:\/\//.test(httpUrl)) throw new Error(`DS_HTTP_URL must be an http(s) URL, got "${httpUrl}"`);
  const httpPort = env.DS_HTTP_PORT ? Number(env.DS_HTTP_PORT) : where.port === 0 ? 0 : where.port + 1;
  if (!Number.isInteger(httpPort) || httpPort < 0 || httpPort > 65535) throw new Error(`DS_HTTP_PORT must be a port number (0-65535), got "${env.DS_HTTP_PORT}"`);
  const timeoutMs = Number(env.DS_TIMEOUT_MS ?? DEFAULT_TIMEOUT_MS);
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new Error(`DS_TIMEOUT_MS must be a whole number of milliseconds, got "${env.DS_TIMEOUT_MS}"`);
  const failRate = Number(env.DS_HTTP_FAIL_RATE ?? 0);
  if (!(failRate >= 0 && failRate <= 1)) throw new Error(`DS_HTTP_FAIL_RATE must be between 0 and 1, got "${env.DS_HTTP_FAIL_RATE}"`);
  let httpKey: Buffer;
  if (env.DS_HTTP_KEY) {
    httpKey = Buffer.from(env.DS_HTTP_KEY, 'base64');
    if (httpKey.length < 32) throw new Error('DS_HTTP_KEY must be at least 32 bytes, base64');
  } else if (httpUrl) {
    throw new Error('DS_HTTP_KEY must be set when DS_HTTP_URL is (the key shared with the outside sources)');
  } else {
    httpKey = randomBytes(32);
  }
  return { httpUrl, httpPort, httpHost: where.host, httpKey, timeoutMs, failRate };
}

/** The running data sources: the service the routes use and the local outside-sources service (when started). */
export interface RunningDataSources {
  service: DataSourceService;
  /** the local outside-sources service, null when DS_HTTP_URL names a gateway */
  http: HttpSourcesHandle | null;
  /** base URL of the outside sources */
  httpUrl: string;
  close: () => Promise<void>;
}

/**
 * Starts the outside sources locally (unless `settings.httpUrl` names a gateway) and builds the DataSourceService
 * over the database sources and the HTTP ones. Seeding the database sources is separate: seedDataSources().
 */
export async function startDataSources(deps: {
  db: Db; keys: KeyProvider; clock: Clock; settings: DataSourceSettings;
  /** accept `x-simulate` on the local service (tests) */
  testMode?: boolean;
  /** generated people of the synthetic data set, as seeded */
  people?: number;
  log?: Log;
}): Promise<RunningDataSources> {
  const { settings } = deps;
  const http = settings.httpUrl ? null : await startHttpSources({
    port: settings.httpPort, host: settings.httpHost, today: deps.clock.today(), key: settings.httpKey,
    failRate: settings.failRate, testMode: deps.testMode ?? false, ...(deps.people !== undefined ? { people: deps.people } : {}),
  }).catch((err: unknown) => {
    throw new Error(`The outside data sources could not listen on ${settings.httpHost}:${settings.httpPort} (set DS_HTTP_PORT to a free port): ${err instanceof Error ? err.message : String(err)}`);
  });
  const httpUrl = settings.httpUrl ?? http!.url;
  const service = new DataSourceService({
    db: deps.db, clock: deps.clock, timeoutMs: settings.timeoutMs, ...(deps.log ? { log: deps.log } : {}),
    adapters: [...dbAdapters({ db: deps.db, keys: deps.keys, clock: deps.clock }), ...httpAdapters({ baseUrl: httpUrl, key: settings.httpKey, timeoutMs: settings.timeoutMs })],
  });
  return {
    service, http, httpUrl,
    close: async () => {
      await service.settled();
      await http?.close();
    },
  };
}
