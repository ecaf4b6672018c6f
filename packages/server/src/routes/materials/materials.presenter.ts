/** Presenter: the only shape a material file leaves the server in. */
import type { MaterialFileRow } from '@tongban/db';

/** A material file as its uploader sees it (image size and page count only where they apply). */
export const presentMaterialFile = (r: MaterialFileRow) => ({
  id: r.id,
  sha256: r.sha256,
  size: r.size,
  mediaType: r.mediaType,
  fileName: r.fileName,
  ...(r.width !== null ? { width: r.width } : {}),
  ...(r.height !== null ? { height: r.height } : {}),
  ...(r.pages !== null ? { pages: r.pages } : {}),
  checks: r.checks,
  itemCode: r.itemCode,
  itemVersion: r.itemVersion,
  materialId: r.materialId,
  actingFor: r.actingFor,
  createdAt: r.createdAt,
});
