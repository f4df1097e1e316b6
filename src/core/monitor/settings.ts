import { z } from 'zod';
import { ALERT_CATEGORIES, SEVERITIES, type AlertCategory, type Severity } from '../alert-categories';
import type { KeyStage } from '../key-stages';
import { ENTRY_ID_PATTERN, type LexiconEntry } from './lexicon';
import type { MatcherSource } from './matcher';
import { normaliseTerm } from './normalise';

/**
 * The school's monitoring settings: the two policy keys (`monitoring`, also per key stage under
 * `profiles`, and `monitorTerms`), the defaults per key stage, and what they resolve to.
 */

/** At which severity the pupil is shown the harmful-content page (`never`: record only). */
export const SHOW_PAGE_LEVELS = ['high', 'medium', 'never'] as const;
export type ShowPageLevel = (typeof SHOW_PAGE_LEVELS)[number];

export const monitoringSchema = z
  .object({
    enabled: z
      .boolean()
      .describe('Monitor searches, chatbot prompts and page text on the device (default: on for pupils, off for STAFF).')
      .optional(),
    searches: z.boolean().describe('Check searches and prompts typed into AI chat sites (default true).').optional(),
    pages: z.boolean().describe('Check the text of the pages pupils read, including chatbot answers (default true).').optional(),
    sendTerms: z
      .boolean()
      .describe('Send the lexicon term that matched with each alert (never the search or the page text). Default false.')
      .optional(),
    showPageAt: z
      .enum(SHOW_PAGE_LEVELS)
      .describe(
        'From which severity the pupil sees the harmful-content page: high, medium or never (default: medium up to KS2, high from KS3).',
      )
      .optional(),
    recordAt: z
      .enum(SEVERITIES)
      .describe('From which severity an alert is sent to the DSL: high, medium or low (default medium).')
      .optional(),
    trustedSites: z
      .array(z.string())
      .max(500)
      .describe(
        'Education sites whose pages are not read at all (searches on them are still checked). Host names; each covers its subdomains.',
      )
      .optional(),
  })
  .describe('On-device monitoring of searches, chatbot prompts and page text (README: "Monitoring what gets through").');
export type MonitoringPolicy = z.infer<typeof monitoringSchema>;

export const schoolTermSchema = z.object({
  term: z
    .string()
    .min(2)
    .max(64)
    .describe('The word or phrase, written plainly; the usual misspellings are found too. `*` at the end also finds longer words.'),
  category: z.enum(ALERT_CATEGORIES).describe('Which alert category it belongs to.'),
  severity: z.enum(SEVERITIES).describe('high, medium or low.'),
});
export type SchoolTerm = z.infer<typeof schoolTermSchema>;

export const monitorTermsSchema = z
  .object({
    add: z
      .array(schoolTermSchema)
      .max(500)
      .describe('Terms to add, such as local slang. Each becomes entry school-001, school-002… in order.')
      .optional(),
    remove: z
      .array(z.string().min(1).max(64))
      .max(500)
      .describe('Built-in entries to switch off, by id (such as "dr-002") or by one of their terms (such as "weed").')
      .optional(),
  })
  .describe("The school's changes to the monitoring lexicon.");
export type MonitorTermsPolicy = z.infer<typeof monitorTermsSchema>;

export interface MonitorSettings {
  enabled: boolean;
  searches: boolean;
  pages: boolean;
  sendTerms: boolean;
  showPageAt: ShowPageLevel;
  recordAt: Severity;
  /** Normalised host names. */
  trustedSites: string[];
  addTerms: SchoolTerm[];
  removeTerms: string[];
}

/** Younger pupils see the page for medium matches as well; staff are not monitored unless the school says so. */
export const MONITORING_DEFAULTS: Record<KeyStage, Pick<MonitorSettings, 'enabled' | 'showPageAt' | 'recordAt'>> = {
  EYFS: { enabled: true, showPageAt: 'medium', recordAt: 'medium' },
  KS1: { enabled: true, showPageAt: 'medium', recordAt: 'medium' },
  KS2: { enabled: true, showPageAt: 'medium', recordAt: 'medium' },
  KS3: { enabled: true, showPageAt: 'high', recordAt: 'medium' },
  KS4: { enabled: true, showPageAt: 'high', recordAt: 'medium' },
  KS5: { enabled: true, showPageAt: 'high', recordAt: 'medium' },
  STAFF: { enabled: false, showPageAt: 'never', recordAt: 'high' },
};

