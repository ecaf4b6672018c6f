/**
 * The outside sources served over HTTP, as a small Fastify app on its own port: employee social insurance (社保,
 * the human resources and social security bureau) and registered leases (租赁备案, the housing administration).
 * It serves the synthetic data set of the day it starts (the same people as the database sources) and stands in for
 * the real agencies' gateways, which would implement the same protocol (http-sources.protocol.ts).
 *
 * Test hooks, so tests and demos can see the platform degrade to "ask the applicant": `simulate(source, mode)` on
 * the handle; `failRate` and `delayMs` for the whole service; and, only when started with `testMode`, a request
 * header `x-simulate: timeout|error`.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import Type from 'typebox';
import { generateSyntheticData, type SyntheticPerson } from '../synthetic.ts';
import {
  HTTP_SOURCE_FIELDS, HTTP_SOURCE_PATHS, isClientToken, subjectToken,
  type HttpSourceAnswer, type HttpSourceName, type HttpSourceQuery, type SimulatedFailure,
} from './http-sources.protocol.ts';

/** How to start the outside sources. */
export interface HttpSourcesOptions {
  /** port to listen on (0: any free port) */
  port?: number;
  host?: string;
  /** the day whose synthetic data is served (YYYY-MM-DD); the platform's clock */
  today: string;
  /** the key shared with the platform: authenticates it and keys the subject tokens */
  key: Buffer;
  /** generated people in the data set (as seeded into the database sources) */
  people?: number;
  /** accept the `x-simulate` request header */
  testMode?: boolean;
  /** share of requests answered 503, at random (0–1) */
  failRate?: number;
  /** delay added to every answer, in milliseconds */
  delayMs?: number;
  /** how long a simulated timeout hangs before answering 504 (the client has normally given up long before) */
  hangMs?: number;
  logger?: boolean | object;
}

/** The running service. */
export interface HttpSourcesHandle {
  url: string;
  close: () => Promise<void>;
  /** makes one source hang or fail from now on (null: behave again) */
  simulate: (source: HttpSourceName, mode: SimulatedFailure | null) => void;
}

const QueryBody = Type.Object(
  { subject: Type.String({ minLength: 20, maxLength: 100 }), fields: Type.Array(Type.String(), { minItems: 1, maxItems: 10, uniqueItems: true }) },
  { additionalProperties: false },
);

const pick = (record: Record<string, unknown>, fields: readonly string[]) =>
  Object.fromEntries(fields.filter((f) => record[f] !== undefined).map((f) => [f, record[f]]));

/** The record each source holds about a person, or null. */
function recordOf(source: HttpSourceName, p: SyntheticPerson): Record<string, unknown> | null {
  if (source === 'socialInsurance') return p.socialInsurance ? { months: p.socialInsurance.months, employer: p.socialInsurance.employer } : null;
  return p.lease ? { address: p.lease.address, district: p.lease.district, startDate: p.lease.startDate, endDate: p.lease.endDate, filed: true } : null;
}

/** Builds the app (not listening). */
export function buildHttpSources(opts: HttpSourcesOptions): { app: FastifyInstance; simulate: HttpSourcesHandle['simulate'] } {
  const data = generateSyntheticData({ today: opts.today, people: opts.people });
  const byToken = new Map<string, SyntheticPerson>();
  for (const p of data.people) if (p.socialInsurance || p.lease) byToken.set(subjectToken(opts.key, p.citizenId), p);
  const simulated: Partial<Record<HttpSourceName, SimulatedFailure>> = {};
  const hangMs = opts.hangMs ?? 30_000;

  const app = Fastify({ logger: opts.logger ?? false, forceCloseConnections: true });
  app.get('/healthz', async () => ({ ok: true, sources: Object.keys(HTTP_SOURCE_PATHS) }));

  for (const source of Object.keys(HTTP_SOURCE_PATHS) as HttpSourceName[]) {
    app.post<{ Body: HttpSourceQuery }>(HTTP_SOURCE_PATHS[source], { schema: { body: QueryBody } }, async (req, reply) => {
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!isClientToken(opts.key, bearer)) return reply.code(401).send({ code: 'unauthenticated', message: 'a valid bearer token is required' });
      const unknown = req.body.fields.filter((f) => !HTTP_SOURCE_FIELDS[source].includes(f));
      if (unknown.length) return reply.code(400).send({ code: 'unknown_field', fields: unknown });

      const header = opts.testMode ? req.headers['x-simulate'] : undefined;
      const mode = simulated[source] ?? (header === 'timeout' || header === 'error' ? header : undefined);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      if (mode === 'timeout') {
        // hang until the client gives up (its connection closes) or hangMs passes
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, hangMs);
          reply.raw.once('close', () => { clearTimeout(timer); resolve(); });
        });
        return reply.code(504).send({ code: 'timeout' });
      }
      if (mode === 'error' || (opts.failRate && Math.random() < opts.failRate)) {
        return reply.code(503).send({ code: 'unavailable', message: `${source} is unavailable` });
      }
      const person = byToken.get(req.body.subject);
      const record = person ? recordOf(source, person) : null;
      const answer: HttpSourceAnswer = { record: record ? pick(record, req.body.fields) : null, asOf: data.today };
      return answer;
    });
  }
  return { app, simulate: (source, mode) => { if (mode) simulated[source] = mode; else delete simulated[source]; } };
}

/** Starts the outside sources on their own port; `close` stops them (open connections included). */
export async function startHttpSources(opts: HttpSourcesOptions): Promise<HttpSourcesHandle> {
  const { app, simulate } = buildHttpSources(opts);
  const url = await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  return { url, close: () => app.close(), simulate };
}
