import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { KeyStage } from '../../src/core/key-stages';
import { LOCALES } from '../../src/core/i18n';
import {
  blockedPagePrefix,
  isKeyedBlockedPage,
  sessionBlockedPageUrl,
  startTestServer,
  launchWithPolicy,
  closeAll,
  type LaunchedBrowser,
  type TestServer,
} from './harness';
import { accessibleAtBothSizes, applyPolicy, axeViolations, pageState, recordedEvents, screenshot } from './pupil-helpers';

/**
 * The blocked page in real Chromium, per key stage: which kind of page a harmful, a not-for-school and a
 * staff block get (with axe-core and screenshots at 1366 and 360 px), Go back, the dark screen's praise,
 * every page and state in every language, and pages forged by a web page.
 */
let server: TestServer;
let browser: LaunchedBrowser;
/** blocked.html at its session address (use_dynamic_url): the forgers below play pages that learnt it. */
let blockedHtml = '';
const ADULTS = [
  { role: 'class teacher', name: 'Miss Knight' },
  { role: 'DSL', name: 'Mrs Mills' },
];
/** Every minute of every day is school time, so the adults' line does not depend on when the test runs. */
const ALWAYS_SCHOOL = { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '00:00', end: '23:59' };
const NEVER_SCHOOL = { days: [], start: '08:00', end: '16:00' };

beforeAll(async () => {
  server = await startTestServer([
    (req, res) => {
      // A hostile site that tries to use the blocked page for its own ends.
      if (req.url === '/redirect-to-blocked') {
        res.writeHead(302, {
          location: `${blockedHtml}#reason=school&url=http://evil.test/redirect-to-blocked`,
        });
        res.end();
        return true;
      }
      // The same, naming a page the rules really block: it lacks this device's key, which only the rules write.
      if (req.url === '/redirect-to-blocked-host-page') {
        res.writeHead(302, {
          location: `${blockedHtml}#reason=category&category=pornography&url=http://www.pornhub.com/`,
        });
        res.end();
        return true;
      }
      // An ordinary site sending the pupil on to a blocked one: a genuine block, reached by a chain.
      if (req.url === '/redirect-to-blocked-host') {
        res.writeHead(302, { location: 'http://www.pornhub.com/chained' });
        res.end();
        return true;
      }
      if (req.url === '/frame-blocked') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(
          `<!doctype html><title>framer</title><iframe id="f" src="${blockedHtml}#reason=category&category=gambling&url=http://www.bet365.com/"></iframe>`,
        );
        return true;
      }
      return false;
    },
  ]);
  browser = await launchWithPolicy(server, { keyStage: 'KS3', schoolId: 'URN-start' });
  blockedHtml = await sessionBlockedPageUrl(browser);
});

afterAll(() => closeAll(browser, server));

const HARMFUL = 'http://www.pornhub.com/';
/** A block that is not for school at each key stage: approved-sites-only misses, games, social networks, chat, a VPN. */
const STAGES: { stage: KeyStage; calm: string; band: string }[] = [
  { stage: 'EYFS', calm: 'https://en.wikipedia.org/wiki/Dinosaur', band: 'young' },
  { stage: 'KS1', calm: 'http://www.roblox.com/', band: 'young' },
  { stage: 'KS2', calm: 'http://www.facebook.com/', band: 'middle' },
  { stage: 'KS3', calm: 'http://www.instagram.com/', band: 'older' },
  { stage: 'KS4', calm: 'http://discord.com/', band: 'older' },
  { stage: 'KS5', calm: 'http://nordvpn.com/', band: 'older' },
  { stage: 'STAFF', calm: 'http://nordvpn.com/', band: 'staff' },
];

const policyFor = (stage: KeyStage, extra: Record<string, unknown> = {}) => ({
  keyStage: stage,
  schoolId: `URN-${stage}`,
  schoolName: 'Oakfield Primary School',
  adults: ADULTS,
  schoolHours: ALWAYS_SCHOOL,
  // Staff filtering has no pornography category by default: add it, to see the staff page for harmful content.
  addCategories: ['pornography'],
  ...extra,
});

async function blockedPage(url: string): Promise<Page> {
  const { page, finalUrl } = await browser.visit(url);
  expect(isKeyedBlockedPage(finalUrl), `${url} should be blocked, got ${finalUrl}`).toBe(true);
  await pageState(page, 'blocked');
  return page;
}

