import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, launchBrowser, startTestServer, writePolicy, type LaunchedBrowser, type TestServer } from './harness';
import { browseContinuously } from './browsing';

let server: TestServer | undefined;
let browser: LaunchedBrowser | undefined;

afterEach(async () => {
  await closeAll(browser, server);
  browser = server = undefined;
});

const SCHOOL_BLOCKED = 'school-blocked.test';
const CATEGORY_BLOCKED = 'www.bet365.com';
const ORDINARY = 'ordinary-site.test';
const BROWSING = [`http://${SCHOOL_BLOCKED}/`, `http://${ORDINARY}/`, `http://${CATEGORY_BLOCKED}/`, `http://${ORDINARY}/page2`];
const reachedBlockedHosts = () => [SCHOOL_BLOCKED, CATEGORY_BLOCKED].flatMap((host) => server!.requestsTo(host));

describe('always in force: browsing from the first second', () => {
  it('first install: no request reaches a blocked host while the pupil browses from the first second', async () => {
    server = await startTestServer();
    writePolicy({ keyStage: 'KS2', schoolId: 'URN-first', blockDomains: [SCHOOL_BLOCKED] });
    browser = await launchBrowser({ server });
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const browsing = browseContinuously(page, BROWSING);
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    const visits = await browsing.stop();
    console.log(JSON.stringify(visits.slice(0, 8)), visits.length, reachedBlockedHosts().length);
    expect(reachedBlockedHosts()).toEqual([]);
  });
});
