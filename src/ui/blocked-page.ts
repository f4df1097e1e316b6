import { parseBlockedHash } from '@/src/core/block-reason';
import { isLocale, LOCALE_NAMES, LOCALES, pickLocale, RTL_LOCALES, type Locale } from '@/src/core/i18n';
import { parsePageReply, type PageReply } from '@/src/core/page-messages';
import { AGE_BANDS } from '@/src/core/pupil-view';
import { blockedCard } from './blocked-cards';
import { darkScreen } from './dark-screen';
import { el } from './dom';
import type { BlockedPageEnv, PageContext, PageState } from './page-context';
import { translator } from './page-text';
import { startCountdown, unlockPanel } from './unlock-panel';

export type { BlockedPageEnv } from './page-context';

/**
 * The blocked page. It first shows only a neutral message; the rest (the kind of page, adults' names, the
 * reason, unlock) comes from the background, which answers only a page it saw being blocked for real. The
 * page is web-accessible, so nothing in its URL is trusted. DOM built with textContent only.
 */
export async function startBlockedPage(doc: Document, env: BlockedPageEnv): Promise<void> {
  // Ask at once, while the words load: the dark screen after a report should appear without delay.
  const hello = env.framed ? null : env.send({ type: 'blocked/hello' }).catch(() => undefined);
  // After a report the page opens black (it shows nothing, so a forged fragment gains nothing by it).
  if (!env.framed && parseBlockedHash(env.hash)?.reason.kind === 'reported') doc.body.classList.add('is-dark');
  const saved = env.savedLocale();
  const locale = isLocale(saved) ? saved : pickLocale(env.languages);
  const messages = (await env.loadMessages(locale)) ?? (await env.loadMessages('en'));
  if (!messages) return;
  const state: PageState = { locale, t: translator(messages), view: null, panel: 'none', error: null, lockedUntil: 0 };
  const ctx: PageContext = { doc, env, state, render: () => render(ctx), act: (request, afterError) => act(ctx, request, afterError) };
  render(ctx);
  if (hello === null) return;
  const reply = parsePageReply(await hello);
  if (reply.ok && reply.view) {
    state.view = reply.view;
    state.lockedUntil = reply.view.unlockRetryAfterMs > 0 ? env.now() + reply.view.unlockRetryAfterMs : 0;
  }
  render(ctx);
}

function render(ctx: PageContext): void {
  const { doc, state } = ctx;
  const focusedId = doc.activeElement instanceof HTMLElement ? doc.activeElement.id : '';
  const html = doc.documentElement;
  html.lang = state.locale;
  html.dir = RTL_LOCALES.includes(state.locale) ? 'rtl' : 'ltr';
  const app = doc.getElementById('app');
  if (!app) return;
  const view = state.view;
  const dark = view?.dark === true && !view.unlocked;
  doc.body.classList.toggle('is-dark', dark || (view === null && doc.body.classList.contains('is-dark')));
  doc.body.dataset.state = view === null ? 'message-only' : dark ? 'dark' : view.unlocked ? 'unlocked' : 'blocked';
  if (view) {
    doc.body.dataset.band = AGE_BANDS[view.keyStage];
    doc.body.dataset.kind = view.kind;
  }
  const children: (HTMLElement | null)[] = [];
  if (view === null) {
    children.push(el(doc, 'h1', { id: 'headline' }, state.t('messageOnly')));
  } else if (dark) {
    children.push(darkScreen(ctx));
  } else {
    children.push(topBar(ctx), blockedCard(ctx, view));
  }
  if (view && state.panel === 'unlock' && !view.unlocked) children.push(unlockPanel(ctx));
  app.replaceChildren(...children.filter((c): c is HTMLElement => c !== null));
  doc.title = doc.getElementById('headline')?.textContent ?? state.t('pageTitle');
  const again = focusedId ? doc.getElementById(focusedId) : null;
  if (again) again.focus();
}

/** The school's name (on every page a pupil is shown) and the language switch, in the page's flow so it never covers the headline. */
function topBar(ctx: PageContext): HTMLElement {
  const { doc, env, state } = ctx;
  const select = el(doc, 'select', { id: 'language' });
  for (const locale of LOCALES) {
    const option = el(doc, 'option', { value: locale, lang: locale }, LOCALE_NAMES[locale]);
    option.selected = locale === state.locale;
    select.append(option);
  }
  select.addEventListener('change', () => {
    const chosen = select.value;
    if (!isLocale(chosen)) return;
    void env.loadMessages(chosen).then((messages) => {
      if (!messages) return;
      state.locale = chosen as Locale;
      state.t = translator(messages);
      env.saveLocale(chosen);
      ctx.render();
    });
  });
  const school = state.view?.schoolName;
  return el(
    doc,
    'header',
    { class: 'topbar' },
    school ? el(doc, 'p', { id: 'school-name', class: 'school' }, school) : el(doc, 'span', {}),
    el(doc, 'div', { class: 'language' }, el(doc, 'label', { for: 'language' }, state.t('languageLabel')), select),
  );
}

async function act(ctx: PageContext, request: Parameters<PageContext['act']>[0], afterError?: () => void): Promise<void> {
  const { doc, env, state } = ctx;
  const reply: PageReply = parsePageReply(await env.send(request).catch(() => undefined));
  if (reply.ok) {
    const wasUnlocked = state.view?.unlocked === true;
    if (reply.view) state.view = reply.view;
    state.error = null;
    if (reply.view?.unlocked) state.panel = 'none';
    render(ctx);
    if (reply.view?.unlocked && !wasUnlocked) doc.getElementById('adult-heading')?.focus();
    if (request.type === 'blocked/darken') doc.getElementById('adult-unlock')?.focus();
    return;
  }
  if (reply.error === 'locked-out') {
    state.lockedUntil = env.now() + (reply.retryAfterMs ?? 0);
    state.error = state.t('codeLocked', String(Math.ceil((reply.retryAfterMs ?? 0) / 1000)));
    startCountdown(ctx);
  } else if (reply.error === 'wrong-code') {
    state.error = state.t('codeWrong');
  } else if (reply.error === 'not-allowed' && request.type === 'blocked/lesson-unlock') {
    state.error = state.t('lessonSchoolOnly');
  } else if (reply.error === 'too-soon') {
    state.error = state.t('askTeacher');
  } else {
    state.error = state.t('somethingWrong');
  }
  render(ctx);
  afterError?.();
}
