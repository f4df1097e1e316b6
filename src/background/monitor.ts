import type { MonitorStore } from '@/src/adapters/monitor-store';
import type { AlertCategory } from '@/src/core/alert-categories';
import { hostOfUrl } from '@/src/core/domain';
import { admitAlert } from '@/src/core/monitor/alert-limits';
import { builtinSource } from '@/src/core/monitor/builtin-lexicon';
import { createChecker, type Checker } from '@/src/core/monitor/checker';
import { isAiChatHost, isHostOrSubdomain, searchOf, type EngineId } from '@/src/core/monitor/engines';
import { parseMonitorMessage, type MonitorConfig, type MonitorReply } from '@/src/core/monitor/protocol';
import { severityAtLeast, type Verdict } from '@/src/core/monitor/score';
import { withSchoolTerms, type MonitorSettings } from '@/src/core/monitor/settings';
import type { EffectivePolicy } from '@/src/core/policy/resolve';
import type { EventRecorder } from './event-recorder';
import type { MessageSender } from './message-router';

/**
 * On-device monitoring in the background (issue 14): searches seen through filtered webNavigation
 * events, page text and chatbot prompts sent by the content script. Everything is checked here, in
 * memory, against one compiled lexicon; what leaves is only the alert event (host, category,
 * severity, lexicon entry id, and the lexicon term when the school switches that on) and, for a
 * severe enough match, the harmful-content page in the pupil's tab.
 */
export interface MonitorDeps {
  extensionId: string;
  /** `chrome-extension://<id>` */
  extensionOrigin: string;
  /** The policy being enforced. */
  policy(): Promise<EffectivePolicy>;
  events: EventRecorder;
  /** Sends the tab to the harmful-content page (PupilSafety.showAlertPage). */
  showAlertPage(tabId: number, category: AlertCategory): Promise<boolean>;
  store: MonitorStore;
  now(): number;
  warn(message: string): void;
}

/** webNavigation.onCommitted / onHistoryStateUpdated, as far as the monitor needs them. */
export interface SearchNavigation {
  tabId: number;
  frameId: number;
  url: string;
}

export interface Monitor {
  /** A search engine's result page committed or changed its URL (Chrome filters the events to these pages). */
  searchNavigated(details: SearchNavigation): Promise<void>;
  /** A message from the page-monitoring content script. */
  handleMessage(message: unknown, sender: MessageSender): Promise<MonitorReply>;
  /** Writes the settings the content script reads, after the policy changed. */
  syncConfig(): Promise<void>;
}

type Channel = { kind: 'search'; engine: EngineId } | { kind: 'content' };

const REPEAT_NAVIGATION_MS = 2_000;
/** How long a read of the policy's monitoring settings is reused. syncConfig always reads afresh. */
const POLICY_MEMO_MS = 5_000;

