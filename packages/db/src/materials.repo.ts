/** Storage of uploaded material files (metadata; the content lives in the server's blob store). */
import type { Queryable } from './db.ts';

/** One uploaded file, as stored. */
export interface MaterialFileRow {
  id: string;
  sha256: string;
  size: number;
  mediaType: string;
  fileName: string | null;
  width: number | null;
  height: number | null;
  pages: number | null;
  checks: unknown[];
  uploadedBy: string;
  actingFor: string | null;
  itemCode: string;
  itemVersion: number;
  materialId: string;
  createdAt: string;
}

const COLS = `id, sha256, size, media_type as "mediaType", file_name as "fileName", width, height, pages, checks,
  uploaded_by as "uploadedBy", acting_for as "actingFor", item_code as "itemCode", item_version as "itemVersion",
  material_id as "materialId", created_at as "createdAt"`;

const fix = (r: MaterialFileRow): MaterialFileRow => ({ ...r, createdAt: new Date(r.createdAt).toISOString() });

/** Repository of material_files. Every function takes the connection or transaction to run on. */
export const materialsRepo = {
  /** Inserts a file row and returns it as stored. */
  async insert(q: Queryable, f: Omit<MaterialFileRow, 'createdAt'>): Promise<MaterialFileRow> {
    const r = await q.query<MaterialFileRow>(
      `insert into material_files (id, sha256, size, media_type, file_name, width, height, pages, checks, uploaded_by, acting_for, item_code, item_version, material_id)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13, $14) returning ${COLS}`,
      [f.id, f.sha256, f.size, f.mediaType, f.fileName, f.width, f.height, f.pages, JSON.stringify(f.checks), f.uploadedBy, f.actingFor, f.itemCode, f.itemVersion, f.materialId],
    );
    return fix(r.rows[0]!);
  },

  /** A file, only when `personId` uploaded it: anyone else gets null, as if it did not exist. */
  async ownedBy(q: Queryable, id: string, personId: string): Promise<MaterialFileRow | null> {
    const r = await q.query<MaterialFileRow>(`select ${COLS} from material_files where id = $1 and uploaded_by = $2`, [id, personId]);
    return r.rows[0] ? fix(r.rows[0]) : null;
  },

  /** A file by id, whoever uploaded it (for officers handling the case, once that exists). */
  async byId(q: Queryable, id: string): Promise<MaterialFileRow | null> {
    const r = await q.query<MaterialFileRow>(`select ${COLS} from material_files where id = $1`, [id]);
    return r.rows[0] ? fix(r.rows[0]) : null;
  },
};
