/** Storage of applications and data disputes. */
import type { Queryable } from './db.ts';

export interface ApplicationRow {
  id: string;
  applicantId: string;
  actingFor: string | null;
  kind: 'item' | 'bundle';
  code: string;
  version: number;
  members: { itemCode: string; version: number }[];
  status: 'draft' | 'submitted';
  /** encrypted JSON of the personal parts (answers, form, prefill, facts, pre-check explanations) */
  sealed: string;
  materials: Record<string, unknown>;
  eligible: 'yes' | 'no' | 'unknown' | null;
  measures: Record<string, unknown> | null;
  revision: number;
  receiptNo: string | null;
  idempotencyKey: string | null;
  channel: string;
  /** the window officer who filed it at the counter */
  filedBy: string | null;
  /** the window where it was filed */
  filedOrg: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
}

const COLS = `id, applicant_id as "applicantId", acting_for as "actingFor", kind, code, version, members, status, sealed,
  materials, eligible, measures, revision, receipt_no as "receiptNo", idempotency_key as "idempotencyKey", channel, filed_by as "filedBy", filed_org as "filedOrg",
  created_at as "createdAt", updated_at as "updatedAt", submitted_at as "submittedAt"`;

const iso = (v: unknown) => (v ? new Date(v as string).toISOString() : null);
const fix = (r: ApplicationRow): ApplicationRow => ({ ...r, createdAt: iso(r.createdAt)!, updatedAt: iso(r.updatedAt)!, submittedAt: iso(r.submittedAt) });

