import {
  formatMessage,
  isLocale,
  joinWithOr,
  LOCALE_NAMES,
  LOCALES,
  pickLocale,
  RTL_LOCALES,
  type Locale,
  type MessageKey,
  type Messages,
} from '@/src/core/i18n';
import { parsePageReply, type BlockedView, type PageReply, type PageRequest } from '@/src/core/page-messages';
import { PIN_PATTERN } from '@/src/core/pin';
import {
  AGE_BANDS,
  HOLD_TO_UNLOCK_MS,
  helpLinesFor,
  isSupportFirst,
  LESSON_UNLOCK_MINUTES,
  reasonTopic,
  type HelpLine,
} from '@/src/core/pupil-view';
import { el } from './dom';
import { powerIcon, screenOffPicture, speakerIcon, tellAdultPicture } from './pictures';

/** What the page needs from the browser; the entrypoint passes the real thing. */
export interface BlockedPageEnv {
  send(request: PageRequest): Promise<unknown>;
  loadMessages(locale: Locale): Promise<Messages | null>;
  /** The browser's languages, most preferred first. */
  languages: readonly string[];
  /** True when the page is inside a frame: it then shows only its message and asks nothing. */
  framed: boolean;
  savedLocale(): string | null;
  saveLocale(locale: Locale): void;
  speak(text: string, locale: Locale): void;
}

type Panel = 'none' | 'unlock';

interface PageState {
  locale: Locale;
  t: Messages;
  view: BlockedView | null;
  panel: Panel;
  error: string | null;
}

/**
 * The blocked page. It first shows only its message; the rest (adults' names, the reason, unlock)
 * comes from the background, which answers only a page it saw being blocked for real. The page is
 * web-accessible, so nothing in its URL is trusted. DOM built with textContent only.
 */
export async function startBlockedPage(doc: Document, env: BlockedPageEnv): Promise<void> {
  // Ask at once, while the words load: the dark screen after a report should appear without delay.
  const hello = env.framed ? null : env.send({ type: 'blocked/hello' }).catch(() => undefined);
  const saved = env.savedLocale();
  const locale = isLocale(saved) ? saved : pickLocale(env.languages);
  const t = (await env.loadMessages(locale)) ?? (await env.loadMessages('en'));
  if (!t) return;
  const state: PageState = { locale, t, view: null, panel: 'none', error: null };
  render(doc, env, state);
  if (hello === null) return;
  const reply = parsePageReply(await hello);
  if (reply.ok && reply.view) {
    state.view = reply.view;
    render(doc, env, state);
  }
}

function msg(state: PageState, key: MessageKey, ...subs: string[]): string {
  return formatMessage(state.t[key], subs);
}

function render(doc: Document, env: BlockedPageEnv, state: PageState): void {
  const focusedId = doc.activeElement instanceof HTMLElement ? doc.activeElement.id : '';
  const html = doc.documentElement;
  html.lang = state.locale;
  html.dir = RTL_LOCALES.includes(state.locale) ? 'rtl' : 'ltr';
  doc.title = msg(state, 'pageTitle');
  const app = doc.getElementById('app');
  if (!app) return;
  const view = state.view;
  const dark = view?.dark === true && !view.unlocked;
  doc.body.classList.toggle('is-dark', dark);
  doc.body.dataset.state = view === null ? 'message-only' : dark ? 'dark' : view.unlocked ? 'unlocked' : 'blocked';
  if (view) doc.body.dataset.band = AGE_BANDS[view.keyStage];

  const children: (HTMLElement | null)[] = [];
  if (view === null) {
    children.push(el(doc, 'h1', { id: 'headline' }, msg(state, 'headline')));
  } else if (dark) {
    children.push(darkScreen(doc, env, state, view));
  } else {
    children.push(languageSwitch(doc, env, state), blockedCard(doc, env, state, view));
  }
  if (view && state.panel === 'unlock' && !view.unlocked) children.push(unlockPanel(doc, env, state, view));
  app.replaceChildren(...children.filter((c): c is HTMLElement => c !== null));
  const again = focusedId ? doc.getElementById(focusedId) : null;
  if (again) again.focus();
}

