import type { DeviceErrorCode } from './schema-v2';

/**
 * Where this device's signing key stands with the endpoint: `unregistered` until the endpoint took it,
 * `active`, `pending` (a re-enrolled device waiting for the DSL or IT to approve it), or `revoked` (a new key
 * is made at once, so this shows only if that fails).
 */
export const REGISTRATION_STATES = ['unregistered', 'active', 'pending', 'revoked'] as const;
export type RegistrationState = (typeof REGISTRATION_STATES)[number];

/** The device key as the status page shows it (the key ID is public: it names the public key). */
export interface DeviceKeyStatus {
  keyId: string | null;
  registration: RegistrationState;
  /** The endpoint's last refusal, and when; null while none. */
  lastRefusal: DeviceErrorCode | null;
  lastRefusalAt: string | null;
}

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
  /** Absent in a status written by an earlier version. */
  device?: DeviceKeyStatus;
}

export const INITIAL_DEVICE_KEY_STATUS: DeviceKeyStatus = {
  keyId: null,
  registration: 'unregistered',
  lastRefusal: null,
  lastRefusalAt: null,
};

export const INITIAL_OUTBOX_STATUS: OutboxStatus = {
  waiting: 0,
  sentTotal: 0,
  endpoint: 'missing',
  lastAttemptAt: null,
  lastSuccessAt: null,
  lastError: null,
  failures: 0,
  nextAttemptAt: null,
  device: INITIAL_DEVICE_KEY_STATUS,
};
