import { z } from 'zod';
import { policySchema } from './schema';

/**
 * Chrome's `storage.managed_schema` understands a small subset of JSON Schema (type, properties,
 * items, enum, title, description…) and rejects keywords it does not know. This converts the zod
 * schema's JSON Schema to that subset.
 */
const KEPT_KEYWORDS = new Set(['type', 'properties', 'items', 'enum', 'description', 'title']);

type JsonSchemaNode = { [key: string]: unknown };

function toChromeSubset(node: JsonSchemaNode): JsonSchemaNode {
  const out: JsonSchemaNode = {};
  for (const [key, value] of Object.entries(node)) {
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
