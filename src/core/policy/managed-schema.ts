import { z } from 'zod';
import { policySchema } from './schema';
import { SECRET_JSON_SCHEMA_KEY } from './secrets';

/**
 * Chrome's `storage.managed_schema` understands a small subset of JSON Schema (type, properties,
 * items, enum, title, description…) and rejects keywords it does not know. This converts the zod
 * schema's JSON Schema to that subset. A value marked secret (secrets.ts) gets Chrome's own
 * `sensitiveValue`, which masks it on chrome://policy and in its JSON export.
 */
const KEPT_KEYWORDS = new Set(['type', 'properties', 'items', 'enum', 'description', 'title']);
export const CHROME_SENSITIVE_KEYWORD = 'sensitiveValue';

type JsonSchemaNode = { [key: string]: unknown };

function toChromeSubset(node: JsonSchemaNode): JsonSchemaNode {
  const out: JsonSchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === SECRET_JSON_SCHEMA_KEY && value === true) out[CHROME_SENSITIVE_KEYWORD] = true;
    if (!KEPT_KEYWORDS.has(key)) continue;
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchemaNode>).map(([name, child]) => [name, toChromeSubset(child)]),
      );
    } else if (key === 'items' && value && typeof value === 'object') {
      out.items = toChromeSubset(value as JsonSchemaNode);
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function buildManagedSchema(): JsonSchemaNode {
  return toChromeSubset(z.toJSONSchema(policySchema, { io: 'input', unrepresentable: 'any' }));
}
