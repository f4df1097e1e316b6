import { browser } from 'wxt/browser';
import { z } from 'zod';
import type { AlertLedger } from '@/src/core/monitor/alert-limits';
import { MONITOR_CONFIG_KEY, type MonitorConfig } from '@/src/core/monitor/protocol';

/**
 * Where monitoring keeps its little state: the alert ledger (what was raised lately, for the limits)
 * in storage.session, which survives service-worker restarts but not the browser, and nothing a pupil
 * typed or read; and the content script's settings in storage.local, the one area content scripts can
 * read (storage.session is kept to the extension's own pages).
 */
export interface MonitorStore {
  /** Reads the ledger, lets `change` decide, writes what it returns: one change at a time. */
  updateLedger<T>(change: (ledger: AlertLedger) => { ledger: AlertLedger; result: T }): Promise<T>;
  writeConfig(config: MonitorConfig): Promise<void>;
}

type AreaLike = {
  get(keys: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
};

const LEDGER_KEY = 'monitorLedger';
const ledgerSchema = z.array(z.object({ key: z.string().max(600), at: z.number() })).max(1000);

export function createMonitorStore(session: AreaLike = browser.storage.session, local: AreaLike = browser.storage.local): MonitorStore {
  let queue: Promise<unknown> = Promise.resolve();
  let lastConfig = '';
  return {
    updateLedger(change) {
      const run = queue.then(async () => {
        const parsed = ledgerSchema.safeParse((await session.get(LEDGER_KEY))[LEDGER_KEY] ?? []);
        // A damaged ledger only forgets recent alerts: the next ones are raised again, never lost.
        const { ledger, result } = change(parsed.success ? parsed.data : []);
        await session.set({ [LEDGER_KEY]: ledger });
        return result;
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async writeConfig(config) {
      const text = JSON.stringify(config);
      if (text === lastConfig) return;
      await local.set({ [MONITOR_CONFIG_KEY]: config });
      lastConfig = text;
    },
  };
}
