import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Database } from './db';

/** Numbered SQL files, applied once each in order; the same SQL for PGlite and PostgreSQL. */
export const MIGRATIONS_DIR = resolve(import.meta.dirname, '../migrations');
const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** Any fixed number: servers starting at once against one PostgreSQL take turns on it. */
const MIGRATION_LOCK = 7_341_120;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => ({ file, match: FILE_NAME.exec(file) }))
    .filter((f): f is { file: string; match: RegExpExecArray } => f.match !== null)
    .map(({ file, match }) => ({ version: Number(match[1]), name: match[2] ?? file, sql: readFileSync(resolve(dir, file), 'utf8') }))
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migrations must be numbered 0001, 0002, … without gaps; found ${m.version} at ${i + 1}.`);
  });
  return migrations;
}

/**
 * Applies every migration not yet applied, each in its own transaction with its version recorded, so a
 * school upgrading keeps its data and a crash mid-way leaves the database at the last whole step. Refuses
 * to start on a database a newer server has migrated further (forward-only: no down migrations).
 */
export async function runMigrations(db: Database, upTo = Number.POSITIVE_INFINITY, migrations = loadMigrations()): Promise<number[]> {
  await db.exec(
    'create table if not exists schema_migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())',
  );
  const [newest] = await db.query<{ version: number | null }>('select max(version) as version from schema_migrations');
  const known = migrations.at(-1)?.version ?? 0;
  if ((newest?.version ?? 0) > known) {
    throw new Error(
      `The database was migrated by a newer endpoint (schema ${newest?.version ?? 0}, this server knows ${known}). Run the newer version.`,
    );
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version > upTo) break;
    const ran = await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const done = await tx.query('select 1 from schema_migrations where version = $1', [migration.version]);
      if (done.length > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [migration.version, migration.name]);
      return true;
    });
    if (ran) applied.push(migration.version);
  }
  return applied;
}
