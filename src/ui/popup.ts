import type { MessageKey } from '@/src/core/i18n';
import { parsePageReply, type PageRequest } from '@/src/core/page-messages';
import { el } from './dom';
import { tellAdultPicture } from './pictures';

/**
 * The toolbar popup: one big picture button. One press hides the page behind the dark screen,
 * blocks its site for the session and tells the school (all done by the background).
 */
export function renderPopup(
  doc: Document,
  t: (key: MessageKey) => string,
  send: (request: PageRequest) => Promise<unknown>,
  close: () => void,
): void {
  const app = doc.getElementById('app');
  if (!app) return;
  const button = el(
    doc,
    'button',
    { id: 'report', type: 'button', class: 'report' },
    tellAdultPicture(doc, ''),
    el(doc, 'span', {}, t('popupButton')),
  );
  button.querySelector('svg')?.setAttribute('aria-hidden', 'true');
  const status = el(doc, 'p', { id: 'popup-status', role: 'status' }, t('popupHint'));
  button.addEventListener('click', () => {
    button.disabled = true;
    void send({ type: 'popup/report' })
      .catch(() => undefined)
      .then((raw) => {
        const reply = parsePageReply(raw);
        status.textContent = reply.ok ? t('popupDone') : t('somethingWrong');
        if (reply.ok) close();
        else button.disabled = false;
      });
  });
  app.replaceChildren(el(doc, 'h1', {}, t('extName')), button, status);
  button.focus();
}
