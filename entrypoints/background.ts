import { browser } from 'wxt/browser';
import { createBackgroundServices } from '@/src/background/services';
import {
  LISTS_ALARM,
  LISTS_CHECK_MINUTES,
  POLICY_PENDING_ALARM,
  POLICY_RECHECK_ALARM,
  POLICY_RECHECK_MINUTES,
} from '@/src/background/alarms';
import { benchFeedDomains, installBenchHooks } from '@/src/background/bench-hooks';
import { syncLists } from '@/src/background/list-sync';
import { refreshAtStartup } from '@/src/background/startup-refresh';
import { WEB_NAVIGATION_FILTERS } from '@/src/adapters/navigation-port';
import { EVENT_RETRY_ALARM } from '@/src/background/event-sender';
import { HEARTBEAT_ALARM } from '@/src/background/heartbeat';
import { LISTS_CHECK_REQUEST_KEY } from '@/src/core/lists/check-request';
import { LESSON_ALARM_PREFIX } from '@/src/background/pupil-safety';

/** The pupil's report from the page's right-click menu and the keyboard shortcut (manifest `commands`). */
const REPORT_MENU_ID = 'report-page';
const REPORT_COMMAND = 'report-page';

// Listeners are registered synchronously at top level so Chrome can wake the worker for them.
export default defineBackground(() => {
  const services = createBackgroundServices(import.meta.env.MODE === 'bench' ? { feedDomains: benchFeedDomains } : {});
  const { engine, lists, safety, tabs, route, sender, heartbeat, monitor } = services;
  if (import.meta.env.MODE === 'bench') installBenchHooks(engine);
  // The engine starts list downloads and event delivery once a policy is in force (onPolicyApplied),
  // which is within a second even while Chrome holds the admin policy back. Events queued in an
  // earlier worker life go at once: delivery never waits on the policy read.
  const startUp = (trigger: 'install' | 'startup') => {
    void sender.flush();
    // A heartbeat once the start-up refresh has settled, so it tells what is in force (install, start-up, daily).
    void refreshAtStartup(engine, trigger).finally(() => Promise.all([heartbeat.ensureDaily(), heartbeat.record()]));
  };

  browser.runtime.onInstalled.addListener(() => {
    void browser.alarms.create(POLICY_RECHECK_ALARM, { periodInMinutes: POLICY_RECHECK_MINUTES });
    void browser.alarms.create(LISTS_ALARM, { periodInMinutes: LISTS_CHECK_MINUTES });
    startUp('install');
    void browser.contextMenus.removeAll().then(() =>
      browser.contextMenus.create({
        id: REPORT_MENU_ID,
        title: (browser.i18n.getMessage as (key: string) => string)('menuReport') || 'Tell an adult about this page',
        contexts: ['page', 'frame', 'link', 'image', 'video', 'selection'],
        documentUrlPatterns: ['http://*/*', 'https://*/*'],
      }),
    );
  });
  browser.runtime.onStartup.addListener(() => startUp('startup'));
  browser.storage.onChanged.addListener((changes, area) => {
    // Honoured at once, even while an earlier read is still pending: the engine reads afresh.
    if (area === 'managed') void engine.refresh('policy-changed');
    // "Check lists now" on the status page: only the extension's own pages can write its storage.
    if (area === 'local' && typeof changes[LISTS_CHECK_REQUEST_KEY]?.newValue === 'number') void syncLists(engine, lists, { force: true });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === POLICY_RECHECK_ALARM || alarm.name === POLICY_PENDING_ALARM) void engine.refresh('alarm');
    if (alarm.name === POLICY_RECHECK_ALARM) void sender.flush();
    if (alarm.name === LISTS_ALARM) void syncLists(engine, lists);
    if (alarm.name === EVENT_RETRY_ALARM) void sender.flush();
    if (alarm.name === HEARTBEAT_ALARM) void heartbeat.record();
    if (alarm.name.startsWith(LESSON_ALARM_PREFIX)) void safety.lessonAlarm(alarm.name);
  });

  // The blocked page committing (Chrome filters the event to it): the background checks it stands
  // for one of its own rule redirects. Reported after the fact: nothing waits on it.
  browser.webNavigation.onCommitted.addListener(
    (details) => void safety.blockedPageCommitted(details),
    WEB_NAVIGATION_FILTERS.blockedPage(),
  );
  browser.tabs.onRemoved.addListener((tabId) => void safety.tabClosed(tabId));

  // Monitoring (issue 14): search result pages only, filtered by Chrome; single-page searches
  // (YouTube, later Google searches) change the URL without a navigation.
  const onSearch = (details: { tabId: number; frameId: number; url: string }) => void monitor.searchNavigated(details);
  browser.webNavigation.onCommitted.addListener(onSearch, WEB_NAVIGATION_FILTERS.searchResults());
  browser.webNavigation.onHistoryStateUpdated.addListener(onSearch, WEB_NAVIGATION_FILTERS.searchResults());

  // The polyfill answers the sender with the promise's value (its async listener form).
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  browser.runtime.onMessage.addListener((message, sender) => route(message, sender));

  const onMenuClicked = (info: { menuItemId: string | number }, tab?: { id?: number }) => {
    if (info.menuItemId === REPORT_MENU_ID && tab?.id !== undefined) void safety.reportTab(tab.id);
  };
  const onCommand = (command: string, tab?: { id?: number }) => {
    if (command !== REPORT_COMMAND) return;
    void (async () => {
      const tabId = tab?.id ?? (await tabs.activeTabId());
      if (tabId !== null && tabId !== undefined) await safety.reportTab(tabId);
    })();
  };
  browser.contextMenus.onClicked.addListener(onMenuClicked);
  browser.commands.onCommand.addListener(onCommand);
  // Headless Chromium shows no native context menu and sends no extension shortcuts, so the e2e
  // tests call these same listeners from the worker. Only the extension's own contexts can see this.
  (globalThis as { safeguardReportListeners?: unknown }).safeguardReportListeners = { onMenuClicked, onCommand };
  // Likewise the e2e tests send blocked events still gathering repeats, and record heartbeats, without
  // waiting out the hold or the day (retries they bring forward through the real alarm). Either only
  // sends what the device would send anyway, to the school's own endpoint.
  (globalThis as { safeguardEvents?: unknown }).safeguardEvents = {
    sendHeld: () => sender.flush({ sendHeld: true }),
    heartbeat: () => heartbeat.record(),
  };
});
