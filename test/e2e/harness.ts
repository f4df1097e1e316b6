import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { TEST_EXTENSION_ID as EXTENSION_ID } from '../../scripts/extension-id';
import type { FilterStatus } from '../../src/core/status';

/** The extension's own global inside its service worker (evaluated there, not in Node). */
declare const chrome: {
  storage: {
    local: { get(key: string): Promise<Record<string, unknown>> };
    session: { get(key: string): Promise<Record<string, unknown>> };
  };
};

/** Where Debian's Chromium reads machine policy; tests write real admin policy here (needs root). */
export const POLICY_DIR = '/etc/chromium/policies/managed';
/** One file per extension ID, so test runs of differently keyed builds do not disturb each other. */
export const POLICY_FILE = join(POLICY_DIR, `school-safeguard-test-${EXTENSION_ID}.json`);
export { EXTENSION_ID };
export const EXTENSION_DIR = resolve(import.meta.dirname, '../../.output/chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface RecordedRequest {
  host: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** When it arrived (Date.now()). */
  at: number;
}

export interface TestServer {
  port: number;
  requests: RecordedRequest[];
  /** Requests whose Host header is `host` (any port). */
  requestsTo(host: string): RecordedRequest[];
  close(): Promise<void>;
}

/** A throwaway self-signed certificate (Chromium runs with --ignore-certificate-errors in tests). */
function makeCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'safeguard-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=safeguard-test',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => boolean | void;

/**
 * One local server answers for every host name (the browser maps all names to it), over HTTP and
 * HTTPS on the same port: HSTS-preloaded hosts such as youtube.com are always fetched over TLS.
 */
export async function startTestServer(routes: RouteHandler[] = []): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
    requests.push({ host, url: `${scheme}://${host}${req.url ?? '/'}`, headers: req.headers, at: Date.now() });
    for (const route of routes) if (route(req, res) === true) return;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(`<!doctype html><html lang="en"><title>page on ${host}</title><h1 id="served">Served by ${host}</h1></html>`);
  };
  const http = createServer(handler);
  const https = createHttpsServer(makeCertificate(), handler);
  const front = createNetServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('readable', () => {
      const first = socket.read(1) as Buffer | null;
      if (!first) return socket.destroy();
      socket.unshift(first);
      // A TLS ClientHello starts with record type 22.
      (first[0] === 22 ? https : http).emit('connection', socket);
    });
  });
  await new Promise<void>((done) => front.listen(0, '127.0.0.1', done));
  const port = (front.address() as AddressInfo).port;
  return {
    port,
    requests,
    requestsTo: (host) => requests.filter((r) => r.host === host),
    close: () =>
      new Promise((done) => {
        http.closeAllConnections();
        https.closeAllConnections();
        front.close(() => done());
      }),
  };
}

/** Writes the admin policy Chromium gives the extension through chrome.storage.managed. */
export function writePolicy(policy: Record<string, unknown> | null): void {
  mkdirSync(POLICY_DIR, { recursive: true });
  if (policy === null) {
    rmSync(POLICY_FILE, { force: true });
    return;
  }
  writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: policy } } }));
}

export function removePolicy(): void {
  rmSync(POLICY_FILE, { force: true });
}

export interface LaunchedBrowser {
  context: BrowserContext;
  /** The extension's service worker at launch; null when launched without the extension. */
  worker: Worker | null;
  currentWorker(): Worker;
  extensionId: string;
  userDataDir: string;
  /** Reads the filter status the background last wrote. */
  status(): Promise<FilterStatus | null>;
  /** Waits until the background has applied a policy matching `predicate`. */
  waitForStatus(predicate: (s: FilterStatus) => boolean, timeoutMs?: number): Promise<FilterStatus>;
  /** Navigates and returns the final URL after any redirect. */
  visit(url: string, page?: Page): Promise<{ page: Page; finalUrl: string }>;
  /** Asks Chromium to re-read policy files now (as chrome://policy's "Reload policies" does). */
  reloadPolicy(): Promise<void>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  server: TestServer;
  userDataDir?: string;
  extraArgs?: string[];
  /** Show a window (the demo with a display); tests run headless. */
  headed?: boolean;
  /** Another build of the extension (the benchmark build), or null for no extension at all. */
  extensionDir?: string | null;
  /** `extensionDir` is some other extension (a benchmark reference): do not wait for ours. */
  foreignExtension?: boolean;
}

