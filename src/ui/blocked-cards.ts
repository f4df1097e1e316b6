import type { MessageKey } from '@/src/core/i18n';
import type { BlockedView } from '@/src/core/page-messages';
import { AGE_BANDS, LESSON_UNLOCK_MINUTES, reasonTopic, type AgeBand } from '@/src/core/pupil-view';
import { RTL_LOCALES } from '@/src/core/i18n';
import { el } from './dom';
import type { PageContext } from './page-context';
import { tellAdultsText } from './page-text';
import { backIcon, goBackPicture, powerIcon, screenOffPicture, speakerIcon, tellAdultPicture } from './pictures';
import { unlockOpener } from './unlock-panel';

/**
 * The three kinds of blocked page (src/core/page-kinds.ts) and the adult's page after an unlock. Each says
 * what fits what was found: the alarm only for harmful content, a calm "not used at school" with Go back for
 * the rest, and a plain professional page for staff.
 */
export function blockedCard(ctx: PageContext, view: BlockedView): HTMLElement {
  if (view.unlocked) return adultCard(ctx, view);
  switch (view.kind) {
    case 'harmful':
      return harmfulCard(ctx, view);
    case 'not-for-school':
      return calmCard(ctx, view);
    case 'staff':
      return staffCard(ctx, view);
  }
}

const CALM_HEADLINES: Record<Exclude<AgeBand, 'staff'>, MessageKey> = {
  young: 'calmHeadlineYoung',
  middle: 'calmHeadlineMiddle',
  older: 'calmHeadlineOlder',
};

/** The text a card's "read it to me" speaks. */
function readAloud(ctx: PageContext, texts: string[]): HTMLElement {
  const { doc, env, state } = ctx;
  const read = el(doc, 'button', { id: 'read-to-me', type: 'button', class: 'secondary' }, speakerIcon(doc), state.t('readToMe'));
  read.addEventListener('click', () => env.speak(texts.join(' '), state.locale));
  return read;
}

function reasonElement(ctx: PageContext, view: BlockedView, plain: boolean): HTMLElement {
  const topic = reasonTopic(view.reason);
  const reason = el(ctx.doc, 'p', { id: 'reason', class: 'reason' }, plain ? ctx.state.t(`topic_${topic}`) : ctx.state.t('reasonMiddle'));
  // A machine-readable reason for tests and staff tools; never shown as text.
  reason.dataset.reason = view.reason.kind === 'category' || view.reason.kind === 'alert' ? view.reason.category : view.reason.kind;
  reason.dataset.topic = topic;
  return reason;
}

const hostLine = (ctx: PageContext, view: BlockedView) =>
  view.host ? el(ctx.doc, 'p', { id: 'blocked-host', class: 'detail' }, ctx.state.t('siteLabel', view.host)) : null;

function helpSection(ctx: PageContext, view: BlockedView): HTMLElement | null {
  if (view.helpLines.length === 0) return null;
  const list = el(ctx.doc, 'ul', {});
  for (const line of view.helpLines) list.append(el(ctx.doc, 'li', { 'data-help': line }, ctx.state.t(`help_${line}`)));
  return el(
    ctx.doc,
    'section',
    { id: 'help', class: 'help', 'aria-labelledby': 'help-heading' },
    el(ctx.doc, 'h2', { id: 'help-heading' }, ctx.state.t('helpHeading')),
    list,
  );
}

function leaveButton(ctx: PageContext): HTMLElement {
  const back = el(ctx.doc, 'button', { id: 'leave', type: 'button', class: 'primary' }, backIcon(ctx.doc), ctx.state.t('goBackPupil'));
  back.addEventListener('click', () => void ctx.act({ type: 'blocked/go-back' }));
  return back;
}

/** The unblock request (older pupils: "I think this should not be blocked"; staff: "Request a review") and the adult's unlock. */
function footer(ctx: PageContext, view: BlockedView, requestKeys: [MessageKey, MessageKey]): HTMLElement {
  const { doc, state } = ctx;
  const box = el(doc, 'div', { class: 'footer' });
  if (view.canRequestUnblock) {
    if (view.requestSent) box.append(el(doc, 'p', { id: 'request-sent', role: 'status' }, state.t(requestKeys[1])));
    else {
      const request = el(doc, 'button', { id: 'request-unblock', type: 'button', class: 'quiet' }, state.t(requestKeys[0]));
      request.addEventListener('click', () => void ctx.act({ type: 'blocked/request-unblock' }));
      box.append(request);
    }
  }
  box.append(unlockOpener(ctx, 'quiet'));
  return box;
}

const errorLine = (ctx: PageContext) =>
  ctx.state.error ? el(ctx.doc, 'p', { id: 'page-error', role: 'alert', class: 'error' }, ctx.state.error) : null;

function card(ctx: PageContext, kind: string, ...children: (HTMLElement | null)[]): HTMLElement {
  const section = el(ctx.doc, 'section', { class: `card kind-${kind}`, 'aria-labelledby': 'headline' });
  section.append(...children.filter((c): c is HTMLElement => c !== null));
  return section;
}

