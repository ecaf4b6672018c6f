-- Applications (申请): drafts that save and resume, bound to the catalog version they were started under, then
-- submitted once (idempotent by key) with a receipt number (受理编号) from a sequence; data disputes (数据异议).

create sequence receipt_seq;

create table applications (
  id text primary key,
  applicant_id text not null references persons (id),
  acting_for text references enterprises (uscc),
  kind text not null check (kind in ('item', 'bundle')),
  code text not null,
  version integer not null,
  members jsonb not null default '[]',
  status text not null check (status in ('draft', 'submitted')),
  -- answers, form, prefill provenance, facts and the pre-check's explanations hold personal data: sealed
  -- (AES-256-GCM, see @tongban/core pii.ts) as one JSON document
  sealed text not null,
  materials jsonb not null default '{}',
  eligible text check (eligible in ('yes', 'no', 'unknown')),
  measures jsonb,
  revision integer not null default 1,
  receipt_no text unique,
  idempotency_key text,
  channel text not null default 'online',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  foreign key (code, version) references catalog_versions (code, version),
  check (status = 'draft' or (receipt_no is not null and submitted_at is not null))
);
create index applications_applicant on applications (applicant_id, created_at desc);
create index applications_item_submitted on applications (code, submitted_at) where status = 'submitted';

create table data_disputes (
  id text primary key,
  application_id text not null references applications (id),
  applicant_id text not null references persons (id),
  field text not null,
  source text not null,
  claimed_value_enc text not null,
  reason text not null,
  status text not null default 'open' check (status in ('open', 'resolved', 'rejected')),
  created_at timestamptz not null default now()
);
create index data_disputes_source on data_disputes (source, status);
