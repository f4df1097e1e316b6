import { describe, expect, it } from 'vitest';
import { parsePageReply, parsePageRequest } from './page-messages';

describe('runtime message protocol', () => {
  it('accepts the known requests', () => {
    expect(parsePageRequest({ type: 'blocked/hello' })).toEqual({ type: 'blocked/hello' });
    expect(parsePageRequest({ type: 'blocked/unlock-pin', pin: '1234' })).toEqual({ type: 'blocked/unlock-pin', pin: '1234' });
    expect(parsePageRequest({ type: 'blocked/lesson-unlock', minutes: 60 })).toEqual({ type: 'blocked/lesson-unlock', minutes: 60 });
  });
  it.each([
    null,
    'blocked/hello',
    { type: 'blocked/unlock' },
    { type: 'blocked/unlock-pin', pin: 'abcd' },
    { type: 'blocked/unlock-pin', pin: 1234 },
    { type: 'blocked/lesson-unlock', minutes: 600 },
    { type: '__proto__' },
  ])('rejects %j', (message) => {
    expect(parsePageRequest(message)).toBeNull();
  });
  it('treats an unreadable reply as a failure, never as success', () => {
    expect(parsePageReply(undefined)).toEqual({ ok: false, error: 'failed' });
    expect(parsePageReply({ ok: true, view: { keyStage: 'KS9' } })).toEqual({ ok: false, error: 'failed' });
    expect(parsePageReply({ ok: false, error: 'wrong-pin' })).toEqual({ ok: false, error: 'wrong-pin' });
  });
});
