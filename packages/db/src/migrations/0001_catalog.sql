-- The service catalog: items and bundles, each with numbered versions (draft or published).
-- A published version is immutable: a trigger refuses every update or delete of one.

create table catalog_entries (
  kind text not null check (kind in ('item', 'bundle')),
  code text primary key,
  created_at timestamptz not null default now()
);

create table catalog_versions (
  code text not null references catalog_entries (code),
  kind text not null check (kind in ('item', 'bundle')),
  version integer not null check (version > 0),
  status text not null check (status in ('draft', 'published')),
  definition jsonb not null,
  effective_date date,
  published_at timestamptz,
  revision integer not null default 1,
  created_by text not null,
  updated_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (code, version),
  check (status = 'draft' or (effective_date is not null and published_at is not null))
);

create unique index catalog_versions_one_draft on catalog_versions (code) where status = 'draft';
create index catalog_versions_published on catalog_versions (kind, code, version desc) where status = 'published';

-- Search index of published versions: derived data, written on publication. A version is in force from its
-- effective date until the effective date of a newer published version (until_date, exclusive). Each server
-- process builds its in-memory search index from this table and reloads it when `seq` moves on.
create table catalog_index (
  seq bigserial unique,
  code text not null,
  version integer not null,
  kind text not null,
  effective_date date not null,
  until_date date,
  department text,
  item_type text,
  channels text[] not null default '{}',
  fully_online boolean not null default false,
  cross_region boolean not null default false,
  summary jsonb not null,
  primary_terms text[] not null,
  secondary_terms text[] not null,
  primary key (code, version),
  foreign key (code, version) references catalog_versions (code, version)
);

create function catalog_versions_immutable() returns trigger language plpgsql as $$
begin
  if old.status = 'published' then
    raise exception 'catalog version %/% is published and cannot be changed', old.code, old.version
      using errcode = 'P0001', hint = 'create a new draft from it instead';
  end if;
  if tg_op = 'DELETE' then return old; end if;
  return new;
end $$;

create trigger catalog_versions_immutable
  before update or delete on catalog_versions
  for each row execute function catalog_versions_immutable();
