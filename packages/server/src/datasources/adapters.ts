/**
 * Adapters of the authoritative sources: one per source, each turning the source's own record into field values.
 * A real source (the population register's service, a gateway of another agency, the wallet) implements the same
 * interface. An adapter answers only the fields asked and decrypts only those; it answers null when the source holds
 * no record, a record without a field when that value is missing, and throws when the source cannot be reached.
 * Where a source's silence is itself the answer (no residence registration, no criminal record, no filed lease), the
 * adapter says so (`registered: false`) rather than "no record".
 */
import { DATA_SOURCES, decryptPii, type DataSourceName, type DataSourceSubject, type KeyProvider } from '@tongban/core';
import { dataSourcesRepo, type Queryable } from '@tongban/db';
import type { Clock } from '../clock.ts';
import { monthsBetween, yearsBetween } from './calendar.ts';
import { clientToken, HTTP_SOURCE_PATHS, subjectToken, type HttpSourceAnswer, type HttpSourceName } from './http-sources/http-sources.protocol.ts';

/** How one read runs: the signal that ends it (timeout), and the caller's transaction for database sources. */
export interface ReadOptions {
  signal: AbortSignal;
  /** database sources read through it when given (PGlite runs one transaction at a time) */
  tx?: Queryable;
}

/** A data source as the platform reads it. */
export interface DataSourceAdapter {
  readonly source: DataSourceName;
  /** The values of `fields` (names within the source: `age`, not `population.age`) for the subject, or null: no record. */
  read(subject: DataSourceSubject, fields: readonly string[], opts: ReadOptions): Promise<Record<string, unknown> | null>;
}

/** Raised by an adapter when its source answers with an error. */
export class SourceUnavailableError extends Error {
  constructor(readonly source: DataSourceName, why: string) {
    super(`${source} is unavailable: ${why}`);
    this.name = 'SourceUnavailableError';
  }
}

type Getters = Record<string, () => unknown>;

/** The asked fields that have a getter and a value (a getter answering undefined: the record lacks that value). */
function only(fields: readonly string[], get: Getters): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (!Object.hasOwn(get, f)) continue;
    const v = get[f]!();
    if (v !== undefined) out[f] = v;
  }
  return out;
}

const adapter = (source: DataSourceName, read: DataSourceAdapter['read']): DataSourceAdapter => ({ source, read });

