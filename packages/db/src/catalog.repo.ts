/** Storage of catalog entries (items and bundles) and their versions. SQL only; the rules live in @tongban/core. */
import type { Queryable } from './db.ts';

export type EntryKind = 'item' | 'bundle';

/** One stored version of an item or bundle. */
export interface CatalogVersionRow {
  code: string;
  kind: EntryKind;
  version: number;
  status: 'draft' | 'published';
  definition: Record<string, unknown>;
  effectiveDate: string | null;
  publishedAt: string | null;
  revision: number;
  createdBy: string;
  updatedBy: string;
  createdAt: string;
  updatedAt: string;
}

/** Columns derived from a definition for filtering and search. */
export interface DerivedColumns {
  department: string | null;
  itemType: string | null;
  channels: string[];
  fullyOnline: boolean;
  crossRegion: boolean;
  summary: Record<string, unknown>;
  /** index words by weight: A (names, codes) and C (guide text) */
  primaryTokens: string[];
  secondaryTokens: string[];
}

const COLS = `code, kind, version, status, definition, to_char(effective_date, 'YYYY-MM-DD') as "effectiveDate",
  published_at as "publishedAt", revision, created_by as "createdBy", updated_by as "updatedBy",
  created_at as "createdAt", updated_at as "updatedAt"`;

