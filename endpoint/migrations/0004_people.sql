-- One account per person with a role (DSL, deputy DSL, IT) and, in a trust, the schools it may see;
-- sessions with their start; per-user API tokens; one audit log of who did what.
alter table users add column display_name text;
alter table users add column role text not null default 'dsl' check (role in ('dsl', 'deputy', 'it'));
-- null: every school (a single school, or a trust-wide DSL).
alter table users add column school_ids text[];
alter table users add column disabled_at timestamptz;
alter table users add column created_at timestamptz not null default now();
update users set display_name = name where display_name is null;
alter table users alter column display_name set not null;

-- CSRF tokens now live in their own signed cookie (@fastify/csrf-protection).
alter table sessions alter column csrf_token drop not null;
alter table sessions add column created_at timestamptz not null default now();
alter table sessions add column last_seen_at timestamptz;

create table api_tokens (
  id serial primary key,
  user_name text not null references users(name) on delete cascade,
  label text not null,
  token_hash text not null unique,
  created_at timestamptz not null,
  last_used_at timestamptz,
  revoked_at timestamptz
);

create table audit_log (
  seq bigserial primary key,
  at timestamptz not null,
  actor text not null,
  action text not null,
  school_id text,
  concern_id integer,
  target text,
  old_value text,
  new_value text
);
create index audit_log_at on audit_log (at desc);
create index audit_log_concern on audit_log (concern_id, seq) where concern_id is not null;
