-- Overdue monitoring (超时预警): one row per stall found by the detection pass (packages/server/src/monitoring),
-- raised, escalated to the supervisor after a further working day, and cleared when the case moved on. Rows are never
-- deleted: a cleared alert stays as the history of the stall. See docs/decisions/0027-stall-definitions.md and
-- 0029-detection-job.md.

create table alerts (
  id text primary key,
  case_id text not null references cases (id),
  kind text not null check (kind in ('step_overdue', 'not_fetched', 'feedback_missing', 'not_downloaded', 'not_produced')),
  -- the step that stalled, and the day it started: a step run again later (after a transfer back, a repeated
  -- review) is another stall and gets its own alert
  step_id text,
  step_started_on date,
  -- `<step id or state>@<step_started_on>`: the identity of the stalled step run (the unique key below)
  step_key text not null,
  -- the case as it stood when the alert was raised (copied, so lists and reports group without joins)
  state text not null,
  step_role text,
  step_due date,
  org text not null,
  org_path text not null,
  department text not null,
  -- officers told when it was raised (officer ids): the assignee, else the holders of the step's role over the org
  responsible text[] not null default '{}',
  -- department heads told when it was escalated (officer ids)
  supervisors text[] not null default '{}',
  raised_at timestamptz not null,
  escalated_at timestamptz,
  cleared_at timestamptz,
  detail jsonb not null default '{}'
);

-- one open alert per stalled step run and kind: the detection pass inserts with ON CONFLICT DO NOTHING against it
create unique index alerts_open_one on alerts (case_id, kind, step_key) where cleared_at is null;
-- escalation: open, not yet escalated, by age
create index alerts_to_escalate on alerts (raised_at) where cleared_at is null and escalated_at is null;
-- officer lists: a jurisdiction is an org_path prefix
create index alerts_org_path on alerts (org_path text_pattern_ops, raised_at desc);

-- The detection pass reads cases by these conditions (the due-date kinds use cases_step_due of 0007):
-- not_fetched: under review, unclaimed, by acceptance day
create index cases_unclaimed_review on cases (accepted_on) where state = 'review' and assignee is null;
-- feedback_missing: decided but still before delivery, by the day the current step started
create index cases_decided_open on cases (step_started_on) where decided and state in ('review', 'production');
-- the metrics gauge of failed deliveries (failed rows are never touched again, so nothing else indexes them)
create index notification_deliveries_failed on notification_deliveries (id) where state = 'failed';