export async function launchBrowser(options: LaunchOptions): Promise<LaunchedBrowser> {
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'safeguard-e2e-'));
  const extensionDir = options.extensionDir === undefined ? EXTENSION_DIR : options.extensionDir;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: !options.headed,
    viewport: { width: 1366, height: 768 },
    args: [
      ...(extensionDir === null ? [] : [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]),
      `--host-resolver-rules=MAP * 127.0.0.1:${options.server.port}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--ignore-certificate-errors',
      // The test server speaks plain HTTP; stop Chromium upgrading navigations to HTTPS.
      '--disable-features=HttpsUpgrades,HttpsFirstBalancedModeAutoEnable,HttpsFirstModeV2ForTypedNavigations',
      ...(options.extraArgs ?? []),
    ],
  });
  const isOurs = (w: Worker) => w.url().startsWith(`chrome-extension://${EXTENSION_ID}/`);
  const worker =
    extensionDir === null || options.foreignExtension
      ? null
      : (context.serviceWorkers().find(isOurs) ?? (await context.waitForEvent('serviceworker', { predicate: isOurs, timeout: 15_000 })));

  /** The extension's service worker as it is now (Chrome may have restarted it). */
  const currentWorker = (): Worker => {
    const live = context.serviceWorkers().find(isOurs) ?? worker;
    if (!live) throw new Error('This browser was launched without the extension.');
    return live;
  };

  const status = async () =>
    (await currentWorker().evaluate(async () => {
      // storage.session first, as the status page does: storage.local waits while Chrome re-indexes.
      const fast = await chrome.storage.session.get('status');
      const found = fast.status === undefined ? await chrome.storage.local.get('status') : fast;
      return (found.status ?? null) as unknown;
    })) as FilterStatus | null;

  const launched: LaunchedBrowser = {
    context,
    worker,
    currentWorker,
    extensionId: EXTENSION_ID,
    userDataDir,
    status,
    async waitForStatus(predicate, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      let last: FilterStatus | null = null;
      while (Date.now() < deadline) {
        last = await status().catch(() => null);
        if (last && predicate(last)) return last;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`Timed out waiting for filter status; last: ${JSON.stringify(last)?.slice(0, 2000)}`);
    },
    async visit(url, page) {
      const target = page ?? (await context.newPage());
      await target.goto(url, { waitUntil: 'load' }).catch(() => undefined);
      // A DNR redirect to the extension page may complete after 'load' of the first commit.
      await target.waitForLoadState('load').catch(() => undefined);
      return { page: target, finalUrl: target.url() };
    },
    async reloadPolicy() {
      const page = await context.newPage();
      await page.goto('chrome://policy');
      await page.locator('#reload-policies').click();
      await page.waitForTimeout(300);
      await page.close();
    },
    async close() {
      await context.close();
      if (!options.userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  return launched;
}

/** Opens the real toolbar popup in its own small window, as the toolbar would show it. */
export async function openPopup(browser: LaunchedBrowser): Promise<Page> {
  const popupUrl = `chrome-extension://${EXTENSION_ID}/popup.html`;
  const opened = browser.context.waitForEvent('page', { predicate: (p) => p.url() === popupUrl });
  await browser.currentWorker().evaluate(async (url) => {
    await (globalThis as unknown as { chrome: { windows: { create(o: unknown): Promise<unknown> } } }).chrome.windows.create({
      url,
      type: 'popup',
      width: 360,
      height: 560,
    });
  }, popupUrl);
  return opened;
}

export function blockedPagePrefix(): string {
  return `chrome-extension://${EXTENSION_ID}/blocked.html`;
}

/**
 * blocked.html's address for this browser session. The page is declared `use_dynamic_url`, so a web
 * page cannot load it by its fixed address at all; tests that play a page which somehow learnt the
 * session address (the defence behind that one) use this.
 */
export async function sessionBlockedPageUrl(browser: LaunchedBrowser): Promise<string> {
  return browser
    .currentWorker()
    .evaluate(() => (chrome as unknown as { runtime: { getURL(path: string): string } }).runtime.getURL('/blocked.html'));
}

/** Whether `url` is the blocked page as this device's rules write it (with its key) and its fragment starts with `hashStart`. */
export function isKeyedBlockedPage(url: string, hashStart = '#'): boolean {
  const keyed = /^\?k=[0-9a-f]{32}#/;
  const rest = url.startsWith(blockedPagePrefix()) ? url.slice(blockedPagePrefix().length) : '';
  return keyed.test(rest) && rest.slice(rest.indexOf('#')).startsWith(hashStart);
}

/** Writes `policy`, launches Chromium with the extension and waits until the background applied it. */
export async function launchWithPolicy(
  server: TestServer,
  policy: Record<string, unknown>,
  options: Omit<LaunchOptions, 'server'> = {},
): Promise<LaunchedBrowser> {
  writePolicy(policy);
  const browser = await launchBrowser({ server, ...options });
  await browser.waitForStatus((s) => s.source === 'admin');
  return browser;
}

/** Test teardown: closes the browser and the server (either may be missing) and removes the policy file. */
export async function closeAll(browser: LaunchedBrowser | undefined, server: TestServer | undefined): Promise<void> {
  await browser?.close();
  await server?.close();
  removePolicy();
}
