import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEventV2JsonSchema, eventBatchV2Schema, registrationSchema, wireEventV2Schema } from './schema-v2';

const valid = {
  schemaVersion: 2,
  id: '2b1c3a4e-5f60-4a1b-9c2d-3e4f5a6b7c8d',
  type: 'search-alert',
  occurredAt: '2026-11-24T09:00:00.000Z',
  schoolId: 'URN1',
  keyStage: 'KS3',
  category: 'eating-disorders',
  severity: 'high',
  host: 'www.google.com',
  device: '0123456789abcdef0123456789abcdef',
  deviceIdKind: 'directory',
  count: 1,
  lastOccurredAt: null,
  term: 'pro ana',
  url: null,
  detail: { entry: 'ed-004', source: 'search' },
};

describe('event schema v2', () => {
  it('accepts an alert, a heartbeat and a report with its page address', () => {
    expect(wireEventV2Schema.parse(valid)).toEqual(valid);
    const heartbeat = {
      ...valid,
      type: 'heartbeat',
      category: null,
      severity: null,
      host: null,
      term: null,
      detail: { version: '0.2.0', rules: 40, inForce: true },
    };
    expect(wireEventV2Schema.safeParse(heartbeat).success).toBe(true);
    const report = {
      ...valid,
      type: 'reported',
      category: null,
      severity: null,
      term: null,
      url: 'https://docs.google.com/document/d/abc/edit',
      detail: { choice: 'unkind' },
    };
    expect(wireEventV2Schema.safeParse(report).success).toBe(true);
    expect(wireEventV2Schema.safeParse({ ...valid, term: 'hunanladdiad' }).success).toBe(true);
    expect(wireEventV2Schema.safeParse({ ...valid, term: 'خودکشی' }).success).toBe(true);
  });

  it.each([
    ['a v1 event', { schemaVersion: 1 }],
    ['a path in host', { host: 'bet365.com/secret' }],
    ['an unknown category', { category: 'sport' }],
    ['an unknown severity', { severity: 'urgent' }],
    ['a whole sentence as the term', { term: 'x'.repeat(65) }],
    ['a line break in the term', { term: 'a\nb' }],
    ['a non-web page address', { url: 'javascript:alert(1)' }],
    ['an address over 2048 characters', { url: `https://a.example/${'x'.repeat(2048)}` }],
    ['a URL in detail', { detail: { where: 'https://x.example/a' } }],
    ['a missing new field', { term: undefined }],
    ['an unknown field', { name: 'Pupil' }],
  ])('rejects %s', (_name, change) => {
    expect(wireEventV2Schema.safeParse({ ...valid, ...change }).success).toBe(false);
  });

  it('bounds a batch', () => {
    expect(eventBatchV2Schema.safeParse({ events: [valid] }).success).toBe(true);
    expect(eventBatchV2Schema.safeParse({ events: [] }).success).toBe(false);
  });

  it('takes a registration with a P-256 JWK only', () => {
    const registration = {
      schemaVersion: 2,
      keyId: 'A'.repeat(43),
      publicKey: { kty: 'EC', crv: 'P-256', x: 'B'.repeat(43), y: 'C'.repeat(43) },
      device: '0123456789abcdef0123456789abcdef',
      deviceIdKind: 'install',
      schoolId: null,
      keyStage: 'KS2',
      extensionVersion: '0.2.0',
    };
    expect(registrationSchema.safeParse(registration).success).toBe(true);
    expect(registrationSchema.safeParse({ ...registration, publicKey: { ...registration.publicKey, d: 'D'.repeat(43) } }).success).toBe(
      false,
    );
    expect(registrationSchema.safeParse({ ...registration, publicKey: { ...registration.publicKey, crv: 'P-384' } }).success).toBe(false);
  });

  it('is published as docs/event-v2.schema.json (run `npm run docs:event-schema` after changing it)', () => {
    const published = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../docs/event-v2.schema.json'), 'utf8'));
    expect(published).toEqual(buildEventV2JsonSchema());
  });
});
