import { browser } from 'wxt/browser';
import { createAuditLog, type AuditLog } from '@/src/adapters/audit-log';
import { fixedBlockedHtmlUrl } from '@/src/adapters/blocked-page-url';
import { createPupilSafetyStore } from '@/src/adapters/blocked-tabs';
import { openSafeguardDb, type SafeguardDb } from '@/src/adapters/db';
import { browserDirectoryDeviceIdReader, readDeviceIdentity } from '@/src/adapters/device-id';
import { createDeviceKeyStore, type DeviceKeyStore } from '@/src/adapters/device-keys';
import { createBrowserDnrPort, declaredStaticRulesets } from '@/src/adapters/dnr-port';
import { openedOnFirstUse } from '@/src/adapters/lazy';
import { createListStore, type ListStore } from '@/src/adapters/list-store';
import { readManagedPolicy } from '@/src/adapters/managed-policy';
import { createOutbox, type Outbox } from '@/src/adapters/outbox';
import { createStateStore } from '@/src/adapters/state-store';
import { createBrowserTabsPort, type TabsPort } from '@/src/adapters/tabs-port';
import type { Category } from '@/src/core/categories';
import { hostIndexPath } from '@/src/core/lists/static-rulesets';
import type { PageReply } from '@/src/core/page-messages';
import type { EffectivePolicy } from '@/src/core/policy/resolve';
import { POLICY_PENDING_ALARM, POLICY_PENDING_MINUTES } from './alarms';
import { createBakedLists } from './baked-lists';
import { deviceBlockPageUrl } from './block-page-key';
import { createEventSender, EVENT_RETRY_ALARM, isUrgent, type EventSender } from './event-sender';
import { eventIdentity } from './event-identity';
import { createHeartbeat, HEARTBEAT_SAID_KEY, type Heartbeat } from './heartbeat';
import { createInstalledRules } from './installed-rules';
import { syncLists } from './list-sync';
import { createListUpdater, type ListUpdater } from './list-updater';
import { createMessageRouter, type MessageSender } from './message-router';
import { createOutboxEventRecorder } from './outbox-recorder';
import { createPolicyEngine, type PolicyEngine } from './policy-engine';
import { createPupilSafety, type PupilSafety } from './pupil-safety';
import { createMonitor, type Monitor } from './monitor';
import { createMonitorStore } from '@/src/adapters/monitor-store';
import { isMonitorMessageType, type MonitorReply } from '@/src/core/monitor/protocol';

export interface BackgroundServices {
  engine: PolicyEngine;
  lists: ListUpdater;
  db: () => Promise<SafeguardDb>;
  safety: PupilSafety;
  tabs: TabsPort;
  route: (message: unknown, sender: MessageSender) => Promise<PageReply | MonitorReply>;
  /** Delivers the events outbox to the school endpoint. */
  sender: EventSender;
  /** Records the start-up and daily heartbeat event. */
  heartbeat: Heartbeat;
  /** On-device monitoring of searches, prompts and page text (issue 14). */
  monitor: Monitor;
}

export interface BackgroundOptions {
  /** Hosts per category on top of the lists (the benchmark build's injected feed). */
  feedDomains?(policy: EffectivePolicy): Promise<Partial<Record<Category, Iterable<string>>>>;
}

