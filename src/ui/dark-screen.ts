import { REPORT_CHOICES } from '@/src/core/report-choices';
import { AGE_BANDS } from '@/src/core/pupil-view';
import { RTL_LOCALES } from '@/src/core/i18n';
import { el } from './dom';
import type { PageContext } from './page-context';
import { tellAdultsText } from './page-text';
import { choiceIcon, goingToAdultPicture, speakerIcon } from './pictures';
import { unlockOpener } from './unlock-panel';

/**
 * The dark screen: nothing of the page, ever. A calm picture and words that thank the pupil for telling
 * (or for turning the screen off) and send them to a grown-up, read aloud for the youngest; after their own
 * report, a few picture choices to say what happened; and a small control for the adult.
 */
export function darkScreen(ctx: PageContext): HTMLElement {
  const { doc, env, state } = ctx;
  const view = state.view;
  const screen = el(doc, 'section', { id: 'dark-screen', class: 'dark-screen', 'aria-labelledby': 'headline' });
  if (!view) return screen;
  const band = AGE_BANDS[view.keyStage];
  if (view.schoolName) screen.append(el(doc, 'p', { id: 'school-name', class: 'dim school' }, view.schoolName));
  const thanks = state.t(view.reason.kind === 'reported' ? 'thanksReport' : 'thanksScreenOff');
  const tell = band === 'staff' ? null : tellAdultsText(state.t, view.adults, view.atSchool, RTL_LOCALES.includes(state.locale));
  const praise = el(
    doc,
    'div',
    { id: 'praise', class: 'praise-dark' },
    goingToAdultPicture(doc, state.t('pictureGoingToAdult')),
    el(doc, 'h1', { id: 'headline' }, thanks),
    tell === null ? null : el(doc, 'p', { id: 'tell-adults' }, tell),
  );
  if (band === 'young' || band === 'middle') {
    const read = el(doc, 'button', { id: 'read-to-me', type: 'button', class: 'dim-button' }, speakerIcon(doc), state.t('readToMe'));
    read.addEventListener('click', () => env.speak([thanks, tell ?? ''].join(' '), state.locale));
    praise.append(read);
  }
  screen.append(praise);
  if (view.reportChoice === 'ask' && band !== 'staff') screen.append(reportChoices(ctx));
  if (view.reportChoice === 'sent')
    screen.append(el(doc, 'p', { id: 'choice-thanks', class: 'dim', role: 'status', tabindex: '-1' }, state.t('choiceThanks')));
  screen.append(el(doc, 'p', { id: 'dark-message', class: 'visually-hidden', role: 'status' }, state.t('screenOff')));
  if (state.panel !== 'unlock') screen.append(unlockOpener(ctx, 'dim-button'));
  return screen;
}

/** What happened, in pictures with a few words: one press sends one word, never anything typed. */
function reportChoices(ctx: PageContext): HTMLElement {
  const { doc, state } = ctx;
  const list = el(doc, 'div', { class: 'choices' });
  for (const choice of REPORT_CHOICES) {
    const button = el(
      doc,
      'button',
      { id: `choice-${choice}`, type: 'button', class: 'choice' },
      choiceIcon(doc, choice),
      el(doc, 'span', {}, state.t(`choice_${choice}`)),
    );
    button.addEventListener('click', () => {
      void ctx.act({ type: 'blocked/report-choice', choice }).then(() => doc.getElementById('choice-thanks')?.focus());
    });
    list.append(button);
  }
  return el(
    doc,
    'section',
    { id: 'report-choices', class: 'choices-box', 'aria-labelledby': 'choice-heading' },
    el(doc, 'h2', { id: 'choice-heading' }, state.t('choiceHeading')),
    list,
  );
}