export const applicationsRepo = {
  async insert(q: Queryable, a: Pick<ApplicationRow, 'id' | 'applicantId' | 'actingFor' | 'kind' | 'code' | 'version' | 'members' | 'sealed' | 'materials' | 'eligible' | 'channel'>): Promise<void> {
    await q.query(
      `insert into applications (id, applicant_id, acting_for, kind, code, version, members, status, sealed, materials, eligible, channel)
       values ($1, $2, $3, $4, $5, $6, $7, 'draft', $8, $9, $10, $11)`,
      [a.id, a.applicantId, a.actingFor, a.kind, a.code, a.version, JSON.stringify(a.members), a.sealed, JSON.stringify(a.materials), a.eligible, a.channel],
    );
  },

  async get(q: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<ApplicationRow | null> {
    const r = await q.query<ApplicationRow>(`select ${COLS} from applications where id = $1${opts.forUpdate ? ' for update' : ''}`, [id]);
    return r.rows[0] ? fix(r.rows[0]) : null;
  },

  async listByApplicant(q: Queryable, applicantId: string, limit: number, offset: number): Promise<{ total: number; rows: ApplicationRow[] }> {
    const r = await q.query<ApplicationRow & { total: number }>(
      `select ${COLS}, count(*) over ()::int as total from applications where applicant_id = $1 order by created_at desc limit $2 offset $3`,
      [applicantId, limit, offset]);
    return { total: r.rows[0]?.total ?? 0, rows: r.rows.map(({ total: _t, ...row }) => fix(row as ApplicationRow)) };
  },

  /** Saves a draft's editable parts if its revision is still `revision`; returns the new revision or null when stale. */
  async saveDraft(q: Queryable, id: string, revision: number, p: { sealed: string; materials: object; eligible: string | null }): Promise<number | null> {
    const r = await q.query<{ revision: number }>(
      `update applications set sealed = $3, materials = $4, eligible = $5, revision = revision + 1, updated_at = now()
       where id = $1 and status = 'draft' and revision = $2 returning revision`,
      [id, revision, p.sealed, JSON.stringify(p.materials), p.eligible]);
    return r.rows[0]?.revision ?? null;
  },

  async setFiledBy(q: Queryable, id: string, officerId: string, org: string): Promise<void> {
    await q.query('update applications set filed_by = $2, filed_org = $3 where id = $1', [id, officerId, org]);
  },

  /** Records one measure of a submitted application (e.g. acceptedWithoutSupplement, set by the case workflow). */
  async setMeasure(q: Queryable, id: string, name: string, value: unknown): Promise<void> {
    await q.query(`update applications set measures = coalesce(measures, '{}'::jsonb) || jsonb_build_object($2::text, $3::jsonb) where id = $1`, [id, name, JSON.stringify(value)]);
  },

  /** Amends a submitted application's sealed parts and materials (answering a supplement request). */
  async amend(q: Queryable, id: string, p: { sealed: string; materials: object }): Promise<void> {
    await q.query(`update applications set sealed = $2, materials = $3, revision = revision + 1, updated_at = now() where id = $1`, [id, p.sealed, JSON.stringify(p.materials)]);
  },

  async nextReceiptSeq(q: Queryable): Promise<number> {
    const r = await q.query<{ n: string }>(`select nextval('receipt_seq')::text as n`);
    return Number(r.rows[0]!.n);
  },

  /** Marks a draft submitted; returns the submitted row. */
  async markSubmitted(q: Queryable, id: string, p: { receiptNo: string; idempotencyKey: string; measures: object; sealed: string; eligible: string | null; at?: string }): Promise<ApplicationRow> {
    const r = await q.query<ApplicationRow>(
      `update applications set status = 'submitted', receipt_no = $2, idempotency_key = $3, measures = $4, sealed = $5, eligible = $6,
         submitted_at = coalesce($7::timestamptz, now()), updated_at = now(), revision = revision + 1 where id = $1 and status = 'draft' returning ${COLS}`,
      [id, p.receiptNo, p.idempotencyKey, JSON.stringify(p.measures), p.sealed, p.eligible, p.at ?? null]);
    return fix(r.rows[0]!);
  },

  async byReceipt(q: Queryable, receiptNo: string): Promise<ApplicationRow | null> {
    const r = await q.query<ApplicationRow>(`select ${COLS} from applications where receipt_no = $1`, [receiptNo]);
    return r.rows[0] ? fix(r.rows[0]) : null;
  },

  async insertDispute(q: Queryable, d: { id: string; applicationId: string; applicantId: string; field: string; source: string; claimedValueEnc: string; reason: string }): Promise<void> {
    await q.query(
      `insert into data_disputes (id, application_id, applicant_id, field, source, claimed_value_enc, reason) values ($1, $2, $3, $4, $5, $6, $7)`,
      [d.id, d.applicationId, d.applicantId, d.field, d.source, d.claimedValueEnc, d.reason]);
  },

  async disputes(q: Queryable, applicationId: string): Promise<{ id: string; field: string; source: string; status: string; createdAt: string }[]> {
    const r = await q.query<{ id: string; field: string; source: string; status: string; createdAt: string }>(
      `select id, field, source, status, created_at as "createdAt" from data_disputes where application_id = $1 order by created_at`, [applicationId]);
    return r.rows;
  },

  /** Per-item measures over submitted applications (aggregates, no personal data). */
  async itemMeasures(q: Queryable, code: string): Promise<{ applications: number; fieldsPrefilled: number; fieldsTotal: number; materialsExempted: number; materialsTotal: number; acceptedWithoutSupplement: number; decided: number }> {
    const r = await q.query<{ applications: number; fieldsPrefilled: number; fieldsTotal: number; materialsExempted: number; materialsTotal: number; acceptedWithoutSupplement: number; decided: number }>(
      `select count(*)::int as applications,
         coalesce(sum((measures->>'fieldsPrefilled')::int), 0)::int as "fieldsPrefilled",
         coalesce(sum((measures->>'fieldsTotal')::int), 0)::int as "fieldsTotal",
         coalesce(sum((measures->>'materialsExempted')::int), 0)::int as "materialsExempted",
         coalesce(sum((measures->>'materialsTotal')::int), 0)::int as "materialsTotal",
         count(*) filter (where measures->>'acceptedWithoutSupplement' = 'true')::int as "acceptedWithoutSupplement",
         count(*) filter (where measures ? 'acceptedWithoutSupplement')::int as decided
       from applications where status = 'submitted' and (code = $1 or members @> jsonb_build_array(jsonb_build_object('itemCode', $1::text)))`,
      [code]);
    return r.rows[0]!;
  },
};
