/**
 * Periodic audit checkpoints in the server process: every AUDIT_CHECKPOINT_SECONDS, sign the shard heads. Several
 * processes may run this; the advisory lock and the minimum age let only one of them write per period. (A durable job
 * queue will take this over; until then a missed tick is made up by the next one.)
 */
import type { Db } from '@tongban/db';
import { auditSettings, writeCheckpoint } from './audit.service.ts';

/** The part of a pino logger this uses. */
export interface CheckpointLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

const silent: CheckpointLogger = { info() {}, warn() {}, error() {} };

/**
 * Starts writing a checkpoint every `intervalSeconds` (default 300; 0 turns it off); returns the function that stops
 * it. Each checkpoint is also logged with its signature, so a copy lives outside the database.
 */
export function startAuditCheckpoints(db: Db, opts: { intervalSeconds?: number; log?: CheckpointLogger } = {}): () => void {
  const log = opts.log ?? silent;
  const seconds = opts.intervalSeconds ?? 300;
  if (seconds <= 0) return () => {};
  if (!auditSettings().signingKey) {
    log.warn({}, 'audit checkpoints are off: no platform signing key is configured (PLATFORM_SIGNING_KEY)');
    return () => {};
  }
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // a little less than the period, so timers of several processes drifting apart do not double the checkpoints
      const r = await writeCheckpoint(db, { minAgeSeconds: seconds * 0.9 });
      if (r.written && r.checkpoint) {
        const { id, at, keyId, signature, heads } = r.checkpoint;
        log.info({ checkpoint: { id, at, keyId, signature, heads: heads.filter((h) => h.seq > 0) } }, 'audit checkpoint written');
      }
    } catch (err) {
      log.error({ err }, 'audit checkpoint failed; the next tick tries again');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), seconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
