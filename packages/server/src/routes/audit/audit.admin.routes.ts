/**
 * Audit administration: verify the whole audit chain. Only an administrator may call it (policy `audit.verify`,
 * enforced for every /api/v1/admin/ route by http/auth.ts).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../app.ts';
import { verifyAudit } from '../../audit/audit.service.ts';

const problem = Type.Ref('Problem');
const Bi = Type.Object({ zh: Type.String(), en: Type.String() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const AuditBreak = Type.Object({
  reason: Type.Unsafe<string>({ enum: ['edited', 'deleted', 'reordered', 'truncated', 'rewritten', 'bad_checkpoint_signature'] }),
  shard: Nullable(Type.Integer({ description: 'the shard (chain); null for a checkpoint signature' })),
  seq: Nullable(Type.Integer({ description: 'seq of the first entry that fails; for truncated, the first missing seq' })),
  id: Nullable(Type.String({ description: 'id of that entry; null when it is missing' })),
  checkpointId: Type.Optional(Type.String()),
  expectedSeq: Type.Optional(Type.Integer({ description: 'the seq expected at that position, when it differs' })),
  message: Bi,
});

export const AuditVerifyReport = Type.Object({
  intact: Type.Boolean(),
  entries: Type.Integer({ description: 'entries verified' }),
  durationMs: Type.Integer(),
  firstBroken: Nullable(AuditBreak),
  breaks: Type.Array(AuditBreak, { description: 'every shard\'s first break, then checkpoint problems' }),
  shards: Type.Array(Type.Object({
    shard: Type.Integer(), entries: Type.Integer(), lastSeq: Type.Integer(), lastHash: Type.String(), broken: Nullable(AuditBreak),
  })),
  checkpoints: Type.Object({
    count: Type.Integer(),
    signaturesChecked: Type.Boolean({ description: 'false when no platform public key is known: checkpoints were used unchecked' }),
    latest: Nullable(Type.Object({ id: Type.String(), at: Type.String(), keyId: Type.String() })),
  }),
  publicKey: Nullable(Type.Object({ keyId: Type.String(), pem: Type.String({ description: 'the platform public key (SPKI PEM) that verifies checkpoints' }) })),
});

export const auditAdminRoutes = (deps: AppDeps): FastifyPluginAsyncTypebox => async (app) => {
  /**
   * GET /api/v1/admin/audit/verify — verify every audit chain and checkpoint; administrators only.
   * @returns 200 the report: `intact`, and when broken the first broken entry (shard, seq, id, reason) and every shard's first break
   * @returns 401 when not signed in; 403 when not an administrator
   */
  app.get('/api/v1/admin/audit/verify', {
    config: { policy: 'audit.verify' },
    schema: {
      tags: ['audit'], summary: 'Verify the audit chain',
      description: 'Reads every entry of every shard and every checkpoint; names the first broken entry and why (edited, deleted, reordered, truncated, rewritten, bad_checkpoint_signature).',
      response: { 200: AuditVerifyReport, 401: problem, 403: problem },
    },
  }, async () => verifyAudit(deps.db));
};
