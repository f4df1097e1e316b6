import { describe, expect, it } from 'vitest';
import { createOverBlockingGuard } from './guard';

describe('createOverBlockingGuard', () => {
  const guard = createOverBlockingGuard(['myschool.example']);

  it('protects essential sites with all their subdomains, and the parents that would cover them', () => {
    for (const host of [
      'archive.org',
      'web.archive.org',
      'en.wikipedia.org',
      'www.gov.uk',
      'docs.google.com',
      'google.com',
      'bbc.co.uk',
      'myschool.example',
      'intranet.myschool.example',
    ]) {
      expect(guard.isSuppressed(host), host).toBe(true);
    }
  });

  it('protects hosting platforms themselves but not one site on them', () => {
    expect(guard.isSuppressed('github.io')).toBe(true);
    expect(guard.isSuppressed('pages.dev')).toBe(true);
    expect(guard.isSuppressed('bad-site.github.io')).toBe(false);
    expect(guard.isSuppressed('phish.pages.dev')).toBe(false);
  });

  it('leaves ordinary sites alone', () => {
    for (const host of ['pornhub.com', 'ads.google.com', 'example.org', 'notwikipedia.org'])
      expect(guard.isSuppressed(host), host).toBe(false);
  });

  it("its signature changes with the school's extra entries", () => {
    expect(createOverBlockingGuard().signature).not.toBe(guard.signature);
    expect(createOverBlockingGuard(['myschool.example']).signature).toBe(guard.signature);
  });
});
