import { describe, expect, it } from 'vitest';
import { interpretBatchReply, interpretRegistrationReply, REFUSAL_WORDS, type Reply } from './replies';
import { DEVICE_ERROR_CODES } from './schema-v2';

const KEY = 'k'.repeat(43);
const reply = (status: number, body: unknown, headers: { contentType?: string; retryAfter?: string } = {}): Reply => ({
  status,
  contentType: headers.contentType ?? 'application/json; charset=utf-8',
  text: typeof body === 'string' ? body : JSON.stringify(body),
  retryAfter: headers.retryAfter ?? null,
});

describe('answers to a signed batch (docs/wire-format-v2.md, "Sending events")', () => {
  it.each([
    ['200 stored', reply(200, { accepted: 2, duplicates: 0 }), { kind: 'delivered', heldBack: false }],
    ['202 held back', reply(202, { accepted: 2, duplicates: 0, heldBack: 2 }), { kind: 'delivered', heldBack: true }],
    ['401 unknown-device', reply(401, { error: 'unknown-device' }), { kind: 'register-again', code: 'unknown-device' }],
    ['403 device-revoked', reply(403, { error: 'device-revoked' }), { kind: 'new-key', code: 'device-revoked' }],
    ['409 replay', reply(409, { error: 'replay' }), { kind: 'new-nonce', code: 'replay' }],
    ['400 invalid-body', reply(400, { error: 'invalid-body', problems: ['events.0.host'] }), { kind: 'back-off', code: 'invalid-body' }],
    ['401 bad-signature', reply(401, { error: 'bad-signature' }), { kind: 'back-off', code: 'bad-signature' }],
    ['401 stale-signature', reply(401, { error: 'stale-signature' }), { kind: 'back-off', code: 'stale-signature' }],
    ['413', reply(413, 'Payload Too Large', { contentType: 'text/plain' }), { kind: 'back-off', code: null }],
    ['415', reply(415, {}), { kind: 'back-off', code: null }],
    ['429', reply(429, {}, { retryAfter: '120' }), { kind: 'back-off', code: null, minDelayMs: 120_000 }],
    ['500', reply(500, 'oops', { contentType: 'text/plain' }), { kind: 'back-off', code: null }],
    ['a 2xx web page', reply(200, '<html>Wi-Fi login</html>', { contentType: 'text/html' }), { kind: 'back-off', code: null }],
    ['a 2xx that is JSON but no acknowledgement', reply(200, { ok: true }), { kind: 'back-off', code: null }],
    [
      'a 2xx JSON body sent as text',
      reply(200, '{"accepted":1,"duplicates":0}', { contentType: 'text/plain' }),
      { kind: 'back-off', code: null },
    ],
    ['an error code in the wrong status', reply(500, { error: 'device-revoked' }), { kind: 'back-off', code: 'device-revoked' }],
  ])('%s', (_name, answer, expected) => {
    expect(interpretBatchReply(answer)).toMatchObject(expected);
  });

  it('says why in plain words, with the problems the endpoint listed for an invalid body', () => {
    const outcome = interpretBatchReply(reply(400, { error: 'invalid-body', problems: ['events.0.host: bad'] }));
    expect(outcome.kind === 'back-off' && outcome.message).toMatch(/not in the format.*events\.0\.host: bad/);
    const down = interpretBatchReply(
      reply(503, 'Service Unavailable', { contentType: 'text/plain', retryAfter: 'Wed, 21 Oct 2026 07:28:00 GMT' }),
    );
    expect(down).toMatchObject({ message: 'The endpoint answered 503: Service Unavailable', minDelayMs: null });
    for (const code of DEVICE_ERROR_CODES) expect(REFUSAL_WORDS[code].length).toBeGreaterThan(20);
  });
});

describe('answers to a registration (docs/wire-format-v2.md, "Registration")', () => {
  it.each([
    ['201 new pseudonym', reply(201, { keyId: KEY, status: 'active' }), { kind: 'registered', state: 'active' }],
    ['200 same key again', reply(200, { keyId: KEY, status: 'pending' }), { kind: 'registered', state: 'pending' }],
    ['202 held pending', reply(202, { keyId: KEY, status: 'pending' }), { kind: 'registered', state: 'pending' }],
    ['403 device-revoked', reply(403, { error: 'device-revoked' }), { kind: 'new-key', code: 'device-revoked' }],
    ['401 bad-token', reply(401, { error: 'bad-token' }), { kind: 'back-off', code: 'bad-token' }],
    ['401 bad-signature', reply(401, { error: 'bad-signature' }), { kind: 'back-off', code: 'bad-signature' }],
    ['400 invalid-body', reply(400, { error: 'invalid-body', problems: [] }), { kind: 'back-off', code: 'invalid-body' }],
    ['an answer about another key', reply(201, { keyId: 'x'.repeat(43), status: 'active' }), { kind: 'back-off', code: null }],
    ['an unknown status word', reply(201, { keyId: KEY, status: 'approved' }), { kind: 'back-off', code: null }],
    ['a web page', reply(200, '<html></html>', { contentType: 'text/html' }), { kind: 'back-off', code: null }],
  ])('%s', (_name, answer, expected) => {
    expect(interpretRegistrationReply(answer, KEY)).toMatchObject(expected);
  });
});
