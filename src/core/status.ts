import type { PolicySource } from './audit';
import type { Category } from './categories';
import type { KeyStage } from './key-stages';
import type { PolicyIssue } from './policy/resolve';
import type { CategoryStats, CompileIssue } from './rules/compiler';

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
  compileErrors: CompileIssue[];
  limitations: string[];
  /** Set when the browser refused the rules; the previous rules stay in force. */
  installError: string | null;
  /** How long the last refresh took: compiling rules, and planning plus installing them. */
  timings: { compileMs: number; installMs: number };
}
