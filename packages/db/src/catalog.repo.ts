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

/** A row of the search index, as the server's in-memory index loads it. */
export interface IndexedItemRow {
  code: string;
  version: number;
  effectiveDate: string;
  untilDate: string | null;
  department: string | null;
  itemType: string | null;
  channels: string[];
  fullyOnline: boolean;
  crossRegion: boolean;
  summary: Record<string, unknown>;
  primaryTerms: string[];
  secondaryTerms: string[];
}

/** Columns derived from a definition for filtering and search. */
export interface DerivedColumns {
  department: string | null;
  itemType: string | null;
  channels: string[];
  fullyOnline: boolean;
  crossRegion: boolean;
  summary: Record<string, unknown>;
  /** index words: names and codes (primary), guide text (secondary) */
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
  ): Promise<void> {
    await q.query(
      `insert into catalog_versions (code, kind, version, status, definition, effective_date, published_at, created_by, updated_by)
       values ($1, $2, $3, $4, $5, $6::date, case when $4 = 'published' then now() end, $7, $7)`,
      [v.code, v.kind, v.version, v.status, JSON.stringify(v.definition), v.effectiveDate, v.actor],
    );
  },

  /** Adds a published version to the search index and ends the period in force of the older versions it supersedes. */
  async indexPublished(q: Queryable, v: { code: string; kind: EntryKind; version: number; effectiveDate: string }, d: DerivedColumns): Promise<void> {
    await q.query(
      `update catalog_index set until_date = $3::date
       where code = $1 and version < $2 and (until_date is null or until_date > $3::date)`,
      [v.code, v.version, v.effectiveDate],
    );
    await q.query(
      `insert into catalog_index (code, version, kind, effective_date, department, item_type, channels, fully_online, cross_region, summary, primary_terms, secondary_terms)
       values ($1, $2, $3, $4::date, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [v.code, v.version, v.kind, v.effectiveDate, d.department, d.itemType, d.channels, d.fullyOnline, d.crossRegion,
        JSON.stringify(d.summary), d.primaryTokens, d.secondaryTokens],
    );
  },

  /** A stamp that changes whenever the search index changes (every publication adds a row). */
  async indexStamp(q: Queryable): Promise<string> {
    const r = await q.query<{ stamp: string }>('select coalesce(max(seq), 0)::text as stamp from catalog_index');
    return r.rows[0]?.stamp ?? '0';
  },

  /** Every indexed item version that is or will be in force (superseded ones are left out). */
  async indexedItems(q: Queryable, today: string): Promise<IndexedItemRow[]> {
    const r = await q.query<IndexedItemRow>(
      `select code, version, to_char(effective_date, 'YYYY-MM-DD') as "effectiveDate", to_char(until_date, 'YYYY-MM-DD') as "untilDate",
         department, item_type as "itemType", channels, fully_online as "fullyOnline", cross_region as "crossRegion", summary,
         primary_terms as "primaryTerms", secondary_terms as "secondaryTerms"
       from catalog_index where kind = 'item' and (until_date is null or until_date > $1::date)`,
      [today],
    );
    return r.rows;
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
  async updateDraft(q: Queryable, code: string, expectedRevision: number, definition: object, actor: string): Promise<number | null> {
    const r = await q.query<{ revision: number }>(
      `update catalog_versions set definition = $3, revision = revision + 1, updated_by = $4, updated_at = now()
       where code = $1 and status = 'draft' and revision = $2 returning revision`,
      [code, expectedRevision, JSON.stringify(definition), actor],
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
