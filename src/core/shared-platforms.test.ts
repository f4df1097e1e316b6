import { describe, expect, it } from 'vitest';
import { MAX_PAGE_NAME_CHARS, reportTargetFor, showsReported, type ReportTarget } from './shared-platforms';

const page = (url: string, school: string[] = []) => {
  const target = reportTargetFor(url, school);
  if (target?.scope !== 'page') throw new Error(`expected a page report for ${url}, got ${JSON.stringify(target)}`);
  return target;
};
const covers = (target: ReportTarget, url: string) => showsReported(target, url);

describe('what a report blocks', () => {
  it('a Google document, in any of its views, and no other document', () => {
    const doc = page('https://docs.google.com/document/d/1AbcDEF_ghi-JKL/edit?usp=sharing#heading=h.1');
    expect(covers(doc, 'https://docs.google.com/document/d/1AbcDEF_ghi-JKL/view')).toBe(true);
    expect(covers(doc, 'https://docs.google.com/document/d/1AbcDEF_ghi-JKL')).toBe(true);
    expect(covers(doc, 'https://docs.google.com/document/d/1AbcDEF_ghi-JKLM/edit')).toBe(false);
    expect(covers(doc, 'https://docs.google.com/document/d/1abcdef_ghi-jkl/edit')).toBe(false);
    expect(covers(doc, 'https://docs.google.com/spreadsheets/d/1AbcDEF_ghi-JKL/edit')).toBe(false);
    expect(covers(doc, 'https://classroom.google.com/document/d/1AbcDEF_ghi-JKL/edit')).toBe(false);
    expect(page('https://drive.google.com/file/d/1xyz/view').regex).toContain('/file/d/1xyz');
    expect(page('https://drive.google.com/drive/u/1/folders/0Bfolder').regex).toContain('/drive/u/1/folders/0Bfolder');
  });
  it('a YouTube video by its id in the query, a short by its path; other videos play on', () => {
    const video = page('https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10s');
    expect(covers(video, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ')).toBe(true);
    expect(covers(video, 'https://www.youtube.com/watch?list=PL1&v=dQw4w9WgXcQ&index=2')).toBe(true);
    expect(covers(video, 'https://www.youtube.com/watch?v=dQw4w9WgXcQx')).toBe(false);
    expect(covers(video, 'https://www.youtube.com/watch?v=other&list=dQw4w9WgXcQ')).toBe(false);
    expect(covers(video, 'https://www.youtube.com/watch?vv=dQw4w9WgXcQ')).toBe(false);
    const short = page('https://www.youtube.com/shorts/abc123');
    expect(covers(short, 'https://www.youtube.com/shorts/abc123?feature=share')).toBe(true);
    expect(covers(short, 'https://www.youtube.com/shorts/abc1234')).toBe(false);
  });
  it('a Wikipedia article, a search (its words are in the query), a Microsoft 365 document', () => {
    const article = page('https://en.wikipedia.org/wiki/Dinosaur');
    expect(covers(article, 'https://en.wikipedia.org/wiki/Dinosaur#Diet')).toBe(true);
    expect(covers(article, 'https://en.wikipedia.org/wiki/Dinosaur_Park')).toBe(false);
    const search = page('https://www.google.com/search?q=scary+thing&tbm=isch');
    expect(covers(search, 'https://www.google.com/search?tbm=isch&q=scary+thing')).toBe(true);
    expect(covers(search, 'https://www.google.com/search?q=homework')).toBe(false);
    // google.com itself is never blocked whole: sign-in and Classroom live under it.
    expect(covers(search, 'https://www.google.com/')).toBe(false);
    const word = page('https://school.sharepoint.com/:w:/r/sites/Y7/_layouts/15/Doc.aspx?sourcedoc=%7BABC-123%7D&action=edit');
    expect(covers(word, 'https://school.sharepoint.com/:w:/r/sites/Y7/_layouts/15/Doc.aspx?action=view&sourcedoc=%7BABC-123%7D')).toBe(
      true,
    );
    expect(covers(word, 'https://school.sharepoint.com/:w:/r/sites/Y7/_layouts/15/Doc.aspx?sourcedoc=%7BDEF-456%7D')).toBe(false);
  });
  it('anywhere else the host, as before; a school can add platforms of its own', () => {
    expect(reportTargetFor('https://upsetting.example/a?b=1')).toEqual({ scope: 'host', host: 'upsetting.example' });
    const intranet = page('https://vle.school.example/course/view.php?id=7', ['school.example']);
    expect(covers(intranet, 'https://vle.school.example/course/view.php?id=8')).toBe(true);
    expect(covers(intranet, 'https://vle.school.example/course/edit.php')).toBe(false);
    expect(reportTargetFor('chrome://newtab/')).toBeNull();
    expect(reportTargetFor('chrome-extension://x/blocked.html#reason=school')).toBeNull();
  });
  it('escapes what a regular expression would read as syntax, and stays within what Chrome gives a regex rule', () => {
    const odd = page('https://en.wikipedia.org/wiki/C++_(programming_language)');
    expect(covers(odd, 'https://en.wikipedia.org/wiki/C++_(programming_language)')).toBe(true);
    expect(covers(odd, 'https://en.wikipedia.org/wiki/CCC_(programming_language)')).toBe(false);
    expect(() => new RegExp(odd.regex)).not.toThrow();
    // A very long page name is cut to a prefix of it: a few more pages of the host at most, never the host.
    const long = page(`https://en.wikipedia.org/wiki/${'A'.repeat(300)}`);
    expect(long.regex.length).toBeLessThan(MAX_PAGE_NAME_CHARS + 30);
    expect(covers(long, `https://en.wikipedia.org/wiki/${'A'.repeat(300)}`)).toBe(true);
    expect(covers(long, 'https://en.wikipedia.org/wiki/B')).toBe(false);
    const longQuery = page(`https://www.youtube.com/watch?v=${'x'.repeat(200)}`);
    expect(longQuery.regex.length).toBeLessThan(MAX_PAGE_NAME_CHARS + 60);
  });
});

describe("page patterns within Chrome's regex memory", () => {
  it('a long path with a query falls back to the path alone, cut', () => {
    const target = page(`https://school.sharepoint.com/sites/${'x'.repeat(80)}/Doc.aspx?sourcedoc=%7BABC%7D`);
    expect(target.regex.length).toBeLessThan(MAX_PAGE_NAME_CHARS + 30);
    expect(target.regex).not.toContain('sourcedoc');
  });
});
