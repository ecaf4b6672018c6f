/** Configuration from the environment, read once at start. The README's table lists every variable. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminToken: string | undefined;
  logLevel: string;
  catalogDir: string;
  webDist: string;
  /** Load the demo catalog into an empty database on start. */
  seedDemo: boolean;
}

/** Reads the configuration; throws with the variable's name when a value is malformed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (0-65535), got "${env.PORT}"`);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    databaseUrl: env.DATABASE_URL || undefined,
    adminToken: env.ADMIN_TOKEN || undefined,
    logLevel: env.LOG_LEVEL ?? 'info',
    catalogDir: resolve(env.CATALOG_DIR ?? resolve(root, 'catalog')),
    webDist: resolve(env.WEB_DIST ?? resolve(root, 'packages/web/dist')),
    seedDemo: (env.SEED_DEMO ?? 'true') !== 'false',
  };
}
