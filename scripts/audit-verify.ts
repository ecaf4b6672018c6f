/**
 * `npm run audit:verify [-- --json]`: verifies every audit chain and checkpoint of the configured database
 * (DATABASE_URL, or the embedded one in DATA_DIR — stop the server first, PGlite allows one process) and names the
 * first broken entry. Exit code 0 when intact, 1 when broken, 2 when it could not verify.
 */
import { auditRepo, DatabaseUnavailableError, openDb, type Db } from '@tongban/db';
import { loadConfig } from '../packages/server/src/config.ts';
import { auditConfigFromEnv, configureAudit, verifyAudit, type VerifyReport } from '../packages/server/src/audit/audit.service.ts';

const json = process.argv.includes('--json');
const n = (x: number) => x.toLocaleString('en-US');

function print(r: VerifyReport, where: string): void {
  const cp = r.checkpoints;
  console.log(`Audit log of ${where}: ${r.shards.length} shards, ${n(r.entries)} entries verified in ${(r.durationMs / 1000).toFixed(1)} s.`);
  if (!cp.count) console.log('No checkpoints yet: a cut tail cannot be detected before the first one.');
  else {
    console.log(`${n(cp.count)} checkpoint(s), latest #${cp.latest!.id} at ${cp.latest!.at} (key ${cp.latest!.keyId}); `
      + (cp.signaturesChecked ? 'signatures checked.' : 'signatures NOT checked: no platform key (set PLATFORM_SIGNING_KEY or PLATFORM_PUBLIC_KEY).'));
  }
  if (r.intact) {
    console.log('INTACT: every entry links to the one before it and matches its hash.');
    return;
  }
  const b = r.firstBroken!;
  const where1 = b.shard === null ? `checkpoint #${b.checkpointId}` : `shard ${b.shard}, seq ${b.seq}, id ${b.id ?? '(missing)'}`;
  console.log(`BROKEN: first broken entry: ${where1}: ${b.reason}`);
  console.log(`  ${b.message.en}`);
  console.log(`  ${b.message.zh}`);
  if (r.breaks.length > 1) {
    console.log(`${r.breaks.length} breaks in all:`);
    for (const x of r.breaks) {
      console.log(`  - ${x.shard === null ? `checkpoint #${x.checkpointId}` : `shard ${x.shard}, seq ${x.seq}, id ${x.id ?? '(missing)'}`}: ${x.reason}`);
    }
  }
}

async function main(): Promise<number> {
  const config = loadConfig();
  const settings = auditConfigFromEnv(process.env, config, { forVerification: true });
  configureAudit(settings);
  let db: Db;
  try {
    db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 4 });
  } catch (err) {
    if (err instanceof DatabaseUnavailableError) {
      console.error(`audit:verify could not open the database: ${err.message}`);
      return 2;
    }
    throw err;
  }
  try {
    if (!(await auditRepo.installed(db))) {
      console.error('audit:verify: this database has no audit log (migration 0003_audit has not run): start the server once to migrate it.');
      return 2;
    }
    const report = await verifyAudit(db);
    if (json) console.log(JSON.stringify(report, null, 2));
    else print(report, db.kind === 'pglite' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL');
    return report.intact ? 0 : 1;
  } finally {
    await db.close();
  }
}

main().then((code) => process.exit(code), (err: unknown) => {
  console.error(`audit:verify failed: ${(err as Error).message}`);
  process.exit(2);
});
