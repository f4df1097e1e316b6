import { audit } from '../audit';
import type { Database } from '../db';
import { ROLE_LABELS, type Role } from '../labels';
import { createAccount, endSessions, getAccount, listAccounts, setPassword, updateAccount, type AccountRecord } from './accounts';
import type { Account } from './permissions';
import { readablePassword } from './secrets';

/** Adding and changing accounts (people pages and API): one account per person, never wider than the one changing it. */

export class PeopleError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 403 | 404 | 409 = 400,
  ) {
    super(message);
  }
}

export const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;
const SCHOOL_ID = /^[^\p{Cc},]{1,64}$/u;

/** "URN1, URN2" → ["URN1", "URN2"]; empty → every school (null), or the actor's own schools for a scoped actor. */
export function parseSchools(text: string | string[] | null | undefined, actor: Account): string[] | null {
  const list = (Array.isArray(text) ? text : (text ?? '').split(',')).map((s) => s.trim()).filter(Boolean);
  if (list.some((s) => !SCHOOL_ID.test(s))) throw new PeopleError('School IDs are up to 64 characters, separated by commas.');
  if (list.length === 0) return actor.schoolIds;
  if (actor.schoolIds !== null && list.some((s) => !actor.schoolIds?.includes(s))) {
    throw new PeopleError('You can give access only to your own schools.', 403);
  }
  return [...new Set(list)];
}

/** Whether `actor` may manage `target`: every-school actors anyone; others only people within their schools. */
const manages = (actor: Account, target: AccountRecord) =>
  actor.schoolIds === null || (target.schoolIds !== null && target.schoolIds.every((s) => actor.schoolIds?.includes(s)));

export interface PersonInput {
  name: string;
  displayName: string;
  role: Role;
  schools: string | string[] | null;
}

export async function addPerson(db: Database, actor: Account, input: PersonInput, now: Date): Promise<string> {
  if (!USER_NAME.test(input.name)) throw new PeopleError('User names are letters, digits, dots, hyphens, @ and underscores.');
  if (!input.displayName.trim()) throw new PeopleError('Give the person’s full name.');
  if (await getAccount(db, input.name)) throw new PeopleError(`There is already an account called ${input.name}.`, 409);
  const schoolIds = parseSchools(input.schools, actor);
  return db.transaction(async (tx) => {
    const password = await createAccount(tx, { name: input.name, displayName: input.displayName.trim(), role: input.role, schoolIds });
    await audit(tx, { actor: actor.name, action: 'user-created', target: `${input.name} (${ROLE_LABELS[input.role]})` }, now);
    return password;
  });
}

export interface PersonChange {
  displayName: string;
  role: Role;
  schools: string | string[] | null;
  disabled: boolean;
}

export async function changePerson(db: Database, actor: Account, name: string, change: PersonChange, now: Date): Promise<AccountRecord> {
  const target = await getAccount(db, name);
  if (!target || !manages(actor, target)) throw new PeopleError('No such account you can manage.', 404);
  if (name === actor.name && (change.disabled || change.role !== target.role)) {
    throw new PeopleError('You cannot disable your own account or change your own role; ask another DSL.');
  }
  const schoolIds = parseSchools(change.schools, actor);
  const next = { displayName: change.displayName.trim() || target.displayName, role: change.role, schoolIds, disabled: change.disabled };
  await db.transaction(async (tx) => {
    const [others] = await tx.query<{ n: number }>(
      "select count(*)::int as n from users where name <> $1 and role = 'dsl' and disabled_at is null and school_ids is null",
      [name],
    );
    const stillLead = next.role === 'dsl' && !next.disabled && next.schoolIds === null;
    if (target.role === 'dsl' && target.schoolIds === null && !stillLead && (others?.n ?? 0) === 0) {
      throw new PeopleError('This is the only every-school DSL account left: add another first.');
    }
    await updateAccount(tx, name, next, now);
    const summary = [
      `${ROLE_LABELS[next.role]}`,
      next.schoolIds === null ? 'every school' : next.schoolIds.join(', '),
      next.disabled ? 'disabled' : 'enabled',
    ].join('; ');
    await audit(tx, { actor: actor.name, action: 'user-changed', target: `${name}: ${summary}` }, now);
  });
  return (await getAccount(db, name)) ?? target;
}

export async function resetPassword(db: Database, actor: Account, name: string, now: Date): Promise<string> {
  const target = await getAccount(db, name);
  if (!target || !manages(actor, target)) throw new PeopleError('No such account you can manage.', 404);
  const password = readablePassword();
  await db.transaction(async (tx) => {
    await setPassword(tx, name, password);
    await audit(tx, { actor: actor.name, action: 'password-reset', target: name }, now);
  });
  return password;
}

export async function visiblePeople(db: Database, actor: Account): Promise<AccountRecord[]> {
  return (await listAccounts(db)).filter((a) => manages(actor, a) || a.name === actor.name);
}

export async function endOtherSessions(db: Database, actor: Account, keepTokenHash: string | null, now: Date): Promise<void> {
  if (keepTokenHash) await db.query('delete from sessions where user_name = $1 and token_hash <> $2', [actor.name, keepTokenHash]);
  else await endSessions(db, actor.name);
  await audit(db, { actor: actor.name, action: 'sessions-ended' }, now);
}
