/** Every method of T returns a promise. */
type AsyncMethods<T> = { [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never };

/**
 * `T` whose methods first wait for `open()`, called once on first use: the worker opens IndexedDB
 * only when an event needs it, not on every wake-up.
 */
export function openedOnFirstUse<T extends AsyncMethods<T>>(open: () => Promise<T>): T {
  let opened: Promise<T> | undefined;
  const target = () => (opened ??= open());
  return new Proxy({} as T, {
    get(_, name) {
      // Not a promise itself: `await` must not mistake it for one.
      if (name === 'then') return undefined;
      return async (...args: unknown[]) => {
        const real = await target();
        const method = real[name as keyof T] as unknown as (...a: unknown[]) => Promise<unknown>;
        return method.apply(real, args);
      };
    },
  });
}
