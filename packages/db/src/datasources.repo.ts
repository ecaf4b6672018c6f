/**
 * Storage of the authoritative data sources kept in this database (migration 0004). Rows are keyed by the citizen-ID
 * blind index and arrive with personal values sealed; SQL only: grants, decryption and auditing are the server's.
 */
import type { Queryable } from './db.ts';

/** A person in the population register. */
export interface DsPopulationRow {
  citizenIdIdx: string;
  citizenIdEnc: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  ethnicity: string;
  householdAddressEnc: string;
  householdDistrict: string;
  householdType: string;
  maritalStatus: string;
  photoRef: string | null;
  phoneEnc: string | null;
  deathDate: string | null;
}

/** A residence registration (one per person; `endDate` set when it ended). */
export interface DsResidenceRow {
  citizenIdIdx: string;
  addressEnc: string;
  district: string;
  startDate: string;
  endDate: string | null;
}

/** A vehicle in the vehicle register; plate number and VIN sealed together in `identifiersEnc`. */
export interface DsVehicleRow {
  id: string;
  citizenIdIdx: string;
  identifiersEnc: string;
  vehicleType: string;
  ownerName: string;
  registrationDate: string;
  inspectionDue: string;
  violationsOpen: number;
  accidentsOpen: number;
  mortgaged: boolean;
  status: string;
}

/** A driving licence. */
export interface DsDrivingLicenceRow {
  citizenIdIdx: string;
  numberEnc: string;
  class: string;
  validFrom: string;
  validUntil: string;
  status: string;
  points: number;
}

/** An enterprise in the enterprise register, with its legal representative. */
export interface DsEnterpriseRow {
  uscc: string;
  name: string;
  legalRepIdx: string;
  legalRepName: string;
  addressEnc: string;
  businessScope: string;
  status: string;
}

/** A criminal record (only its existence is ever read). */
export interface DsCriminalRecordRow {
  id: string;
  citizenIdIdx: string;
  offence: string;
  judgedOn: string;
}

/** A licence type a person holds (the wallet's stand-in). */
export interface DsLicenseHeldRow {
  citizenIdIdx: string;
  licenseType: string;
  issuedOn: string;
  validUntil: string | null;
}

/** The tables and the row shape each takes. */
export interface DsTables {
  ds_population: DsPopulationRow;
  ds_residence: DsResidenceRow;
  ds_vehicles: DsVehicleRow;
  ds_driving_licences: DsDrivingLicenceRow;
  ds_enterprises: DsEnterpriseRow;
  ds_criminal_records: DsCriminalRecordRow;
  ds_licenses_held: DsLicenseHeldRow;
}

const d = (col: string, as: string) => `to_char(${col}, 'YYYY-MM-DD') as "${as}"`;
const POPULATION = `citizen_id_idx as "citizenIdIdx", citizen_id_enc as "citizenIdEnc", name, sex, ${d('birth_date', 'birthDate')}, ethnicity,
  household_address_enc as "householdAddressEnc", household_district as "householdDistrict", household_type as "householdType",
  marital_status as "maritalStatus", photo_ref as "photoRef", phone_enc as "phoneEnc", ${d('death_date', 'deathDate')}`;
const RESIDENCE = `citizen_id_idx as "citizenIdIdx", address_enc as "addressEnc", district, ${d('start_date', 'startDate')}, ${d('end_date', 'endDate')}`;
const VEHICLE = `id, citizen_id_idx as "citizenIdIdx", identifiers_enc as "identifiersEnc", vehicle_type as "vehicleType", owner_name as "ownerName",
  ${d('registration_date', 'registrationDate')}, ${d('inspection_due', 'inspectionDue')}, violations_open as "violationsOpen",
  accidents_open as "accidentsOpen", mortgaged, status`;
const LICENCE = `citizen_id_idx as "citizenIdIdx", number_enc as "numberEnc", class, ${d('valid_from', 'validFrom')}, ${d('valid_until', 'validUntil')}, status, points`;
const ENTERPRISE = `uscc, name, legal_rep_idx as "legalRepIdx", legal_rep_name as "legalRepName", address_enc as "addressEnc",
  business_scope as "businessScope", status`;

