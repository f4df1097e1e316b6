import { z } from 'zod';
import { CATEGORIES } from '../categories';
import { KEY_STAGES } from '../key-stages';
import { parsePinHash } from '../pin';
import { secretValue } from './secrets';
import { totpSecretProblem } from '../totp';
import { CLOCK_TIME_PATTERN, schoolHoursProblem, WEEKDAYS } from '../school-hours';
import { monitoringSchema, monitorTermsSchema } from '../monitor/settings';

/**
 * The admin policy schools paste into Google Admin console. This zod schema is the single source:
 * `public/managed_schema.json` is generated from it (see managed-schema.ts) and a test keeps the
 * two in step. Descriptions are shown to IT staff, so they are written for them.
 */

export const SAFE_SEARCH_LEVELS = ['strict', 'moderate', 'off'] as const;
export type SafeSearchLevel = (typeof SAFE_SEARCH_LEVELS)[number];

const hostList = (what: string) =>
  z
    .array(z.string())
    .describe(
      `${what} Host names such as "example.com"; each also covers its subdomains. International names are accepted. A bad entry is reported on the status page and skipped.`,
    );

const categoryList = (what: string) => z.array(z.enum(CATEGORIES)).describe(what);

/** Settings a school can give for all key stages at the top level, or for one key stage under `profiles`. */
const profileSettings = {
  blockDomains: hostList('Sites to block as well as the categories.').optional(),
  allowDomains: hostList(
    'Sites to allow even when a category blocks them (fixes over-blocking). Never overrides illegal content.',
  ).optional(),
  addCategories: categoryList('Categories to block on top of the key stage defaults.').optional(),
  removeCategories: categoryList(
    'Categories to stop blocking. For pupil key stages the illegal, UK Safer Internet Centre and circumvention categories cannot be removed.',
  ).optional(),
  categoryDomains: z
    .array(
      z.object({
        category: z.enum(CATEGORIES).describe('The category these sites belong to.'),
        domains: hostList('Sites to add to the category.'),
      }),
    )
    .describe('Extra sites for a category, for example a site the police asked the school to add to "illegal".')
    .optional(),
  approvedSitesOnly: z
    .boolean()
    .describe("Approved-sites-only mode: block every page except allowDomains and the built-in children's learning sites.")
    .optional(),
  safeSearch: z
    .enum(SAFE_SEARCH_LEVELS)
    .describe(
      'Safe search locked on Google, Bing, DuckDuckGo and Yahoo: strict, moderate or off. While it is on, search engines that cannot be locked are blocked.',
    )
    .optional(),
  youtubeRestrict: z.enum(SAFE_SEARCH_LEVELS).describe('YouTube Restricted Mode: strict, moderate or off.').optional(),
  monitoring: monitoringSchema.optional(),
};

export const profileOverrideSchema = z.object(profileSettings).describe('Settings for one key stage.');
export type ProfileOverride = z.infer<typeof profileOverrideSchema>;

export const adultSchema = z.object({
  role: z.string().min(1).max(60).describe('For example "teacher" or "Designated Safeguarding Lead".'),
  name: z.string().min(1).max(60).describe('How pupils know them, for example "Miss Knight".'),
});

export const endpointSchema = z.object({
  url: z.string().describe('HTTPS address that receives breach events (http only for loopback test servers).'),
  enrolmentToken: secretValue(
    z
      .string()
      .optional()
      .describe(
        "The school's enrolment token: lets a device register its own signing key with the endpoint, once. Defaults to token. Not needed to send events.",
      ),
  ),
  token: secretValue(
    z
      .string()
      .optional()
      .describe('Version 1 bearer token. Devices of this version use it only as the enrolment token when enrolmentToken is not set.'),
  ),
  signingKey: secretValue(
    z
      .string()
      .optional()
      .describe('Version 1 HMAC secret. Devices of this version sign with their own key instead; kept only as a pseudonym key fallback.'),
  ),
  pseudonymKey: secretValue(
    z
      .string()
      .optional()
      .describe(
        'Secret the device pseudonym is made with (HMAC of the device ID). Set it explicitly and keep it: with it the school can tell which device sent an event. Defaults to signingKey, then token.',
      ),
  ),
});

export const listFeedSchema = z.object({
  category: z.enum(CATEGORIES).describe('The category the list feeds.'),
  url: z.string().describe('HTTPS address of the list.'),
  format: z.enum(['domains', 'hosts', 'adblock']).describe('One domain a line, a hosts file, or AdBlock ||domain^ lines.'),
});

export const illegalFeedSchema = z.object({
  url: z.string().describe('HTTPS address of the licensed list.'),
  format: z.enum(['domains', 'hosts', 'adblock']).describe('One domain a line, a hosts file, or AdBlock ||domain^ lines.'),
  name: z.string().max(60).describe('Who supplies it, for the status page, for example "IWF".').optional(),
});

