import type { Queryable } from '../db';
import type { Role } from '../labels';
import type { Account } from './permissions';
import { hashPassword, randomToken, readablePassword, sha256Hex, verifyPassword } from './secrets';

/** Accounts (one per person), their sessions and their API tokens. */

export const SESSION_HOURS = 8;

interface UserRow {
  name: string;
  display_name: string;
  role: Role;
  school_ids: string[] | null;
  disabled_at: Date | null;
  created_at: Date;
  password_hash: string;
}

export interface AccountRecord extends Account {
  disabledAt: Date | null;
  createdAt: Date;
}

const toAccount = (r: UserRow): AccountRecord => ({
  name: r.name,
  displayName: r.display_name,
  role: r.role,
  schoolIds: r.school_ids,
  disabledAt: r.disabled_at,
  createdAt: r.created_at,
});

export async function listAccounts(db: Queryable): Promise<AccountRecord[]> {
  return (await db.query<UserRow>('select * from users order by disabled_at nulls first, display_name')).map(toAccount);
}

export async function getAccount(db: Queryable, name: string): Promise<AccountRecord | null> {
  const [row] = await db.query<UserRow>('select * from users where name = $1', [name]);
  return row ? toAccount(row) : null;
}

export interface NewAccount {
  name: string;
  displayName: string;
  role: Role;
  schoolIds: string[] | null;
}

/** Adds an account with a readable one-time password, returned to be handed over in person. */
export async function createAccount(db: Queryable, account: NewAccount, password = readablePassword()): Promise<string> {
  await db.query('insert into users (name, display_name, role, school_ids, password_hash) values ($1, $2, $3, $4, $5)', [
    account.name,
    account.displayName,
    account.role,
    account.schoolIds,
    await hashPassword(password),
  ]);
  return password;
}

export async function updateAccount(
  db: Queryable,
  name: string,
  change: { displayName: string; role: Role; schoolIds: string[] | null; disabled: boolean },
  now: Date,
): Promise<void> {
  await db.query(
    `update users set display_name = $2, role = $3, school_ids = $4,
       disabled_at = case when $5 then coalesce(disabled_at, $6) else null end where name = $1`,
    [name, change.displayName, change.role, change.schoolIds, change.disabled, now],
  );
  if (change.disabled) await endSessions(db, name);
}

export async function setPassword(db: Queryable, name: string, password: string): Promise<void> {
  await db.query('update users set password_hash = $2 where name = $1', [name, await hashPassword(password)]);
  await endSessions(db, name);
}

/**
 * The first DSL account from the environment: its password is set from DSL_PASSWORD when given; on first
 * run without one a readable password is made and returned, to be shown once on the console.
 */
export async function ensureFirstDsl(db: Queryable, name: string, password: string | undefined): Promise<string | null> {
  if (await getAccount(db, name)) {
    if (password) await db.query('update users set password_hash = $2 where name = $1', [name, await hashPassword(password)]);
    return null;
  }
  // Someone renamed or removed the first account later: do not make another without being asked.
  if (!password && (await db.query('select 1 from users limit 1')).length > 0) return null;
  const chosen = password ?? readablePassword();
  await createAccount(db, { name, displayName: name, role: 'dsl', schoolIds: null }, chosen);
  return password ? null : chosen;
}

/** The account if the password is right and the account enabled; the hash is computed either way. */
export async function checkPassword(db: Queryable, name: string, password: string): Promise<AccountRecord | null> {
  const [row] = await db.query<UserRow>('select * from users where name = $1', [name]);
  const ok = await verifyPassword(password, row?.password_hash);
  return row && ok && row.disabled_at === null ? toAccount(row) : null;
}

export async function startSession(db: Queryable, name: string, now: Date): Promise<string> {
  const token = randomToken();
  await db.query('insert into sessions (token_hash, user_name, created_at, last_seen_at, expires_at) values ($1, $2, $3, $3, $4)', [
    sha256Hex(token),
    name,
    now,
    new Date(now.getTime() + SESSION_HOURS * 3600_000),
  ]);
  return token;
}

