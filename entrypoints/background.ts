import { browser } from 'wxt/browser';
import { isListsCheckNowMessage } from '@/src/core/lists/messages';
import {
  createBackgroundServices,
  LISTS_ALARM,
  LISTS_CHECK_MINUTES,
  syncLists,
  POLICY_RECHECK_ALARM,
  POLICY_RECHECK_MINUTES,
  refreshWithRetry,
} from '@/src/background/services';
import { installBenchHooks } from '@/src/background/bench-hooks';

// Listeners are registered synchronously at top level so Chrome can wake the worker for them.
export default defineBackground(() => {
  const services = createBackgroundServices();
  const { engine } = services;
  // Small rules first (seconds), then the list downloads, which can take a while.
  const refreshThenLists = async (run: Promise<unknown>) => {
    await run;
    await syncLists(services);
  };
  if (import.meta.env.MODE === 'bench') installBenchHooks(engine);

  browser.runtime.onInstalled.addListener(() => {
    void browser.alarms.create(POLICY_RECHECK_ALARM, { periodInMinutes: POLICY_RECHECK_MINUTES });
    void browser.alarms.create(LISTS_ALARM, { periodInMinutes: LISTS_CHECK_MINUTES });
    void refreshThenLists(refreshWithRetry(engine, 'install'));
  });
  browser.runtime.onStartup.addListener(() => void refreshThenLists(refreshWithRetry(engine, 'startup')));
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void refreshThenLists(engine.refresh('policy-changed'));
  });
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    // Only the extension's own status page may ask; a web page cannot reach this listener anyway.
    if (sender.id !== browser.runtime.id || !isListsCheckNowMessage(message)) return undefined;
    return syncLists(services, { force: true }).then(() => ({ ok: true }));
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLICY_RECHECK_ALARM) void engine.refresh('alarm');
    if (alarm.name === LISTS_ALARM) void syncLists(services);
  });
});