/** Builds the background's services once per service-worker life; the database opens lazily. */
export function createBackgroundServices(options: BackgroundOptions = {}): BackgroundServices {
  let dbPromise: Promise<SafeguardDb> | undefined;
  const db = () => (dbPromise ??= openSafeguardDb());
  const auditLog = openedOnFirstUse<AuditLog>(async () => createAuditLog(await db()));
  const listStore = openedOnFirstUse<ListStore>(async () => createListStore(await db()));
  const outbox = openedOnFirstUse<Outbox>(async () => createOutbox(await db()));
  const deviceKeys = openedOnFirstUse<DeviceKeyStore>(async () => createDeviceKeyStore(await db()));
  const dnr = createBrowserDnrPort();
  const state = createStateStore(browser.storage.local, { cached: true, fastArea: browser.storage.session });
  let blockPagePromise: Promise<string> | undefined;
  const blockPageUrl = () =>
    (blockPagePromise ??= deviceBlockPageUrl(state, fixedBlockedHtmlUrl(), (n) => crypto.getRandomValues(new Uint8Array(n))));
  const lists = createListUpdater({ store: listStore, fetch: (input, init) => fetch(input, init), now: () => new Date() });
  // The engine owns the policy in force; everything else asks it (it never waits on Chrome).
  const enforced = () => engine.enforced();

  // Breach events: anonymised into the IndexedDB outbox, then sent, signed with this device's own key
  // (registered once with the school's enrolment token), by the sender; alarms retry.
  const deviceIdentity = () => readDeviceIdentity(state, browserDirectoryDeviceIdReader(), () => crypto.randomUUID());
  const extensionVersion = browser.runtime.getManifest().version;
  const sender = createEventSender({
    outbox: async () => outbox,
    keys: async () => deviceKeys,
    endpoint: async () => (await enforced()).policy.endpoint,
    identity: async () => {
      const { policy } = await enforced();
      const who = await eventIdentity(policy, await deviceIdentity());
      return { ...who, schoolId: policy.schoolId ?? null, keyStage: policy.keyStage, extensionVersion };
    },
    state,
    fetch: (input, init) => fetch(input, init),
    wakeAt: async (when) => {
      await browser.alarms.create(EVENT_RETRY_ALARM, { when });
    },
    cancelWake: async () => {
      await browser.alarms.clear(EVENT_RETRY_ALARM);
    },
    now: () => new Date(),
    random: Math.random,
    nonce: () => crypto.randomUUID().replaceAll('-', ''),
  });
  const events = createOutboxEventRecorder({
    outbox: async () => outbox,
    currentPolicy: async () => (await enforced()).policy,
    deviceIdentity,
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
    // A report or an alert is tried at once, even while the sender backs off after a failure; anything else
    // waits for the retry alarm then, so a burst of events does not hammer an endpoint that is down.
    afterRecord: (event) => void sender.flush(isUrgent(event) ? {} : { unlessBackingOff: true }),
    warn: (message) => console.warn(message),
  });
  const heartbeat = createHeartbeat({
    events,
    facts: async () => ({
      version: extensionVersion,
      status: await state.get('status'),
      policy: (await state.get('lastGoodPolicy'))?.raw ?? null,
    }),
    lastSaid: {
      get: async () => {
        const value = (await browser.storage.session.get(HEARTBEAT_SAID_KEY))[HEARTBEAT_SAID_KEY];
        return typeof value === 'string' ? value : null;
      },
      set: (value) => browser.storage.session.set({ [HEARTBEAT_SAID_KEY]: value }),
    },
    alarms: {
      get: (name) => browser.alarms.get(name),
      create: (name, info) => browser.alarms.create(name, info),
    },
    warn: (message) => console.warn(message),
  });

  const staticRulesets = declaredStaticRulesets();
  const engine: PolicyEngine = createPolicyEngine({
    dnr,
    readManagedPolicy,
    state,
    audit: auditLog,
    blockPageUrl,
    now: () => new Date(),
    ...(options.feedDomains ? { feedDomains: options.feedDomains } : {}),
    listChunks: (policy) => lists.chunksFor(policy),
    loadChunk: (key) => listStore.chunkHosts(key),
    listStatuses: (policy) => lists.statuses(policy),
    staticRulesets,
    events,
    // A different policy in force: deliver what waited for its endpoint, fetch the lists it names.
    onPolicyApplied: () => {
      void sender.flush();
      void heartbeat.recordIfChanged();
      void syncLists(engine, lists);
      // The content script's monitoring settings follow the policy in force.
      void monitor.syncConfig();
    },
    pendingRecheck: {
      arm: async () => {
        await browser.alarms.create(POLICY_PENDING_ALARM, { delayInMinutes: POLICY_PENDING_MINUTES });
      },
      clear: async () => {
        await browser.alarms.clear(POLICY_PENDING_ALARM);
      },
    },
  });
  const tabs = createBrowserTabsPort();
  // Static rules (the strictest ruleset, baked lists) redirect to the key-less blocked page.
  const bakedLists = createBakedLists({
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
      policy: async () => (await enforced()).policy,
      listChunks: (policy) => lists.chunksFor(policy),
      loadChunk: (key) => listStore.chunkHosts(key),
    }),
    ...(staticRulesets.length > 0 ? { bakedLists } : {}),
    tabs,
    store: createPupilSafetyStore(),
    events,
    audit: auditLog,
    policy: enforced,
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
    policy: async () => (await enforced()).policy,
    events,
    showAlertPage: (tabId, category) => safety.showAlertPage(tabId, category),
    store: createMonitorStore(),
    now: () => Date.now(),
    warn: (message) => console.warn(message),
  });
  // The content script's messages go to the monitor, which answers content scripts only; everything else to the page router.
  const route = (message: unknown, from: MessageSender) =>
    isMonitorMessageType(message) ? monitor.handleMessage(message, from) : pageRoute(message, from);
  return { engine, lists, db, safety, tabs, route, sender, heartbeat, monitor };
}
