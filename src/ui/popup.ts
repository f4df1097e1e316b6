import { parsePageReply, type PageRequest, type PopupView } from '@/src/core/page-messages';
import { AGE_BANDS } from '@/src/core/pupil-view';
import { el } from './dom';
import { tellAdultsText, type Translate } from './page-text';
import { goingToAdultPicture, speakerIcon, tellAdultPicture } from './pictures';

export interface PopupEnv {
  t: Translate;
  /** The popup is in a right-to-left language. */
  rtl: boolean;
  send(request: PageRequest): Promise<unknown>;
  speak(text: string): void;
}

/**
 * The toolbar popup: one big picture button. One press hides the page behind the dark screen, blocks it
 * for the session and tells the school (all done by the background); then the popup stays open to thank
 * the pupil and send them to a grown-up, in pictures and, for the youngest, read aloud.
 */
export function renderPopup(doc: Document, env: PopupEnv): void {
  const app = doc.getElementById('app');
  if (!app) return;
  const { t } = env;
  let view: PopupView | null = null;
  const heading = el(doc, 'h1', { id: 'popup-school', class: 'school' }, t('extName'));
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
    void env
      .send({ type: 'popup/report' })
      .catch(() => undefined)
      .then((raw) => {
        if (parsePageReply(raw).ok) {
          // The thanks is the page's heading now; the school's name stays above it.
          app.replaceChildren(el(doc, 'p', { id: 'popup-school', class: 'school' }, heading.textContent), thanks(doc, env, view));
          doc.getElementById('popup-thanks')?.focus();
          return;
        }
        status.textContent = t('somethingWrong');
        button.disabled = false;
      });
  });
  app.replaceChildren(heading, button, status);
  button.focus();
  // The school's name and adults, for the thanks; the button works without them.
  void env
    .send({ type: 'popup/hello' })
    .catch(() => undefined)
    .then((raw) => {
      const reply = parsePageReply(raw);
      if (!reply.ok || !reply.popup) return;
      view = reply.popup;
      if (view.schoolName) heading.textContent = view.schoolName;
    });
}

function thanks(doc: Document, env: PopupEnv, view: PopupView | null): HTMLElement {
  const { t } = env;
  const words = t('thanksReport');
  const tell =
    view && AGE_BANDS[view.keyStage] !== 'staff' ? tellAdultsText(t, view.adults, view.atSchool, env.rtl) : t('tellAdultsDefault');
  const box = el(
    doc,
    'section',
    { id: 'popup-done', class: 'done', 'aria-labelledby': 'popup-thanks' },
    goingToAdultPicture(doc, t('pictureGoingToAdult')),
    el(doc, 'h1', { id: 'popup-thanks', tabindex: '-1' }, words),
    el(doc, 'p', { id: 'popup-tell' }, tell),
  );
  const band = view ? AGE_BANDS[view.keyStage] : 'young';
  if (band === 'young' || band === 'middle') {
    const read = el(doc, 'button', { id: 'popup-read', type: 'button', class: 'read' }, speakerIcon(doc), t('readToMe'));
    read.addEventListener('click', () => env.speak(`${words} ${tell}`));
    box.append(read);
  }
  return box;
}
