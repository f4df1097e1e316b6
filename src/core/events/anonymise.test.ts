import { describe, expect, it } from 'vitest';
import { anonymiseHost, reportedPageAddress, toWireEvent, type EventContext } from './anonymise';
import { wireEventV2Schema } from './schema-v2';

const context: EventContext = {
  id: '2b1c3a4e-5f60-4a1b-9c2d-3e4f5a6b7c8d',
  now: new Date('2026-11-24T09:00:00.000Z'),
  schoolId: 'URN123456',
  keyStage: 'KS2',
  device: '0123456789abcdef0123456789abcdef',
  deviceIdKind: 'install',
  optIns: { sendPageAddress: false, sendTerms: false },
};
const optedIn: EventContext = { ...context, optIns: { sendPageAddress: true, sendTerms: true } };

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
        schemaVersion: 2,
        id: context.id,
        type: 'blocked',
        occurredAt: '2026-11-24T09:00:00.000Z',
        schoolId: 'URN123456',
        keyStage: 'KS2',
        category: 'gambling',
        severity: null,
        host: 'bad.example.com',
        device: context.device,
        deviceIdKind: 'install',
        count: 1,
        lastOccurredAt: null,
        term: null,
        url: null,
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

  it('has no field for names, emails, IPs, paths or page content, and a URL only in its own opt-in field', () => {
    const keys = Object.keys(wireEventV2Schema.shape);
    for (const forbidden of ['name', 'email', 'ip', 'path', 'query', 'content', 'title', 'screenshot', 'user', 'text']) {
      expect(keys).not.toContain(forbidden);
    }
    const blocked = toWireEvent({ type: 'blocked', url: 'https://bad.example.com/secret-path' }, optedIn);
    expect(blocked.ok && blocked.event.url).toBeNull();
    expect(blocked.ok && blocked.dropped).toEqual(['url']);
  });
});

describe('toWireEvent: what a school must switch on', () => {
  const report = {
    type: 'reported',
    host: 'docs.google.com',
    url: 'https://pupil:pw@docs.google.com/document/d/abc/edit?usp=sharing#heading=h.1',
  } as const;
  const alert = { type: 'search-alert', host: 'www.google.com', category: 'eating-disorders', severity: 'high', term: 'pro ana' } as const;

  it('sends a reported page address only with reports.sendPageAddress, without credentials or fragment', () => {
    expect(toWireEvent(report, context)).toMatchObject({ ok: true, dropped: [], event: { url: null, host: 'docs.google.com' } });
    expect(toWireEvent(report, optedIn)).toMatchObject({
      ok: true,
      event: { url: 'https://docs.google.com/document/d/abc/edit?usp=sharing' },
    });
    expect(reportedPageAddress('javascript:alert(1)')).toBeNull();
    expect(reportedPageAddress(`https://a.example/${'x'.repeat(2100)}`)).toBeNull();
    const tooLong = toWireEvent({ ...report, url: `https://a.example/${'x'.repeat(2100)}` }, optedIn);
    expect(tooLong).toMatchObject({ ok: true, dropped: ['url'], event: { url: null } });
  });

  it('sends an alert term only with monitoring.sendTerms, and a severity only on alerts', () => {
    const withheld = toWireEvent(alert, context);
    expect(withheld).toMatchObject({ ok: true, dropped: [], event: { term: null, severity: 'high', category: 'eating-disorders' } });
    expect(toWireEvent(alert, optedIn)).toMatchObject({ ok: true, event: { term: 'pro ana' } });
    expect(
      toWireEvent({ ...alert, term: 'a whole typed query that goes on and on far beyond the length of any lexicon term' }, optedIn),
    ).toMatchObject({
      ok: true,
      dropped: ['term'],
      event: { term: null },
    });
    const notAlert = toWireEvent({ type: 'blocked', severity: 'high', term: 'pro ana' }, optedIn);
    expect(notAlert).toMatchObject({ ok: true, dropped: ['severity', 'term'], event: { severity: null, term: null } });
  });

  it('builds a heartbeat with no host, category or severity', () => {
    const heartbeat = toWireEvent(
      { type: 'heartbeat', detail: { version: '0.2.0', policy: '0a1b2c3d', rules: 40, inForce: true, source: 'admin' } },
      context,
    );
    expect(heartbeat.ok && wireEventV2Schema.parse(heartbeat.event)).toMatchObject({
      type: 'heartbeat',
      host: null,
      category: null,
      severity: null,
    });
  });
});
