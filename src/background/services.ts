import { browser } from 'wxt/browser';
import { createAuditLog, type AuditLog } from '@/src/adapters/audit-log';
import { openSafeguardDb, type SafeguardDb } from '@/src/adapters/db';
import { createBrowserDnrPort, declaredStaticRulesets } from '@/src/adapters/dnr-port';
import { browserDirectoryDeviceIdReader, readDeviceIdentity } from '@/src/adapters/device-id';
import { createListStore, type ListStore } from '@/src/adapters/list-store';
import { readManagedPolicy } from '@/src/adapters/managed-policy';
import { createOutbox, type Outbox } from '@/src/adapters/outbox';
import { createStateStore, type StateStore } from '@/src/adapters/state-store';
import { createPupilSafetyStore } from '@/src/adapters/blocked-tabs';
import { createBrowserTabsPort, type TabsPort } from '@/src/adapters/tabs-port';
import type { PolicySource } from '@/src/core/audit';
import { STRICTEST_KEY_STAGE } from '@/src/core/key-stages';
import type { PageReply } from '@/src/core/page-messages';
import { defaultPolicy, resolvePolicy, type EffectivePolicy } from '@/src/core/policy/resolve';
import { benchFeed } from './bench-hooks';
import { createEventSender, EVENT_RETRY_ALARM, type EventSender } from './event-sender';
import { createListUpdater, type ListUpdater } from './list-updater';
import { createMessageRouter, type MessageSender } from './message-router';
import { createOutboxEventRecorder } from './outbox-recorder';
import { createPolicyEngine, type PolicyEngine, type RefreshTrigger } from './policy-engine';
import { createInstalledRules } from './installed-rules';
import { createBakedLists } from './baked-lists';
import { hostIndexPath } from '@/src/core/lists/static-rulesets';
import { BLOCK_PAGE_KEY_PATTERN, blockPageUrlFor } from '@/src/core/blocked-navigation';
import { createPupilSafety, type PupilSafety } from './pupil-safety';
import { createMonitor, type Monitor } from './monitor';
import { createMonitorStore } from '@/src/adapters/monitor-store';
import { isMonitorMessageType, type MonitorReply } from '@/src/core/monitor/protocol';

/** A periodic safety net in case a managed-storage change event is ever missed. */
export const POLICY_RECHECK_ALARM = 'policy-recheck';
export const POLICY_RECHECK_MINUTES = 30;
/** Managed storage can read empty for a moment at start-up: look again after these delays. */
export const EMPTY_POLICY_RETRY_MS = [1_000, 3_000, 10_000];

/** How often the lists are looked at; each list is downloaded only when its listRefreshHours have passed. */
export const LISTS_ALARM = 'lists-refresh';
export const LISTS_CHECK_MINUTES = 60;

export interface BackgroundServices {
  engine: PolicyEngine;
  lists: ListUpdater;
  db: () => Promise<SafeguardDb>;
  safety: PupilSafety;
  tabs: TabsPort;
  route: (message: unknown, sender: MessageSender) => Promise<PageReply | MonitorReply>;
  /** Delivers the events outbox to the school endpoint. */
  sender: EventSender;
  /** On-device monitoring of searches, prompts and page text (issue 14). */
  monitor: Monitor;
}

/** The policy the engine is enforcing, as the pupil-safety features need it. */
async function enforcedPolicy(state: StateStore): Promise<{ policy: EffectivePolicy; source: PolicySource }> {
  const status = await state.get('status');
  const lastGood = await state.get('lastGoodPolicy');
  if (status && status.source !== 'default' && lastGood) {
    const resolved = resolvePolicy(lastGood.raw);
    if (resolved.kind === 'valid') return { policy: resolved.policy, source: status.source };
  }
  return { policy: defaultPolicy(STRICTEST_KEY_STAGE), source: 'default' };
}

/** This device's blocked page with its key, made once per install and kept (the rules carry it). */
async function deviceBlockPageUrl(state: StateStore, blockedHtmlUrl: string): Promise<string> {
  let key = await state.get('blockPageKey');
  if (key === null || !BLOCK_PAGE_KEY_PATTERN.test(key)) {
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    key = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    await state.set({ blockPageKey: key });
  }
  return blockPageUrlFor(blockedHtmlUrl, key);
}

