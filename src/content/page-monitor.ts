import { isAiChatHost, isHostOrSubdomain } from '@/src/core/monitor/engines';
import { MAX_PAGE_TEXT, MAX_PROMPT_TEXT, MAX_UPDATE_TEXT, parseMonitorConfig, type MonitorMessage } from '@/src/core/monitor/protocol';

/**
 * The page-monitoring content script's work (issue 14). Reads a page's text once the page has loaded
 * and the browser is idle (bounded), then the text that pages add later (a chatbot's answer streaming
 * in), at most once a second; on AI chat sites, the prompt box when a prompt is sent. It sends the text
 * to the extension's own background, which checks it and forgets it; it keeps nothing and shows the
 * page nothing. On trusted sites, with monitoring off, and in frames it does nothing at all.
 */
export interface PageMonitorEnv {
  document: Document;
  /** The page's host name and scheme. */
  host: string;
  protocol: string;
  readConfig(): Promise<unknown>;
  send(message: MonitorMessage): Promise<unknown>;
  /** Waits until the page has loaded and the browser is idle. */
  whenIdle(): Promise<void>;
  setTimeout(callback: () => void, ms: number): unknown;
  now(): number;
  /** Adds the script's own main-thread time (benchmarks read it). */
  spent?(ms: number): void;
}

/** Text added to a page is gathered for this long before it is sent. */
export const UPDATE_INTERVAL_MS = 1_000;
/** A page with less text than this (after trimming) is not sent. */
export const MIN_TEXT = 20;
/** Per page life: a page that never stops changing is not followed for ever. */
export const MAX_TEXT_PER_PAGE = 2_000_000;
export const MAX_MESSAGES_PER_PAGE = 600;
/** Text added in one interval, all roots together, and the roots gathered at most. */
const MAX_TEXT_PER_UPDATE = 50_000;
const MAX_ROOTS = 200;

/** Elements whose text is not page text. */
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'TEXTAREA', 'SVG', 'svg', 'CODE', 'PRE', 'HEAD', 'IFRAME', 'OBJECT']);

/** The text under `root`, in document order, up to `max` characters (the last `max` when `tail`). */
export function textOf(doc: Document, root: Node, max: number, tail = false): string {
  const walker = doc.createTreeWalker(root, 4 /* NodeFilter.SHOW_TEXT */);
  const parts: string[] = [];
  let total = 0;
  for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
    const parent = node.parentNode;
    if (parent && SKIPPED.has(parent.nodeName)) continue;
    const data = (node as Text).data;
    if (data.length === 0) continue;
    parts.push(data);
    total += data.length + 1;
    // From the start, stop at the bound; for the tail, keep reading but hold little more than the bound.
    if (!tail && total >= max) break;
    if (tail && total - (parts[0]?.length ?? 0) - 1 >= max) total -= (parts.shift()?.length ?? 0) + 1;
  }
  const text = parts.join(' ');
  return tail ? text.slice(-max) : text.slice(0, max);
}

function insideSkipped(node: Node | null): boolean {
  for (let n = node; n !== null; n = n.parentNode) if (SKIPPED.has(n.nodeName)) return true;
  return false;
}

function hashOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export async function startPageMonitor(env: PageMonitorEnv): Promise<void> {
  if (env.protocol !== 'http:' && env.protocol !== 'https:') return;
  const config = parseMonitorConfig(await env.readConfig().catch(() => undefined));
  if (!config.enabled || config.trustedSites.some((site) => isHostOrSubdomain(env.host, site))) return;
  const doc = env.document;
  let sentChars = 0;
  let sentMessages = 0;
  const send = (message: MonitorMessage) => {
    if (sentMessages >= MAX_MESSAGES_PER_PAGE || sentChars + message.text.length > MAX_TEXT_PER_PAGE) return false;
    sentMessages++;
    sentChars += message.text.length;
    void env.send(message).catch(() => undefined);
    return true;
  };
  const timed = <T>(work: () => T): T => {
    const started = env.now();
    try {
      return work();
    } finally {
      env.spent?.(env.now() - started);
    }
  };

  if (config.prompts && isAiChatHost(env.host)) watchPrompts(doc, env, send);
  if (!config.pages) return;

  await env.whenIdle();
  const body = doc.body as Node | null;
  if (!body) return;
  const initial = timed(() => textOf(doc, body, MAX_PAGE_TEXT));
  if (initial.trim().length >= MIN_TEXT) send({ type: 'monitor/page', part: 'initial', text: initial });

  // Later changes: the nearest element around each change, gathered for a second and sent together.
  const pending = new Set<Node>();
  const lastSent = new WeakMap<Node, number>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const roots = [...pending].filter((root) => root.isConnected && ![...pending].some((other) => other !== root && other.contains(root)));
    pending.clear();
    const text = timed(() => {
      const parts: string[] = [];
      let total = 0;
      for (const root of roots) {
        if (total >= MAX_TEXT_PER_UPDATE) break;
        // A growing answer: its newest words are at the end.
        const part = textOf(doc, root, Math.min(MAX_UPDATE_TEXT, MAX_TEXT_PER_UPDATE - total), true);
        const hash = hashOf(part);
        if (part.trim().length === 0 || lastSent.get(root) === hash) continue;
        lastSent.set(root, hash);
        parts.push(part);
        total += part.length + 2;
      }
      return parts.join('\n\n');
    });
    if (text.trim().length >= MIN_TEXT && !send({ type: 'monitor/page', part: 'update', text })) observer.disconnect();
  };
  const observer = new MutationObserver((mutations) => {
    timed(() => {
      for (const mutation of mutations) {
        const target = mutation.type === 'characterData' ? mutation.target.parentNode : mutation.target;
        if (target === null || insideSkipped(target)) continue;
        if (mutation.type === 'childList') {
          if (mutation.addedNodes.length === 0) continue;
          pending.add(target);
        } else {
          pending.add(target);
        }
      }
    });
    // Changes all over the page: read it from the top (the body's last words) rather than compare hundreds of roots.
    if (pending.size > MAX_ROOTS) {
      pending.clear();
      pending.add(body);
    }
    if (pending.size > 0 && !scheduled) {
      scheduled = true;
      env.setTimeout(flush, UPDATE_INTERVAL_MS);
    }
  });
  observer.observe(body, { childList: true, subtree: true, characterData: true });
}

/**
 * On AI chat sites: the prompt box's text, read only when the pupil sends it (Enter, a send button,
 * a form submit), never while they type.
 */
function watchPrompts(doc: Document, env: PageMonitorEnv, send: (message: MonitorMessage) => boolean): void {
  let last = { text: '', at: 0 };
  const promptBox = (from: EventTarget | null): HTMLElement | null => {
    const isBox = (el: Element | null): el is HTMLElement =>
      el !== null &&
      (el.nodeName === 'TEXTAREA' ||
        (el as HTMLElement).isContentEditable ||
        (el.nodeName === 'INPUT' && (el as HTMLInputElement).type === 'text'));
    if (from instanceof Element && isBox(from)) return from;
    if (isBox(doc.activeElement)) return doc.activeElement;
    const form = from instanceof Element ? from.closest('form') : null;
    const inForm = form?.querySelector('textarea, [contenteditable="true"]') ?? null;
    return inForm instanceof HTMLElement ? inForm : (doc.querySelector('textarea, [contenteditable="true"]') as HTMLElement | null);
  };
  const sendPrompt = (from: EventTarget | null) => {
    const box = promptBox(from);
    if (!box) return;
    const raw =
      box.nodeName === 'TEXTAREA' || box.nodeName === 'INPUT'
        ? (box as HTMLTextAreaElement).value
        : (box.innerText ?? box.textContent ?? '');
    const text = raw.trim().slice(0, MAX_PROMPT_TEXT);
    // The same prompt sent by Enter and by the button's click is one prompt.
    if (text === '' || (text === last.text && env.now() - last.at < 2_000)) return;
    last = { text, at: env.now() };
    send({ type: 'monitor/prompt', text });
  };
  doc.addEventListener(
    'keydown',
    (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) sendPrompt(event.target);
    },
    true,
  );
  doc.addEventListener(
    'click',
    (event) => {
      const button = event.target instanceof Element ? event.target.closest('button, [role="button"]') : null;
      if (!button) return;
      const label = `${button.getAttribute('type') ?? ''} ${button.getAttribute('aria-label') ?? ''} ${button.getAttribute('data-testid') ?? ''}`;
      if (/submit|send/i.test(label)) sendPrompt(button);
    },
    true,
  );
  doc.addEventListener('submit', (event) => sendPrompt(event.target), true);
}
