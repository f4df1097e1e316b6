import { policySchema } from './schema';
import { looksSecret, secretPaths } from './secrets';

/** One change between two admin policies, for the audit log. */
export interface PolicyChange {
  path: string;
  /** For lists of strings: the entries added and removed. Otherwise the old and new values. */
  added?: string[];
  removed?: string[];
  before?: unknown;
  after?: unknown;
}

/**
 * Secrets (marked in the schema) are logged as changed, never by value; so is any key whose name
 * says it is one (a mistyped `signingkey` is still a secret the school pasted).
 */
const SECRET_PATHS = new Set(secretPaths(policySchema));

/**
 * What changed between two raw policies. Lists of host names are compared as sets so the log
 * says "added example.com" rather than repeating a thousand-entry list.
 */
export function diffPolicies(before: unknown, after: unknown, path = ''): PolicyChange[] {
  // A list or section that appears or disappears is compared against an empty one, so its
  // entries are listed (and its secrets redacted) like any other change.
  if (before === undefined && after !== undefined) before = emptyLike(after);
  if (after === undefined && before !== undefined) after = emptyLike(before);
  if (isStringArray(before) && isStringArray(after)) {
    const old = new Set(before);
    const next = new Set(after);
    const added = after.filter((x) => !old.has(x));
    const removed = before.filter((x) => !next.has(x));
    return added.length || removed.length ? [{ path: path || '(policy)', added, removed }] : [];
  }
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => {
      const childPath = path ? `${path}.${key}` : key;
      if (SECRET_PATHS.has(childPath) || looksSecret(key)) {
        return JSON.stringify(before[key]) === JSON.stringify(after[key])
          ? []
          : [{ path: childPath, before: redact(before[key]), after: redact(after[key]) }];
      }
      return diffPolicies(before[key], after[key], childPath);
    });
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path: path || '(policy)', before, after }];
}

function emptyLike(value: unknown): unknown {
  if (isStringArray(value)) return [];
  if (isPlainObject(value)) return {};
  return undefined;
}

function redact(value: unknown): string | undefined {
  return value === undefined ? undefined : '(secret)';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((x) => typeof x === 'string');
}
