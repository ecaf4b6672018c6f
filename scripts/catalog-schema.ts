/** `npm run catalog:schema`: writes the JSON Schemas of item and bundle files to catalog/schema/ (a test keeps them current). */
import { writeFileSync } from 'node:fs';
import { BundleFileSchema, ItemFileSchema } from '@tongban/core';

export const schemaFiles = {
  'catalog/schema/item.schema.json': ItemFileSchema,
  'catalog/schema/bundle.schema.json': BundleFileSchema,
};

export const render = (schema: unknown): string => `${JSON.stringify(schema, null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [file, schema] of Object.entries(schemaFiles)) writeFileSync(file, render(schema));
  console.log('wrote', Object.keys(schemaFiles).join(', '));
}
