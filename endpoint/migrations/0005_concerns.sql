-- Concerns: events grouped by device, kind of harm and time, with a severity, status, assignee, due date,
-- outcomes, notes and links. Events keep a reference to the concern they belong to; routine blocks have none.
create table concerns (
  id serial primary key,
  school_id text,
  device text not null,
  kind text not null,
  category text,
  severity text not null check (severity in ('high', 'medium', 'low')),
  -- 1 high, 2 medium, 3 low: the order of "Needs action".
  severity_rank smallint not null,
  status text not null default 'new' check (status in ('new', 'in-progress', 'closed')),
  assignee text references users(name) on delete set null,
  due_on date,
  outcomes text[] not null default '{}',
  first_at timestamptz not null,
  last_at timestamptz not null,
  event_count integer not null default 0,
  occurrences integer not null default 0,
  -- A re-enrolment concern names the key waiting for approval.
  key_id text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  closed_at timestamptz
);
create index concerns_open on concerns (severity_rank, first_at) where status <> 'closed';
create index concerns_device on concerns (device, last_at desc);
create index concerns_grouping on concerns (device, kind, last_at desc) where status <> 'closed';
create index concerns_created on concerns (created_at);

create table concern_notes (
  id serial primary key,
  concern_id integer not null references concerns(id) on delete cascade,
  at timestamptz not null,
  author text not null,
  body text not null
);
create index concern_notes_concern on concern_notes (concern_id, id);

create table concern_links (
  a integer not null references concerns(id) on delete cascade,
  b integer not null references concerns(id) on delete cascade,
  linked_at timestamptz not null,
  linked_by text not null,
  primary key (a, b),
  check (a < b)
);
create index concern_links_b on concern_links (b);

-- Events stored before concerns existed are grouped at the next start (grouped = false); new ones at ingest.
-- No foreign key on concern_id: every row of a 500-event batch would fire a check, and concerns are never deleted.
alter table events add column grouped boolean not null default false;
alter table events add column concern_id integer;
create index events_ungrouped on events (received_at) where not grouped;
create index events_concern on events (concern_id, occurred_at desc) where concern_id is not null;

create table settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null,
  updated_by text
);
