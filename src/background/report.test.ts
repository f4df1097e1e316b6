import { describe, expect, it } from 'vitest';
import { BLOCK_PAGE, POPUP_SENDER, pupilSafetyFixture, REFUSED } from '@/test/fixtures/pupil-safety';
import { judgeBlockedNavigation } from '@/src/core/blocked-navigation';
import { PRIORITY } from '@/src/core/rules/rule-ids';

const DOC_A = 'https://docs.google.com/document/d/1AbcDEF_ghi-JKL/edit';
const DOC_B = 'https://docs.google.com/document/d/9ZyxWVU_tsr-QPO/edit';
const reportedPage = (url: string) => `${BLOCK_PAGE}#reason=reported&url=${url}`;

describe("the pupil's report", () => {
  it('on an ordinary site: dark page first, the host blocked for the session, its other tabs covered, one event', async () => {
    const t = await pupilSafetyFixture();
    expect(await t.route({ type: 'popup/report' }, POPUP_SENDER)).toEqual({ ok: true });
    // Each tab is covered black before it navigates to the dark page; the tab on another host is left alone.
    expect(t.navigations).toEqual([
      [7, 'cover'],
      [7, reportedPage('https://upsetting.example/v?id=1')],
      [8, 'cover'],
      [8, reportedPage('https://upsetting.example/other')],
    ]);
    const rules = [...t.dnr.session.values()];
    expect(rules).toHaveLength(2);
    expect(
      rules.every((r) => r.priority === PRIORITY.REPORTED_SESSION_BLOCK && r.condition.requestDomains?.[0] === 'upsetting.example'),
    ).toBe(true);
    expect(t.events.events).toEqual([{ type: 'reported', host: 'upsetting.example', detail: { report: 'report-1' } }]);
    const reply = await t.route({ type: 'blocked/hello' }, t.fromPage(reportedPage('https://upsetting.example/v?id=1'), 7));
    expect(reply.ok && reply.view).toMatchObject({
      kind: 'harmful',
      dark: true,
      canRequestUnblock: false,
      lessonUnlock: 'none',
      reportChoice: 'ask',
    });
    // Reporting again from the blocked page's tab keeps it dark (reloads it) without a second block or event.
    expect(await t.safety.reportTab(7)).toBe(true);
    expect(t.navigations.at(-1)).toEqual([7, 'reload']);
    expect(t.dnr.session.size).toBe(2);
    // The blocked page may not report, and the popup may not act on blocked tabs.
    expect(await t.route({ type: 'popup/report' }, t.fromPage())).toEqual(REFUSED);
    expect(await t.route({ type: 'blocked/darken' }, POPUP_SENDER)).toEqual(REFUSED);
  });

  it('on Google Docs: blocks that document only, darkens only the tabs showing it, and its later visits go dark', async () => {
    const t = await pupilSafetyFixture(
      {},
      {
        tabs: [
          [7, DOC_A],
          [8, DOC_A.replace('/edit', '/view?usp=sharing')],
          [10, DOC_B],
          [11, 'https://docs.google.com/'],
        ],
      },
    );
    expect(await t.safety.reportTab(7)).toBe(true);
    expect(t.navigations.filter(([, what]) => what !== 'cover').map(([tab]) => tab)).toEqual([7, 8]);
    const [rule, ...more] = [...t.dnr.session.values()];
    expect(more).toEqual([]);
    expect(rule!.condition).toMatchObject({
      requestDomains: ['docs.google.com'],
      isUrlFilterCaseSensitive: true,
      resourceTypes: ['main_frame', 'sub_frame'],
    });
    // Chrome's rule redirects every address of that document, and only those, to the dark page.
    const judge = (url: string) =>
      judgeBlockedNavigation(
        { url: reportedPage(url), transitionQualifiers: ['server_redirect'] },
        { dynamic: [], session: [rule!] },
        BLOCK_PAGE,
      ).verdict;
    expect(judge(`${DOC_A}?tab=t.0`)).toBe('genuine');
    expect(judge(DOC_A.replace('/edit', '/preview'))).toBe('genuine');
    expect(judge(DOC_B)).toBe('forged');
    expect(judge(DOC_A.replace('1AbcDEF', '1abcdef'))).toBe('forged');
    expect(judge('https://docs.google.com/document/u/0/')).toBe('forged');
    expect(t.events.events).toEqual([{ type: 'reported', host: 'docs.google.com', detail: { report: 'report-1' } }]);
  });

  it('on YouTube: the video in the query (watch?v=) is the page; other videos play on', async () => {
    const video = 'https://www.youtube.com/watch?v=dQw4w9WgXcQ';
    const t = await pupilSafetyFixture(
      {},
      {
        tabs: [
          [7, video],
          [8, `${video}&t=42s`],
          [9, 'https://www.youtube.com/watch?v=aaaaaaaaaaa&list=dQw4w9WgXcQ'],
        ],
      },
    );
    await t.safety.reportTab(7);
    expect(t.navigations.filter(([, what]) => what !== 'cover').map(([tab]) => tab)).toEqual([7, 8]);
  });

  it('a school can add its own shared platforms; the page address is sent only when the school asks', async () => {
    const intranet = 'https://intranet.school.example/pupils/work?id=3#top';
    const t = await pupilSafetyFixture(
      { reports: { sendPageAddress: true, sharedPlatforms: ['school.example'] } },
      {
        tabs: [
          [7, intranet],
          [8, 'https://intranet.school.example/news'],
        ],
      },
    );
    await t.safety.reportTab(7);
    expect(t.navigations.filter(([, what]) => what !== 'cover').map(([tab]) => tab)).toEqual([7]);
    expect(t.events.events).toEqual([
      {
        type: 'reported',
        host: 'intranet.school.example',
        detail: { report: 'report-1' },
        url: 'https://intranet.school.example/pupils/work?id=3',
      },
    ]);
  });

  it('a page rule Chrome refuses falls back to blocking the host: a report always blocks', async () => {
    const t = await pupilSafetyFixture({}, { tabs: [[7, DOC_A]] });
    t.dnr.failNextUpdate = new Error('regexFilter: memoryLimitExceeded');
    await t.safety.reportTab(7);
    expect([...t.dnr.session.values()].map((r) => r.condition.requestDomains)).toEqual([['docs.google.com'], ['docs.google.com']]);
    expect(t.events.events).toHaveLength(1);
  });

  it('the pupil may then say what happened, once, from the tab they reported: one word, linked to the report', async () => {
    const t = await pupilSafetyFixture();
    await t.safety.reportTab(7);
    const reported = t.fromPage(reportedPage('https://upsetting.example/v?id=1'), 7);
    const chose = await t.route({ type: 'blocked/report-choice', choice: 'stranger' }, reported);
    expect(chose.ok && chose.view?.reportChoice).toBe('sent');
    expect(t.events.events).toEqual([
      { type: 'reported', host: 'upsetting.example', detail: { report: 'report-1' } },
      { type: 'reported', host: 'upsetting.example', choice: 'stranger', detail: { report: 'report-1' } },
    ]);
    expect(await t.route({ type: 'blocked/report-choice', choice: 'other' }, reported)).toEqual(REFUSED);
    // A tab that was only covered, a blocked page that was not a report, and free text: refused.
    expect(
      await t.route({ type: 'blocked/report-choice', choice: 'other' }, t.fromPage(reportedPage('https://upsetting.example/other'), 8)),
    ).toEqual(REFUSED);
    await t.blocked();
    expect(await t.route({ type: 'blocked/report-choice', choice: 'other' }, t.fromPage())).toEqual(REFUSED);
    expect(await t.route({ type: 'blocked/report-choice', choice: 'my teacher Mr X' }, reported)).toEqual({
      ok: false,
      error: 'bad-message',
    });
  });
});
