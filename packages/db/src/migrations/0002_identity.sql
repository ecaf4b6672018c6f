-- Unified identity: the org tree, people (personal data encrypted, blind indexes for lookup), officers and their
-- roles per org and department, enterprise authorisations, sessions, and failed sign-ins for throttling.

create table orgs (
  code text primary key,
  parent text references orgs (code),
  kind text not null check (kind in ('city_bureau', 'sub_bureau', 'station', 'window', 'department_bureau')),
  name_zh text not null,
  name_en text not null,
  district text,
  departments text[] not null default '{}',
  -- ancestors from the root down to this org, itself included, for subtree checks
  path text[] not null
);
create index orgs_path on orgs using gin (path);

create table persons (
  id text primary key,
  citizen_id_enc text not null,
  citizen_id_idx text not null unique,
  name text not null,
  sex text not null check (sex in ('male', 'female')),
  birth_date date not null,
  phone_enc text,
  phone_idx text,
  address_enc text,
  household_region text not null,
  household_org text references orgs (code),
  created_at timestamptz not null default now()
);
create index persons_phone_idx on persons (phone_idx);
create index persons_household_org on persons (household_org);

create table officers (
  id text primary key,
  person_id text not null unique references persons (id),
  badge text not null unique,
  active boolean not null default true
);

create table officer_roles (
  officer_id text not null references officers (id),
  org text not null references orgs (code),
  department text not null,
  role text not null check (role in ('window_officer', 'reviewer', 'approver', 'department_head', 'admin')),
  primary key (officer_id, org, department, role)
);

create table enterprises (
  uscc text primary key,
  name text not null,
  address_enc text,
  legal_rep_person text references persons (id)
);

create table enterprise_authorisations (
  uscc text not null references enterprises (uscc),
  person_id text not null references persons (id),
  role text not null check (role in ('legal_representative', 'agent')),
  primary key (uscc, person_id)
);

create table sessions (
  id text primary key,               -- SHA-256 of the session secret; the secret itself is never stored
  kind text not null check (kind in ('citizen', 'officer')),
  person_id text not null references persons (id),
  acting_for text references enterprises (uscc),
  csrf_secret text not null,
  idp_subject text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);
create index sessions_person on sessions (person_id);

create table signin_failures (
  key text not null,
  at timestamptz not null default now()
);
create index signin_failures_key_at on signin_failures (key, at);
