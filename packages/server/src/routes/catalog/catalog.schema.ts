/** Route schemas of the catalog API (TypeBox → JSON Schema → validation and OpenAPI). */
import Type from 'typebox';
import { CHANNELS, DEPARTMENTS, ITEM_TYPES, MATERIAL_NECESSITIES } from '@tongban/core';

const Text = Type.Object({ zh: Type.String(), en: Type.Optional(Type.String()) });
const Bi = Type.Object({ zh: Type.String(), en: Type.String() });
export const CodeParam = Type.Object(
  { code: Type.String({ pattern: '^[A-Za-z0-9-]{3,50}$', description: 'catalog code, e.g. HZ-JZZ-BL' }) },
  { additionalProperties: false },
);
export const VersionQuery = Type.Object(
  { version: Type.Optional(Type.Integer({ minimum: 1, description: 'a published version; default: the one in force today' })) },
  { additionalProperties: false },
);
const bool = (description: string) => Type.Optional(Type.Boolean({ description }));

export const ItemSearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: 'words of a name, code or the guide text' })),
    department: Type.Optional(Type.Unsafe<string>({ enum: [...DEPARTMENTS], description: 'department code' })),
    itemType: Type.Optional(Type.Unsafe<string>({ enum: [...ITEM_TYPES], description: 'item type code' })),
    channel: Type.Optional(Type.Unsafe<string>({ enum: [...CHANNELS], description: 'a channel the item must offer' })),
    fullyOnline: bool('only fully-online items (true) or only the others (false)'),
    crossRegion: bool('only cross-region items (true) or only the others (false)'),
    page: Type.Integer({ minimum: 1, maximum: 10000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
  },
  { additionalProperties: false },
);

export const ItemSummarySchema = Type.Object({
  code: Type.String(), version: Type.Integer(), name: Bi, summary: Type.Optional(Text), department: Type.String(), itemType: Type.String(),
  projectType: Type.String(), channels: Type.Array(Type.String()), fullyOnline: Type.Boolean(), visits: Type.Integer(),
  cityWide: Type.Boolean(), crossRegion: Type.Boolean(), legalLimitDays: Type.Integer(), promisedLimitDays: Type.Integer(), autoApproval: Type.Boolean(),
});

export const ItemPage = Type.Object({
  items: Type.Array(ItemSummarySchema), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer(),
});

export const PublishedVersion = Type.Object({
  code: Type.String(), version: Type.Integer(), status: Type.String(), effectiveDate: Type.String({ format: 'date' }),
  publishedAt: Type.String({ format: 'date-time' }),
  definition: Type.Object({}, { additionalProperties: true, description: 'the item or bundle definition (see catalog/schema/*.schema.json)' }),
});

export const BundleList = Type.Object({
  bundles: Type.Array(Type.Object({
    code: Type.String(), version: Type.Integer(), name: Bi, summary: Text, leadDepartment: Type.String(), memberCount: Type.Integer(),
    departments: Type.Array(Type.String()),
  })),
});

export const BundleView = Type.Object({
  code: Type.String(), version: Type.Integer(), effectiveDate: Type.String({ format: 'date' }),
  definition: Type.Object({}, { additionalProperties: true }),
  members: Type.Array(Type.Object({
    itemCode: Type.String(), version: Type.Integer(), name: Bi, department: Type.String(), after: Type.Array(Type.String()), optional: Type.Boolean(),
    promisedLimitDays: Type.Integer(), legalLimitDays: Type.Integer(), visits: Type.Integer(), fullyOnline: Type.Boolean(),
  })),
  materials: Type.Array(Type.Object({
    key: Type.String(), name: Bi, description: Type.Optional(Text), necessity: Type.Unsafe<string>({ enum: [...MATERIAL_NECESSITIES] }),
    source: Type.Object({}, { additionalProperties: true }), exempt: Type.Boolean(), members: Type.Array(Type.String()),
  })),
  totals: Type.Object({
    visits: Type.Integer(), promisedLimitDays: Type.Integer(), criticalPathPromisedDays: Type.Integer(), legalLimitDays: Type.Integer(),
    materials: Type.Integer(), exemptMaterials: Type.Integer(),
  }),
});

export const DefinitionBody = Type.Object({}, { additionalProperties: true, description: 'an item or bundle definition (see catalog/schema/*.schema.json)' });

export const CreateEntryBody = Type.Object(
  { code: Type.String({ pattern: '^[A-Za-z0-9-]{3,50}$' }), definition: DefinitionBody },
  { additionalProperties: false },
);
export const UpdateDraftBody = Type.Object(
  { revision: Type.Integer({ minimum: 1, description: 'the revision you edited; a stale one gets 409' }), definition: DefinitionBody },
  { additionalProperties: false },
);
export const PublishBody = Type.Object(
  {
    revision: Type.Integer({ minimum: 1 }),
    effectiveDate: Type.Optional(Type.String({ format: 'date', description: 'YYYY-MM-DD, today or later; default today' })),
  },
  { additionalProperties: false },
);
export const DiffQuery = Type.Object(
  { from: Type.Integer({ minimum: 1 }), to: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export const AdminVersion = Type.Object({}, { additionalProperties: true, description: 'a version with revision and authorship' });
