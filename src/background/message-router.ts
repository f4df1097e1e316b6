import { parsePageRequest, type PageReply } from '@/src/core/page-messages';
import type { PupilSafety } from './pupil-safety';

/** What runtime.onMessage tells the background about a message's sender. */
export interface MessageSender {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  tab?: { id?: number };
}

export interface RouterDeps {
  extensionId: string;
  /** `chrome-extension://<id>` */
  extensionOrigin: string;
  safety: PupilSafety;
  /** The tab the popup's pupil is looking at. */
  activeTabId(): Promise<number | null>;
}

const BLOCKED_PAGE_PATH = '/blocked.html';
const POPUP_PATH = '/popup.html';

/** The path of an extension page of ours, or null when the sender is anything else. */
export function ownPagePath(sender: MessageSender, deps: Pick<RouterDeps, 'extensionId' | 'extensionOrigin'>): string | null {
  if (sender.id !== deps.extensionId || !sender.url) return null;
  if (sender.origin !== undefined && sender.origin !== deps.extensionOrigin) return null;
  // Compare the text: URL.origin of a chrome-extension URL is "null" outside the browser.
  if (!sender.url.startsWith(`${deps.extensionOrigin}/`)) return null;
  try {
    return new URL(sender.url).pathname;
  } catch {
    return null;
  }
}

/**
 * Routes messages from the extension's own pages. The blocked page is web-accessible, so a web page
 * can load it with any hash, in a frame or a tab: it is answered only from the top frame of a tab
 * the background itself saw being blocked (see PupilSafety.blockedPageCommitted), with that exact URL.
 */
export function createMessageRouter(deps: RouterDeps): (message: unknown, sender: MessageSender) => Promise<PageReply> {
  return async (message, sender) => {
    const path = ownPagePath(sender, deps);
    if (path === null) return { ok: false, error: 'not-allowed' };
    const request = parsePageRequest(message);
    if (request === null) return { ok: false, error: 'bad-message' };
    try {
      if (request.type === 'popup/report' || request.type === 'popup/hello') {
        if (path !== POPUP_PATH) return { ok: false, error: 'not-allowed' };
        if (request.type === 'popup/hello') return await deps.safety.popupHello();
        const tabId = await deps.activeTabId();
        if (tabId === null) return { ok: false, error: 'failed' };
        return (await deps.safety.reportTab(tabId)) ? { ok: true } : { ok: false, error: 'failed' };
      }
      const tabId = sender.tab?.id;
      if (path !== BLOCKED_PAGE_PATH || tabId === undefined || sender.frameId !== 0 || !sender.url) {
        return { ok: false, error: 'not-allowed' };
      }
      const page = sender.url;
      const s = deps.safety;
      switch (request.type) {
        case 'blocked/hello':
          return await s.hello(tabId, page);
        case 'blocked/darken':
          return await s.darken(tabId, page);
        case 'blocked/hold-start':
          return await s.holdStart(tabId, page);
        case 'blocked/unlock-code':
          return await s.unlockWithCode(tabId, page, request.code);
        case 'blocked/unlock-hold':
          return await s.unlockWithHold(tabId, page);
        case 'blocked/go-back':
          return await s.goBack(tabId, page);
        case 'blocked/lesson-unlock':
          return await s.lessonUnlock(tabId, page, request.minutes);
        case 'blocked/request-unblock':
          return await s.requestUnblock(tabId, page);
        case 'blocked/report-choice':
          return await s.reportChoice(tabId, page, request.choice);
      }
    } catch (error) {
      console.error('Message failed', request.type, error);
      return { ok: false, error: 'failed' };
    }
  };
}
