import { describe, expect, it } from 'vitest';
import { anonymiseHost, toWireEvent, type EventContext } from './anonymise';
import { wireEventSchema } from './schema';

const context: EventContext = {
  id: '2b1c3a4e-5f60-4a1b-9c2d-3e4f5a6b7c8d',
  now: new Date('2026-11-24T09:00:00.000Z'),
  schoolId: 'URN123456',
  keyStage: 'KS2',
  device: '0123456789abcdef0123456789abcdef',
  deviceIdKind: 'install',
};

describe('anonymiseHost', () => {
  it('keeps only the host of a URL: no path, query, fragment, port or user info', () => {
    expect(anonymiseHost('https://Pupil:pw@Bad.Example.com:8443/secret-path?name=x#frag')).toBe('bad.example.com');
    expect(anonymiseHost('http://bad.example.com/secret-path?name=x')).toBe('bad.example.com');
    expect(anonymiseHost('bad.example.com')).toBe('bad.example.com');
  });

  it('gives null for things that are not hosts', () => {
    for (const bad of ['', 'file:///home/pupil/x', 'not a host', 'com', 'javascript:alert(1)', 'a@b.com', undefined]) {
      expect(anonymiseHost(bad)).toBeNull();
    }
  });
});

describe('toWireEvent', () => {
  it('builds a valid event with host only and the context fields', () => {
    const result = toWireEvent({ type: 'blocked', host: 'https://bad.example.com/secret-path?name=x', category: 'gambling' }, context);
    expect(result).toEqual({
      ok: true,
      dropped: [],
      event: {
        schemaVersion: 1,
        id: context.id,
        type: 'blocked',
        occurredAt: '2026-11-24T09:00:00.000Z',
        schoolId: 'URN123456',
        keyStage: 'KS2',
        category: 'gambling',
        host: 'bad.example.com',
        device: context.device,
        deviceIdKind: 'install',
        count: 1,
        lastOccurredAt: null,
        detail: {},
      },
    });
    expect(JSON.stringify(result)).not.toMatch(/secret-path|name=x/);
  });

  it('drops unsafe detail (URLs, emails, long text, odd keys) but keeps the event', () => {
    const result = toWireEvent(
      {
        type: 'unlocked',
        detail: {
          minutes: 20,
          scope: 'lesson',
          url: 'https://x.example/p?q=1',
          email: 'pupil@school.example',
          note: 'x'.repeat(100),
          'bad key': 1,
          ok: true,
        },
      },
      context,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.event.detail).toEqual({ minutes: 20, scope: 'lesson', ok: true });
    expect(result.dropped.sort()).toEqual(['detail.bad key', 'detail.email', 'detail.note', 'detail.url']);
  });

  it('drops a bad host or category rather than losing the event', () => {
    const result = toWireEvent({ type: 'reported', host: 'not a host', category: 'nonsense' as never }, context);
    expect(result.ok && result.event).toMatchObject({ type: 'reported', host: null, category: null });
    expect(result.ok && result.dropped).toEqual(['host', 'category']);
  });

  it('refuses an unknown type', () => {
    expect(toWireEvent({ type: 'made-up' as never }, context)).toMatchObject({ ok: false });
  });

  it('has no field for names, emails, IPs, URLs or page content', () => {
    const keys = Object.keys(wireEventSchema.shape);
    for (const forbidden of ['name', 'email', 'ip', 'url', 'path', 'query', 'content', 'title', 'screenshot', 'user']) {
      expect(keys).not.toContain(forbidden);
    }
    expect(wireEventSchema.safeParse({ ...(toWireEvent({ type: 'blocked' }, context) as { event: object }).event, url: 'x' }).success).toBe(
      false,
    );
  });
});
