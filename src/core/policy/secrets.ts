import { z } from 'zod';

/**
 * Which policy values are secrets. A secret is marked where it is declared, in the zod schema, and
 * everything else follows from that one mark: the generated managed schema gives it Chrome's
 * `"sensitiveValue": true` (so chrome://policy shows "********" while the extension still reads the
 * value) and the audit log records that it changed, never what it is.
 */
const SECRET_META_KEY = 'sensitive';

/** Marks a policy value as a secret. */
export function secretValue<T extends z.ZodType>(schema: T): T {
  return schema.meta({ [SECRET_META_KEY]: true });
}

/** JSON Schema keyword zod writes for the mark (see managed-schema.ts, which renames it for Chrome). */
export const SECRET_JSON_SCHEMA_KEY = SECRET_META_KEY;

function isMarkedSecret(schema: z.ZodType): boolean {
  return schema.meta()?.[SECRET_META_KEY] === true;
}

const WRAPPERS = [z.ZodOptional, z.ZodNullable, z.ZodDefault] as const;

/** Whether the value, or any optional/nullable/default wrapper around it, carries the mark; and the value inside. */
function inspect(field: z.ZodType): { secret: boolean; inner: z.ZodType } {
  let node = field;
  let secret = isMarkedSecret(node);
  while (WRAPPERS.some((wrapper) => node instanceof wrapper)) {
    node = (node as z.ZodOptional).unwrap() as z.ZodType;
    secret ||= isMarkedSecret(node);
  }
  return { secret, inner: node };
}

/** Dotted paths (`endpoint.token`) of every value marked secret in an object schema, nested objects included. */
export function secretPaths(schema: z.ZodObject, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const { secret, inner } = inspect(field);
    if (secret) paths.push(path);
    else if (inner instanceof z.ZodObject) paths.push(...secretPaths(inner, path));
  }
  return paths;
}

/**
 * Whether a policy key's name says it holds a secret: it ends in one of these words, in any case
 * (`signingKey`, `enrolmentToken`, `unlockPinHash`, `unlockCodeSecret`, a mistyped `signingkey`);
 * `keyStage` does not. The convention test holds every such key in the schema to being marked, so a
 * secret added later cannot be shown on chrome://policy by mistake.
 */
const SECRET_WORDS = ['token', 'key', 'secret', 'hash', 'password', 'passphrase', 'pin', 'credential', 'credentials'];

export function looksSecret(key: string): boolean {
  const name = key.toLowerCase();
  return SECRET_WORDS.some((word) => name.endsWith(word));
}
