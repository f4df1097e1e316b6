import { CHILDREN_LEARNING_SITES, ESSENTIAL_PLATFORM_SITES } from '../builtin-domains';
import { isCoveredBy } from '../domain';

/**
 * Over-blocking guard. Real category lists contain hosting platforms, archive.org and the like;
 * one such line would block every pupil's lessons. No list feed may block these; a school that
 * really wants one blocked names it itself (blockDomains or categoryDomains), which is not guarded.
 * Licensed illegal-content feeds are not guarded: they are legal obligations, not opinions.
 */

/** Sites whose every subdomain is essential: list entries at or under them are suppressed. */
export const PROTECTED_SUBTREES: readonly string[] = [
  // reference and archives
  'wikipedia.org',
  'wikimedia.org',
  'wiktionary.org',
  'archive.org',
  // UK public bodies (these suffixes hold only public bodies, schools and universities)
  'gov.uk',
  'nhs.uk',
  'police.uk',
  'sch.uk',
  'ac.uk',
  'parliament.uk',
  'ofsted.gov.uk',
  'bbc.co.uk',
  'bbc.com',
  'thenational.academy',
  'khanacademy.org',
  // school platforms pupils sign in to
  'classroom.google.com',
  'docs.google.com',
  'drive.google.com',
  'meet.google.com',
  'accounts.google.com',
  'gstatic.com',
  'login.microsoftonline.com',
  'office.com',
  'microsoft365.com',
  'teams.microsoft.com',
  ...CHILDREN_LEARNING_SITES,
  ...ESSENTIAL_PLATFORM_SITES,
];

/**
 * Platforms hosting many unrelated sites: the platform itself (and its parents) may not be listed,
 * but a list may still block one site on it (`bad-site.github.io`).
 */
export const PROTECTED_PLATFORMS: readonly string[] = [
  'github.com',
  'github.io',
  'githubusercontent.com',
  'gitlab.com',
  'pages.dev',
  'workers.dev',
  'blogspot.com',
  'wordpress.com',
  'sites.google.com',
  'web.app',
  'firebaseapp.com',
  'vercel.app',
  'netlify.app',
  'herokuapp.com',
  'appspot.com',
  'cloudfront.net',
  'azurewebsites.net',
  'amazonaws.com',
  'googleusercontent.com',
  'googleapis.com',
  'sharepoint.com',
  'canva.com',
  'padlet.com',
];

export interface OverBlockingGuard {
  isSuppressed(host: string): boolean;
  /** Stable text naming the guard's contents: cached list chunks are rebuilt when it changes. */
  signature: string;
}

/** `extraSubtrees`: the school's own `protectedDomains`, already normalised. */
export function createOverBlockingGuard(extraSubtrees: readonly string[] = []): OverBlockingGuard {
  const subtrees = new Set([...PROTECTED_SUBTREES, ...extraSubtrees]);
  const exact = new Set<string>(PROTECTED_PLATFORMS);
  // Every strict parent of a protected name: listing `google.com` would block docs.google.com.
  for (const host of [...subtrees, ...exact]) {
    let rest = host;
    for (;;) {
      const dot = rest.indexOf('.');
      if (dot === -1) break;
      rest = rest.slice(dot + 1);
      if (rest.includes('.')) exact.add(rest);
    }
  }
  return {
    isSuppressed(host) {
      return exact.has(host) || isCoveredBy(subtrees, host);
    },
    signature: [...subtrees].sort().join(','),
  };
}
