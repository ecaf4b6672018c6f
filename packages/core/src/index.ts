/** @tongban/core: the domain of Tongban, with no HTTP or database imports. */
export * from './kernel/errors.ts';
export * from './kernel/text.ts';
export * from './identity/identifiers.ts';
export * from './catalog/catalog.enums.ts';
export * from './catalog/catalog.schema.ts';
export * from './catalog/catalog.rules.ts';
export * from './catalog/catalog.validate.ts';
export * from './catalog/catalog.search.ts';
export * from './catalog/catalog.service.ts';
export * from './identity/pii.ts';
export * from './identity/policy.ts';
export * from './audit/audit.types.ts';
export * from './audit/audit.chain.ts';
