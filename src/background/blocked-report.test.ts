import { describe, expect, it } from 'vitest';
import { resolvePolicy, type EffectivePolicy } from '@/src/core/policy/resolve';
import type { BreachEventInput } from './event-recorder';
import { createBlockedPageReporter, type MessageSenderLike } from './blocked-report';

const PAGE = 'chrome-extension://abc/blocked.html';

function setup(feed: Partial<Record<'gambling', string[]>> = {}) {
  const resolved = resolvePolicy({ keyStage: 'KS2', blockDomains: ['school-blocked.example'] });
  if (resolved.kind !== 'valid') throw new Error('bad policy');
  const policy: EffectivePolicy = resolved.policy;
  const events: BreachEventInput[] = [];
  let now = 1_000_000;
  const handle = createBlockedPageReporter({
    recorder: { record: async (e) => void events.push(e) },
    currentPolicy: async () => policy,
    feedDomains: async () => feed,
    blockPageUrl: PAGE,
    extensionId: 'abc',
    nowMs: () => now,
  });
  return { handle, events, advance: (ms: number) => (now += ms) };
}

const sender = (hash: string, extra: Partial<MessageSenderLike> = {}): MessageSenderLike => ({
  id: 'abc',
  url: `${PAGE}${hash}`,
  frameId: 0,
  tab: { id: 7 },
  ...extra,
});

const MESSAGE = { type: 'blocked-page-opened' };

describe('blocked page report', () => {
  it('records the host only, with the category the policy gives (not the one in the fragment)', async () => {
    const { handle, events } = setup();
    const result = await handle(MESSAGE, sender('#reason=category&category=drugs&url=https://www.bet365.com/secret-path?name=x'));
    expect(result).toEqual({ recorded: true });
    expect(events).toEqual([{ type: 'blocked', host: 'www.bet365.com', category: 'gambling', detail: { reason: 'category' } }]);
  });

  it('records a school block without a category', async () => {
    const { handle, events } = setup();
    await handle(MESSAGE, sender('#reason=school&url=http://school-blocked.example/a'));
    expect(events).toEqual([{ type: 'blocked', host: 'school-blocked.example', detail: { reason: 'school' } }]);
  });

  it('refuses a forged fragment naming a site the policy does not block', async () => {
    const { handle, events } = setup();
    expect(await handle(MESSAGE, sender('#reason=category&category=gambling&url=https://bbc.co.uk/news'))).toEqual({ recorded: false, reason: 'not-blocked' });
    expect(events).toEqual([]);
  });

  it('re-checks against list-feed domains too', async () => {
    const { handle, events } = setup({ gambling: ['feed-casino.example'] });
    expect(await handle(MESSAGE, sender('#reason=category&category=gambling&url=https://feed-casino.example/x'))).toEqual({ recorded: true });
    expect(events[0]).toMatchObject({ host: 'feed-casino.example', category: 'gambling' });
  });

  it('refuses other senders, frames, pages and messages', async () => {
    const { handle, events } = setup();
    const hash = '#reason=school&url=http://school-blocked.example/';
    expect(await handle(MESSAGE, sender(hash, { id: 'other' }))).toMatchObject({ reason: 'bad-sender' });
    expect(await handle(MESSAGE, sender(hash, { frameId: 3 }))).toMatchObject({ reason: 'bad-sender' });
    expect(await handle(MESSAGE, sender(hash, { tab: undefined }))).toMatchObject({ reason: 'bad-sender' });
    expect(await handle(MESSAGE, sender(hash, { url: `chrome-extension://abc/options.html${hash}` }))).toMatchObject({ reason: 'not-blocked-page' });
    expect(await handle({ type: 'blocked-page-opened', host: 'x' }, sender(hash))).toMatchObject({ reason: 'bad-message' });
    expect(await handle(MESSAGE, sender('#garbage'))).toMatchObject({ reason: 'no-host' });
    expect(events).toEqual([]);
  });

  it('counts a reload of the same blocked page in one tab once', async () => {
    const { handle, events, advance } = setup();
    const s = sender('#reason=school&url=http://school-blocked.example/');
    await handle(MESSAGE, s);
    await handle(MESSAGE, s);
    advance(11_000);
    await handle(MESSAGE, s);
    expect(events).toHaveLength(2);
  });
});
