-- The schema of the first endpoint (the flat DSL inbox), exactly as it created it. Databases made by that
-- version already have these tables; "if not exists" lets this first migration run on them unchanged.
create table if not exists events (
  id uuid primary key,
  type text not null,
  occurred_at timestamptz not null,
  last_occurred_at timestamptz,
  received_at timestamptz not null default now(),
  school_id text,
  key_stage text not null,
  category text,
  host text,
  device text not null,
  device_id_kind text not null,
  count integer not null default 1,
  detail jsonb not null default '{}'::jsonb,
  schema_version integer not null
);
create index if not exists events_received_at on events (received_at desc);
create table if not exists seen_signatures (
  signature text primary key,
  seen_at timestamptz not null default now()
);
create table if not exists users (
  name text primary key,
  password_hash text not null
);
create table if not exists sessions (
  token_hash text primary key,
  user_name text not null references users(name) on delete cascade,
  csrf_token text not null,
  expires_at timestamptz not null
);
create table if not exists incidents (
  event_id uuid primary key references events(id) on delete cascade,
  nature text not null default 'not-recorded',
  action_taken text not null default '',
  escalated_iwf boolean not null default false,
  escalated_ceop boolean not null default false,
  escalated_police boolean not null default false,
  parents_informed boolean not null default false,
  notes text not null default '',
  updated_at timestamptz not null,
  updated_by text not null
);
create table if not exists incident_audit (
  seq bigserial primary key,
  event_id uuid not null references events(id) on delete cascade,
  at timestamptz not null,
  actor text not null,
  field text not null,
  old_value text,
  new_value text
);
create index if not exists incident_audit_event on incident_audit (event_id, seq);
