/** The background's own alarms (the events retry and lesson unlocks keep theirs with their modules). */

/** A periodic safety net in case a managed-storage change event is ever missed. */
export const POLICY_RECHECK_ALARM = 'policy-recheck';
export const POLICY_RECHECK_MINUTES = 30;

/**
 * Armed while Chrome has not answered the read of the admin policy: a worker stopped before the
 * answer came (its read dies with it) is woken to read again. Chrome's shortest alarm delay.
 */
export const POLICY_PENDING_ALARM = 'policy-pending';
export const POLICY_PENDING_MINUTES = 0.5;

/** How often the lists are looked at; each list is downloaded only when its listRefreshHours have passed. */
export const LISTS_ALARM = 'lists-refresh';
export const LISTS_CHECK_MINUTES = 60;
