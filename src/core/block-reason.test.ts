import { describe, expect, it } from 'vitest';
import { blockedHashPrefix, parseBlockedHash } from './block-reason';

describe('blocked page hash', () => {
  it('round-trips every reason with the original URL, which may contain & and #', () => {
    const url = 'https://example.com/a?b=1&url=x#frag';
    expect(parseBlockedHash(`${blockedHashPrefix({ kind: 'category', category: 'gambling' })}${url}`)).toEqual({
      reason: { kind: 'category', category: 'gambling' },
      url,
    });
    expect(parseBlockedHash(`${blockedHashPrefix({ kind: 'school' })}${url}`)?.reason).toEqual({ kind: 'school' });
    expect(parseBlockedHash(`${blockedHashPrefix({ kind: 'alert', category: 'self-harm' })}${url}`)).toEqual({
      reason: { kind: 'alert', category: 'self-harm' },
      url,
    });
    expect(blockedHashPrefix({ kind: 'alert', category: 'eating-disorders' })).toBe('#reason=alert&category=eating-disorders&url=');
    expect(parseBlockedHash(`${blockedHashPrefix({ kind: 'approved-only' })}`)).toEqual({
      reason: { kind: 'approved-only' },
      url: null,
    });
  });
  it.each([
    '',
    '#',
    '#reason=category&category=nope',
    '#reason=alert&category=gambling',
    '#reason=alert',
    '#reason=evil',
    '#<img src=x>',
    '#reason',
    'reason=school',
  ])('rejects forged or broken hash %j', (hash) => {
    expect(parseBlockedHash(hash)).toBeNull();
  });
});
