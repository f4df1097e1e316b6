import { describe, expect, it } from 'vitest';
import { describeAge, deviceKeyRows } from './status-page';

describe('describeAge (list age on the status page)', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  it('says never, minutes, hours or days', () => {
    expect(describeAge(null, now)).toBe('never');
    expect(describeAge('2026-11-24T11:45:00Z', now)).toBe('15 min ago');
    expect(describeAge('2026-11-24T02:00:00Z', now)).toBe('10 h ago');
    expect(describeAge('2026-11-20T12:00:00Z', now)).toBe('4 days ago');
  });
});

describe('deviceKeyRows (the events section of the status page)', () => {
  it("shows the key ID prefix, the registration state and the endpoint's last refusal in plain words", () => {
    expect(deviceKeyRows(undefined)).toEqual([]);
    const rows = deviceKeyRows({
      keyId: 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde',
      registration: 'pending',
      lastRefusal: 'device-revoked',
      lastRefusalAt: null,
    });
    expect(rows.map(([, value]) => value)).toEqual([
      'AbCdEfGhIjKl…',
      expect.stringContaining('Waiting for approval'),
      expect.stringMatching(/revoked this device's key.*\(device-revoked\)$/),
    ]);
    expect(deviceKeyRows({ keyId: 'k'.repeat(43), registration: 'active', lastRefusal: null, lastRefusalAt: null })[2]?.[1]).toBe('None');
  });
});
