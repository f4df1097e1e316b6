-- The device register: what the school's Google Admin export says about each device (asset ID, serial,
-- location: kept here, never sent to devices) and what its heartbeats say (last seen, version, policy).
create table devices (
  pseudonym text primary key,
  school_id text,
  device_id_kind text,
  directory_device_id text,
  asset_id text,
  serial_number text,
  location text,
  model text,
  org_unit text,
  admin_status text,
  imported_at timestamptz,
  first_seen_at timestamptz,
  last_seen_at timestamptz,
  heartbeat_at timestamptz,
  extension_version text,
  key_stage text,
  policy_fingerprint text,
  rule_count integer,
  in_force boolean,
  policy_source text
);
create index devices_last_seen on devices (last_seen_at);
create index devices_school on devices (school_id);

-- Devices already heard from before the register existed.
insert into devices (pseudonym, school_id, device_id_kind, first_seen_at, last_seen_at, key_stage)
select device, max(school_id), max(device_id_kind), min(received_at), max(received_at), max(key_stage)
from events group by device;
