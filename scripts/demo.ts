/**
 * The main job (`npm start`): loads the built extension into Debian's Chromium with a demo KS2
 * admin policy, visits a set of sites through a local server that answers for every host name, and
 * prints what was blocked and why. Headless where there is no display; with a display the window
 * stays open for you to browse until Ctrl-C.
 */
import { readFileSync } from 'node:fs';
import { parseBlockedHash } from '../src/core/block-reason';
import { pageKindFor } from '../src/core/page-kinds';
import { totpCode } from '../src/core/totp';
import type { KeyStage } from '../src/core/key-stages';
import { blockedPagePrefix, launchBrowser, POLICY_FILE, removePolicy, startTestServer, writePolicy } from '../test/e2e/harness';

const DEMO_URLS = [
  'http://blocked-by-school.example/homework',
  'https://www.pornhub.com/',
  'http://www.bet365.com/',
  'http://croxyproxy.com/',
  'http://www.tinder.com/',
  'http://discord.com/app',
  'http://history-project.example/',
  'https://scratch.mit.edu/projects',
  'http://www.bbc.co.uk/bitesize',
  'http://www.google.com/search?q=volcanoes',
  'http://duckduckgo.com/?q=volcanoes',
];

const policy = JSON.parse(readFileSync(new URL('./demo-policy.json', import.meta.url), 'utf8')) as Record<string, unknown>;
try {
  writePolicy(policy);
} catch (error) {
  console.error(
    `Could not write the demo admin policy to ${POLICY_FILE} (${(error as Error).message}).\n` +
      'Chromium reads machine policy from /etc/chromium/policies/managed, which needs root: run `sudo npm start`.',
  );
  process.exit(1);
}

const headed = Boolean(process.env.DISPLAY) && !process.env.CI;
const server = await startTestServer();
const browser = await launchBrowser({ server, headed });
const cleanUp = async () => {
  await browser.close().catch(() => undefined);
  await server.close();
  removePolicy();
};
process.on('SIGINT', () => void cleanUp().then(() => process.exit(0)));

try {
  const status = await browser.waitForStatus((s) => s.source === 'admin');
  console.log(
    `Policy applied: ${status.schoolName} (${status.schoolId}), ${status.keyStage}, ${status.ruleCount} rules, safe search ${status.safeSearch}.`,
  );
  console.log('');
  for (const url of DEMO_URLS) {
    const before = server.requests.length;
    const { page, finalUrl } = await browser.visit(url);
    if (finalUrl.startsWith(blockedPagePrefix())) {
      const reason = parseBlockedHash(new URL(finalUrl).hash)?.reason;
      const why = reason?.kind === 'category' ? `category: ${reason.category}` : (reason?.kind ?? 'unknown');
      const page = reason ? `, ${pageKindFor(reason, policy.keyStage as KeyStage)} page` : '';
      console.log(`BLOCKED  ${url}  (${why}${page})`);
    } else {
      const arrived = server.requests.slice(before).find((r) => !r.url.endsWith('/favicon.ico'))?.url ?? finalUrl;
      console.log(`allowed  ${url}${arrived !== url ? `  → server saw ${arrived}` : ''}`);
    }
    if (!headed) await page.close();
  }
  console.log('');
  console.log(`Status page: chrome-extension://${browser.extensionId}/options.html`);
  if (typeof policy.unlockCodeSecret === 'string') {
    // What a member of staff's authenticator app shows for the demo secret (README: "Adult unlock codes").
    console.log(`Adult unlock code now: ${await totpCode(policy.unlockCodeSecret, Date.now() / 1000)} (a new one every 30 seconds)`);
  }
  if (headed) {
    await (await browser.context.newPage()).goto(`chrome-extension://${browser.extensionId}/options.html`);
    console.log('The browser stays open: try any address (every host is served locally). Ctrl-C to finish.');
    await new Promise(() => undefined);
  }
} finally {
  if (!headed) await cleanUp();
}
