import type { CheckState, DeploymentCheck } from '@/src/core/deployment';
import { el } from './dom';

const STATE_WORDS: Record<CheckState, string> = {
  ok: 'OK',
  warning: 'Warning',
  'not-visible': 'Check in the Admin console',
};

/**
 * "Deploying safely" on the status page: the browser policies a school must set beside this
 * extension, warnings first for those the extension can see are missing.
 */
export function deploymentSection(doc: Document, checks: readonly DeploymentCheck[]): HTMLElement {
  const order: Record<CheckState, number> = { warning: 0, 'not-visible': 1, ok: 2 };
  const rows = [...checks]
    .sort((a, b) => order[a.state] - order[b.state])
    .map((c) =>
      el(
        doc,
        'tr',
        { 'data-check': c.item.id, 'data-state': c.state, ...(c.state === 'warning' ? { class: 'issue-error' } : {}) },
        el(doc, 'td', { class: 'check-state' }, STATE_WORDS[c.state]),
        el(doc, 'td', {}, el(doc, 'strong', {}, c.item.title), ` (${c.item.policies})`),
        el(doc, 'td', { class: 'check-detail' }, c.detail, el(doc, 'br'), `Admin console: ${c.item.adminPath}`),
      ),
    );
  const warnings = checks.filter((c) => c.state === 'warning').length;
  return el(
    doc,
    'section',
    { 'aria-labelledby': 'deployment-heading' },
    el(doc, 'h2', { id: 'deployment-heading' }, 'Deploying safely: browser settings'),
    el(
      doc,
      'p',
      { id: 'deployment-summary', ...(warnings > 0 ? { class: 'issue-error' } : {}) },
      warnings > 0
        ? `${warnings} ${warnings === 1 ? 'problem' : 'problems'} found on this device. The filter can be got round until ${warnings === 1 ? 'it is' : 'they are'} fixed in the Admin console.`
        : 'No problem found that the extension can see. Check the rest in the Admin console.',
    ),
    el(
      doc,
      'table',
      { id: 'deployment' },
      el(doc, 'thead', {}, el(doc, 'tr', {}, ...['State', 'Setting', 'On this device'].map((h) => el(doc, 'th', {}, h)))),
      el(doc, 'tbody', {}, ...rows),
    ),
  );
}
