-- Operations dashboard (网办中心) and the public page (政务公开): the figures are computed at read time from cases,
-- applications, ratings and rectifications (docs/decisions/0030, 0032). These are indexes, plus immutable per-case
-- facts written with each case so that a city-wide month is read from one covering index without joining
-- a million applications (never counters: each is written once, for its own case).

-- Facts of the application a top-level case was opened from: the smart-application measures (written with the
-- case, in the submission's transaction) and whether it was accepted without a supplement request (written by the
-- case workflow when it records that on the application; null until accepted or refused). Immutable facts of their
-- own case, not counters.
alter table cases add column fields_prefilled smallint;
alter table cases add column fields_total smallint;
alter table cases add column materials_exempted smallint;
alter table cases add column materials_total smallint;
alter table cases add column accepted_first boolean;

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
