-- Wire format v2 (docs/wire-format-v2.md): the three new event fields, the device key that signed an event,
-- events held back while their key waits for approval, and per-device signing keys.
alter table events add column severity text;
alter table events add column term text;
alter table events add column url text;
alter table events add column key_id text;
alter table events add column held_back boolean not null default false;
-- A device's chronology; lists by type use the received_at index (one index fewer for every insert).
create index events_device_time on events (device, occurred_at desc);
create index events_held on events (key_id) where held_back;

create table device_keys (
  key_id text primary key,
  device text not null,
  device_id_kind text not null,
  public_key jsonb not null,
  status text not null check (status in ('active', 'pending', 'revoked')),
  school_id text,
  key_stage text,
  extension_version text,
  registered_at timestamptz not null,
  decided_at timestamptz,
  decided_by text
);
-- One pseudonym, one key: a later key waits as 'pending' until a DSL or IT user approves it.
create unique index device_keys_one_active on device_keys (device) where status = 'active';
create index device_keys_device on device_keys (device, registered_at desc);