function languageSwitch(doc: Document, env: BlockedPageEnv, state: PageState): HTMLElement {
  const select = el(doc, 'select', { id: 'language' });
  for (const locale of LOCALES) {
    const option = el(doc, 'option', { value: locale, lang: locale }, LOCALE_NAMES[locale]);
    option.selected = locale === state.locale;
    select.append(option);
  }
  select.addEventListener('change', () => {
    const chosen = select.value;
    if (!isLocale(chosen)) return;
    void env.loadMessages(chosen).then((t) => {
      if (!t) return;
      state.locale = chosen;
      state.t = t;
      env.saveLocale(chosen);
      render(doc, env, state);
    });
  });
  return el(doc, 'div', { class: 'language' }, el(doc, 'label', { for: 'language' }, msg(state, 'languageLabel')), select);
}

function tellAdultsText(state: PageState, view: BlockedView): string {
  if (view.adults.length === 0) return msg(state, 'tellAdultsDefault');
  return msg(
    state,
    'tellAdultsNamed',
    joinWithOr(
      view.adults.map((a) => a.name),
      msg(state, 'orWord'),
    ),
  );
}

function spokenText(state: PageState, view: BlockedView): string {
  return [msg(state, 'headline'), praise(state, view), tellAdultsText(state, view)].join(' ');
}

function praise(state: PageState, view: BlockedView): string {
  const band = AGE_BANDS[view.keyStage];
  return msg(
    state,
    band === 'young' ? 'praiseYoung' : band === 'middle' ? 'praiseMiddle' : band === 'older' ? 'praiseOlder' : 'praiseStaff',
  );
}

function reasonElement(doc: Document, state: PageState, view: BlockedView, plain: boolean): HTMLElement {
  const topic = reasonTopic(view.reason);
  const reason = el(
    doc,
    'p',
    { id: 'reason', class: 'reason' },
    plain ? msg(state, `topic_${topic}` as MessageKey) : msg(state, 'reasonMiddle'),
  );
  // A machine-readable reason for tests and staff tools; never shown as text.
  reason.dataset.reason = view.reason.kind === 'category' ? view.reason.category : view.reason.kind;
  if (view.reason.kind === 'alert') reason.dataset.category = view.reason.category;
  reason.dataset.topic = topic;
  return reason;
}

/** After an adult's unlock: what was blocked, in plain words, and what they can do about it. */
function adultCard(doc: Document, env: BlockedPageEnv, state: PageState, view: BlockedView): HTMLElement {
  const card = el(doc, 'section', { class: 'card adult', 'aria-labelledby': 'adult-heading' });
  card.append(el(doc, 'p', { class: 'eyebrow' }, msg(state, 'headline')));
  const actions = adultActions(doc, env, state, view);
  const heading = actions.firstElementChild;
  // The adult reads what was blocked before choosing.
  if (heading) card.append(heading);
  card.append(reasonElement(doc, state, view, true));
  if (view.host) card.append(el(doc, 'p', { id: 'blocked-host', class: 'detail' }, msg(state, 'siteLabel', view.host)));
  card.append(actions);
  if (state.error) card.append(el(doc, 'p', { id: 'page-error', role: 'alert', class: 'error' }, state.error));
  return card;
}

