import { browser } from 'wxt/browser';
import { startPageMonitor } from '@/src/content/page-monitor';
import { MONITOR_CONFIG_KEY } from '@/src/core/monitor/protocol';

/**
 * Page monitoring (issue 14): declared in the manifest for web pages, top frame only, after the page
 * is ready. The extension's own pages are not http(s) and never get it.
 */
/** How long after a page has loaded its text is first read. */
const AFTER_LOAD_MS = 500;

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  allFrames: false,
  main() {
    let spentMs = 0;
    void startPageMonitor({
      document,
      host: location.hostname,
      protocol: location.protocol,
      readConfig: async () => (await browser.storage.local.get(MONITOR_CONFIG_KEY))[MONITOR_CONFIG_KEY],
      send: (message) => browser.runtime.sendMessage(message),
      // After the load event, a short pause (a page left at once costs nothing), then an idle moment.
      whenIdle: () =>
        new Promise<void>((resolve) => {
          const idle = () => setTimeout(() => requestIdleCallback(() => resolve(), { timeout: 2_000 }), AFTER_LOAD_MS);
          if (document.readyState === 'complete') idle();
          else addEventListener('load', idle, { once: true });
        }),
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      now: () => performance.now(),
      // The benchmark build shows the script's own main-thread time to the page under test.
      ...(import.meta.env.MODE === 'bench'
        ? {
            spent: (ms: number) => {
              spentMs += ms;
              document.documentElement.dataset.safeguardMonitorMs = spentMs.toFixed(3);
            },
          }
        : {}),
    });
  },
});
