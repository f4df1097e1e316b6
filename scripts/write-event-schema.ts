// Writes docs/event.schema.json (v1) and docs/event-v2.schema.json from the zod event schemas in src/core/events/.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildEventJsonSchema } from '../src/core/events/schema';
import { buildEventV2JsonSchema } from '../src/core/events/schema-v2';

for (const [file, schema] of [
  ['event.schema.json', buildEventJsonSchema()],
  ['event-v2.schema.json', buildEventV2JsonSchema()],
] as const) {
  const target = resolve(import.meta.dirname, '../docs', file);
  writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
  console.log(`wrote ${target}`);
}