const text = (page: Page, selector: string) => page.locator(selector).textContent();

describe('the right page for each kind of block, per key stage', () => {
  it.each(STAGES)('$stage: harmful, not-for-school and staff pages, axe-clean at 1366 and 360 px', async ({ stage, calm, band }) => {
    await applyPolicy(browser, policyFor(stage));
    const harmful = await blockedPage(HARMFUL);
    expect(await harmful.locator('body').getAttribute('data-band')).toBe(band);
    expect(await text(harmful, '#school-name')).toBe('Oakfield Primary School');
    if (stage === 'STAFF') {
      expect(await harmful.locator('body').getAttribute('data-kind')).toBe('staff');
      expect(await text(harmful, '#headline')).toBe("This site is blocked by the school's web filter.");
      expect(await text(harmful, '#reason')).toBe('Category: Pornography');
      expect(await harmful.locator('[data-help="dsl"]').count()).toBe(1);
      expect(await harmful.locator('#request-unblock').textContent()).toBe('Request a review');
      // The staff page in every language.
      for (const locale of [...LOCALES.filter((l) => l !== 'en'), 'en' as const]) {
        await harmful.locator('#language').selectOption(locale);
        await expect.poll(() => harmful.locator('html').getAttribute('lang')).toBe(locale);
        if (locale !== 'en') expect(await axeViolations(harmful), locale).toEqual([]);
      }
      // Never "tell an adult", never the pupils' alarm.
      expect(await harmful.locator('body').innerText()).not.toMatch(/tell an adult|Tell your|Turn off the screen/i);
    } else {
      expect(await harmful.locator('body').getAttribute('data-kind')).toBe('harmful');
      expect(await text(harmful, '#headline')).toBe('Turn off the screen and tell an adult.');
      expect(await text(harmful, '#tell-adults')).toBe('Tell your class teacher, Miss Knight or your DSL, Mrs Mills.');
      expect(await harmful.locator('#turn-off').count()).toBe(1);
      expect(await harmful.locator('#leave').count()).toBe(0);
      expect(await harmful.locator('[data-help="childline"]').count()).toBe(band === 'young' ? 0 : 1);
      expect(await harmful.locator('[data-help="meic"]').count()).toBe(band === 'young' ? 0 : 1);
      expect(await harmful.locator('[data-help="ceop"]').count()).toBe(band === 'older' ? 1 : 0);
      expect(await harmful.locator('#read-to-me').count()).toBe(band === 'older' ? 0 : 1);
      expect(await harmful.locator('svg.picture').count()).toBe(band === 'young' ? 2 : 0);
      // Never the raw category code as words.
      expect(await harmful.locator('body').innerText()).not.toMatch(/category|pornography/i);
    }
    await accessibleAtBothSizes(harmful, `blocked-${stage}`);
    await harmful.close();

    const page = await blockedPage(calm);
    expect(await page.locator('body').getAttribute('data-kind')).toBe(stage === 'STAFF' ? 'staff' : 'not-for-school');
    if (stage !== 'STAFF') {
      const headline =
        band === 'young'
          ? "We don't use this at school."
          : band === 'middle'
            ? "This site isn't used at school."
            : "This site isn't available on school devices.";
      expect(await text(page, '#headline')).toBe(headline);
      // No alarm: no dark screen, no adults to tell, no help lines.
      expect(await page.locator('#turn-off, #tell-adults, #help').count()).toBe(0);
      expect(await page.locator('#request-unblock').count()).toBe(band === 'older' ? 1 : 0);
    }
    expect(await page.locator('#leave').textContent()).toBe('Go back');
    await accessibleAtBothSizes(page, `blocked-${stage}-not-for-school`);
    await page.close();
    // Nothing reached the blocked hosts' servers.
    expect(server.requestsTo('www.pornhub.com')).toEqual([]);
    expect(server.requestsTo(new URL(calm).hostname)).toEqual([]);
  });

  it('records blocked and unblock-request events with host and category only', async () => {
    await applyPolicy(browser, policyFor('KS4', { schoolId: 'URN-events' }));
    const page = await blockedPage('http://discord.com/secret?name=x');
    await page.locator('#request-unblock').click();
    await expect.poll(() => text(page, '#request-sent')).toBe('Thank you. Your school will look at this site.');
    await page.close();
    const events = await recordedEvents(browser);
    expect(events.filter((e) => e.type === 'unblock-request' && e.host === 'discord.com')).toEqual([
      { type: 'unblock-request', host: 'discord.com', category: 'chat' },
    ]);
    expect(events.some((e) => e.type === 'blocked' && e.host === 'www.pornhub.com' && e.category === 'pornography')).toBe(true);
    expect(JSON.stringify(events)).not.toMatch(/http:|secret|name=x/);
  });
});