export function createMonitor(deps: MonitorDeps): Monitor {
  // The lexicon is compiled once per worker life, and again only when the school's terms change.
  let compiled: { key: string; checker: Checker } | null = null;
  const checkerFor = (settings: MonitorSettings): Checker => {
    const key = JSON.stringify([settings.addTerms, settings.removeTerms]);
    if (compiled?.key !== key) {
      const { source, issues } = withSchoolTerms(builtinSource(), settings);
      for (const issue of issues) deps.warn(`${issue.path}: ${issue.message}`);
      compiled = { key, checker: createChecker(source) };
    }
    return compiled.checker;
  };

  async function act(tabId: number, host: string, verdict: Verdict, channel: Channel, settings: MonitorSettings) {
    if (!severityAtLeast(verdict.severity, settings.recordAt) && !meetsPage(verdict, settings)) return;
    const decision = await deps.store.updateLedger((ledger) => {
      const d = admitAlert(
        ledger,
        {
          channel: channel.kind,
          tabId,
          host,
          category: verdict.category,
          entryId: verdict.entryId,
          record: severityAtLeast(verdict.severity, settings.recordAt),
          showPage: meetsPage(verdict, settings),
        },
        deps.now(),
      );
      return { ledger: d.ledger, result: d };
    });
    // The page first: the pupil should not wait on the outbox.
    if (decision.showPage) await deps.showAlertPage(tabId, verdict.category);
    if (!decision.recordEvent) return;
    await deps.events.record({
      type: channel.kind === 'search' ? 'search-alert' : 'content-alert',
      host,
      category: verdict.category,
      severity: verdict.severity,
      ...(settings.sendTerms ? { term: verdict.term } : {}),
      detail:
        channel.kind === 'search' ? { entry: verdict.entryId, engine: channel.engine } : { entry: verdict.entryId, score: verdict.score },
    });
  }

  /** The content script's tab and page, or null when the sender is anything else (an extension page, a frame). */
  function contentScriptPage(sender: MessageSender): { tabId: number; url: string; host: string } | null {
    if (sender.id !== deps.extensionId) return null;
    const tabId = sender.tab?.id;
    if (tabId === undefined || tabId < 0 || sender.frameId !== 0 || !sender.url) return null;
    if (sender.origin === deps.extensionOrigin || !/^https?:\/\//.test(sender.url)) return null;
    const host = hostOfUrl(sender.url);
    return host === null ? null : { tabId, url: sender.url, host };
  }

  // A page sends its changes every second: resolve the policy at most every few seconds, not per message.
  let policyMemo: { at: number; settings: Promise<MonitorSettings> } | null = null;
  const settingsNow = (): Promise<MonitorSettings> => {
    if (!policyMemo || deps.now() - policyMemo.at > POLICY_MEMO_MS) {
      const settings = deps.policy().then((policy) => policy.monitoring);
      policyMemo = { at: deps.now(), settings };
      settings.catch(() => (policyMemo = null));
    }
    return policyMemo.settings;
  };

  // A result page can arrive twice (committed, then its history state set): check it once.
  let lastSearch = { key: '', at: 0 };

  return {
    async searchNavigated(details) {
      if (details.frameId !== 0 || details.tabId < 0) return;
      const search = searchOf(details.url);
      if (search === null) return;
      const key = `${details.tabId} ${details.url}`;
      if (lastSearch.key === key && deps.now() - lastSearch.at < REPEAT_NAVIGATION_MS) return;
      lastSearch = { key, at: deps.now() };
      try {
        const monitoring = await settingsNow();
        if (!monitoring.enabled || !monitoring.searches) return;
        const verdict = checkerFor(monitoring).query(search.query);
        if (verdict) await act(details.tabId, search.host, verdict, { kind: 'search', engine: search.engine }, monitoring);
      } catch (error) {
        deps.warn(`Search check failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },

    async handleMessage(message, sender) {
      const page = contentScriptPage(sender);
      if (page === null) return { ok: false, error: 'not-allowed' };
      const request = parseMonitorMessage(message);
      if (request === null) return { ok: false, error: 'bad-message' };
      try {
        const monitoring = await settingsNow();
        // Checked here too: the content script's copy of the settings may lag behind the policy.
        if (!monitoring.enabled || monitoring.trustedSites.some((site) => isHostOrSubdomain(page.host, site))) return { ok: true };
        if (request.type === 'monitor/prompt') {
          if (!monitoring.searches || !isAiChatHost(page.host)) return { ok: true };
          const verdict = checkerFor(monitoring).query(request.text);
          if (verdict) await act(page.tabId, page.host, verdict, { kind: 'search', engine: 'ai-chat' }, monitoring);
          return { ok: true };
        }
        if (!monitoring.pages) return { ok: true };
        const verdict = checkerFor(monitoring).page(request.text);
        if (verdict) await act(page.tabId, page.host, verdict, { kind: 'content' }, monitoring);
        return { ok: true };
      } catch (error) {
        deps.warn(`Page check failed: ${error instanceof Error ? error.message : String(error)}`);
        return { ok: false, error: 'failed' };
      }
    },

    async syncConfig() {
      policyMemo = null;
      try {
        const { monitoring } = await deps.policy();
        const config: MonitorConfig = {
          enabled: monitoring.enabled,
          pages: monitoring.pages,
          prompts: monitoring.searches,
          trustedSites: monitoring.trustedSites,
        };
        await deps.store.writeConfig(config);
      } catch (error) {
        deps.warn(`Monitoring settings not written: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

function meetsPage(verdict: Verdict, settings: MonitorSettings): boolean {
  return settings.showPageAt !== 'never' && severityAtLeast(verdict.severity, settings.showPageAt);
}
