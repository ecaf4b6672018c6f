/** Route schemas of materials (TypeBox): the file view, the id parameter and the multipart fields. */
import Type from 'typebox';

/** Patterns of the multipart fields (the body is multipart, so they are checked by the route, not by ajv). */
export const ITEM_CODE = /^[A-Za-z0-9-]{3,50}$/;
export const MATERIAL_ID = /^[a-z][a-zA-Z0-9_]{0,63}$/;

export const MaterialFileId = Type.Object(
  { id: Type.String({ pattern: '^mf_[0-9a-f]{24}$', description: 'material file id, mf_ + 24 hex characters' }) },
  { additionalProperties: false },
);

const CheckRecord = Type.Object(
  {
    check: Type.String({ description: 'type, size, image.decode, image.resolution, photo.dimensions, photo.aspect, photo.background, pdf.readable, pdf.pages' }),
    passed: Type.Boolean(),
    actual: Type.Optional(Type.Unknown({ description: 'what was measured' })),
    limit: Type.Optional(Type.Unknown({ description: 'the limit applied' })),
  },
  { additionalProperties: false },
);

export const MaterialFileView = Type.Object(
  {
    id: Type.String(),
    sha256: Type.String({ description: 'SHA-256 of the content (hex): the blob it is stored as' }),
    size: Type.Integer({ description: 'bytes' }),
    mediaType: Type.String({ description: 'media type found from the content, never from the file name' }),
    fileName: Type.Union([Type.String(), Type.Null()]),
    width: Type.Optional(Type.Integer()),
    height: Type.Optional(Type.Integer()),
    pages: Type.Optional(Type.Integer()),
    checks: Type.Array(CheckRecord),
    itemCode: Type.String(),
    itemVersion: Type.Integer({ description: 'the item version in force whose material rules were applied' }),
    materialId: Type.String(),
    actingFor: Type.Union([Type.String(), Type.Null()], { description: 'USCC of the enterprise the uploader acted for' }),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false, description: 'An uploaded material file (content at …/content)' },
);
