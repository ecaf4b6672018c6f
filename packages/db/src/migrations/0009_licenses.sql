-- Electronic licences (电子证照), first part: the issuing orgs' signing keys (published as JWKS, kept after rotation
-- so old licences still verify), and the licences issued, each with its status-list slot.

create table issuer_keys (
  kid text primary key,
  org text not null references orgs (code),
  alg text not null check (alg in ('EdDSA', 'SM2')),
  public_jwk jsonb not null,
  -- PKCS#8 PEM, sealed with the platform's data keys (AES-256-GCM)
  private_enc text not null,
  created_at timestamptz not null default now(),
  -- a retired key signs nothing new but stays published for the licences it signed
  retired_at timestamptz
);
create index issuer_keys_org on issuer_keys (org, created_at desc) where retired_at is null;

create table status_lists (
  org text primary key references orgs (code),
  next_idx integer not null default 0
);

create table licenses (
  -- the GB/T 36904 licence identifier
  id text primary key,
  license_type text not null,
  holder_id text not null references persons (id),
  issuer_org text not null references orgs (code),
  case_id text references cases (id),
  issued_on date not null,
  expires_on date,
  -- the SD-JWT VC with every disclosure: personal data, sealed
  credential_enc text not null,
  kid text not null references issuer_keys (kid),
  status_idx integer not null,
  status text not null default 'valid' check (status in ('valid', 'suspended', 'revoked')),
  status_reason text,
  created_at timestamptz not null default now(),
  unique (issuer_org, status_idx)
);
create index licenses_holder on licenses (holder_id, issued_on desc);
create index licenses_case on licenses (case_id);
create sequence license_serial_seq;

-- every verification through the platform, for the holder to see who checked what (no personal data of the holder)
create table license_verifications (
  id bigserial primary key,
  license_id text references licenses (id),
  holder_id text references persons (id),
  verifier text not null,
  purpose text,
  disclosed jsonb not null default '[]',
  result text not null,
  at timestamptz not null default now()
);
create index license_verifications_holder on license_verifications (holder_id, at desc);

-- the holder's key the licences are bound to (cnf): the platform keeps it for the holder (a custodial wallet key),
-- sealed, and signs the key-binding JWT of each presentation with it
create table holder_keys (
  person_id text primary key references persons (id),
  public_jwk jsonb not null,
  private_enc text not null,
  created_at timestamptz not null default now()
);