describe('Go back, the dark screen and the right adults', () => {
  it('Go back on a calm page returns to the page the pupil came from', async () => {
    await applyPolicy(browser, policyFor('KS2', { schoolId: 'URN-back' }));
    const { page } = await browser.visit('http://homework.test/maths');
    await page.locator('#served').waitFor();
    await page.evaluate(() => (location.href = 'http://www.facebook.com/games'));
    await pageState(page, 'blocked');
    expect(await page.locator('body').getAttribute('data-kind')).toBe('not-for-school');
    await page.locator('#leave').click();
    await expect.poll(() => page.url()).toBe('http://homework.test/maths');
    expect(await text(page, '#served')).toBe('Served by homework.test');
    expect(server.requestsTo('www.facebook.com')).toEqual([]);
    await page.close();
  });

  it('turning off the screen shows a calm thank-you, read aloud for the youngest, and survives a reload', async () => {
    await applyPolicy(browser, policyFor('KS1', { schoolId: 'URN-dark' }));
    const page = await blockedPage(HARMFUL);
    // Keyboard (and switch) access: the first Tab stop after the language switch is the main button.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('turn-off');
    await page.keyboard.press('Enter');
    await pageState(page, 'dark');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('adult-unlock');
    expect(await text(page, '#headline')).toBe('Well done for turning off the screen.');
    expect(await text(page, '#tell-adults')).toBe('Tell your class teacher, Miss Knight or your DSL, Mrs Mills.');
    // Nothing of the blocked page: no reason, no site.
    expect(await page.locator('.card, #reason, #blocked-host').count()).toBe(0);
    await page.evaluate(() => {
      const spoken: string[] = [];
      (window as unknown as { spoken: string[] }).spoken = spoken;
      speechSynthesis.speak = (u: SpeechSynthesisUtterance) => void spoken.push(`${u.lang}:${u.text}`);
    });
    await page.locator('#read-to-me').click();
    expect(await page.evaluate(() => (window as unknown as { spoken: string[] }).spoken)).toEqual([
      'en:Well done for turning off the screen. Tell your class teacher, Miss Knight or your DSL, Mrs Mills.',
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'dark-screen');
    await screenshot(page, 'dark-screen-360', { viewport: 'phone' });
    await page.reload();
    await pageState(page, 'dark');
    await page.close();
  });

  it('outside school hours the pupil is also pointed to their parent or carer', async () => {
    await applyPolicy(browser, policyFor('KS2', { schoolId: 'URN-home', schoolHours: NEVER_SCHOOL }));
    const page = await blockedPage(HARMFUL);
    expect(await text(page, '#tell-adults')).toBe('Tell your class teacher, Miss Knight or your DSL, Mrs Mills, or your parent or carer.');
    await page.close();
  });
});

describe('every page, state and language', () => {
  it('axe-core finds nothing in any of the six languages, on each kind of page and state', async () => {
    await applyPolicy(
      browser,
      policyFor('KS3', {
        schoolId: 'URN-axe',
        unlockCodeSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
        categoryDomains: [{ category: 'self-harm', domains: ['selfharm-forum.test'] }],
      }),
    );
    const pages = {
      harmful: await blockedPage(HARMFUL),
      calm: await blockedPage('http://www.instagram.com/'),
      support: await blockedPage('http://selfharm-forum.test/'),
    };
    // The three pages go through the languages side by side (each keeps its language in memory).
    await Promise.all(
      Object.entries(pages).map(async ([kind, page]) => {
        for (const locale of LOCALES) {
          await page.locator('#language').selectOption(locale);
          await expect.poll(() => page.locator('html').getAttribute('lang')).toBe(locale);
          expect(await axeViolations(page), `${kind} in ${locale}`).toEqual([]);
          if (kind !== 'harmful') continue;
          // The unlock dialog, open over the page.
          await page.locator('#adult-unlock').click();
          expect(await axeViolations(page), `unlock dialog in ${locale}`).toEqual([]);
          await page.keyboard.press('Escape');
        }
      }),
    );
    // The last choice is remembered on the device: leave it English for the tests that follow.
    await pages.harmful.locator('#language').selectOption('en');
    await Promise.all(Object.values(pages).map((p) => p.close()));
  });
});

describe('forged blocked pages', () => {
  it('a web page navigating to blocked.html with a forged hash gets only the message, and cannot act', async () => {
    await applyPolicy(browser, policyFor('KS3', { schoolId: 'URN-forged' }));
    const { page } = await browser.visit('http://evil.test/');
    const forged = `${blockedHtml}#reason=category&category=gambling&url=http://www.bet365.com/`;
    await page.evaluate((url) => (location.href = url), forged);
    await pageState(page, 'message-only');
    expect(await text(page, '#headline')).toBe('This page is blocked.');
    expect(await page.locator('#app').evaluate((n) => n.children.length)).toBe(1);
    expect(await page.locator('body').innerText()).not.toContain('Miss Knight');
    // Even script in that page (as if the page were compromised) is refused by the background.
    const replies = await page.evaluate(async () => {
      const send = (m: unknown) =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m);
      return [
        await send({ type: 'blocked/hello' }),
        await send({ type: 'blocked/unlock-code', code: '482615' }),
        await send({ type: 'blocked/request-unblock' }),
        await send({ type: 'blocked/report-choice', choice: 'naked' }),
      ];
    });
    expect(replies).toEqual(Array(4).fill({ ok: false, error: 'not-allowed' }));
    await page.close();
  });

  it('a server redirect to blocked.html and a framed blocked.html show only the message', async () => {
    const before = (await recordedEvents(browser)).length;
    const { page, finalUrl } = await browser.visit('http://evil.test/redirect-to-blocked');
    expect(finalUrl.startsWith(blockedPagePrefix())).toBe(true);
    await pageState(page, 'message-only');
    const naming = await browser.visit('http://evil.test/redirect-to-blocked-host-page');
    expect(naming.finalUrl).toBe(`${blockedPagePrefix()}#reason=category&category=pornography&url=http://www.pornhub.com/`);
    await pageState(naming.page, 'message-only');
    await naming.page.close();
    const framer = await browser.visit('http://evil.test/frame-blocked');
    const frame = framer.page.frames().find((f) => f.url().startsWith(blockedPagePrefix()));
    expect(frame).toBeDefined();
    await expect.poll(() => frame!.locator('#headline').count()).toBe(1);
    expect(await frame!.locator('body').getAttribute('data-state')).toBe('message-only');
    expect(await frame!.locator('#adult-unlock').count()).toBe(0);
    // A forged alert or report fragment: still only the message (a report's page may open black, showing nothing).
    for (const reason of ['alert&category=self-harm', 'reported']) {
      const { page: forgedPage } = await browser.visit('http://evil.test/');
      await forgedPage.evaluate((url) => (location.href = url), `${blockedHtml}#reason=${reason}&url=http://evil.test/`);
      await pageState(forgedPage, 'message-only');
      expect(await forgedPage.locator('#adult-unlock, #choice-other, [data-help]').count()).toBe(0);
      await forgedPage.close();
    }
    // No event was forged by any of them.
    expect((await recordedEvents(browser)).length).toBe(before);
    await page.close();
    await framer.page.close();
  });

  it('an ordinary site redirecting to a blocked one is a genuine block: recognised, recorded once', async () => {
    const before = (await recordedEvents(browser)).filter((e) => e.type === 'blocked' && e.host === 'www.pornhub.com').length;
    const { page, finalUrl } = await browser.visit('http://links.test/redirect-to-blocked-host');
    expect(isKeyedBlockedPage(finalUrl, '#reason=category&category=pornography&url=http://www.pornhub.com/chained')).toBe(true);
    await pageState(page, 'blocked');
    expect(await text(page, '#tell-adults')).toBe('Tell your class teacher, Miss Knight or your DSL, Mrs Mills.');
    const blocked = (await recordedEvents(browser)).filter((e) => e.type === 'blocked' && e.host === 'www.pornhub.com');
    expect(blocked).toHaveLength(before + 1);
    expect(blocked.at(-1)).toEqual({ type: 'blocked', host: 'www.pornhub.com', category: 'pornography' });
    expect(server.requestsTo('www.pornhub.com')).toEqual([]);
    await page.close();
  });
});
