import { browser } from 'wxt/browser';
import { blockedPageOpenedSchema } from '@/src/background/blocked-report';
import { EVENT_RETRY_ALARM } from '@/src/background/event-sender';
import {
  createBackgroundServices,
  POLICY_RECHECK_ALARM,
  POLICY_RECHECK_MINUTES,
  refreshWithRetry,
} from '@/src/background/services';
import { installBenchHooks } from '@/src/background/bench-hooks';

// Listeners are registered synchronously at top level so Chrome can wake the worker for them.
export default defineBackground(() => {
  const { engine, sender, handleBlockedPageOpened } = createBackgroundServices();
  if (import.meta.env.MODE === 'bench') installBenchHooks(engine);
  // Events queued in an earlier worker life, or before the endpoint was configured, go out now.
  const refreshThenSend = (refresh: Promise<unknown>) => void refresh.finally(() => sender.flush());

  browser.runtime.onInstalled.addListener(() => {
    void browser.alarms.create(POLICY_RECHECK_ALARM, { periodInMinutes: POLICY_RECHECK_MINUTES });
    refreshThenSend(refreshWithRetry(engine, 'install'));
  });
  browser.runtime.onStartup.addListener(() => refreshThenSend(refreshWithRetry(engine, 'startup')));
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') refreshThenSend(engine.refresh('policy-changed'));
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLICY_RECHECK_ALARM) refreshThenSend(engine.refresh('alarm'));
    if (alarm.name === EVENT_RETRY_ALARM) void sender.flush();
  });
  browser.runtime.onMessage.addListener((message, messageSender) => {
    // Other messages are left for other listeners (undefined = not answered here).
    if (!blockedPageOpenedSchema.safeParse(message).success) return undefined;
    return handleBlockedPageOpened(message, messageSender);
  });
});