function blockedCard(doc: Document, env: BlockedPageEnv, state: PageState, view: BlockedView): HTMLElement {
  if (view.unlocked) return adultCard(doc, env, state, view);
  const band = AGE_BANDS[view.keyStage];
  const card = el(doc, 'section', { class: 'card', 'aria-labelledby': 'headline' });
  if (band === 'young') {
    card.append(
      el(
        doc,
        'div',
        { class: 'pictures' },
        screenOffPicture(doc, msg(state, 'pictureScreenOff')),
        tellAdultPicture(doc, msg(state, 'pictureTellAdult')),
      ),
    );
  }
  // Monitoring found that the pupil may be at risk (a self-harm search): words of support and the
  // help lines come first, never blame.
  const supportFirst = isSupportFirst(view.reason);
  card.append(el(doc, 'h1', { id: 'headline' }, msg(state, supportFirst ? 'alertSupportHeadline' : 'headline')));
  card.append(el(doc, 'p', { id: 'praise', class: 'praise' }, supportFirst ? msg(state, 'alertSupport') : praise(state, view)));
  if (supportFirst && band !== 'young') card.append(helpSection(doc, state, band === 'staff' ? ['dsl'] : ['childline', 'meic']));
  card.append(el(doc, 'p', { id: 'tell-adults', class: 'adults' }, tellAdultsText(state, view)));

  const reason = reasonElement(doc, state, view, band === 'older' || band === 'staff');
  // The support words above already say it, kindly: no "this page is about…" after them.
  if (supportFirst) reason.hidden = true;
  card.append(reason);
  if (view.host && band !== 'young') {
    card.append(el(doc, 'p', { id: 'blocked-host', class: 'detail' }, msg(state, 'siteLabel', view.host)));
  }

  const turnOff = el(doc, 'button', { id: 'turn-off', type: 'button', class: 'primary' }, powerIcon(doc), msg(state, 'turnOff'));
  turnOff.addEventListener('click', () => void act(doc, env, state, { type: 'blocked/darken' }));
  const actions = el(doc, 'div', { class: 'actions' }, turnOff);
  if (band === 'young' || band === 'middle') {
    const read = el(doc, 'button', { id: 'read-to-me', type: 'button', class: 'secondary' }, speakerIcon(doc), msg(state, 'readToMe'));
    read.addEventListener('click', () => env.speak(spokenText(state, view), state.locale));
    actions.append(read);
  }
  card.append(actions);

  const lines = helpLinesFor(band);
  if (lines.length > 0 && !(supportFirst && band !== 'young')) card.append(helpSection(doc, state, lines));

  const footer = el(doc, 'div', { class: 'footer' });
  if (view.canRequestUnblock) {
    if (view.requestSent) {
      footer.append(el(doc, 'p', { id: 'request-sent', role: 'status' }, msg(state, 'requestSent')));
    } else {
      const request = el(doc, 'button', { id: 'request-unblock', type: 'button', class: 'quiet' }, msg(state, 'requestUnblock'));
      request.addEventListener('click', () => void act(doc, env, state, { type: 'blocked/request-unblock' }));
      footer.append(request);
    }
  }
  footer.append(unlockOpener(doc, env, state, 'quiet'));
  card.append(footer);
  if (state.error) card.append(el(doc, 'p', { id: 'page-error', role: 'alert', class: 'error' }, state.error));
  return card;
}

function helpSection(doc: Document, state: PageState, lines: readonly HelpLine[]): HTMLElement {
  const list = el(doc, 'ul', {});
  for (const line of lines) list.append(el(doc, 'li', { 'data-help': line }, msg(state, `help_${line}` as MessageKey)));
  return el(
    doc,
    'section',
    { id: 'help', class: 'help', 'aria-labelledby': 'help-heading' },
    el(doc, 'h2', { id: 'help-heading' }, msg(state, 'helpHeading')),
    list,
  );
}

function unlockOpener(doc: Document, env: BlockedPageEnv, state: PageState, kind: string): HTMLElement {
  const button = el(
    doc,
    'button',
    { id: 'adult-unlock', type: 'button', class: kind, 'aria-haspopup': 'dialog' },
    msg(state, 'adultCanUnlock'),
  );
  button.addEventListener('click', () => {
    state.panel = 'unlock';
    state.error = null;
    render(doc, env, state);
    (doc.getElementById('pin') ?? doc.getElementById('hold-unlock'))?.focus();
  });
  return button;
}