const fixDates = (r: CatalogVersionRow): CatalogVersionRow => ({
  ...r,
  publishedAt: r.publishedAt ? new Date(r.publishedAt).toISOString() : null,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

/** SQL of the weighted search vector built from two parameters holding word arrays. */
const searchVector = (a: string, c: string) => `setweight(array_to_tsvector(${a}::text[]), 'A') || setweight(array_to_tsvector(${c}::text[]), 'C')`;

/** Repository of the catalog tables. Every function takes the connection or transaction to run on. */
export const catalogRepo = {
  async entryKind(q: Queryable, code: string): Promise<EntryKind | null> {
    const r = await q.query<{ kind: EntryKind }>('select kind from catalog_entries where code = $1', [code]);
    return r.rows[0]?.kind ?? null;
  },

  async insertEntry(q: Queryable, kind: EntryKind, code: string): Promise<boolean> {
    const r = await q.query('insert into catalog_entries (kind, code) values ($1, $2) on conflict do nothing', [kind, code]);
    return r.rowCount === 1;
  },

  async countEntries(q: Queryable): Promise<number> {
    const r = await q.query<{ n: number }>('select count(*)::int as n from catalog_entries');
    return r.rows[0]?.n ?? 0;
  },

  /** Inserts a new version (draft, or published with its effective date). */
  async insertVersion(
    q: Queryable,
    v: { code: string; kind: EntryKind; version: number; status: 'draft' | 'published'; definition: object; effectiveDate: string | null; actor: string },
    d: DerivedColumns,
  ): Promise<void> {
    await q.query(
      `insert into catalog_versions (code, kind, version, status, definition, effective_date, published_at, created_by, updated_by,
         search, department, item_type, channels, fully_online, cross_region, summary)
       values ($1, $2, $3, $4, $5, $6::date, case when $4 = 'published' then now() end, $7, $7, ${searchVector('$8', '$9')},
         $10, $11, $12, $13, $14, $15)`,
      [v.code, v.kind, v.version, v.status, JSON.stringify(v.definition), v.effectiveDate, v.actor,
        d.primaryTokens, d.secondaryTokens, d.department, d.itemType, d.channels, d.fullyOnline, d.crossRegion, JSON.stringify(d.summary)],
    );
  },

  async nextVersion(q: Queryable, code: string): Promise<number> {
    const r = await q.query<{ n: number }>('select coalesce(max(version), 0)::int + 1 as n from catalog_versions where code = $1', [code]);
    return r.rows[0]?.n ?? 1;
  },

  /** The version in force on a day: the newest published one whose effective date has come. */
  async current(q: Queryable, kind: EntryKind, code: string, today: string): Promise<CatalogVersionRow | null> {
    const r = await q.query<CatalogVersionRow>(
      `select ${COLS} from catalog_versions where kind = $1 and code = $2 and status = 'published' and effective_date <= $3::date
       order by version desc limit 1`,
      [kind, code, today],
    );
    return r.rows[0] ? fixDates(r.rows[0]) : null;
  },

  /** The newest published version, in force or scheduled. */
  async latestPublished(q: Queryable, code: string): Promise<CatalogVersionRow | null> {
    const r = await q.query<CatalogVersionRow>(
      `select ${COLS} from catalog_versions where code = $1 and status = 'published' order by version desc limit 1`, [code]);
    return r.rows[0] ? fixDates(r.rows[0]) : null;
  },

  async version(q: Queryable, code: string, version: number): Promise<CatalogVersionRow | null> {
    const r = await q.query<CatalogVersionRow>(`select ${COLS} from catalog_versions where code = $1 and version = $2`, [code, version]);
    return r.rows[0] ? fixDates(r.rows[0]) : null;
  },

  async draft(q: Queryable, code: string): Promise<CatalogVersionRow | null> {
    const r = await q.query<CatalogVersionRow>(`select ${COLS} from catalog_versions where code = $1 and status = 'draft'`, [code]);
    return r.rows[0] ? fixDates(r.rows[0]) : null;
  },

  async versions(q: Queryable, code: string): Promise<Omit<CatalogVersionRow, 'definition'>[]> {
    const r = await q.query<CatalogVersionRow>(`select ${COLS} from catalog_versions where code = $1 order by version`, [code]);
    return r.rows.map(fixDates).map(({ definition: _d, ...rest }) => rest);
  },

  /** Replaces a draft's definition when its revision is still `expectedRevision`; returns the new revision or null when stale. */
  async updateDraft(q: Queryable, code: string, expectedRevision: number, definition: object, actor: string, d: DerivedColumns): Promise<number | null> {
    const r = await q.query<{ revision: number }>(
      `update catalog_versions set definition = $3, revision = revision + 1, updated_by = $4, updated_at = now(),
         search = ${searchVector('$5', '$6')},
         department = $7, item_type = $8, channels = $9, fully_online = $10, cross_region = $11, summary = $12
       where code = $1 and status = 'draft' and revision = $2 returning revision`,
      [code, expectedRevision, JSON.stringify(definition), actor, d.primaryTokens, d.secondaryTokens,
        d.department, d.itemType, d.channels, d.fullyOnline, d.crossRegion, JSON.stringify(d.summary)],
    );
    return r.rows[0]?.revision ?? null;
  },

  /** Publishes the draft at `expectedRevision`; returns the version number or null when the draft moved on. */
  async publishDraft(q: Queryable, code: string, expectedRevision: number, effectiveDate: string, actor: string): Promise<number | null> {
    const r = await q.query<{ version: number }>(
      `update catalog_versions set status = 'published', effective_date = $3::date, published_at = now(), updated_by = $4, updated_at = now()
       where code = $1 and status = 'draft' and revision = $2 returning version`,
      [code, expectedRevision, effectiveDate, actor],
    );
    return r.rows[0]?.version ?? null;
  },

  async deleteDraft(q: Queryable, code: string): Promise<boolean> {
    const r = await q.query(`delete from catalog_versions where code = $1 and status = 'draft'`, [code]);
    return r.rowCount === 1;
  },

  /**
   * Searches the items in force on `today`. `tsquery` is a prepared text-search query (or null for no text);
   * `codePrefix` matches item codes. Returns the page of summaries and the total count.
   */
  async searchItems(
    q: Queryable,
    f: { today: string; tsquery: string | null; codePrefix: string | null; department?: string | undefined; itemType?: string | undefined; channel?: string | undefined; fullyOnline?: boolean | undefined; crossRegion?: boolean | undefined; limit: number; offset: number },
  ): Promise<{ total: number; summaries: Record<string, unknown>[] }> {
    const r = await q.query<{ summary: Record<string, unknown>; total: number }>(
      `with cur as (
         select distinct on (code) code, summary, search, department, item_type, channels, fully_online, cross_region
         from catalog_versions
         where kind = 'item' and status = 'published' and effective_date <= $1::date
         order by code, version desc
       ), hits as (
         select code, summary,
           case when $2::tsquery is null then 0 else ts_rank(search, $2::tsquery) end
             + case when $3::text is not null and lower(code) like $3 || '%' then 10 else 0 end as rank
         from cur
         where ($2::tsquery is null and $3::text is null or search @@ $2::tsquery or lower(code) like $3 || '%')
           and ($4::text is null or department = $4)
           and ($5::text is null or item_type = $5)
           and ($6::text is null or $6 = any (channels))
           and ($7::boolean is null or fully_online = $7)
           and ($8::boolean is null or cross_region = $8)
       )
       select summary, count(*) over ()::int as total from hits order by rank desc, code limit $9 offset $10`,
      [f.today, f.tsquery, f.codePrefix, f.department ?? null, f.itemType ?? null, f.channel ?? null, f.fullyOnline ?? null, f.crossRegion ?? null, f.limit, f.offset],
    );
    let total = r.rows[0]?.total ?? 0;
    if (!r.rows.length && f.offset > 0) {
      const c = await this.searchItems(q, { ...f, limit: 1, offset: 0 });
      total = c.total;
    }
    return { total, summaries: r.rows.map((x) => x.summary) };
  },

  /** Every entry of a kind in force on `today`, newest version each. */
  async currentAll(q: Queryable, kind: EntryKind, today: string): Promise<CatalogVersionRow[]> {
    const r = await q.query<CatalogVersionRow>(
      `select distinct on (code) ${COLS} from catalog_versions
       where kind = $1 and status = 'published' and effective_date <= $2::date order by code, version desc`,
      [kind, today],
    );
    return r.rows.map(fixDates);
  },

  /** Every entry of a kind, newest published version each (scheduled ones included), for export. */
  async latestAll(q: Queryable, kind: EntryKind): Promise<CatalogVersionRow[]> {
    const r = await q.query<CatalogVersionRow>(
      `select distinct on (code) ${COLS} from catalog_versions where kind = $1 and status = 'published' order by code, version desc`,
      [kind],
    );
    return r.rows.map(fixDates);
  },
};
