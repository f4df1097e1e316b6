import { browser } from 'wxt/browser';
import { createAuditLog } from '@/src/adapters/audit-log';
import { openSafeguardDb } from '@/src/adapters/db';
import { createStateStore, OUTBOX_STATUS_KEY, RESTART_COPY_KEY, STATUS_KEY } from '@/src/adapters/state-store';
import { readBrowserFacts } from '@/src/adapters/browser-facts';
import { deploymentChecks } from '@/src/core/deployment';
import { LISTS_CHECK_REQUEST_KEY } from '@/src/core/lists/check-request';
import { renderStatusPage } from '@/src/ui/status-page';

// Read storage.session first: it answers while Chrome re-indexes big lists, storage.local does not.
const state = createStateStore(browser.storage.local, { fastArea: browser.storage.session });
const auditLog = openSafeguardDb().then((db) => createAuditLog(db));

async function render(): Promise<void> {
  const [status, audit, outbox, restartCopy, facts] = await Promise.all([
    state.get('status'),
    (await auditLog).recent(200),
    state.get('outboxStatus'),
    state.get('restartCopy'),
    readBrowserFacts(),
  ]);
  renderStatusPage(document, status, audit, outbox, restartCopy, deploymentChecks(facts));
  document.getElementById('lists-check-now')?.addEventListener('click', (event) => {
    const button = event.currentTarget as HTMLButtonElement;
    button.disabled = true;
    button.textContent = 'Checking…';
    void browser.storage.local.set({ [LISTS_CHECK_REQUEST_KEY]: Date.now() });
  });
}

browser.storage.onChanged.addListener((changes, area) => {
  if ((area === 'local' || area === 'session') && (STATUS_KEY in changes || OUTBOX_STATUS_KEY in changes || RESTART_COPY_KEY in changes))
    void render();
});
void render();