function darkScreen(doc: Document, env: BlockedPageEnv, state: PageState, view: BlockedView): HTMLElement {
  const screen = el(doc, 'section', { id: 'dark-screen', class: 'dark-screen', 'aria-label': msg(state, 'screenOff') });
  // Screen readers hear why it is dark; sighted passers-by see nothing but the small unlock control.
  screen.append(el(doc, 'h1', { id: 'headline', class: 'visually-hidden' }, msg(state, 'headline')));
  screen.append(el(doc, 'p', { id: 'dark-message', class: 'visually-hidden', role: 'status' }, msg(state, 'screenOff')));
  if (view.unlockMethod === 'hold') screen.append(el(doc, 'p', { id: 'ask-teacher', class: 'dim' }, msg(state, 'askTeacher')));
  if (state.panel !== 'unlock') screen.append(unlockOpener(doc, env, state, 'dim-button'));
  return screen;
}

function unlockPanel(doc: Document, env: BlockedPageEnv, state: PageState, view: BlockedView): HTMLElement {
  const panel = el(doc, 'div', {
    id: 'unlock-panel',
    class: 'panel',
    role: 'dialog',
    'aria-modal': 'true',
    'aria-labelledby': 'unlock-title',
  });
  panel.append(el(doc, 'h2', { id: 'unlock-title' }, msg(state, 'adultCanUnlock')));
  const close = () => {
    state.panel = 'none';
    state.error = null;
    render(doc, env, state);
    doc.getElementById('adult-unlock')?.focus();
  };
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });
  if (view.unlockMethod === 'pin') {
    const input = el(doc, 'input', {
      id: 'pin',
      type: 'password',
      inputmode: 'numeric',
      autocomplete: 'off',
      maxlength: '12',
      pattern: '[0-9]*',
      'aria-describedby': 'unlock-error',
    });
    const form = el(doc, 'form', { id: 'pin-form' }, el(doc, 'label', { for: 'pin' }, msg(state, 'pinLabel')), input);
    const keypad = el(doc, 'div', { class: 'keypad', dir: 'ltr' });
    for (const digit of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0']) {
      const key = el(doc, 'button', { type: 'button', class: 'key', 'data-digit': digit }, digit);
      key.addEventListener('click', () => {
        if (input.value.length < 12) input.value += digit;
        input.focus();
      });
      keypad.append(key);
    }
    form.append(keypad);
    const submit = el(doc, 'button', { id: 'pin-submit', type: 'submit', class: 'primary' }, msg(state, 'unlockButton'));
    const cancel = el(doc, 'button', { id: 'unlock-cancel', type: 'button', class: 'secondary' }, msg(state, 'cancel'));
    cancel.addEventListener('click', close);
    form.append(el(doc, 'div', { class: 'actions' }, submit, cancel));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const pin = input.value;
      input.value = '';
      if (!PIN_PATTERN.test(pin)) {
        state.error = msg(state, 'pinWrong');
        render(doc, env, state);
        doc.getElementById('pin')?.focus();
        return;
      }
      void act(doc, env, state, { type: 'blocked/unlock-pin', pin }, () => doc.getElementById('pin')?.focus());
    });
    panel.append(form);
  } else {
    panel.append(el(doc, 'p', { class: 'instruction' }, msg(state, 'holdInstruction')));
    panel.append(holdButton(doc, env, state));
    const cancel = el(doc, 'button', { id: 'unlock-cancel', type: 'button', class: 'secondary' }, msg(state, 'cancel'));
    cancel.addEventListener('click', close);
    panel.append(cancel);
  }
  panel.append(el(doc, 'p', { id: 'unlock-error', class: 'error', role: 'alert' }, state.error ?? ''));
  return panel;
}

