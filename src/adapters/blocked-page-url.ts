import { browser } from 'wxt/browser';

/**
 * The blocked page at the extension's fixed ID: what the rules redirect to and what a committed
 * blocked page's URL starts with.
 *
 * `blocked.html` is declared `use_dynamic_url` (wxt.config.ts), so no web page can load it by its
 * well-known address to learn the extension is installed. For such a resource
 * `runtime.getURL` answers a per-session address (`chrome-extension://<random>/blocked.html`):
 * rules written with it would go stale at every browser restart (the restart copy, list chunks and
 * baked lists could not carry it). Checked in Debian's Chromium: a declarativeNetRequest redirect
 * to the fixed address still loads the page (the extension itself asks for it), and the page
 * commits under the fixed address; a web page fetching, framing or opening it gets an error.
 */
export function fixedBlockedHtmlUrl(): string {
  return `chrome-extension://${browser.runtime.id}/blocked.html`;
}