/** Builds the background's services once per service-worker life; the database opens lazily. */
export function createBackgroundServices(): BackgroundServices {
  let dbPromise: Promise<SafeguardDb> | undefined;
  const db = () => (dbPromise ??= openSafeguardDb());
  let logPromise: Promise<AuditLog> | undefined;
  const log = () => (logPromise ??= db().then((opened) => createAuditLog(opened)));
  const auditLog: AuditLog = {
    append: async (entry) => (await log()).append(entry),
    recent: async (limit) => (await log()).recent(limit),
  };
  const dnr = createBrowserDnrPort();
  const state = createStateStore(browser.storage.local, { cached: true, fastArea: browser.storage.session });
  let blockPagePromise: Promise<string> | undefined;
  const blockPageUrl = () => (blockPagePromise ??= deviceBlockPageUrl(state, browser.runtime.getURL('/blocked.html')));
  let storePromise: Promise<ListStore> | undefined;
  const store = () => (storePromise ??= db().then((opened) => createListStore(opened)));
  const listStore: ListStore = {
    get: async (id) => (await store()).get(id),
    all: async () => (await store()).all(),
    put: async (record) => (await store()).put(record),
    putChunk: async (chunk) => (await store()).putChunk(chunk),
    chunkHosts: async (key) => (await store()).chunkHosts(key),
    deleteGeneration: async (id, generation) => (await store()).deleteGeneration(id, generation),
    delete: async (id) => (await store()).delete(id),
  };
  const lists = createListUpdater({ store: listStore, fetch: (input, init) => fetch(input, init), now: () => new Date() });
  const policy = () => enforcedPolicy(state);

  // Breach events: anonymised into the IndexedDB outbox, then sent by the sender (alarms retry).
  let outboxPromise: Promise<Outbox> | undefined;
  const outbox = () => (outboxPromise ??= db().then((opened) => createOutbox(opened)));
  const sender = createEventSender({
    outbox,
    endpoint: async () => (await policy()).policy.endpoint,
    state,
    fetch: (input, init) => fetch(input, init),
    scheduleRetry: async (delayMs) => {
      await browser.alarms.create(EVENT_RETRY_ALARM, { when: Date.now() + delayMs });
    },
    cancelRetry: async () => {
      await browser.alarms.clear(EVENT_RETRY_ALARM);
    },
    now: () => new Date(),
    random: Math.random,
    nonce: () => crypto.randomUUID().replaceAll('-', ''),
  });
  const events = createOutboxEventRecorder({
    outbox,
    currentPolicy: async () => (await policy()).policy,
    deviceIdentity: () => readDeviceIdentity(state, browserDirectoryDeviceIdReader(), () => crypto.randomUUID()),
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
    afterRecord: () => void sender.flush(),
    warn: (message) => console.warn(message),
  });

  const staticRulesets = declaredStaticRulesets();
  const engine = createPolicyEngine({
    dnr,
    readManagedPolicy,
    state,
    audit: auditLog,
    blockPageUrl,
    now: () => new Date(),
    feedDomains: async () => benchFeed.domains,
    listChunks: (policy) => lists.chunksFor(policy),
    loadChunk: (key) => listStore.chunkHosts(key),
    listStatuses: (policy) => lists.statuses(policy),
    staticRulesets,
    events,
  });
  const tabs = createBrowserTabsPort();
  const bakedLists =
    staticRulesets.length === 0
      ? undefined
      : createBakedLists({
          enabledRulesets: async () => (await dnr.getEnabledRulesets?.()) ?? [],
          loadIndex: async (id) => {
            const response = await fetch(new URL(hostIndexPath(id), browser.runtime.getURL('/')));
            return response.ok ? response.arrayBuffer() : null;
          },
          warn: (message) => console.warn(message),
        });
  const safety = createPupilSafety({
    dnr,
    installedRules: createInstalledRules({
      dnr,
      blockPageUrl,
      policy: async () => (await policy()).policy,
      listChunks: (enforced) => lists.chunksFor(enforced),
      loadChunk: (key) => listStore.chunkHosts(key),
    }),
    ...(bakedLists ? { bakedLists } : {}),
    tabs,
    store: createPupilSafetyStore(),
    events,
    audit: auditLog,
    policy,
    alarms: {
      create: (name, when) => browser.alarms.create(name, { when }),
      clear: (name) => browser.alarms.clear(name),
    },
    blockPageUrl,
    now: () => Date.now(),
  });
  const extensionOrigin = new URL(browser.runtime.getURL('/')).origin;
  const pageRoute = createMessageRouter({
    extensionId: browser.runtime.id,
    extensionOrigin,
    safety,
    activeTabId: () => tabs.activeTabId(),
  });
  const monitor = createMonitor({
    extensionId: browser.runtime.id,
    extensionOrigin,
    policy: async () => (await policy()).policy,
    events,
    showAlertPage: (tabId, pageUrl, category) => safety.showAlertPage(tabId, pageUrl, category),
    store: createMonitorStore(),
    now: () => Date.now(),
    warn: (message) => console.warn(message),
  });
  // The content script's messages go to the monitor, which answers content scripts only; everything else to the page router.
  const route = (message: unknown, from: MessageSender) =>
    isMonitorMessageType(message) ? monitor.handleMessage(message, from) : pageRoute(message, from);
  return { engine, lists, db, safety, tabs, route, sender, monitor };
}

/**
 * Downloads the list feeds that are due for the policy in force, then refreshes the rules so new
 * lists are enforced and the status page shows each list's age and errors. Never rejects.
 */
export async function syncLists(services: Pick<BackgroundServices, 'engine' | 'lists'>, options: { force?: boolean } = {}): Promise<void> {
  try {
    const policy = services.engine.lastPolicy() ?? (await services.engine.refresh('lists-updated'), services.engine.lastPolicy());
    if (!policy) return;
    const { changed } = await services.lists.update(policy, options);
    if (changed || policy.lists.length > 0) await services.engine.refresh('lists-updated');
  } catch (error) {
    console.error('List update failed', error);
  }
}

/** Refreshes, and while the policy reads empty, tries again a few times. */
export async function refreshWithRetry(engine: PolicyEngine, trigger: RefreshTrigger): Promise<void> {
  const status = await engine.refresh(trigger);
  if (status.source === 'admin' || status.issues.length > 0) return;
  for (const delay of EMPTY_POLICY_RETRY_MS) {
    await new Promise((resolve) => setTimeout(resolve, delay));
    const next = await engine.refresh('retry');
    if (next.source === 'admin' || next.issues.length > 0) return;
  }
}
