/**
 * What the catalog API sends (GET /api/v1/items…, /api/v1/bundles…), as the web app reads it.
 * Definitions come from @tongban/core; the list and bundle views mirror core's catalog service.
 */
import type { BundleDefinition, ItemDefinition, ItemMaterial } from '@tongban/core/catalog-types';
import type { Channel, Department, ItemType } from '@tongban/core/enums';
import type { BilingualText, LocalText } from '@tongban/core/text';

export type { BundleDefinition, ItemDefinition, ItemMaterial };

/** One result of the catalog search (the server's summary of an item version). */
import type { ItemSummary } from '@tongban/core/catalog-service';
export type { ItemSummary };

/** A page of search results. */
export interface ItemPage {
  items: ItemSummary[];
  total: number;
  page: number;
  pageSize: number;
}

/** The search and filters of the catalog page (also its URL query string). */
export interface ItemQuery {
  q?: string;
  department?: Department;
  itemType?: ItemType;
  channel?: Channel;
  fullyOnline?: boolean;
  crossRegion?: boolean;
  page: number;
  pageSize: number;
}

/** A published version of an item with its full guide. */
export interface PublishedItem {
  code: string;
  version: number;
  status: 'published';
  effectiveDate: string;
  publishedAt: string;
  definition: ItemDefinition;
}

/** A bundle in the bundle list. */
export interface BundleSummary {
  code: string;
  version: number;
  name: BilingualText;
  summary?: LocalText;
  leadDepartment: string;
  memberCount: number;
  departments: string[];
}

/** One member item of a bundle, with what the bundle page shows of it. */
export interface BundleMember {
  itemCode: string;
  name: BilingualText;
  department: string;
  after: string[];
  optional: boolean;
  promisedLimitDays: number;
  legalLimitDays: number;
  visits: number;
  fullyOnline: boolean;
}

/** A material of a bundle after merging its members' lists (one entry per document). */
export interface BundleMaterial {
  key: string;
  name: BilingualText;
  description?: LocalText;
  necessity: ItemMaterial['necessity'];
  source: ItemMaterial['source'];
  exempt: boolean;
  /** item codes of the members that need it */
  members: string[];
}

/** A published bundle with its members, merged materials and totals. */
export interface BundleView {
  code: string;
  version: number;
  effectiveDate: string;
  definition: BundleDefinition;
  members: BundleMember[];
  materials: BundleMaterial[];
  totals: {
    visits: number;
    promisedLimitDays: number;
    legalLimitDays: number;
    criticalPathPromisedDays?: number;
    materials: number;
    exemptMaterials: number;
  };
}