/**
 * The key stage's settings: its defaults, then the top-level `monitoring`, then `profiles.<KS>.monitoring`
 * (single values replace, `trustedSites` add up). Hosts are normalised by the caller's `hosts`.
 */
export function resolveMonitoring(
  keyStage: KeyStage,
  top: MonitoringPolicy | undefined,
  profile: MonitoringPolicy | undefined,
  terms: MonitorTermsPolicy | undefined,
  hosts: (entries: string[] | undefined, path: string) => string[],
): MonitorSettings {
  const defaults = MONITORING_DEFAULTS[keyStage];
  const pick = <K extends keyof MonitoringPolicy>(key: K) => profile?.[key] ?? top?.[key];
  return {
    enabled: pick('enabled') ?? defaults.enabled,
    searches: pick('searches') ?? true,
    pages: pick('pages') ?? true,
    sendTerms: pick('sendTerms') ?? false,
    showPageAt: pick('showPageAt') ?? defaults.showPageAt,
    recordAt: pick('recordAt') ?? defaults.recordAt,
    trustedSites: [
      ...new Set([
        ...hosts(top?.trustedSites, 'monitoring.trustedSites'),
        ...hosts(profile?.trustedSites, `profiles.${keyStage}.monitoring.trustedSites`),
      ]),
    ],
    addTerms: terms?.add ?? [],
    removeTerms: terms?.remove ?? [],
  };
}

/** A school term that cannot be used, in words for the status page. */
export interface TermIssue {
  path: string;
  message: string;
}

/** The built-in lexicon with the school's additions and removals applied. Bad terms are skipped and reported. */
export function withSchoolTerms(
  source: MatcherSource,
  settings: Pick<MonitorSettings, 'addTerms' | 'removeTerms'>,
): { source: MatcherSource; issues: TermIssue[] } {
  const issues: TermIssue[] = [];
  const removeIds = new Set(settings.removeTerms.filter((r) => ENTRY_ID_PATTERN.test(r)));
  const folded = (term: string) => normaliseTerm(term)?.classes.join(',') ?? '';
  const removeTerms = new Set(settings.removeTerms.filter((r) => !ENTRY_ID_PATTERN.test(r)).map(folded));
  const used = new Set<string>();
  const entries: LexiconEntry[] = [];
  for (const entry of source.entries) {
    if (removeIds.has(entry.id)) {
      used.add(entry.id);
      continue;
    }
    const terms = entry.terms.filter((t) => !removeTerms.has(folded(t)));
    for (const t of entry.terms) if (removeTerms.has(folded(t))) used.add(folded(t));
    if (terms.length > 0 || (entry.near?.length ?? 0) > 0) entries.push(terms.length === entry.terms.length ? entry : { ...entry, terms });
  }
  settings.removeTerms.forEach((r, index) => {
    if (!used.has(ENTRY_ID_PATTERN.test(r) ? r : folded(r)))
      issues.push({
        path: `monitorTerms.remove[${index}]`,
        message: `"${r.slice(0, 64)}" is not a built-in entry id or term; nothing was removed.`,
      });
  });
  settings.addTerms.forEach((added, index) => {
    const normalised = normaliseTerm(added.term);
    if (!normalised) {
      issues.push({ path: `monitorTerms.add[${index}].term`, message: `"${added.term.slice(0, 64)}" has no letters; skipped.` });
      return;
    }
    entries.push({
      id: `school-${String(index + 1).padStart(3, '0')}`,
      category: added.category as AlertCategory,
      severity: added.severity,
      lang: 'en',
      terms: [added.term],
    });
  });
  return { source: { ...source, entries }, issues };
}
