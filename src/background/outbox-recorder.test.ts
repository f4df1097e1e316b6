import { describe, expect, it } from 'vitest';
import { openSafeguardDb } from '@/src/adapters/db';
import { createOutbox } from '@/src/adapters/outbox';
import { devicePseudonym } from '@/src/core/events/signing';
import { wireEventV2Schema } from '@/src/core/events/schema-v2';
import { resolvePolicy, type EffectivePolicy } from '@/src/core/policy/resolve';
import { createOutboxEventRecorder } from './outbox-recorder';

let dbCounter = 0;

async function setup(raw: Record<string, unknown>) {
  const resolved = resolvePolicy(raw);
  if (resolved.kind !== 'valid') throw new Error('bad test policy');
  const policy: EffectivePolicy = resolved.policy;
  const outbox = createOutbox(await openSafeguardDb(`recorder-test-${++dbCounter}`));
  const warnings: string[] = [];
  let recorded = 0;
  const recorder = createOutboxEventRecorder({
    outbox: async () => outbox,
    currentPolicy: async () => policy,
    deviceIdentity: async () => ({ id: 'DIRECTORY-ID-1', kind: 'directory' }),
    now: () => new Date('2026-11-24T09:30:00Z'),
    newId: () => crypto.randomUUID(),
    afterRecord: () => void recorded++,
    warn: (m) => void warnings.push(m),
  });
  return { recorder, outbox, warnings, recorded: () => recorded };
}

const POLICY = {
  keyStage: 'KS3',
  schoolId: 'URN777',
  endpoint: { url: 'https://dsl.example/events', token: 't', pseudonymKey: 'school-secret' },
};

describe('outbox event recorder', () => {
  it('stores an anonymised, pseudonymised event and starts a send', async () => {
    const { recorder, outbox, recorded } = await setup(POLICY);
    await recorder.record({ type: 'blocked', host: 'https://bet365.com/secret-path?name=x', category: 'gambling' });
    const [queued] = await outbox.takeBatch();
    expect(wireEventV2Schema.parse(queued!.event)).toMatchObject({
      type: 'blocked',
      host: 'bet365.com',
      category: 'gambling',
      schoolId: 'URN777',
      keyStage: 'KS3',
      deviceIdKind: 'directory',
      device: await devicePseudonym('school-secret', 'DIRECTORY-ID-1'),
    });
    expect(JSON.stringify(queued)).not.toMatch(/secret-path|name=x|DIRECTORY-ID-1/);
    expect(recorded()).toBe(1);
  });

  it('never throws: bad input is refused with a warning and nothing stored', async () => {
    const { recorder, outbox, warnings } = await setup(POLICY);
    await expect(recorder.record({ type: 'nonsense' as never })).resolves.toBeUndefined();
    expect(await outbox.count()).toBe(0);
    expect(warnings[0]).toMatch(/Unknown event type/);
  });

  it('keeps the event when only some detail is unsafe, and says what it left out', async () => {
    const { recorder, outbox, warnings } = await setup(POLICY);
    await recorder.record({ type: 'unlocked', detail: { minutes: 20, who: 'miss.knight@school.example' } });
    expect((await outbox.takeBatch())[0]!.event.detail).toEqual({ minutes: 20 });
    expect(warnings).toEqual(['Event fields left out as unsafe to send: detail.who']);
  });

  it("sends a report's page address and an alert's term only when the school switched them on", async () => {
    const report = { type: 'reported', host: 'docs.google.com', url: 'https://docs.google.com/document/d/abc/edit' } as const;
    const alert = {
      type: 'search-alert',
      host: 'www.google.com',
      category: 'eating-disorders',
      severity: 'high',
      term: 'pro ana',
    } as const;
    const off = await setup(POLICY);
    await off.recorder.record(report);
    await off.recorder.record(alert);
    expect((await off.outbox.takeBatch()).map((r) => [r.event.url, r.event.term])).toEqual([
      [null, null],
      [null, null],
    ]);
    const on = await setup({ ...POLICY, reports: { sendPageAddress: true }, monitoring: { sendTerms: true } });
    await on.recorder.record(report);
    await on.recorder.record(alert);
    expect((await on.outbox.takeBatch()).map((r) => [r.event.url, r.event.term])).toEqual([
      [report.url, null],
      [null, 'pro ana'],
    ]);
    expect(on.warnings).toEqual([]);
  });

  it('folds a blocked host repeated in one tab into the waiting event; the tab id stays on the device', async () => {
    const { recorder, outbox } = await setup(POLICY);
    for (let i = 0; i < 5; i++) await recorder.record({ type: 'blocked', host: 'loop.example', category: 'self-harm', tabId: 12 });
    await recorder.record({ type: 'blocked', host: 'loop.example', category: 'self-harm', tabId: 13 });
    expect(await outbox.count()).toBe(2);
    const all = await outbox.takeBatch({ includeHeld: true });
    expect(all.map((r) => r.event.count)).toEqual([5, 1]);
    expect(JSON.stringify(all)).not.toMatch(/tab|"12"|:12/i);
  });

  it("sends the pupil's report choice as one word, and no page address unless the school allows it", async () => {
    const { recorder, outbox } = await setup(POLICY);
    await recorder.record({
      type: 'reported',
      host: 'docs.google.com',
      choice: 'unkind',
      url: 'https://docs.google.com/document/d/abc/edit',
    });
    const [queued] = await outbox.takeBatch();
    expect(queued!.event).toMatchObject({ type: 'reported', host: 'docs.google.com', detail: { choice: 'unkind' } });
    expect(JSON.stringify(queued)).not.toContain('/document/');
  });
});