const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Repository of the data-source tables. Every function takes the connection or transaction to run on. */
export const dataSourcesRepo = {
  /** How many people the population register holds (0 before the first seeding). */
  async countPopulation(q: Queryable): Promise<number> {
    return (await q.query<{ n: number }>('select count(*)::int as n from ds_population')).rows[0]?.n ?? 0;
  },

  /**
   * Inserts rows into one table, `batch` rows per statement (one JSON parameter each: `json_populate_recordset` maps
   * the keys onto the columns, on PGlite and PostgreSQL alike).
   */
  async insertMany<T extends keyof DsTables>(q: Queryable, table: T, rows: readonly DsTables[T][], batch = 2000): Promise<void> {
    for (let i = 0; i < rows.length; i += batch) {
      const json = JSON.stringify(rows.slice(i, i + batch).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [snake(k), v]))));
      await q.query(`insert into ${table} select * from json_populate_recordset(null::${table}, $1::json)`, [json]);
    }
  },

  async population(q: Queryable, idx: string): Promise<DsPopulationRow | null> {
    return (await q.query<DsPopulationRow>(`select ${POPULATION} from ds_population where citizen_id_idx = $1`, [idx])).rows[0] ?? null;
  },

  async residence(q: Queryable, idx: string): Promise<DsResidenceRow | null> {
    return (await q.query<DsResidenceRow>(`select ${RESIDENCE} from ds_residence where citizen_id_idx = $1`, [idx])).rows[0] ?? null;
  },

  /** The person's vehicles, the one most in need of attention first: normal ones by the nearest inspection due date. */
  async vehiclesOf(q: Queryable, idx: string): Promise<DsVehicleRow[]> {
    return (await q.query<DsVehicleRow>(
      `select ${VEHICLE} from ds_vehicles v where v.citizen_id_idx = $1 order by (v.status = 'normal') desc, v.inspection_due, v.id`, [idx])).rows;
  },

  async drivingLicence(q: Queryable, idx: string): Promise<DsDrivingLicenceRow | null> {
    return (await q.query<DsDrivingLicenceRow>(`select ${LICENCE} from ds_driving_licences where citizen_id_idx = $1`, [idx])).rows[0] ?? null;
  },

  async enterprise(q: Queryable, uscc: string): Promise<DsEnterpriseRow | null> {
    return (await q.query<DsEnterpriseRow>(`select ${ENTERPRISE} from ds_enterprises where uscc = $1`, [uscc])).rows[0] ?? null;
  },

  /** The enterprises a person is the legal representative of. */
  async enterprisesOfLegalRep(q: Queryable, idx: string): Promise<DsEnterpriseRow[]> {
    return (await q.query<DsEnterpriseRow>(`select ${ENTERPRISE} from ds_enterprises e where e.legal_rep_idx = $1 order by e.uscc`, [idx])).rows;
  },

  /** Whether the person has any criminal record (the records themselves are never read here). */
  async hasCriminalRecord(q: Queryable, idx: string): Promise<boolean> {
    return (await q.query<{ yes: boolean }>('select exists (select 1 from ds_criminal_records where citizen_id_idx = $1) as yes', [idx])).rows[0]?.yes ?? false;
  },

  /** The licence types a person holds that are valid on `today` (YYYY-MM-DD), in name order. */
  async licensesHeld(q: Queryable, idx: string, today: string): Promise<string[]> {
    // the e-licence library's records, and the licences this platform issued (the wallet), valid today
    const r = await q.query<{ licenseType: string }>(
      `select h.license_type as "licenseType" from ds_licenses_held h
       where h.citizen_id_idx = $1 and h.issued_on <= $2::date and (h.valid_until is null or h.valid_until >= $2::date)
       union
       select l.license_type from licenses l join persons p on p.id = l.holder_id
       where p.citizen_id_idx = $1 and l.status = 'valid' and l.issued_on <= $2::date and (l.expires_on is null or l.expires_on >= $2::date)
       order by 1`,
      [idx, today]);
    return r.rows.map((x) => x.licenseType);
  },
};
