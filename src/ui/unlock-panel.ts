import { UNLOCK_CODE_PATTERN } from '@/src/core/unlock-code';
import { HOLD_TO_UNLOCK_MS } from '@/src/core/pupil-view';
import { el } from './dom';
import type { PageContext } from './page-context';

const MAX_CODE_DIGITS = 12;

/** "An adult can unlock this": opens the panel. Staff see "Unlock with a staff code". */
export function unlockOpener(ctx: PageContext, className: string): HTMLElement {
  const { doc, state } = ctx;
  const label = state.view?.kind === 'staff' ? state.t('staffUnlock') : state.t('adultCanUnlock');
  const button = el(doc, 'button', { id: 'adult-unlock', type: 'button', class: className, 'aria-haspopup': 'dialog' }, label);
  button.addEventListener('click', () => {
    state.panel = 'unlock';
    state.error = null;
    ctx.render();
    (doc.getElementById('code') ?? doc.getElementById('hold-unlock'))?.focus();
  });
  return button;
}

export const secondsLeft = (ctx: PageContext) => Math.ceil(Math.max(0, ctx.state.lockedUntil - ctx.env.now()) / 1000);

let ticker: ReturnType<typeof setInterval> | undefined;

/** Counts the lock-out down each second; when it ends the keypad comes back. */
export function startCountdown(ctx: PageContext): void {
  if (ticker !== undefined) return;
  ticker = setInterval(() => {
    const left = secondsLeft(ctx);
    const shown = ctx.doc.getElementById('unlock-countdown');
    if (shown && left > 0) shown.textContent = ctx.state.t('codeLocked', String(left));
    if (left > 0) return;
    clearInterval(ticker);
    ticker = undefined;
    // The wait is over: the keypad comes back without the old warning.
    ctx.state.error = null;
    ctx.render();
  }, 1000);
}

export function unlockPanel(ctx: PageContext): HTMLElement {
  const { doc, state } = ctx;
  const view = state.view;
  const panel = el(doc, 'div', {
    id: 'unlock-panel',
    class: 'panel',
    role: 'dialog',
    'aria-modal': 'true',
    'aria-labelledby': 'unlock-title',
  });
  panel.append(el(doc, 'h2', { id: 'unlock-title' }, view?.kind === 'staff' ? state.t('staffUnlock') : state.t('adultCanUnlock')));
  const close = () => {
    state.panel = 'none';
    state.error = null;
    ctx.render();
    doc.getElementById('adult-unlock')?.focus();
  };
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') close();
  });
  const cancel = el(doc, 'button', { id: 'unlock-cancel', type: 'button', class: 'secondary' }, state.t('cancel'));
  cancel.addEventListener('click', close);
  // While locked the visible countdown ticks; the alert (heard once) is kept for screen readers only.
  const error = el(
    doc,
    'p',
    { id: 'unlock-error', class: secondsLeft(ctx) > 0 ? 'visually-hidden' : 'error', role: 'alert' },
    state.error ?? '',
  );
  if (view?.unlockMethod === 'code') panel.append(codeForm(ctx, cancel, error));
  else {
    // No code configured: the pupil is told to ask, never how the adult unlocks.
    panel.append(el(doc, 'p', { id: 'ask-teacher', class: 'instruction' }, state.t('askTeacher')));
    panel.append(holdButton(ctx), error, cancel);
  }
  // A dimmed page behind the dialog.
  return el(doc, 'div', { class: 'overlay' }, panel);
}

function codeForm(ctx: PageContext, cancel: HTMLElement, error: HTMLElement): HTMLElement {
  const { doc, state } = ctx;
  const locked = secondsLeft(ctx) > 0;
  const input = el(doc, 'input', {
    id: 'code',
    type: 'password',
    inputmode: 'numeric',
    autocomplete: 'off',
    maxlength: String(MAX_CODE_DIGITS),
    pattern: '[0-9]*',
    'aria-describedby': 'code-hint unlock-countdown unlock-error',
  });
  input.disabled = locked;
  const form = el(
    doc,
    'form',
    { id: 'code-form' },
    el(doc, 'label', { for: 'code' }, state.t('codeLabel')),
    el(doc, 'p', { id: 'code-hint', class: 'hint' }, state.t('codeHint')),
    input,
    // Right under the code, so a small screen shows it without scrolling.
    el(doc, 'p', { id: 'unlock-countdown', class: 'error', role: 'timer' }, locked ? state.t('codeLocked', String(secondsLeft(ctx))) : ''),
    error,
  );
  const keypad = el(doc, 'div', { class: 'keypad', dir: 'ltr' });
  const key = (label: string, attrs: Record<string, string>, press: () => void) => {
    const button = el(doc, 'button', { type: 'button', class: 'key', ...attrs }, label);
    button.disabled = locked;
    button.addEventListener('click', () => {
      press();
      input.focus();
    });
    keypad.append(button);
  };
  for (const digit of ['1', '2', '3', '4', '5', '6', '7', '8', '9']) {
    key(digit, { 'data-digit': digit }, () => {
      if (input.value.length < MAX_CODE_DIGITS) input.value += digit;
    });
  }
  key('⌫', { id: 'key-delete', 'aria-label': state.t('deleteKey') }, () => {
    input.value = input.value.slice(0, -1);
  });
  key('0', { 'data-digit': '0' }, () => {
    if (input.value.length < MAX_CODE_DIGITS) input.value += '0';
  });
  form.append(keypad);
  const submit = el(doc, 'button', { id: 'code-submit', type: 'submit', class: 'primary' }, state.t('unlockButton'));
  submit.disabled = locked;
  form.append(el(doc, 'div', { class: 'actions' }, submit, cancel));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const code = input.value;
    input.value = '';
    if (!UNLOCK_CODE_PATTERN.test(code)) {
      state.error = state.t('codeWrong');
      ctx.render();
      doc.getElementById('code')?.focus();
      return;
    }
    void ctx.act({ type: 'blocked/unlock-code', code }, () => doc.getElementById(secondsLeft(ctx) > 0 ? 'unlock-cancel' : 'code')?.focus());
  });
  if (locked) startCountdown(ctx);
  return form;
}

/** The adult holds it for a few seconds, by pointer, touch, keyboard or switch (Space/Enter held). */
function holdButton(ctx: PageContext): HTMLElement {
  const { doc, env, state } = ctx;
  const progress = el(doc, 'span', { class: 'hold-progress', 'aria-hidden': 'true' });
  const button = el(
    doc,
    'button',
    { id: 'hold-unlock', type: 'button', class: 'primary hold' },
    progress,
    el(doc, 'span', {}, state.t('holdButton')),
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
      void ctx.act({ type: 'blocked/unlock-hold' });
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
