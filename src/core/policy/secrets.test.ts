import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildManagedSchema, CHROME_SENSITIVE_KEYWORD } from './managed-schema';
import { policySchema } from './schema';
import { looksSecret, secretPaths, secretValue } from './secrets';
import { diffPolicies } from './diff';

type Node = { properties?: Record<string, Node>; items?: Node; [keyword: string]: unknown };

/** Every property of the generated managed schema with its dotted path (array items under `[]`). */
function properties(node: Node, prefix = ''): [string, Node][] {
  const out: [string, Node][] = [];
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    out.push([path, child], ...properties(child, path));
  }
  if (node.items) out.push(...properties(node.items, `${prefix}[]`));
  return out;
}

describe('policy secrets', () => {
  const managed = properties(buildManagedSchema() as Node);

  it('marks the secrets known today, and Chrome masks exactly the marked ones', () => {
    const marked = secretPaths(policySchema);
    for (const path of ['endpoint.token', 'endpoint.signingKey', 'endpoint.pseudonymKey', 'unlockPinHash']) expect(marked).toContain(path);
    const masked = managed.filter(([, node]) => node[CHROME_SENSITIVE_KEYWORD] === true).map(([path]) => path);
    expect(masked.sort()).toEqual([...marked].sort());
  });

  it('convention: every policy key whose name says secret is masked on chrome://policy', () => {
    const named = managed.filter(([path]) => looksSecret(path.split('.').at(-1) ?? ''));
    expect(named.length).toBeGreaterThanOrEqual(4);
    for (const [path, node] of named) expect(node[CHROME_SENSITIVE_KEYWORD], `${path} must be secretValue(...) in schema.ts`).toBe(true);
  });

  it('tells secret names from others', () => {
    for (const name of [
      'token',
      'signingKey',
      'pseudonymKey',
      'unlockPinHash',
      'enrolmentToken',
      'unlockCodeSecret',
      'signingkey',
      'DSL_PASSWORD',
    ])
      expect(looksSecret(name), name).toBe(true);
    for (const name of ['keyStage', 'url', 'schoolId', 'approvedSitesOnly', 'lists', 'protectedDomains'])
      expect(looksSecret(name), name).toBe(false);
  });

  it('finds a mark on the value or on its optional wrapper, in nested objects too', () => {
    const schema = z.object({
      a: secretValue(z.string()).optional(),
      b: secretValue(z.string().optional()),
      nested: z
        .object({
          c: secretValue(
            z
              .string()
              .refine(() => true)
              .describe('c'),
          ),
        })
        .optional(),
      plain: z.string(),
    });
    expect(secretPaths(schema)).toEqual(['a', 'b', 'nested.c']);
  });

  it('the audit log records that a secret changed, never its value, even under a mistyped key', () => {
    const changes = diffPolicies(
      { endpoint: { url: 'https://e.example', token: 'OLD-TOKEN' } },
      { endpoint: { url: 'https://e.example', token: 'NEW-TOKEN', signingkey: 'TYPO-KEY' } },
    );
    expect(JSON.stringify(changes)).not.toMatch(/TOKEN|TYPO/);
    expect(changes).toContainEqual({ path: 'endpoint.token', before: '(secret)', after: '(secret)' });
    expect(changes).toContainEqual({ path: 'endpoint.signingkey', before: undefined, after: '(secret)' });
  });
});