/** Harmful content: turn off the screen and tell an adult, and where else to get help. */
function harmfulCard(ctx: PageContext, view: BlockedView): HTMLElement {
  const { doc, state } = ctx;
  const band = AGE_BANDS[view.keyStage];
  const headline = state.t('headline');
  const reassure = state.t('notInTrouble');
  const tell = tellAdultsText(state.t, view.adults, view.atSchool, RTL_LOCALES.includes(state.locale));
  const turnOff = el(doc, 'button', { id: 'turn-off', type: 'button', class: 'primary' }, powerIcon(doc), state.t('turnOff'));
  turnOff.addEventListener('click', () => void ctx.act({ type: 'blocked/darken' }));
  const actions = el(doc, 'div', { class: 'actions' }, turnOff);
  // Someone who may be struggling themselves hears that first, with where to get help.
  const first = view.supportFirst
    ? [
        el(doc, 'h1', { id: 'headline' }, state.t('supportHeadline')),
        helpSection(ctx, view),
        el(doc, 'p', { class: 'instruction' }, headline),
      ]
    : [el(doc, 'h1', { id: 'headline' }, headline)];
  const spoken = view.supportFirst ? [state.t('supportHeadline'), headline, reassure, tell] : [headline, reassure, tell];
  if (band === 'young' || band === 'middle') actions.append(readAloud(ctx, spoken));
  return card(
    ctx,
    'harmful',
    band === 'young'
      ? el(
          doc,
          'div',
          { class: 'pictures' },
          screenOffPicture(doc, state.t('pictureScreenOff')),
          tellAdultPicture(doc, state.t('pictureTellAdult')),
        )
      : null,
    ...first,
    el(doc, 'p', { id: 'reassure', class: 'reassure' }, reassure),
    el(doc, 'p', { id: 'tell-adults', class: 'adults' }, tell),
    reasonElement(ctx, view, band === 'older'),
    band === 'young' ? null : hostLine(ctx, view),
    actions,
    view.supportFirst ? null : helpSection(ctx, view),
    footer(ctx, view, ['requestUnblock', 'requestSent']),
    errorLine(ctx),
  );
}

/** Not for school: calm words in the pupil's register, and Go back. No alarm, no dark screen. */
function calmCard(ctx: PageContext, view: BlockedView): HTMLElement {
  const { doc, state } = ctx;
  const band = AGE_BANDS[view.keyStage];
  const headline = state.t(band === 'staff' ? 'calmHeadlineOlder' : CALM_HEADLINES[band]);
  const actions = el(doc, 'div', { class: 'actions' }, leaveButton(ctx));
  if (band === 'young' || band === 'middle') actions.append(readAloud(ctx, [headline, state.t('calmHint')]));
  return card(
    ctx,
    'calm',
    band === 'young' ? el(doc, 'div', { class: 'pictures' }, goBackPicture(doc, state.t('pictureGoBack'))) : null,
    el(doc, 'h1', { id: 'headline' }, headline),
    band === 'young' ? el(doc, 'p', { id: 'calm-hint', class: 'reason' }, state.t('calmHint')) : reasonElement(ctx, view, true),
    band === 'young' ? null : hostLine(ctx, view),
    actions,
    footer(ctx, view, ['requestUnblock', 'requestSent']),
    errorLine(ctx),
  );
}

/** Staff: what the filter blocked and why, plainly; a review request; never "tell an adult". */
function staffCard(ctx: PageContext, view: BlockedView): HTMLElement {
  const { doc, state } = ctx;
  const reason =
    view.reason.kind === 'category'
      ? el(
          doc,
          'p',
          { id: 'reason', class: 'reason', 'data-reason': view.reason.category },
          state.t('staffCategory', state.t(`cat_${view.reason.category.replaceAll('-', '_')}` as MessageKey)),
        )
      : reasonElement(ctx, view, true);
  return card(
    ctx,
    'staff',
    el(doc, 'h1', { id: 'headline' }, state.t('staffHeadline')),
    reason,
    hostLine(ctx, view),
    helpSection(ctx, view),
    el(doc, 'div', { class: 'actions' }, leaveButton(ctx)),
    footer(ctx, view, ['requestReview', 'reviewRequested']),
    errorLine(ctx),
  );
}

/** After an adult's unlock: what was blocked, in plain words, and what they can do about it. */
function adultCard(ctx: PageContext, view: BlockedView): HTMLElement {
  const { doc, state } = ctx;
  const back = el(doc, 'button', { id: 'go-back', type: 'button', class: 'primary' }, state.t('goBack'));
  back.addEventListener('click', () => void ctx.act({ type: 'blocked/go-back' }));
  const buttons = el(doc, 'div', { class: 'actions' }, back);
  if (view.lessonUnlock === 'offered') {
    for (const minutes of LESSON_UNLOCK_MINUTES) {
      const allow = el(
        doc,
        'button',
        { id: `lesson-${minutes}`, type: 'button', class: 'secondary' },
        state.t('lessonUnlock', String(minutes)),
      );
      allow.addEventListener('click', () => void ctx.act({ type: 'blocked/lesson-unlock', minutes }));
      buttons.append(allow);
    }
  }
  const section = el(doc, 'section', { class: 'card adult', 'aria-labelledby': 'adult-heading' });
  section.append(
    el(
      doc,
      'p',
      { class: 'eyebrow' },
      state.t(view.kind === 'harmful' ? 'headline' : view.kind === 'staff' ? 'staffHeadline' : 'messageOnly'),
    ),
    el(doc, 'h1', { id: 'adult-heading', tabindex: '-1' }, state.t('unlockedHeading')),
    reasonElement(ctx, view, true),
  );
  const host = hostLine(ctx, view);
  if (host) section.append(host);
  section.append(el(doc, 'div', { id: 'adult-actions', class: 'adult-actions' }, buttons));
  if (view.lessonUnlock === 'school-only')
    section.append(el(doc, 'p', { id: 'only-school-allows', class: 'detail' }, state.t('lessonSchoolOnly')));
  const error = errorLine(ctx);
  if (error) section.append(error);
  return section;
}
