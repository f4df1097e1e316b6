import { browser } from 'wxt/browser';
import { createAuditLog, type AuditLog } from '@/src/adapters/audit-log';
import { openSafeguardDb, type SafeguardDb } from '@/src/adapters/db';
import { browserDirectoryDeviceIdReader, readDeviceIdentity } from '@/src/adapters/device-id';
import { createBrowserDnrPort } from '@/src/adapters/dnr-port';
import { readManagedPolicy } from '@/src/adapters/managed-policy';
import { createOutbox, type Outbox } from '@/src/adapters/outbox';
import { createStateStore } from '@/src/adapters/state-store';
import { benchFeed } from './bench-hooks';
import { createBlockedPageReporter } from './blocked-report';
import { currentEffectivePolicy } from './current-policy';
import type { EventRecorder } from './event-recorder';
import { createEventSender, EVENT_RETRY_ALARM, type EventSender } from './event-sender';
import { createOutboxEventRecorder } from './outbox-recorder';
import { createPolicyEngine, type PolicyEngine, type RefreshTrigger } from './policy-engine';

/** A periodic safety net in case a managed-storage change event is ever missed. */
export const POLICY_RECHECK_ALARM = 'policy-recheck';
export const POLICY_RECHECK_MINUTES = 30;
/** Managed storage can read empty for a moment at start-up: look again after these delays. */
export const EMPTY_POLICY_RETRY_MS = [1_000, 3_000, 10_000];

export interface BackgroundServices {
  engine: PolicyEngine;
  db: () => Promise<SafeguardDb>;
  events: EventRecorder;
  sender: EventSender;
  handleBlockedPageOpened: ReturnType<typeof createBlockedPageReporter>;
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
  let outboxPromise: Promise<Outbox> | undefined;
  const outbox = () => (outboxPromise ??= db().then((opened) => createOutbox(opened)));
  const state = createStateStore();
  const currentPolicy = () => currentEffectivePolicy(state);

  const sender = createEventSender({
    outbox,
    endpoint: async () => (await currentPolicy()).endpoint,
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
    currentPolicy,
    deviceIdentity: () => readDeviceIdentity(state, browserDirectoryDeviceIdReader(), () => crypto.randomUUID()),
    now: () => new Date(),
    newId: () => crypto.randomUUID(),
    afterRecord: () => void sender.flush(),
    warn: (message) => console.warn(message),
  });
  const blockPageUrl = browser.runtime.getURL('/blocked.html');
  // The engine and the blocked-page re-check must see the same list-feed domains.
  const feedDomains = async () => benchFeed.domains;
  const engine = createPolicyEngine({
    dnr: createBrowserDnrPort(),
    readManagedPolicy,
    state,
    audit: auditLog,
    blockPageUrl,
    now: () => new Date(),
    feedDomains,
    events,
  });
  const handleBlockedPageOpened = createBlockedPageReporter({
    recorder: events,
    currentPolicy,
    feedDomains,
    blockPageUrl,
    extensionId: browser.runtime.id,
    nowMs: () => Date.now(),
  });
  return { engine, db, events, sender, handleBlockedPageOpened };
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
