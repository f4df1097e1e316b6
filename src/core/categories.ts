/**
 * Filtering categories. The order is part of the rule-ID scheme (see rule-ids.ts): append new
 * categories at the end so existing rule IDs stay stable.
 */
export const CATEGORIES = [
  'illegal',
  'pornography',
  'gambling',
  'drugs',
  'extremism',
  'discrimination',
  'violence',
  'self-harm',
  'malware',
  'piracy',
  'circumvention',
  'social-networks',
  'dating',
  'chat',
  'webmail',
  'games',
] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * IWF and police terrorism (CTIRU) content. Always enforced, above every school setting.
 */
export const ILLEGAL_CATEGORY: Category = 'illegal';

/** The UK Safer Internet Centre "appropriate filtering" categories. */
export const UKSIC_CATEGORIES: readonly Category[] = [
  'pornography',
  'gambling',
  'drugs',
  'extremism',
  'discrimination',
  'violence',
  'self-harm',
  'malware',
  'piracy',
];

/**
 * What no pupil key stage may be lighter than. A school that tries to remove one of these for
 * pupils gets a visible policy error instead; it can still allow single sites with allowDomains.
 */
export const PUPIL_FLOOR_CATEGORIES: readonly Category[] = [ILLEGAL_CATEGORY, ...UKSIC_CATEGORIES, 'circumvention'];

/** Plain-English descriptions for staff (status page, README). Pupil wording lives with the blocked page. */
export const CATEGORY_DESCRIPTIONS: Record<Category, string> = {
  illegal: 'Illegal content: IWF child sexual abuse list and police (CTIRU) terrorism list',
  pornography: 'Pornography and sexually explicit material',
  gambling: 'Gambling and betting',
  drugs: 'Illegal drugs and substance abuse',
  extremism: 'Extremism and radicalisation',
  discrimination: 'Discrimination and hate',
  violence: 'Violence and gore',
  'self-harm': 'Self-harm, suicide and eating disorders',
  malware: 'Malware, hacking and phishing',
  piracy: 'Piracy and copyright theft',
  circumvention:
    'Ways round the filter: proxies, VPNs, remote browsers, web archives and caches, translation proxies, YouTube and social-network front ends, DNS over HTTPS',
  'social-networks': 'Social networks',
  dating: 'Dating',
  chat: 'Chat rooms and messaging with strangers',
  webmail: 'External (personal) webmail',
  games: 'Online games',
};

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}
