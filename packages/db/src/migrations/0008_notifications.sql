-- Notifications (消息通知): the in-app inbox, and an outbox of e-mail and SMS deliveries written in the same
-- transaction as the change they announce and sent by a worker after commit. See docs/decisions/0016-notification-outbox.md.

-- where e-mail notifications go; encrypted like the phone number (@tongban/core pii.ts, kind 'email')
alter table persons add column email_enc text;

create table notifications (
  id text primary key,
  person_id text not null references persons (id),
  -- the case the notification is about; no foreign key, so notifications do not depend on the cases migration
  case_id text,
  kind text not null,
  title_zh text not null,
  title_en text not null,
  body_zh text not null,
  body_en text not null,
  -- clock_timestamp(), not now(): several notifications written in one transaction keep their order
  created_at timestamptz not null default clock_timestamp(),
  read_at timestamptz
);
create index notifications_person_created on notifications (person_id, created_at desc);
create index notifications_case on notifications (case_id) where case_id is not null;

create table notification_deliveries (
  id bigserial primary key,
  notification_id text not null references notifications (id),
  channel text not null check (channel in ('email', 'sms')),
  -- the address at the time of writing, encrypted (kind 'email' or 'phone')
  to_enc text not null,
  state text not null default 'pending' check (state in ('pending', 'sending', 'sent', 'failed')),
  -- attempts started; a claim counts one, so a sender that dies mid-send still uses up an attempt
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  -- while 'sending': when the claim lapses and another worker may take the delivery again
  locked_until timestamptz,
  last_error text,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  check (state <> 'sending' or locked_until is not null)
);
create index notification_deliveries_due on notification_deliveries (next_attempt_at) where state in ('pending', 'sending');
create index notification_deliveries_notification on notification_deliveries (notification_id);
