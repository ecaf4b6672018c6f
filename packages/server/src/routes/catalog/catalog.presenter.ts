/** Presenters: the only shapes catalog rows leave the server in. */
import type { CatalogVersionRow } from '@tongban/db';

/** A published version as the public sees it. */
export const presentPublished = (r: CatalogVersionRow) => ({
  code: r.code,
  version: r.version,
  status: r.status,
  effectiveDate: r.effectiveDate,
  publishedAt: r.publishedAt,
  definition: r.definition,
});

/** A version as an administrator sees it: with revision and authorship. */
export const presentAdminVersion = (r: CatalogVersionRow) => ({
  ...presentPublished(r),
  kind: r.kind,
  revision: r.revision,
  createdBy: r.createdBy,
  updatedBy: r.updatedBy,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});
