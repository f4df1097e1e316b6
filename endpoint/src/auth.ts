import { createHash, randomBytes, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Database } from './db';

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

export const SESSION_COOKIE = 'sg_session';
export const SESSION_HOURS = 8;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scrypt(password, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scrypt(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/**
 * Sets the DSL account's password from the environment, or on first run (no account yet and no
 * password given) makes a random one and returns it so it can be shown once on the console.
 */
export async function ensureAccount(db: Database, user: string, password: string | undefined): Promise<string | null> {
  if (password) {
    await db.query(
      'insert into users (name, password_hash) values ($1, $2) on conflict (name) do update set password_hash = excluded.password_hash',
      [user, await hashPassword(password)],
    );
    return null;
  }
  const existing = await db.query('select name from users limit 1');
  if (existing.length > 0) return null;
  const generated = randomToken().slice(0, 20);
  await db.query('insert into users (name, password_hash) values ($1, $2)', [user, await hashPassword(generated)]);
  return generated;
}

export interface Session {
  user: string;
  csrfToken: string;
}

export async function logIn(db: Database, user: string, password: string): Promise<string | null> {
  const rows = await db.query<{ password_hash: string }>('select password_hash from users where name = $1', [user]);
  // Hash anyway when the user is unknown, so timing does not reveal which names exist.
  const ok = await verifyPassword(
    password,
    rows[0]?.password_hash ?? 'scrypt$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  );
  if (!rows[0] || !ok) return null;
  const token = randomToken();
  await db.query('insert into sessions (token_hash, user_name, csrf_token, expires_at) values ($1, $2, $3, $4)', [
    sha256(token),
    user,
    randomToken(),
    new Date(Date.now() + SESSION_HOURS * 3600_000),
  ]);
  return token;
}

export async function sessionFor(db: Database, token: string | undefined): Promise<Session | null> {
  if (!token) return null;
  const rows = await db.query<{ user_name: string; csrf_token: string }>(
    'select user_name, csrf_token from sessions where token_hash = $1 and expires_at > now()',
    [sha256(token)],
  );
  return rows[0] ? { user: rows[0].user_name, csrfToken: rows[0].csrf_token } : null;
}

export async function logOut(db: Database, token: string | undefined): Promise<void> {
  if (token) await db.query('delete from sessions where token_hash = $1', [sha256(token)]);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies.set(part.slice(0, eq).trim(), decodeURIComponent(part.slice(eq + 1).trim()));
  }
  return cookies;
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
