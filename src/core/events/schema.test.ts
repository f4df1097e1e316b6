import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEventJsonSchema, eventBatchSchema, wireEventSchema } from './schema';

const valid = {
  schemaVersion: 1,
  id: '2b1c3a4e-5f60-4a1b-9c2d-3e4f5a6b7c8d',
  type: 'blocked',
  occurredAt: '2026-11-24T09:00:00.000Z',
  schoolId: 'URN1',
  keyStage: 'KS2',
  category: 'gambling',
  host: 'bet365.com',
  device: '0123456789abcdef0123456789abcdef',
  deviceIdKind: 'directory',
  count: 1,
  lastOccurredAt: null,
  detail: {},
};

describe('event schema', () => {
  it('accepts a well-formed event', () => {
    expect(wireEventSchema.parse(valid)).toEqual(valid);
  });

  it.each([
    ['a path in host', { host: 'bet365.com/secret' }],
    ['a query in host', { host: 'bet365.com?name=x' }],
    ['a port in host', { host: 'bet365.com:443' }],
    ['an unknown type', { type: 'visited' }],
    ['a non-UUID id', { id: '1' }],
    ['an unknown field', { url: 'https://bet365.com/' }],
    ['a URL in detail', { detail: { where: 'https://x.example/a' } }],
    ['a non-ISO time', { occurredAt: 'yesterday' }],
    ['a zero count', { count: 0 }],
    ['a raw device ID', { device: 'device-123' }],
    ['another schema version', { schemaVersion: 2 }],
  ])('rejects %s', (_name, change) => {
    expect(wireEventSchema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it('requires a non-empty events array and nothing else in the body', () => {
    expect(eventBatchSchema.safeParse({ events: [valid] }).success).toBe(true);
    expect(eventBatchSchema.safeParse({ events: [] }).success).toBe(false);
    expect(eventBatchSchema.safeParse({ events: [valid], extra: 1 }).success).toBe(false);
    expect(eventBatchSchema.safeParse([valid]).success).toBe(false);
  });

  it('is published as docs/event.schema.json (run `npm run docs:event-schema` after changing it)', () => {
    const published = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../docs/event.schema.json'), 'utf8'));
    expect(published).toEqual(buildEventJsonSchema());
  });
});
