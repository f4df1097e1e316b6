import { describe, expect, it } from 'vitest';
import { openedOnFirstUse } from './lazy';

interface Counter {
  add(n: number): Promise<number>;
  total(): Promise<number>;
}

describe('openedOnFirstUse', () => {
  it('opens once, on the first call, and passes calls through with their arguments', async () => {
    let opens = 0;
    let sum = 0;
    const counter = openedOnFirstUse<Counter>(async () => {
      opens++;
      return { add: async (n) => (sum += n), total: async () => sum };
    });
    expect(opens).toBe(0);
    // `await` on the object itself must not mistake it for a promise (and open nothing).
    expect(await Promise.resolve(counter)).toBe(counter);
    expect(opens).toBe(0);
    await Promise.all([counter.add(2), counter.add(3)]);
    expect(await counter.total()).toBe(5);
    expect(opens).toBe(1);
  });
});
