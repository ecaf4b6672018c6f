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
  /** The address users reach the platform at (OIDC redirects); default http://localhost:PORT. */
  publicUrl: string | undefined;
  /** External OIDC issuer; unset = the built-in development identity provider at PUBLIC_URL/idp. */
  oidcIssuer: string | undefined;
  oidcClientId: string;
  oidcClientSecret: string;
  /** Which ID-token claims carry the citizen ID number and the name (claim mapping for external issuers). */
  oidcClaimCitizenId: string;
  oidcClaimName: string;
  /** Personal-data keys: "kid:base64(32 bytes),…" (the first encrypts) and the blind-index key (base64). */
  piiKeys: string | undefined;
  piiIndexKey: string | undefined;
  sessionSecret: string | undefined;
  sessionHours: number;
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
    publicUrl: env.PUBLIC_URL?.replace(/\/$/, '') || undefined,
    oidcIssuer: env.OIDC_ISSUER || undefined,
    oidcClientId: env.OIDC_CLIENT_ID ?? 'tongban-web',
    oidcClientSecret: env.OIDC_CLIENT_SECRET ?? 'tongban-dev-secret',
    oidcClaimCitizenId: env.OIDC_CLAIM_CITIZEN_ID ?? 'citizen_id',
    oidcClaimName: env.OIDC_CLAIM_NAME ?? 'name',
    piiKeys: env.PII_KEYS || undefined,
    piiIndexKey: env.PII_INDEX_KEY || undefined,
    sessionSecret: env.SESSION_SECRET || undefined,
    sessionHours: Number(env.SESSION_HOURS ?? 8),
  };
}
