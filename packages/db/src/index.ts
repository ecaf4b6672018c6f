export * from './db.ts';
export * from './migrate.ts';
export * from './catalog.repo.ts';
export * from './identity.repo.ts';
export * from './audit.repo.ts';
export * from './applications.repo.ts';
export * from './materials.repo.ts';
export * from './datasources.repo.ts';
