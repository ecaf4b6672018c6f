-- Authoritative data sources (数源) kept in this database: the population register, residence registration, the
-- vehicle and driving-licence registers, the enterprise register, criminal records, and the licence types each person
-- holds (the wallet's stand-in until the e-licence issue). On a fresh start they hold a deterministic synthetic data
-- set. A person's rows are keyed by the blind index of their citizen ID (HMAC, as persons.citizen_id_idx); personal
-- values are AES-256-GCM sealed by the server (see docs/decisions/0009 and 0011). Read only through DataSourceService,
-- which checks the item's grant and audits every read.

create table ds_population (
  citizen_id_idx text primary key,
  citizen_id_enc text not null,
  name text not null,
  sex text not null check (sex in ('male', 'female')),
  birth_date date not null,
  ethnicity text not null,
  household_address_enc text not null,
  household_district text not null check (household_district ~ '^[0-9]{6}$'),
  household_type text not null check (household_type in ('urban', 'rural')),
  marital_status text not null check (marital_status in ('unmarried', 'married', 'widowed', 'divorced')),
  photo_ref text,
  phone_enc text,
  death_date date
);

create table ds_residence (
  citizen_id_idx text primary key,
  address_enc text not null,
  district text not null check (district ~ '^[0-9]{6}$'),
  start_date date not null,
  -- a registration ended by moving away or cancellation; the row stays for history
  end_date date
);

create table ds_vehicles (
  id text primary key,
  citizen_id_idx text not null,
  -- plate number and VIN, sealed together as one small JSON document
  identifiers_enc text not null,
  vehicle_type text not null,
  owner_name text not null,
  registration_date date not null,
  inspection_due date not null,
  violations_open integer not null default 0 check (violations_open >= 0),
  accidents_open integer not null default 0 check (accidents_open >= 0),
  mortgaged boolean not null default false,
  status text not null check (status in ('normal', 'seized', 'deregistered', 'scrapped'))
);
create index ds_vehicles_owner on ds_vehicles (citizen_id_idx);

create table ds_driving_licences (
  citizen_id_idx text primary key,
  number_enc text not null,
  class text not null,
  valid_from date not null,
  valid_until date not null,
  status text not null check (status in ('normal', 'expired', 'suspended', 'revoked', 'cancelled')),
  points integer not null default 0 check (points between 0 and 12)
);

create table ds_enterprises (
  uscc text primary key check (uscc ~ '^[0-9A-HJ-NPQRTUWXY]{18}$'),
  name text not null,
  legal_rep_idx text not null,
  legal_rep_name text not null,
  address_enc text not null,
  business_scope text not null,
  status text not null check (status in ('active', 'revoked', 'cancelled'))
);
create index ds_enterprises_legal_rep on ds_enterprises (legal_rep_idx);

create table ds_criminal_records (
  id text primary key,
  citizen_id_idx text not null,
  offence text not null,
  judged_on date not null
);
create index ds_criminal_records_person on ds_criminal_records (citizen_id_idx);

create table ds_licenses_held (
  citizen_id_idx text not null,
  license_type text not null,
  issued_on date not null,
  -- null: no expiry
  valid_until date,
  primary key (citizen_id_idx, license_type)
);
