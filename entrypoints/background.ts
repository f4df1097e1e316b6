import { browser } from 'wxt/browser';
import {
  createBackgroundServices,
  POLICY_RECHECK_ALARM,
  POLICY_RECHECK_MINUTES,
  refreshWithRetry,
} from '@/src/background/services';
import { installBenchHooks } from '@/src/background/bench-hooks';

// Listeners are registered synchronously at top level so Chrome can wake the worker for them.
export default defineBackground(() => {
  const { engine } = createBackgroundServices();
  if (import.meta.env.MODE === 'bench') installBenchHooks(engine);

  browser.runtime.onInstalled.addListener(() => {
    void browser.alarms.create(POLICY_RECHECK_ALARM, { periodInMinutes: POLICY_RECHECK_MINUTES });
    void refreshWithRetry(engine, 'install');
  });
  browser.runtime.onStartup.addListener(() => void refreshWithRetry(engine, 'startup'));
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') void engine.refresh('policy-changed');
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLICY_RECHECK_ALARM) void engine.refresh('alarm');
  });
});