/** The sources kept in this database: population, residence, vehicles, driving licences, enterprises, criminal records, held licences. */
export function dbAdapters(deps: { db: Queryable; keys: KeyProvider; clock: Pick<Clock, 'today'> }): DataSourceAdapter[] {
  const { keys, clock } = deps;
  const q = (opts: ReadOptions) => opts.tx ?? deps.db;
  return [
    adapter('population', async (s, fields, opts) => {
      const row = await dataSourcesRepo.population(q(opts), s.citizenIdIdx);
      if (!row) return null;
      return only(fields, {
        name: () => row.name,
        sex: () => row.sex,
        birthDate: () => row.birthDate,
        age: () => yearsBetween(row.birthDate, row.deathDate ?? clock.today()),
        ethnicity: () => row.ethnicity,
        citizenId: () => decryptPii(keys, 'citizen_id', row.citizenIdEnc),
        householdAddress: () => decryptPii(keys, 'address', row.householdAddressEnc),
        householdDistrict: () => row.householdDistrict,
        householdType: () => row.householdType,
        maritalStatus: () => row.maritalStatus,
        photo: () => row.photoRef ?? undefined,
        phone: () => (row.phoneEnc ? decryptPii(keys, 'phone', row.phoneEnc) : undefined),
        alive: () => row.deathDate === null,
        deathDate: () => row.deathDate,
      });
    }),

    adapter('residence', async (s, fields, opts) => {
      const row = await dataSourcesRepo.residence(q(opts), s.citizenIdIdx);
      const today = clock.today();
      // No current registration is an answer: not registered, for 0 months; where and since when stay unknown.
      if (!row || (row.endDate !== null && row.endDate <= today)) return only(fields, { registered: () => false, months: () => 0 });
      return only(fields, {
        address: () => decryptPii(keys, 'address', row.addressEnc),
        district: () => row.district,
        startDate: () => row.startDate,
        months: () => monthsBetween(row.startDate, today),
        registered: () => true,
      });
    }),

    adapter('vehicle', async (s, fields, opts) => {
      // A person with several vehicles: the one most in need of attention (see dataSourcesRepo.vehiclesOf).
      const row = (await dataSourcesRepo.vehiclesOf(q(opts), s.citizenIdIdx))[0];
      if (!row) return null;
      let ids: { plateNumber: string; vin: string } | undefined;
      const identifiers = () => (ids ??= JSON.parse(decryptPii(keys, 'document', row.identifiersEnc)) as { plateNumber: string; vin: string });
      return only(fields, {
        plateNumber: () => identifiers().plateNumber,
        vin: () => identifiers().vin,
        vehicleType: () => row.vehicleType,
        owner: () => row.ownerName,
        registrationDate: () => row.registrationDate,
        inspectionDue: () => row.inspectionDue,
        violationsOpen: () => row.violationsOpen,
        accidentsOpen: () => row.accidentsOpen,
        mortgaged: () => row.mortgaged,
        status: () => row.status,
      });
    }),

    adapter('drivingLicence', async (s, fields, opts) => {
      const row = await dataSourcesRepo.drivingLicence(q(opts), s.citizenIdIdx);
      if (!row) return null;
      const today = clock.today();
      return only(fields, {
        number: () => decryptPii(keys, 'citizen_id', row.numberEnc),
        class: () => row.class,
        validFrom: () => row.validFrom,
        validUntil: () => row.validUntil,
        // a licence past its date is expired even before the register's nightly run marks it
        status: () => (row.status === 'normal' && row.validUntil < today ? 'expired' : row.status),
        points: () => row.points,
      });
    }),

    adapter('enterprise', async (s, fields, opts) => {
      // The enterprise the person acts for; without one, the enterprise they are the sole legal representative of.
      let row = s.uscc ? await dataSourcesRepo.enterprise(q(opts), s.uscc) : null;
      if (!s.uscc) {
        const own = await dataSourcesRepo.enterprisesOfLegalRep(q(opts), s.citizenIdIdx);
        row = own.length === 1 ? own[0]! : null;
      }
      if (!row) return null;
      const e = row;
      return only(fields, {
        uscc: () => e.uscc,
        name: () => e.name,
        legalRepresentative: () => e.legalRepName,
        address: () => decryptPii(keys, 'address', e.addressEnc),
        businessScope: () => e.businessScope,
        status: () => e.status,
      });
    }),

    adapter('criminalRecord', async (s, fields, opts) => {
      const has = await dataSourcesRepo.hasCriminalRecord(q(opts), s.citizenIdIdx);
      return only(fields, { hasRecord: () => has });
    }),

    // The licence types the person holds, valid today: the e-licence library's and the platform wallet's.
    adapter('license', async (s, fields, opts) => {
      const held = await dataSourcesRepo.licensesHeld(q(opts), s.citizenIdIdx, clock.today());
      return only(fields, { held: () => held });
    }),
  ];
}

/** Where the outside sources are and how long to wait for them. */
export interface HttpSourceSettings {
  /** base URL of the service (the local one, or a gateway with the same protocol) */
  baseUrl: string;
  /** the shared key (subject tokens and the bearer token) */
  key: Buffer;
  /** DS_TIMEOUT_MS */
  timeoutMs?: number;
}

/** What an outside source's silence means: no filed lease; no employee social insurance paid. */
const WHEN_NO_RECORD: Record<HttpSourceName, Record<string, unknown>> = {
  socialInsurance: { months: 0 },
  lease: { filed: false },
};

/** The adapter of one outside source served over HTTP (POST, the person named by a keyed token). */
export function httpAdapter(source: HttpSourceName, settings: HttpSourceSettings): DataSourceAdapter {
  const url = new URL(HTTP_SOURCE_PATHS[source], settings.baseUrl).toString();
  const timeoutMs = settings.timeoutMs ?? 1500;
  return adapter(source, async (s, fields, opts) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${clientToken(settings.key)}`, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ subject: subjectToken(settings.key, s.citizenId), fields }),
      signal: AbortSignal.any([opts.signal, AbortSignal.timeout(timeoutMs)]),
    });
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw new SourceUnavailableError(source, `HTTP ${res.status}`);
    }
    const answer = (await res.json()) as HttpSourceAnswer;
    if (!answer || typeof answer !== 'object' || !('record' in answer)) throw new SourceUnavailableError(source, 'malformed answer');
    if (answer.record === null) return only(fields, Object.fromEntries(Object.entries(WHEN_NO_RECORD[source]).map(([k, v]) => [k, () => v])));
    const known = Object.keys(DATA_SOURCES[source].fields);
    return Object.fromEntries(Object.entries(answer.record).filter(([k]) => fields.includes(k) && known.includes(k)));
  });
}

/** The adapters of both outside sources. */
export const httpAdapters = (settings: HttpSourceSettings): DataSourceAdapter[] =>
  (Object.keys(HTTP_SOURCE_PATHS) as HttpSourceName[]).map((source) => httpAdapter(source, settings));
