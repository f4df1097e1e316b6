// Writes docs/event.schema.json from the zod event schema (src/core/events/schema.ts).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildEventJsonSchema } from '../src/core/events/schema';

const target = resolve(import.meta.dirname, '../docs/event.schema.json');
writeFileSync(target, `${JSON.stringify(buildEventJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
