import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  blockedPagePrefix,
  startTestServer,
  writePolicy,
  launchWithPolicy,
  closeAll,
  type LaunchedBrowser,
  type TestServer,
} from './harness';
import { parseBlockedHash, type BlockReason } from '../../src/core/block-reason';
import type { KeyStage } from '../../src/core/key-stages';

/**
 * Per key stage, in one browser: the policy file is rewritten and Chromium told to reload it (as
 * an admin's change would arrive), then a school-blocked host, a category host and an allowed host
 * are visited for real.
 */
let server: TestServer;
let browser: LaunchedBrowser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchWithPolicy(server, { keyStage: 'KS2' });
});

afterAll(() => closeAll(browser, server));

async function applyPolicy(policy: Record<string, unknown>): Promise<void> {
  writePolicy(policy);
  await browser.reloadPolicy();
  await browser.waitForStatus((s) => s.source === 'admin' && s.keyStage === policy.keyStage && s.schoolId === policy.schoolId);
}

async function expectBlocked(url: string, reason: BlockReason): Promise<void> {
  const { page, finalUrl } = await browser.visit(url);
  expect(finalUrl.startsWith(blockedPagePrefix()), `${url} should be blocked, got ${finalUrl}`).toBe(true);
  const params = parseBlockedHash(new URL(finalUrl).hash);
  expect(params?.reason).toEqual(reason);
  expect(params?.url).toBe(url);
  await page.close();
}

async function expectServed(url: string): Promise<void> {
  const before = server.requests.length;
  const { page, finalUrl } = await browser.visit(url);
  expect(finalUrl, `${url} should load`).toBe(url);
  expect(await page.locator('#served').textContent()).toBe(`Served by ${new URL(url).hostname}`);
  expect(server.requests.length).toBeGreaterThan(before);
  await page.close();
}

const FILTERING_CASES: { stage: KeyStage; blockedCategory: [string, BlockReason]; openCategorySite: string | null }[] = [
  {
    stage: 'KS2',
    blockedCategory: ['http://www.tinder.com/', { kind: 'category', category: 'dating' }],
    openCategorySite: 'https://www.roblox.com/',
  },
  {
    stage: 'KS3',
    blockedCategory: ['http://discord.com/app', { kind: 'category', category: 'chat' }],
    openCategorySite: 'http://mail.gmx.com/',
  },
  {
    stage: 'KS4',
    blockedCategory: ['http://www.bet365.com/', { kind: 'category', category: 'gambling' }],
    openCategorySite: 'https://www.tumblr.com/',
  },
  {
    stage: 'KS5',
    blockedCategory: ['http://croxyproxy.com/', { kind: 'category', category: 'circumvention' }],
    openCategorySite: 'http://www.match.com/',
  },
  {
    stage: 'STAFF',
    blockedCategory: ['http://hackforums.net/', { kind: 'category', category: 'malware' }],
    openCategorySite: 'http://www.bet365.com/',
  },
];

describe('filtering per key stage in real Chromium', () => {
  for (const { stage, blockedCategory, openCategorySite } of FILTERING_CASES) {
    it(`${stage}: school list, category and allowed site`, async () => {
      await applyPolicy({
        keyStage: stage,
        schoolId: `URN-${stage}`,
        blockDomains: [`blocked-${stage.toLowerCase()}.school.test`],
        allowDomains: ['allowed.school.test'],
      });
      await expectBlocked(`http://blocked-${stage.toLowerCase()}.school.test/page?x=1`, { kind: 'school' });
      await expectBlocked(...blockedCategory);
      await expectServed('http://allowed.school.test/lesson');
      if (openCategorySite) await expectServed(openCategorySite);
    });
  }

  for (const stage of ['EYFS', 'KS1'] as const) {
    it(`${stage}: approved sites only`, async () => {
      await applyPolicy({ keyStage: stage, schoolId: `URN-${stage}`, allowDomains: ['phonics.school.test'] });
      await expectBlocked('http://anything.example.test/', { kind: 'approved-only' });
      await expectServed('http://phonics.school.test/game');
      await expectServed('http://www.topmarks.co.uk/maths');
      await expectBlocked('http://xvideos.com/', { kind: 'category', category: 'pornography' });
    });
  }

  it('allowDomains overrides a category, but never illegal content', async () => {
    await applyPolicy({
      keyStage: 'KS2',
      schoolId: 'URN-override',
      allowDomains: ['reddit.com', 'history.school.test'],
      categoryDomains: [{ category: 'illegal', domains: ['iwf-listed.history.school.test'] }],
    });
    await expectServed('https://www.reddit.com/r/history');
    await expectServed('http://history.school.test/');
    await expectBlocked('http://iwf-listed.history.school.test/x', { kind: 'category', category: 'illegal' });
    await expectBlocked('http://www.facebook.com/', { kind: 'category', category: 'social-networks' });
  });

  it('sub-resources from blocked sites are blocked too, on allowed pages', async () => {
    await applyPolicy({ keyStage: 'KS3', schoolId: 'URN-subresource' });
    const page = await browser.context.newPage();
    await page.goto('http://lesson.school.test/');
    const status = await page.evaluate(async () => {
      try {
        await fetch('http://www.pornhub.com/data.json', { mode: 'no-cors' });
        return 'loaded';
      } catch {
        return 'blocked';
      }
    });
    expect(status).toBe('blocked');
    expect(server.requestsTo('www.pornhub.com')).toHaveLength(0);
    await page.close();
  });

  it('a blocked site inside a frame of an allowed page is replaced by the blocked page', async () => {
    await applyPolicy({ keyStage: 'KS3', schoolId: 'URN-frame' });
    const before = server.requests.length;
    const page = await browser.context.newPage();
    await page.goto('http://lesson.school.test/');
    await page.evaluate(() => {
      const frame = document.createElement('iframe');
      frame.src = 'http://www.bet365.com/embed';
      document.body.append(frame);
    });
    await expect
      .poll(
        () =>
          page
            .frames()
            .map((f) => f.url())
            .find((u) => u.startsWith(blockedPagePrefix())) ?? null,
      )
      .toContain('reason=category&category=gambling');
    expect(server.requests.slice(before).filter((r) => r.host === 'www.bet365.com')).toHaveLength(0);
    await page.close();
  });

  it('the blocked page shows the reason and only the host of the original URL', async () => {
    await applyPolicy({ keyStage: 'KS2', schoolId: 'URN-page' });
    const { page } = await browser.visit('http://www.tinder.com/secret/path?name=pupil');
    await expect.poll(() => page.locator('#reason').getAttribute('data-reason')).toBe('dating');
    const text = await page.locator('body').innerText();
    expect(text).not.toContain('secret');
    expect(text).not.toContain('name=pupil');
    await page.close();
  });
});
