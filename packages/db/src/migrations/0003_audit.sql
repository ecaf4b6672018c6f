-- The audit log (存证/审计): append-only, hash-chained entries in 32 independent chains (shards), so concurrent
-- writers lock different head rows instead of queueing on one. Each entry stores the hash of the entry before it in
-- its shard; signed checkpoints of every shard's head make a cut tail detectable. See docs/decisions/0010-audit-chain.md.

create sequence audit_log_ids;

create table audit_log (
  shard smallint not null,
  seq bigint not null check (seq > 0),
  id bigint not null,
  at timestamptz(3) not null,
  actor text not null,
  actor_role text,
  org text,
  action text not null,
  subject_type text not null,
  subject_id text not null,
  subject_person text,
  purpose text,
  detail jsonb not null default '{}',
  alg text not null,
  prev_hash text not null,
  hash text not null,
  primary key (shard, seq)
);

-- "who used my data": a citizen's entries, newest first
create index audit_log_person on audit_log (subject_person, at desc, id desc) where subject_person is not null;

-- The head of each shard: the last entry's seq and hash. A writer locks one head row (the first one free) for the rest
-- of its transaction. Mutable by design; verification checks it against the entries but trusts only signed checkpoints.
create table audit_heads (
  shard smallint primary key,
  seq bigint not null default 0,
  hash text not null,
  updated_at timestamptz
) with (fillfactor = 20);

insert into audit_heads (shard, seq, hash) select s, 0, repeat('0', 64) from generate_series(0, 31) as s;

-- Every shard head at one moment, signed with the platform's Ed25519 key.
create table audit_checkpoints (
  id bigserial primary key,
  at timestamptz(3) not null,
  heads jsonb not null,
  key_id text not null,
  public_key text not null,
  signature text not null
);

create function audit_append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only: % is refused', tg_table_name, lower(tg_op)
    using errcode = 'P0001', hint = 'audit entries and checkpoints are never changed or removed';
end $$;

create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_append_only();
create trigger audit_checkpoints_append_only before update or delete on audit_checkpoints
  for each row execute function audit_append_only();
create trigger audit_checkpoints_no_truncate before truncate on audit_checkpoints
  for each statement execute function audit_append_only();
