import { describe, expect, it } from 'vitest';
import { checkEndpointUrl, registrationUrl, retryDelayMs, takeBatch, RETRY_BASE_MS, RETRY_CAP_MS } from './delivery';
import type { WireEventV2 } from './schema-v2';

describe('retryDelayMs', () => {
  it('doubles per failure, with jitter between half and all of the step', () => {
    expect(retryDelayMs(1, 0)).toBe(RETRY_BASE_MS / 2);
    expect(retryDelayMs(1, 0.999999)).toBeCloseTo(RETRY_BASE_MS, -1);
    expect(retryDelayMs(2, 0)).toBe(RETRY_BASE_MS);
    expect(retryDelayMs(4, 0)).toBe(RETRY_BASE_MS * 4);
    const spread = new Set([0, 0.25, 0.5, 0.75].map((r) => retryDelayMs(3, r)));
    expect(spread.size).toBe(4);
  });

  it('is capped so a device offline for days still tries hourly', () => {
    expect(retryDelayMs(50, 0.99)).toBeLessThanOrEqual(RETRY_CAP_MS);
    expect(retryDelayMs(50, 0)).toBe(RETRY_CAP_MS / 2);
  });
});

describe('takeBatch', () => {
  const entry = (n: number) => ({ n, event: { id: String(n), host: 'x'.repeat(100) } as unknown as WireEventV2 });
  it('takes from the front up to the event limit', () => {
    expect(takeBatch([1, 2, 3, 4].map(entry), 3).map((e) => e.n)).toEqual([1, 2, 3]);
  });
  it('stops before the byte limit but always takes one', () => {
    const queue = [1, 2, 3].map(entry);
    const one = JSON.stringify(queue[0]!.event).length;
    expect(takeBatch(queue, 10, one * 2 + 20).map((e) => e.n)).toEqual([1, 2]);
    expect(takeBatch(queue, 10, 5).map((e) => e.n)).toEqual([1]);
    expect(takeBatch([], 10)).toEqual([]);
  });
});

describe('checkEndpointUrl', () => {
  it('accepts HTTPS anywhere and HTTP only on loopback', () => {
    expect(checkEndpointUrl('https://dsl.school.example/events').ok).toBe(true);
    expect(checkEndpointUrl('http://127.0.0.1:8080/events').ok).toBe(true);
    expect(checkEndpointUrl('http://localhost:8080/events').ok).toBe(true);
    expect(checkEndpointUrl('http://[::1]:8080/events').ok).toBe(true);
    expect(checkEndpointUrl('http://dsl.school.example/events')).toMatchObject({ ok: false, error: expect.stringContaining('https://') });
    expect(checkEndpointUrl('http://127.0.0.1.evil.example/events').ok).toBe(false);
    expect(checkEndpointUrl('ftp://127.0.0.1/x').ok).toBe(false);
    expect(checkEndpointUrl('https://user:pw@dsl.school.example/').ok).toBe(false);
    expect(checkEndpointUrl('not a url').ok).toBe(false);
  });
});

describe('registrationUrl', () => {
  it('appends /register to the events path, keeping the query', () => {
    expect(registrationUrl('https://dsl.school.example/events')).toBe('https://dsl.school.example/events/register');
    expect(registrationUrl('https://dsl.school.example/events/')).toBe('https://dsl.school.example/events/register');
    expect(registrationUrl('https://dsl.school.example/')).toBe('https://dsl.school.example/register');
    expect(registrationUrl('https://dsl.school.example/in?school=7')).toBe('https://dsl.school.example/in/register?school=7');
  });
});
