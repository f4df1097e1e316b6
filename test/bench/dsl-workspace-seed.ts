import type { Database } from '../../endpoint/src/db';

/**
 * A year of history in one statement per table (bulk SQL, no HTTP): every 30 s an event from one of `devices`, mostly blocked visits
 * across the categories, a report every 200th, an alert every 150th; one concern per 50 events, one in ten open.
 * Device pseudonyms are md5('device' || n).
 */
export async function seedHistory(db: Database, events: number, concerns: number, devices: number): Promise<void> {
  const categories = `(array['gambling','games','social-networks','pornography','self-harm','chat','drugs','violence'])`;
  await db.exec(`
    insert into devices (pseudonym, school_id, device_id_kind, asset_id, serial_number, location, first_seen_at, last_seen_at, key_stage)
    select md5('device' || d), 'URN-BENCH', 'directory', 'ASSET-' || d, 'SN' || d, 'Room ' || (d % 40), now() - interval '365 days', now(), 'KS3'
    from generate_series(0, ${devices - 1}) d;
    insert into concerns (school_id, device, kind, category, severity, severity_rank, status, first_at, last_at, event_count, occurrences, due_on,
                          outcomes, created_at, updated_at, closed_at)
    select 'URN-BENCH', md5('device' || (j % ${devices})),
      (array['report','blocked','repeated','alert'])[1 + j % 4],
      case j % 4 when 0 then null else ${categories}[1 + j % 8] end,
      (array['high','high','medium','high'])[1 + j % 4], (array[1,1,2,1])[1 + j % 4],
      case when j % 10 = 0 then (array['new','in-progress'])[1 + (j / 10) % 2] else 'closed' end,
      now() - (j * interval '25 minutes'), now() - (j * interval '25 minutes') + interval '10 minutes', 50, 50,
      (now() - (j * interval '25 minutes'))::date + 2,
      case when j % 10 = 0 then '{}'::text[] else array['monitor'] end,
      now() - (j * interval '25 minutes'), now(), case when j % 10 = 0 then null else now() - (j * interval '20 minutes') end
    from generate_series(1, ${concerns}) j;
    insert into events (id, type, occurred_at, received_at, school_id, key_stage, category, host, device, device_id_kind, count, detail,
                        schema_version, grouped, concern_id)
    select md5('event' || i)::uuid,
      case when i % 200 = 0 then 'reported' when i % 150 = 0 then 'search-alert' else 'blocked' end,
      now() - (i * interval '30 seconds'), now() - (i * interval '30 seconds') + interval '5 seconds', 'URN-BENCH', 'KS3',
      case when i % 200 = 0 then null else ${categories}[1 + i % 8] end,
      'site-' || (i % 5000) || '.example', md5('device' || (i % ${devices})), 'directory', 1, '{}'::jsonb, 1, true,
      case when i % 50 = 0 and i / 50 <= ${concerns} then i / 50 else null end
    from generate_series(1, ${events}) i;
    analyze;
  `);
}
