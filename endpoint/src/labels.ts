import { ALERT_CATEGORY_DESCRIPTIONS, SEVERITIES, type AlertCategory, type Severity } from '../../src/core/alert-categories';
import { CATEGORY_DESCRIPTIONS, isCategory } from '../../src/core/categories';
import type { EventTypeV2 } from '../../src/core/events/schema-v2';

/** Plain English for every code a person sees in the workspace, its messages and its API descriptions. */

export const EVENT_TYPE_LABELS: Record<EventTypeV2, string> = {
  blocked: 'Blocked visit',
  reported: 'Pupil report',
  'unblock-request': 'Asked for a site to be unblocked',
  unlocked: 'Unlocked by an adult',
  'lesson-unlock': 'Unlocked for a lesson',
  'policy-error': 'Filtering policy refused',
  heartbeat: 'Device check-in',
  'search-alert': 'Worrying search',
  'content-alert': 'Worrying words on a page',
};

/** A category's short name: the filtering description up to its colon, or the alert category's. */
export function categoryLabel(category: string | null | undefined): string {
  if (!category) return '—';
  if (isCategory(category)) return CATEGORY_DESCRIPTIONS[category].split(':')[0] ?? category;
  return ALERT_CATEGORY_DESCRIPTIONS[category as AlertCategory] ?? category;
}

export { SEVERITIES, type Severity };
export const SEVERITY_LABELS: Record<Severity, string> = { high: 'High', medium: 'Medium', low: 'Low' };
export const SEVERITY_RANK: Record<Severity, number> = { high: 1, medium: 2, low: 3 };

export const CONCERN_STATUSES = ['new', 'in-progress', 'closed'] as const;
export type ConcernStatus = (typeof CONCERN_STATUSES)[number];
export const STATUS_LABELS: Record<ConcernStatus, string> = { new: 'New', 'in-progress': 'In progress', closed: 'Closed' };

export const CONCERN_KINDS = [
  'report',
  'alert',
  'blocked',
  'repeated',
  'unblock-request',
  'policy-error',
  'device-silent',
  're-enrolment',
  'earlier-record',
] as const;
export type ConcernKind = (typeof CONCERN_KINDS)[number];
export const KIND_LABELS: Record<ConcernKind, string> = {
  report: 'Pupil report',
  alert: 'Monitoring alert',
  blocked: 'Blocked visit',
  repeated: 'Repeated attempts',
  'unblock-request': 'Asked for a site to be unblocked',
  'policy-error': 'Filtering policy refused',
  'device-silent': 'Device silent',
  're-enrolment': 'Device re-enrolled: approve its new key?',
  'earlier-record': 'Recorded in the earlier inbox',
};

/** The outcomes DSLs record (as in CPOMS and MyConcern); a concern closes with at least one. */
export const OUTCOMES = [
  'no-further-action',
  'monitor',
  'talk-with-pupil',
  'parents-informed',
  'early-help',
  'social-care-referral',
  'prevent-referral',
  'police-ceop',
  'iwf-report',
  'filtering-change',
] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OUTCOME_LABELS: Record<Outcome, string> = {
  'no-further-action': 'No further action',
  monitor: 'Monitor',
  'talk-with-pupil': 'Talk with the pupil',
  'parents-informed': 'Parents or carers informed',
  'early-help': 'Early help',
  'social-care-referral': "Referral to children's social care",
  'prevent-referral': 'Prevent referral',
  'police-ceop': 'Police / CEOP',
  'iwf-report': 'IWF report',
  'filtering-change': 'Filtering change',
};

/** What the pupil picked on the report screen (`detail.choice`), in the DSL's words. */
export const REPORT_CHOICE_LABELS: Record<string, string> = {
  upsetting: 'Saw something upsetting or scary',
  naked: 'Saw people with no clothes on',
  unkind: 'Someone was unkind to them',
  stranger: 'A stranger talked to them',
  other: 'Something else',
};

export const ROLES = ['dsl', 'deputy', 'it'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABELS: Record<Role, string> = {
  dsl: 'Designated Safeguarding Lead',
  deputy: 'Deputy DSL',
  it: 'IT (filtering and devices)',
};

export const KEY_STATUS_LABELS: Record<string, string> = {
  active: 'Active',
  pending: 'Waiting for approval',
  revoked: 'Revoked',
};

export const yesNo = (value: boolean | null | undefined): string => (value === null || value === undefined ? '—' : value ? 'Yes' : 'No');
