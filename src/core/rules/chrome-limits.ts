/**
 * Chrome's declarativeNetRequest limits (Chrome 121+), checked by the compiler before the browser
 * rejects a whole update.
 */
export interface DnrLimits {
  maxDynamicRules: number;
  maxUnsafeDynamicRules: number;
  maxSessionRules: number;
  maxUnsafeSessionRules: number;
  /** Regular-expression rules, dynamic and session together. */
  maxRegexRules: number;
  /**
   * Session rules, and regex session rules, kept free for what happens on the device: reported
   * hosts and lesson unlocks (MAX_SESSION_SLOTS slots of SESSION_RULE_IDS_PER_SLOT rules, one of
   * them a regex redirect).
   */
  reservedSessionRules: number;
  reservedSessionRegexRules: number;
  /** Verified on Chromium 156: one rule carries 100 000 requestDomains without slowing page loads. */
  maxDomainsPerRule: number;
}

export const CHROME_DNR_LIMITS: DnrLimits = {
  maxDynamicRules: 30_000,
  maxUnsafeDynamicRules: 5_000,
  maxSessionRules: 5_000,
  maxUnsafeSessionRules: 5_000,
  maxRegexRules: 1_000,
  reservedSessionRules: 1_000,
  reservedSessionRegexRules: 500,
  maxDomainsPerRule: 100_000,
};