/** Press and hold for three seconds, by pointer, touch, keyboard or switch (Space/Enter held). */
function holdButton(doc: Document, env: BlockedPageEnv, state: PageState): HTMLElement {
  const progress = el(doc, 'span', { class: 'hold-progress', 'aria-hidden': 'true' });
  const button = el(
    doc,
    'button',
    { id: 'hold-unlock', type: 'button', class: 'primary hold' },
    progress,
    el(doc, 'span', {}, msg(state, 'holdButton')),
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const start = (event: Event) => {
    event.preventDefault();
    if (timer) return;
    button.classList.add('holding');
    void env.send({ type: 'blocked/hold-start' });
    timer = setTimeout(() => {
      timer = undefined;
      button.classList.remove('holding');
      void act(doc, env, state, { type: 'blocked/unlock-hold' });
    }, HOLD_TO_UNLOCK_MS);
  };
  const stop = () => {
    if (!timer) return;
    clearTimeout(timer);
    timer = undefined;
    button.classList.remove('holding');
  };
  button.addEventListener('pointerdown', start);
  button.addEventListener('pointerup', stop);
  button.addEventListener('pointerleave', stop);
  button.addEventListener('pointercancel', stop);
  button.addEventListener('keydown', (event) => {
    if ((event.key === ' ' || event.key === 'Enter') && !event.repeat) start(event);
  });
  button.addEventListener('keyup', (event) => {
    if (event.key === ' ' || event.key === 'Enter') stop();
  });
  button.addEventListener('contextmenu', (event) => event.preventDefault());
  return button;
}

function adultActions(doc: Document, env: BlockedPageEnv, state: PageState, view: BlockedView): HTMLElement {
  const box = el(doc, 'div', { id: 'adult-actions', class: 'adult-actions' });
  box.append(el(doc, 'h1', { id: 'adult-heading', tabindex: '-1' }, msg(state, 'unlockedHeading')));
  const back = el(doc, 'button', { id: 'go-back', type: 'button', class: 'primary' }, msg(state, 'goBack'));
  back.addEventListener('click', () => void act(doc, env, state, { type: 'blocked/go-back' }));
  const buttons = el(doc, 'div', { class: 'actions' }, back);
  if (view.canLessonUnlock) {
    for (const minutes of LESSON_UNLOCK_MINUTES) {
      const allow = el(
        doc,
        'button',
        { id: `lesson-${minutes}`, type: 'button', class: 'secondary' },
        msg(state, 'lessonUnlock', String(minutes)),
      );
      allow.addEventListener('click', () => void act(doc, env, state, { type: 'blocked/lesson-unlock', minutes }));
      buttons.append(allow);
    }
  }
  box.append(buttons);
  return box;
}

/** Sends an action; a refusal shows a message and never changes what the page allows. */
async function act(doc: Document, env: BlockedPageEnv, state: PageState, request: PageRequest, afterError?: () => void): Promise<void> {
  const reply: PageReply = parsePageReply(await env.send(request).catch(() => undefined));
  if (reply.ok) {
    const wasUnlocked = state.view?.unlocked === true;
    if (reply.view) state.view = reply.view;
    state.error = null;
    if (reply.view?.unlocked) state.panel = 'none';
    render(doc, env, state);
    if (reply.view?.unlocked && !wasUnlocked) doc.getElementById('adult-heading')?.focus();
    if (request.type === 'blocked/darken') doc.getElementById('adult-unlock')?.focus();
    return;
  }
  state.error =
    reply.error === 'wrong-pin'
      ? msg(state, 'pinWrong')
      : reply.error === 'locked-out'
        ? msg(state, 'pinLocked', String(Math.ceil((reply.retryAfterMs ?? 0) / 1000)))
        : msg(state, 'somethingWrong');
  render(doc, env, state);
  afterError?.();
}
