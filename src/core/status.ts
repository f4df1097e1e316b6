import type { PolicySource } from './audit';
import type { ListStatus } from './lists/list-record';
import type { Category } from './categories';
import type { KeyStage } from './key-stages';
import type { PolicyIssue } from './policy/resolve';
import type { CategoryStats, CompileIssue } from './rules/compiler';

/**
 * The restart copy of the session tier (see rules/tiers.ts): `writing` while Chrome re-indexes,
 * `failed` with the browser's error.
 */
export interface RestartCopyStatus {
  state: 'current' | 'writing' | 'failed';
  at: string;
  ms?: number;
  error?: string;
}

/** What the status page shows; written by the background after every policy refresh. */
export interface FilterStatus {
  /** ISO 8601 time of the last refresh. */
  refreshedAt: string;
  source: PolicySource;
  /** Why the source is not `admin`, in plain words. */
  sourceReason: string | null;
  keyStage: KeyStage;
  approvedSitesOnly: boolean;
  schoolId: string | null;
  schoolName: string | null;
  /** Problems in the admin policy as last read (even when a last good policy is enforced). */
  issues: PolicyIssue[];
  categories: Partial<Record<Category, CategoryStats>>;
  schoolBlock: number;
  schoolAllow: number;
  safeSearch: string;
  youtubeRestrict: string;
  ruleCount: number;
  /** Rules the compiler left out to stay within Chrome's limits. */
  rulesLeftOut: CompileIssue[];
  /** Set when the browser refused the rules; the previous rules stay in force. */
  installError: string | null;
  /**
   * Set while Chrome has not answered the read of the admin policy (it holds policy back until the
   * browser has finished starting): when the read began. The fallback in `source` is enforced meanwhile.
   */
  policyPendingSince: string | null;
  /** When Chrome last delivered the admin policy to this device (null before it ever has). */
  policyReceivedAt: string | null;
  /** When the rules now in force were installed (kept while later refreshes change nothing). */
  inForceSince: string;
  /** Whether the strictest static ruleset is on: from installation until a valid policy's rules are in force. */
  strictestRulesetOn?: boolean;
  /** Downloaded list feeds: size, age and last error of each (absent before any list is configured). */
  lists?: ListStatus[];
  /** Rules (re)sent to the browser by the last refresh, and how many of them carried list chunks. */
  lastInstall?: {
    rulesSent: number;
    chunkRulesSent: number;
    rulesRemoved: number;
    ms: number;
    /** The restart copy (the rules a restarted browser enforces until the worker runs): see tiers.ts. */
    restartCopy: 'written' | 'pending' | 'current';
  };
  /** Static rulesets (lists baked in at build) now enabled. */
  bakedListsEnabled?: string[];
  /** The last refresh that changed the installed rules (kept while later refreshes change nothing). */
  lastRuleChange?: { at: string; trigger: string; keyStage: KeyStage; ms: number; rulesSent: number; chunkRulesSent: number };
  /** How long the last refresh took, policy read to status (benchmarks read it). */
  refreshMs?: number;
  /** How long the last refresh took: compiling rules, and planning plus installing them. */
  timings: { compileMs: number; installMs: number };
}
