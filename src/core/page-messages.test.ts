import { describe, expect, it } from 'vitest';
import { parsePageReply, parsePageRequest } from './page-messages';

describe('runtime message protocol', () => {
  it('accepts the known requests', () => {
    expect(parsePageRequest({ type: 'blocked/hello' })).toEqual({ type: 'blocked/hello' });
    expect(parsePageRequest({ type: 'blocked/unlock-code', code: '123456' })).toEqual({ type: 'blocked/unlock-code', code: '123456' });
    expect(parsePageRequest({ type: 'blocked/report-choice', choice: 'naked' })).toEqual({
      type: 'blocked/report-choice',
      choice: 'naked',
    });
    expect(parsePageRequest({ type: 'blocked/lesson-unlock', minutes: 60 })).toEqual({ type: 'blocked/lesson-unlock', minutes: 60 });
  });
  it.each([
    null,
    'blocked/hello',
    { type: 'blocked/unlock' },
    { type: 'blocked/unlock-code', code: 'abcdef' },
    { type: 'blocked/unlock-code', code: 123456 },
    { type: 'blocked/unlock-code', code: '1234' },
    { type: 'blocked/unlock-code', code: '1234567890123' },
    { type: 'blocked/report-choice', choice: 'Mr Smith touched me' },
    { type: 'blocked/unlock-pin', pin: '123456' },
    { type: 'blocked/lesson-unlock', minutes: 600 },
    { type: '__proto__' },
  ])('rejects %j', (message) => {
    expect(parsePageRequest(message)).toBeNull();
  });
  it('treats an unreadable reply as a failure, never as success', () => {
    expect(parsePageReply(undefined)).toEqual({ ok: false, error: 'failed' });
    expect(parsePageReply({ ok: true, view: { keyStage: 'KS9' } })).toEqual({ ok: false, error: 'failed' });
    expect(parsePageReply({ ok: false, error: 'wrong-code' })).toEqual({ ok: false, error: 'wrong-code' });
    expect(parsePageReply({ ok: true, popup: { keyStage: 'KS1', schoolName: null, adults: [], atSchool: 'yes' } })).toEqual({
      ok: false,
      error: 'failed',
    });
  });
});
