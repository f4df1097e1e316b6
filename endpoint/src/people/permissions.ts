import type { Role } from '../labels';

/**
 * What each role may do. DSLs and deputies: everything. IT: filtering statistics and the device register
 * (including approving and revoking device keys), never a concern's details or the events behind them.
 */
export const PERMISSIONS = ['concerns', 'events', 'devices', 'filtering', 'people', 'settings', 'unlock-code', 'audit', 'reports'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Role, readonly Permission[]> = {
  dsl: PERMISSIONS,
  deputy: PERMISSIONS,
  it: ['devices', 'filtering'],
};

export interface Account {
  name: string;
  displayName: string;
  role: Role;
  /** null: every school (one school, or trust-wide); otherwise only events, devices and concerns of these. */
  schoolIds: string[] | null;
}

export const can = (account: Account, permission: Permission): boolean => GRANTS[account.role].includes(permission);

/** Whether the account may see records of `schoolId` (records without a school need an every-school account). */
export function seesSchool(account: Account, schoolId: string | null): boolean {
  return account.schoolIds === null || (schoolId !== null && account.schoolIds.includes(schoolId));
}

/**
 * A `where` fragment limiting `column` to the account's schools, appending its parameter to `params`;
 * `true` for every-school accounts.
 */
export function schoolFilter(account: Account, column: string, params: unknown[]): string {
  if (account.schoolIds === null) return 'true';
  params.push(account.schoolIds);
  return `${column} = any($${params.length}::text[])`;
}
