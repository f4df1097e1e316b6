import { describe, expect, it } from 'vitest';
import { buildManagedSchema } from './managed-schema';
import { POLICY_KEYS } from './schema';

const CHROME_KEYWORDS = new Set(['type', 'properties', 'items', 'enum', 'description', 'title', 'sensitiveValue']);

function walk(node: Record<string, unknown>, visit: (n: Record<string, unknown>) => void): void {
  visit(node);
  const props = node.properties as Record<string, Record<string, unknown>> | undefined;
  for (const child of Object.values(props ?? {})) walk(child, visit);
  if (node.items) walk(node.items as Record<string, unknown>, visit);
}

describe('storage.managed_schema', () => {
  const schema = buildManagedSchema();

  it("has exactly the zod schema's top-level keys", () => {
    expect(Object.keys(schema.properties as object).sort()).toEqual([...POLICY_KEYS].sort());
  });

  it("uses only keywords Chrome's policy schema parser accepts, and gives every node a type", () => {
    walk(schema, (node) => {
      for (const key of Object.keys(node)) expect(CHROME_KEYWORDS.has(key), `keyword ${key}`).toBe(true);
      expect(['object', 'array', 'string', 'boolean', 'integer', 'number']).toContain(node.type);
    });
  });

  it('keeps enums so the Admin console can validate key stages', () => {
    expect((schema.properties as Record<string, { enum?: string[] }>).keyStage!.enum).toEqual([
      'EYFS',
      'KS1',
      'KS2',
      'KS3',
      'KS4',
      'KS5',
      'STAFF',
    ]);
  });
});
