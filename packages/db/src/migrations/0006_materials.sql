-- Materials (申请材料) uploaded by applicants. The content is a blob in the blob store, named by its SHA-256 (the
-- same content uploaded twice is stored once); a row is written only after its blob is stored and every check has
-- passed, so no row points at missing content. `checks` keeps what each check measured and the limit it applied.

create table material_files (
  id text primary key,                                   -- mf_ + 24 hex characters
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size integer not null check (size > 0),
  media_type text not null,
  file_name text,                                        -- as the uploader named it, for display only
  width integer,
  height integer,
  pages integer,
  checks jsonb not null default '[]',
  uploaded_by text not null references persons (id),
  acting_for text references enterprises (uscc),         -- the enterprise the uploader acted for, if any
  item_code text not null,
  item_version integer not null,                         -- the version in force whose material rules were applied
  material_id text not null,
  created_at timestamptz not null default now(),
  foreign key (item_code, item_version) references catalog_versions (code, version)
);
create index material_files_uploader on material_files (uploaded_by, created_at desc);
create index material_files_sha256 on material_files (sha256);
