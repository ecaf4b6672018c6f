/** Storage of orgs, people, officers, enterprises, sessions and failed sign-ins. Personal data arrives encrypted. */
import type { Queryable } from './db.ts';

export interface OrgRow {
  code: string;
  parent: string | null;
  kind: string;
  nameZh: string;
  nameEn: string;
  district: string | null;
  departments: string[];
  path: string[];
}

export interface PersonRow {
  id: string;
  citizenIdEnc: string;
  citizenIdIdx: string;
  name: string;
  sex: 'male' | 'female';
  birthDate: string;
  phoneEnc: string | null;
  phoneIdx: string | null;
  addressEnc: string | null;
  /** where e-mail notifications go (encrypted, kind 'email'); optional when inserting */
  emailEnc?: string | null;
  householdRegion: string;
  householdOrg: string | null;
}

export interface SessionRow {
  id: string;
  kind: 'citizen' | 'officer';
  personId: string;
  actingFor: string | null;
  csrfSecret: string;
  idpSubject: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

const PERSON_COLS = `id, citizen_id_enc as "citizenIdEnc", citizen_id_idx as "citizenIdIdx", name, sex,
  to_char(birth_date, 'YYYY-MM-DD') as "birthDate", phone_enc as "phoneEnc", phone_idx as "phoneIdx", address_enc as "addressEnc",
  email_enc as "emailEnc", household_region as "householdRegion", household_org as "householdOrg"`;
const SESSION_COLS = `id, kind, person_id as "personId", acting_for as "actingFor", csrf_secret as "csrfSecret", idp_subject as "idpSubject",
  created_at as "createdAt", expires_at as "expiresAt", revoked_at as "revokedAt"`;

export const identityRepo = {
  async insertOrg(q: Queryable, o: Omit<OrgRow, 'path'>): Promise<void> {
    await q.query(
      `insert into orgs (code, parent, kind, name_zh, name_en, district, departments, path)
       values ($1, $2, $3, $4, $5, $6, $7, coalesce((select path from orgs where code = $2), '{}') || $1::text)
       on conflict (code) do nothing`,
      [o.code, o.parent, o.kind, o.nameZh, o.nameEn, o.district, o.departments],
    );
  },

  async orgs(q: Queryable): Promise<OrgRow[]> {
    const r = await q.query<OrgRow>(`select code, parent, kind, name_zh as "nameZh", name_en as "nameEn", district, departments, path from orgs order by array_length(path, 1), code`);
    return r.rows;
  },

  async countOrgs(q: Queryable): Promise<number> {
    return (await q.query<{ n: number }>('select count(*)::int as n from orgs')).rows[0]?.n ?? 0;
  },

  async insertPerson(q: Queryable, p: PersonRow): Promise<void> {
    await q.query(
      `insert into persons (id, citizen_id_enc, citizen_id_idx, name, sex, birth_date, phone_enc, phone_idx, address_enc, household_region, household_org, email_enc)
       values ($1, $2, $3, $4, $5, $6::date, $7, $8, $9, $10, $11, $12) on conflict do nothing`,
      [p.id, p.citizenIdEnc, p.citizenIdIdx, p.name, p.sex, p.birthDate, p.phoneEnc, p.phoneIdx, p.addressEnc, p.householdRegion, p.householdOrg, p.emailEnc ?? null],
    );
  },

  async personById(q: Queryable, id: string): Promise<PersonRow | null> {
    return (await q.query<PersonRow>(`select ${PERSON_COLS} from persons where id = $1`, [id])).rows[0] ?? null;
  },

  async personByCitizenIdx(q: Queryable, idx: string): Promise<PersonRow | null> {
    return (await q.query<PersonRow>(`select ${PERSON_COLS} from persons where citizen_id_idx = $1`, [idx])).rows[0] ?? null;
  },

  async insertOfficer(q: Queryable, o: { id: string; personId: string; badge: string }, roles: { org: string; department: string; role: string }[]): Promise<void> {
    await q.query('insert into officers (id, person_id, badge) values ($1, $2, $3) on conflict do nothing', [o.id, o.personId, o.badge]);
    for (const r of roles) {
      await q.query('insert into officer_roles (officer_id, org, department, role) values ($1, $2, $3, $4) on conflict do nothing', [o.id, r.org, r.department, r.role]);
    }
  },

  /** The active officer record of a person, with their roles. */
  async officerByPerson(q: Queryable, personId: string): Promise<{ id: string; badge: string; roles: { org: string; department: string; role: string }[] } | null> {
    const o = (await q.query<{ id: string; badge: string }>('select id, badge from officers where person_id = $1 and active', [personId])).rows[0];
    if (!o) return null;
    const roles = (await q.query<{ org: string; department: string; role: string }>(
      'select org, department, role from officer_roles where officer_id = $1 order by org, department, role', [o.id])).rows;
    return { ...o, roles };
  },

  /** An active officer by officer id, with the person's name. */
  async officerById(q: Queryable, id: string): Promise<{ id: string; personId: string; name: string } | null> {
    const r = await q.query<{ id: string; personId: string; name: string }>(
      'select o.id, o.person_id as "personId", p.name from officers o join persons p on p.id = o.person_id where o.id = $1 and o.active', [id]);
    return r.rows[0] ?? null;
  },

  /** Officers holding a role at an org of the subtree of `org`. */
  async officersInSubtree(q: Queryable, org: string): Promise<{ officerId: string; badge: string; name: string; org: string; department: string; role: string }[]> {
    const r = await q.query<{ officerId: string; badge: string; name: string; org: string; department: string; role: string }>(
      `select o.id as "officerId", o.badge, p.name, r.org, r.department, r.role
       from officer_roles r join officers o on o.id = r.officer_id join persons p on p.id = o.person_id join orgs g on g.code = r.org
       where $1 = any (g.path) order by r.org, o.badge, r.role`,
      [org],
    );
    return r.rows;
  },

  async insertEnterprise(q: Queryable, e: { uscc: string; name: string; addressEnc: string | null; legalRep: string | null }): Promise<void> {
    await q.query('insert into enterprises (uscc, name, address_enc, legal_rep_person) values ($1, $2, $3, $4) on conflict do nothing', [e.uscc, e.name, e.addressEnc, e.legalRep]);
  },

  async authorise(q: Queryable, uscc: string, personId: string, role: string): Promise<void> {
    await q.query('insert into enterprise_authorisations (uscc, person_id, role) values ($1, $2, $3) on conflict do nothing', [uscc, personId, role]);
  },

  /** Enterprises a person may act for, with their role. */
  async enterprisesOf(q: Queryable, personId: string): Promise<{ uscc: string; name: string; role: string }[]> {
    return (await q.query<{ uscc: string; name: string; role: string }>(
      `select e.uscc, e.name, a.role from enterprise_authorisations a join enterprises e using (uscc) where a.person_id = $1 order by e.uscc`, [personId])).rows;
  },

  async insertSession(q: Queryable, s: { id: string; kind: 'citizen' | 'officer'; personId: string; csrfSecret: string; idpSubject: string; hours: number }): Promise<void> {
    await q.query(
      `insert into sessions (id, kind, person_id, csrf_secret, idp_subject, expires_at) values ($1, $2, $3, $4, $5, now() + make_interval(hours => $6))`,
      [s.id, s.kind, s.personId, s.csrfSecret, s.idpSubject, s.hours],
    );
  },

  /** The session if it exists, is not revoked and has not expired. */
  async activeSession(q: Queryable, id: string): Promise<SessionRow | null> {
    return (await q.query<SessionRow>(`select ${SESSION_COLS} from sessions where id = $1 and revoked_at is null and expires_at > now()`, [id])).rows[0] ?? null;
  },

  async revokeSession(q: Queryable, id: string): Promise<boolean> {
    return (await q.query('update sessions set revoked_at = now() where id = $1 and revoked_at is null', [id])).rowCount === 1;
  },

  async setActingFor(q: Queryable, id: string, uscc: string | null): Promise<void> {
    await q.query('update sessions set acting_for = $2 where id = $1', [id, uscc]);
  },

  /** Records a failed sign-in and returns how many there were for the key within the window. */
  async recordSigninFailure(q: Queryable, key: string, windowMinutes: number): Promise<number> {
    await q.query('insert into signin_failures (key) values ($1)', [key]);
    return this.recentSigninFailures(q, key, windowMinutes);
  },

  async recentSigninFailures(q: Queryable, key: string, windowMinutes: number): Promise<number> {
    const r = await q.query<{ n: number; oldest: string | null }>(
      `select count(*)::int as n from signin_failures where key = $1 and at > now() - make_interval(mins => $2)`, [key, windowMinutes]);
    return r.rows[0]?.n ?? 0;
  },

  /** Seconds until the oldest failure in the window leaves it. */
  async signinRetryAfter(q: Queryable, key: string, windowMinutes: number): Promise<number> {
    const r = await q.query<{ s: number | null }>(
      `select ceil(extract(epoch from (min(at) + make_interval(mins => $2) - now())))::int as s
       from signin_failures where key = $1 and at > now() - make_interval(mins => $2)`, [key, windowMinutes]);
    return Math.max(1, r.rows[0]?.s ?? 1);
  },

  async clearSigninFailures(q: Queryable, key: string): Promise<void> {
    await q.query('delete from signin_failures where key = $1', [key]);
  },
};
