/**
 * Runs `task` at each time `next` gives (after the current one), for ever, on real timers. Returns a function
 * that stops it. A failing task is logged and the next run still happens.
 */
export function scheduleRepeating(
  next: (after: Date) => Date,
  task: () => Promise<unknown>,
  now: () => Date = () => new Date(),
): () => void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const arm = () => {
    if (stopped) return;
    const current = now();
    // setTimeout holds at most about 24.8 days; longer waits re-arm on the way.
    const wait = Math.min(next(current).getTime() - current.getTime(), 2 ** 31 - 1);
    timer = setTimeout(
      () => {
        const due = next(current).getTime() <= now().getTime();
        void (due ? task() : Promise.resolve()).catch((error: unknown) => console.error('Scheduled task failed:', error)).finally(arm);
      },
      Math.max(0, wait),
    );
    timer.unref();
  };
  arm();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