/** The blocked page, the pupil's report and the adult's unlock (README: "The blocked page…"). */
const pupilPageSettings = {
  unlockCodeSecret: secretValue(
    z
      .string()
      // A secret that cannot work refuses the whole policy, rather than silently leaving no way to unlock.
      .refine((value) => totpSecretProblem(value) === null, {
        message: 'must be base32 of at least 160 bits (see README: "Adult unlock codes")',
      })
      .describe(
        "The school's unlock secret: base32, at least 160 bits (npx tsx scripts/make-unlock-secret.ts). Staff authenticator apps show 6-digit codes from it that unlock a blocked page for 30 seconds each, once.",
      )
      .optional(),
  ),
  schoolHours: z
    .object({
      days: z.array(z.enum(WEEKDAYS)).describe('School days (default mon to fri).').optional(),
      start: z.string().regex(CLOCK_TIME_PATTERN).describe('Start of the school day, "HH:MM", UK time.'),
      end: z.string().regex(CLOCK_TIME_PATTERN).describe('End of the school day, "HH:MM", UK time.'),
    })
    .refine((hours) => schoolHoursProblem(hours) === null, { message: 'the end must be after the start' })
    .describe(
      'Outside these hours (UK time; default 08:00 to 16:00, Monday to Friday) the blocked page also tells pupils to tell their parent or carer.',
    )
    .optional(),
  reports: z
    .object({
      sendPageAddress: z
        .boolean()
        .describe("Send the reported page's address with a pupil's report (default false). Never sent for blocked pages.")
        .optional(),
      sharedPlatforms: hostList('More shared platforms, where a report blocks only the reported page, not the whole site.').optional(),
    })
    .describe("How a pupil's report works.")
    .optional(),
  pageKinds: z
    .object({
      harmful: categoryList('Categories that get the "turn off the screen and tell an adult" page.').optional(),
      notForSchool: categoryList(
        'Categories that get the calm "this site isn\'t used at school" page. Illegal content and the UK Safer Internet Centre content categories always get the harmful page.',
      ).optional(),
    })
    .describe('Which blocked page pupils see for each category (README: "Categories").')
    .optional(),
};

export const policySchema = z.object({
  keyStage: z.enum(KEY_STAGES).describe('The key stage of the devices in this organisational unit.'),
  schoolId: z.string().min(1).max(64).describe('Short school identifier, for example the URN. Sent with events.').optional(),
  schoolName: z.string().max(120).describe('School name shown to staff and pupils.').optional(),
  adults: z.array(adultSchema).max(10).describe('The people a pupil should tell, shown on the blocked page.').optional(),
  endpoint: endpointSchema.describe('Where breach events are sent.').optional(),
  unlockPinHash: secretValue(
    z
      .string()
      // A malformed hash refuses the whole policy (the last good one stays), rather than silently
      // falling back to press-and-hold unlocking.
      .refine((value) => parsePinHash(value).ok, { message: 'is not a PIN hash made by scripts/make-pin-hash.ts' })
      .describe(
        'Salted slow hash of the adults\' unlock PIN of 6 to 12 digits (see README: "Adult unlock codes"). Never the PIN itself. unlockCodeSecret is safer.',
      )
      .optional(),
  ),
  lists: z.array(listFeedSchema).describe('Category list feeds to download and enforce.').optional(),
  illegalContentFeeds: z
    .array(illegalFeedSchema)
    .describe(
      'Licensed illegal-content feeds (IWF, police CTIRU). Always enforced above every school setting: allowDomains and removeCategories cannot lift them, and the over-blocking guard does not apply.',
    )
    .optional(),
  listRefreshHours: z
    .number()
    .int()
    .min(1)
    .max(168)
    .describe('How often list feeds are checked for updates, in hours (default 24). Unchanged feeds cost one small request.')
    .optional(),
  listShrinkGuardPercent: z
    .number()
    .int()
    .min(0)
    .max(100)
    .describe(
      'A download with fewer sites than this percentage of the last good copy is treated as broken and the last good copy is kept (default 50; 0 turns the check off).',
    )
    .optional(),
  protectedDomains: hostList(
    'Extra sites (and their subdomains) that no downloaded category list may block, on top of the built-in essential education sites. Your own blockDomains and categoryDomains still apply.',
  ).optional(),
  ...profileSettings,
  monitorTerms: monitorTermsSchema.optional(),
  profiles: z
    .object(
      Object.fromEntries(KEY_STAGES.map((k) => [k, profileOverrideSchema.optional()])) as Record<
        (typeof KEY_STAGES)[number],
        z.ZodOptional<typeof profileOverrideSchema>
      >,
    )
    .describe('Per key stage settings, so one policy can serve every organisational unit of a trust.')
    .optional(),
  ...pupilPageSettings,
});

export type Policy = z.infer<typeof policySchema>;

/** Every top-level policy key, for documentation and convention tests. */
export const POLICY_KEYS = Object.keys(policySchema.shape) as (keyof Policy)[];
