-- Case handling (办件): cases made from submitted applications, their append-only timelines, durable timers, and
-- the holiday years loaded after the code was released. Other agencies (卫健、民政…) join the org tree as roots so
-- that their members of a bundle are worked from the same workbench; producers (制证) become an officer role.

alter table orgs drop constraint orgs_kind_check;
alter table orgs add constraint orgs_kind_check check (kind in ('city_bureau', 'sub_bureau', 'station', 'window', 'department_bureau', 'agency'));
alter table officer_roles drop constraint officer_roles_role_check;
alter table officer_roles add constraint officer_roles_role_check check (role in ('window_officer', 'reviewer', 'approver', 'department_head', 'producer', 'admin'));

-- an application filed at the counter by a window officer for a citizen who is present (一窗通办)
alter table applications add column filed_by text references officers (id);
alter table applications add column filed_org text references orgs (code);

create table cases (
  id text primary key,
  application_id text not null references applications (id),
  parent_id text references cases (id),
  kind text not null check (kind in ('item', 'bundle')),
  code text not null,
  version integer not null,
  applicant_id text not null references persons (id),
  state text not null check (state in ('submitted', 'supplement', 'review', 'production', 'delivery', 'closed', 'archived', 'waiting', 'in_progress')),
  outcome text check (outcome in ('approved', 'denied', 'refused', 'expired', 'cancelled')),
  step_index integer,
  step_id text,
  step_role text,
  step_started_on date,
  -- the current step's due date (end of that day, Asia/Shanghai); null while paused or with no step running
  step_due date,
  decided boolean not null default false,
  manual boolean not null default false,
  paused_from jsonb,
  paused_on date,
  paused_days integer not null default 0,
  -- a due date was counted through a year whose holiday notice is not yet loaded
  provisional boolean not null default false,
  department text not null,
  -- the org handling the case now, and its ancestors ('/SH/SH-PD/SH-PD-LJZ/') for jurisdiction filters
  org text not null references orgs (code),
  org_path text not null,
  competent_org text references orgs (code),
  routing_rule text,
  accepted_org text references orgs (code),
  accepted_on date,
  accepted_at timestamptz,
  promised_due date,
  legal_due date,
  channel text not null,
  -- 全市通办: any window of the department in the city may accept it
  city_wide boolean not null default false,
  delivery_method text not null check (delivery_method in ('e_license', 'window', 'postal')),
  pickup_code text,
  tracking_no text,
  delivered_at timestamptz,
  decision jsonb,
  supplement jsonb,
  result jsonb,
  assignee text references officers (id),
  after_members jsonb not null default '[]',
  revision integer not null default 1,
  last_seq integer not null default 0,
  submitted_at timestamptz not null,
  updated_at timestamptz not null default now(),
  closed_at timestamptz,
  archived_at timestamptz
);
create index cases_application on cases (application_id);
create index cases_parent on cases (parent_id) where parent_id is not null;
create index cases_applicant on cases (applicant_id, submitted_at desc) where parent_id is null;
-- overdue and due-soon lists: open steps by due date, city-wide and within an org subtree
create index cases_step_due on cases (step_due, id) where step_due is not null and state in ('submitted', 'review', 'production', 'delivery');
-- an org subtree is "the org at depth d of org_path": split_part(org_path, '/', d + 1) = code (root, sub-bureau, station)
create index cases_l1_due on cases (split_part(org_path, '/', 2), step_due, id) where state in ('submitted', 'review', 'production', 'delivery');
create index cases_l2_due on cases (split_part(org_path, '/', 3), step_due, id) where state in ('submitted', 'review', 'production', 'delivery');
create index cases_l3_due on cases (split_part(org_path, '/', 4), step_due, id) where state in ('submitted', 'review', 'production', 'delivery');
create index cases_org_state on cases (org, state);
create index cases_provisional on cases (id) where provisional and state not in ('closed', 'archived');

create table case_events (
  case_id text not null references cases (id),
  seq integer not null,
  at timestamptz not null,
  kind text not null,
  step_id text,
  -- 'system', 'officer:<officer id>' or 'citizen:<person id>'
  actor text not null,
  actor_name text,
  actor_role text,
  actor_org text,
  from_state text,
  to_state text,
  reason text,
  detail jsonb not null default '{}',
  primary key (case_id, seq)
);

create function case_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'case_events is append-only (% refused)', tg_op using errcode = '42501';
end $$;
create trigger case_events_append_only before update or delete on case_events
  for each row execute function case_events_append_only();

-- Durable timers: claimed with FOR UPDATE SKIP LOCKED; the handler's effects and the "done" mark commit together.
create table jobs (
  id bigserial primary key,
  kind text not null,
  dedupe_key text unique,
  run_at timestamptz not null,
  payload jsonb not null default '{}',
  state text not null default 'pending' check (state in ('pending', 'done', 'failed')),
  attempts integer not null default 0,
  last_error text,
  fired_by text,
  fired_at timestamptz,
  created_at timestamptz not null default now()
);
create index jobs_due on jobs (run_at) where state = 'pending';

create table calendar_years (
  year integer primary key,
  holidays jsonb not null,
  workdays jsonb not null,
  loaded_at timestamptz not null default now(),
  loaded_by text not null
);
