-- Operations dashboard (网办中心) and the public page (政务公开): the figures are computed at read time from cases,
-- applications, ratings and rectifications (docs/decisions/0030, 0032). These are indexes, plus immutable per-case
-- facts copied from the application so that a city-wide month is read from one covering index without joining
-- a million applications (never counters: each is written once, for its own case).

-- Facts of the application a case was opened from: the smart-application measures (copied when the case is
-- created, in the submission's transaction) and whether it was accepted without a supplement request (copied once,
-- when the case workflow records it on the application: null until accepted or refused).
alter table cases add column fields_prefilled smallint;
alter table cases add column fields_total smallint;
alter table cases add column materials_exempted smallint;
alter table cases add column materials_total smallint;
alter table cases add column accepted_first boolean;

create function cases_copy_measures() returns trigger language plpgsql as $$
declare m jsonb;
begin
  if new.parent_id is null and new.fields_total is null then
    select measures into m from applications where id = new.application_id;
    if m is not null then
      new.fields_prefilled := (m->>'fieldsPrefilled')::smallint;
      new.fields_total := (m->>'fieldsTotal')::smallint;
      new.materials_exempted := (m->>'materialsExempted')::smallint;
      new.materials_total := (m->>'materialsTotal')::smallint;
      new.accepted_first := (m->>'acceptedWithoutSupplement')::boolean;
    end if;
  end if;
  return new;
end $$;
create trigger cases_copy_measures before insert on cases for each row execute function cases_copy_measures();

create function applications_copy_first_time() returns trigger language plpgsql as $$
begin
  if (new.measures->>'acceptedWithoutSupplement') is distinct from (old.measures->>'acceptedWithoutSupplement') then
    update cases set accepted_first = (new.measures->>'acceptedWithoutSupplement')::boolean
      where application_id = new.id and parent_id is null;
  end if;
  return new;
end $$;
create trigger applications_copy_first_time after update of measures on applications
  for each row execute function applications_copy_first_time();

-- Top-level cases by submission time within an org subtree (level 1 = city bureau or agency, 2 = sub-bureau or
-- department bureau, 3 = station), covering every column a figure reads: index-only scans for a period.
create index cases_dash_l1 on cases (split_part(org_path, '/', 2), submitted_at)
  include (org_path, code, department, channel, delivery_method, state, accepted_on, closed_at, promised_due, step_due,
           fields_prefilled, fields_total, materials_exempted, materials_total, accepted_first)
  where parent_id is null;
create index cases_dash_l2 on cases (split_part(org_path, '/', 3), submitted_at)
  include (org_path, code, department, channel, delivery_method, state, accepted_on, closed_at, promised_due, step_due,
           fields_prefilled, fields_total, materials_exempted, materials_total, accepted_first)
  where parent_id is null;
create index cases_dash_l3 on cases (split_part(org_path, '/', 4), submitted_at)
  include (org_path, code, department, channel, delivery_method, state, accepted_on, closed_at, promised_due, step_due,
           fields_prefilled, fields_total, materials_exempted, materials_total, accepted_first)
  where parent_id is null;
-- the planner does not use a partial index's expression statistics for the table: without these it guesses 0.5 %
-- for "split_part(org_path, '/', 2) = 'SH'" (really ~95 %), and never plans a parallel scan of a city-wide month
create statistics cases_org_l1_stx on (split_part(org_path, '/', 2)) from cases;
create statistics cases_org_l2_stx on (split_part(org_path, '/', 3)) from cases;
create statistics cases_org_l3_stx on (split_part(org_path, '/', 4)) from cases;
-- open top-level steps by due date: "overdue now" of any subtree (few rows: the open part of the caseload)
create index cases_dash_open_due on cases (step_due) include (org_path, code, department)
  where parent_id is null and step_due is not null and state in ('submitted', 'review', 'production', 'delivery');
-- the public page: top-level cases closed in a month, per item
create index cases_dash_closed on cases (closed_at) include (code, promised_due)
  where parent_id is null and closed_at is not null;

-- ratings of a subtree by rating day (rated_on, Asia/Shanghai)
create index ratings_dash_l1 on ratings (split_part(org_path, '/', 2), rated_on) include (org_path, item_code, department, bad);
create index ratings_dash_l2 on ratings (split_part(org_path, '/', 3), rated_on) include (org_path, item_code, department, bad);
create index ratings_dash_l3 on ratings (split_part(org_path, '/', 4), rated_on) include (org_path, item_code, department, bad);
create statistics ratings_org_l1_stx on (split_part(org_path, '/', 2)) from ratings;
create statistics ratings_org_l2_stx on (split_part(org_path, '/', 3)) from ratings;
create statistics ratings_org_l3_stx on (split_part(org_path, '/', 4)) from ratings;
-- open work orders of a subtree (now)
create index rectifications_dash_open on rectifications (org_path text_pattern_ops) include (item_code, department, stage_due) where stage <> 'closed';