/** The account behind a session cookie, or null when unknown, expired or the account is disabled. */
export async function sessionAccount(db: Queryable, token: string | undefined, now: Date): Promise<AccountRecord | null> {
  if (!token) return null;
  const [row] = await db.query<UserRow>(
    `select u.* from sessions s join users u on u.name = s.user_name
     where s.token_hash = $1 and s.expires_at > $2 and u.disabled_at is null`,
    [sha256Hex(token), now],
  );
  return row ? toAccount(row) : null;
}

export async function endSession(db: Queryable, token: string | undefined): Promise<void> {
  if (token) await db.query('delete from sessions where token_hash = $1', [sha256Hex(token)]);
}

export async function endSessions(db: Queryable, name: string): Promise<number> {
  return (await db.query('delete from sessions where user_name = $1 returning 1', [name])).length;
}

export async function pruneSessions(db: Queryable, now: Date): Promise<void> {
  await db.query('delete from sessions where expires_at < $1', [now]);
}

export interface SessionSummary {
  created_at: Date;
  expires_at: Date;
  current: boolean;
}

export async function listSessions(db: Queryable, name: string, currentToken: string | undefined, now: Date): Promise<SessionSummary[]> {
  const current = currentToken ? sha256Hex(currentToken) : '';
  return db.query<SessionSummary>(
    `select created_at, expires_at, token_hash = $2 as current from sessions
     where user_name = $1 and expires_at > $3 order by created_at desc`,
    [name, current, now],
  );
}

/** API tokens: `sgt_` then 43 random characters; only the SHA-256 is stored. */
export const API_TOKEN_PREFIX = 'sgt_';
export const ENV_TOKEN_LABEL = 'DSL_API_TOKEN (from the environment)';

export async function createApiToken(db: Queryable, name: string, label: string, now: Date, token = `${API_TOKEN_PREFIX}${randomToken()}`) {
  const [row] = await db.query<{ id: number }>(
    'insert into api_tokens (user_name, label, token_hash, created_at) values ($1, $2, $3, $4) returning id',
    [name, label, sha256Hex(token), now],
  );
  return { id: row?.id ?? 0, token };
}

/** DSL_API_TOKEN gives the first DSL a token: replaces the one from an earlier value, keeps the others. */
export async function ensureEnvironmentToken(db: Queryable, name: string, token: string, now: Date): Promise<void> {
  const [same] = await db.query('select 1 from api_tokens where token_hash = $1 and revoked_at is null', [sha256Hex(token)]);
  if (same) return;
  await db.query('update api_tokens set revoked_at = $3 where user_name = $1 and label = $2 and revoked_at is null', [
    name,
    ENV_TOKEN_LABEL,
    now,
  ]);
  await db.query('delete from api_tokens where token_hash = $1', [sha256Hex(token)]);
  await createApiToken(db, name, ENV_TOKEN_LABEL, now, token);
}

export async function tokenAccount(db: Queryable, token: string, now: Date): Promise<AccountRecord | null> {
  const [row] = await db.query<UserRow & { token_id: number; last_used_at: Date | null }>(
    `select u.*, t.id as token_id, t.last_used_at from api_tokens t join users u on u.name = t.user_name
     where t.token_hash = $1 and t.revoked_at is null and u.disabled_at is null`,
    [sha256Hex(token)],
  );
  if (!row) return null;
  // "Last used" to the minute: an integration polling every second does not write on every call.
  if (row.last_used_at === null || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await db.query('update api_tokens set last_used_at = $2 where id = $1', [row.token_id, now]);
  }
  return toAccount(row);
}

export interface TokenSummary {
  id: number;
  label: string;
  created_at: Date;
  last_used_at: Date | null;
}

export async function listApiTokens(db: Queryable, name: string): Promise<TokenSummary[]> {
  return db.query<TokenSummary>(
    'select id, label, created_at, last_used_at from api_tokens where user_name = $1 and revoked_at is null order by id',
    [name],
  );
}

export async function revokeApiToken(db: Queryable, name: string, id: number, now: Date): Promise<string | null> {
  const [row] = await db.query<{ label: string }>(
    'update api_tokens set revoked_at = $3 where id = $2 and user_name = $1 and revoked_at is null returning label',
    [name, id, now],
  );
  return row?.label ?? null;
}
