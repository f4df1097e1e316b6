import { browser } from 'wxt/browser';
import { createAuditLog, type AuditLog } from '@/src/adapters/audit-log';
import { openSafeguardDb, type SafeguardDb } from '@/src/adapters/db';
import { createBrowserDnrPort } from '@/src/adapters/dnr-port';
import { readManagedPolicy } from '@/src/adapters/managed-policy';
import { createStateStore } from '@/src/adapters/state-store';
import { benchFeed } from './bench-hooks';
import { createPolicyEngine, type PolicyEngine, type RefreshTrigger } from './policy-engine';

/** A periodic safety net in case a managed-storage change event is ever missed. */
export const POLICY_RECHECK_ALARM = 'policy-recheck';
export const POLICY_RECHECK_MINUTES = 30;
/** Managed storage can read empty for a moment at start-up: look again after these delays. */
export const EMPTY_POLICY_RETRY_MS = [1_000, 3_000, 10_000];

export interface BackgroundServices {
  engine: PolicyEngine;
  db: () => Promise<SafeguardDb>;
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
  const engine = createPolicyEngine({
    dnr: createBrowserDnrPort(),
    readManagedPolicy,
    state: createStateStore(),
    audit: auditLog,
    blockPageUrl: browser.runtime.getURL('/blocked.html'),
    now: () => new Date(),
    feedDomains: async () => benchFeed.domains,
  });
  return { engine, db };
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
