-- Service quality (好差评): ratings of cases and of the service acts a citizen meets, and the rectification work
-- orders (差评整改) that every bad rating opens. Levels are stored by name and converted to the GB/T 39046 A.8
-- codes and the interface codes at the edge (see packages/core/src/quality/).

create table ratings (
  id text primary key,
  -- null only for an outside-channel rating (12345, window report) that names an item and an org but no case
  case_id text references cases (id),
  -- what is rated: the case as a whole (一事一评) or one service act (一次一评)
  subject text not null check (subject in ('case', 'window', 'online', 'help')),
  -- the applicant who rated; null only for outside-channel ratings that name nobody
  person_id text references persons (id),
  level text not null check (level in ('very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied')),
  bad boolean generated always as (level in ('dissatisfied', 'very_dissatisfied')) stored,
  reasons text[] not null default '{}',
  comment text,
  -- shown anonymously (the evaluator is still known to the platform when person_id is set)
  anonymous boolean not null default false,
  -- PC端, 移动端, 二维码, 政务大厅平板电脑, 政务大厅其他终端, 电话, 短信, and the outside channels
  channel text not null check (channel in ('pc', 'mobile', 'qrcode', 'hall_pad', 'hall_terminal', 'phone', 'sms', 'hotline_12345', 'window_report')),
  -- 1 first evaluation, 2 and more a change (追评)
  assess_number integer not null default 1,
  -- the outside channel's own reference (12345 order number …), unique per channel: intake is idempotent
  external_ref text,
  -- copied from the case when rated, for reports by org and item (the handling org: 谁办理、谁负责)
  org text not null references orgs (code),
  org_path text not null,
  item_code text not null,
  department text not null,
  officer_id text references officers (id),
  rated_at timestamptz not null,
  -- the calendar day of rated_at in Asia/Shanghai (reports group by it without time-zone arithmetic)
  rated_on date not null,
  changed_at timestamptz,
  revision integer not null default 1
);
create unique index ratings_one_per_subject on ratings (case_id, subject, person_id) where person_id is not null;
create unique index ratings_external on ratings (channel, external_ref) where external_ref is not null;
create index ratings_rated_at on ratings (rated_at);
create index ratings_item_month on ratings (item_code, rated_at);
create index ratings_org_day on ratings (org_path text_pattern_ops, rated_on);

create table rectifications (
  id text primary key,
  rating_id text not null unique references ratings (id),
  case_id text references cases (id),
  org text not null references orgs (code),
  org_path text not null,
  department text not null,
  item_code text not null,
  -- verify (核实) → rectify (整改 or 解释说明) → callback (回访) → closed
  stage text not null check (stage in ('verify', 'rectify', 'callback', 'closed')),
  -- how it was resolved: fixed at once, fixed within a deadline, explained, or excluded on appeal
  resolution text check (resolution in ('fixed', 'fixed_later', 'explained', 'appeal_upheld')),
  opened_on date not null,
  verify_due date not null,
  rectify_due date not null,
  callback_due date,
  stage_due date not null,
  escalated boolean not null default false,
  verification jsonb,
  rectification jsonb,
  callback jsonb,
  assignee text references officers (id),
  revision integer not null default 1,
  opened_at timestamptz not null,
  closed_at timestamptz
);
create index rectifications_open on rectifications (stage_due) where stage <> 'closed';
create index rectifications_org on rectifications (org, stage);

-- the append-only history of a work order (who did what, when)
create table rectification_events (
  rectification_id text not null references rectifications (id),
  seq integer not null,
  at timestamptz not null,
  kind text not null,
  actor text not null,
  actor_name text,
  detail jsonb not null default '{}',
  primary key (rectification_id, seq)
);

-- one-time tokens of the counter rating pad (评价器): the token is the credential of the unsigned-in tablet, so only
-- its hash is kept; it expires after 10 minutes and is spent by the rating it records
create table rating_pad_tokens (
  token_hash text primary key,
  case_id text not null references cases (id),
  org text not null references orgs (code),
  officer_id text references officers (id),
  created_at timestamptz not null,
  expires_at timestamptz not null,
  used_at timestamptz,
  rating_id text references ratings (id)
);
