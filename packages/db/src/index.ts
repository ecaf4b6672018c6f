export * from './db.ts';
export * from './migrate.ts';
export * from './catalog.repo.ts';
export * from './identity.repo.ts';
export * from './audit.repo.ts';
