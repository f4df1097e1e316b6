/** What the status page shows about the events outbox; written by the sender after every try. */
export interface OutboxStatus {
  /** Events on this device waiting to be sent. */
  waiting: number;
  /** Events the receiver has accepted since install. */
  sentTotal: number;
  endpoint: 'configured' | 'missing' | 'invalid';
  lastAttemptAt: string | null;
  lastSuccessAt: string | null;
  /** Why the last try failed, in plain words; null after a success. */
  lastError: string | null;
  /** Consecutive failed tries, for the backoff. */
  failures: number;
  nextAttemptAt: string | null;
}

export const INITIAL_OUTBOX_STATUS: OutboxStatus = {
  waiting: 0,
  sentTotal: 0,
  endpoint: 'missing',
  lastAttemptAt: null,
  lastSuccessAt: null,
  lastError: null,
  failures: 0,
  nextAttemptAt: null,
};
