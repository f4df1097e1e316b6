import type { DeviceKey, DeviceKeyStore } from '@/src/adapters/device-keys';
import type { Outbox } from '@/src/adapters/outbox';
import type { StateStore } from '@/src/adapters/state-store';
import { checkEndpointUrl, registrationUrl, retryDelayMs, RETRY_CAP_MS } from '@/src/core/events/delivery';
import { deviceSignatureHeaderValue } from '@/src/core/events/device-signing';
import { INITIAL_DEVICE_KEY_STATUS, INITIAL_OUTBOX_STATUS, type DeviceKeyStatus, type OutboxStatus } from '@/src/core/events/outbox-status';
import { interpretBatchReply, interpretRegistrationReply, REFUSAL_WORDS, type BackOff, type Reply } from '@/src/core/events/replies';
import {
  EVENT_SCHEMA_VERSION_2,
  KEY_ID_HEADER,
  type DeviceErrorCode,
  type Registration,
  type WireEventV2,
} from '@/src/core/events/schema-v2';
import { SIGNATURE_HEADER } from '@/src/core/events/signing';
import type { KeyStage } from '@/src/core/key-stages';
import type { Policy } from '@/src/core/policy/schema';
import type { EventIdentity } from './event-identity';

/** The alarm that wakes the worker to retry sending, or to send a blocked event once its hold is over. */
export const EVENT_RETRY_ALARM = 'event-outbox-retry';
/** A request that takes longer than this counts as failed (the events stay queued). */
export const SEND_TIMEOUT_MS = 30_000;
/** Re-registrations, new keys and new nonces one send may go through before it backs off instead. */
export const MAX_RECOVERIES_PER_SEND = 3;

/** What a registration says about the device, besides its key. */
export interface SenderIdentity extends EventIdentity {
  schoolId: string | null;
  keyStage: KeyStage;
  extensionVersion: string;
}

export interface EventSenderDeps {
  outbox(): Promise<Outbox>;
  keys(): Promise<DeviceKeyStore>;
  endpoint(): Promise<Policy['endpoint']>;
  identity(): Promise<SenderIdentity>;
  state: StateStore;
  fetch: typeof fetch;
  /** Wakes the worker at this time (epoch ms) to send again: an alarm, which survives the worker stopping. */
  wakeAt(atMs: number): Promise<void>;
  cancelWake(): Promise<void>;
  now(): Date;
  random(): number;
  nonce(): string;
  timeoutMs?: number;
}

export interface FlushOptions {
  /** Send blocked events still gathering repeats too (the e2e tests' flush; nothing else skips a hold). */
  sendHeld?: boolean;
  /** Send nothing while backing off after a failure (the retry alarm is set): for events that are not urgent. */
  unlessBackingOff?: boolean;
}

/** Events tried at once even while backing off: a pupil's report and monitoring alerts. */
export function isUrgent(event: Pick<WireEventV2, 'type'>): boolean {
  return event.type === 'reported' || event.type === 'search-alert' || event.type === 'content-alert';
}

export interface EventSender {
  /** Sends everything due, batch by batch; on failure schedules a retry. Never rejects. */
  flush(options?: FlushOptions): Promise<OutboxStatus>;
}

/**
 * Delivers the outbox to the school endpoint in wire format v2 (docs/wire-format-v2.md): the device key is
 * registered once with the enrolment token, then every batch is signed with it. Events are deleted only after
 * the endpoint acknowledged them; it de-duplicates by event id, so an answer lost to a stopped worker just
 * means a resend.
 */
export function createEventSender(deps: EventSenderDeps): EventSender {
  let running: Promise<OutboxStatus> | null = null;
  let queued: Promise<OutboxStatus> | null = null;
  let queuedOptions: FlushOptions = {};
  const start = (options: FlushOptions) => {
    const run = flushOnce(deps, options).catch(async (error: unknown) => {
      const status = {
        ...((await deps.state.get('outboxStatus')) ?? INITIAL_OUTBOX_STATUS),
        lastError: `Internal error: ${String(error)}`,
      };
      await deps.state.set({ outboxStatus: status }).catch(() => undefined);
      return status;
    });
    running = run.finally(() => {
      running = null;
    });
    return running;
  };
  return {
    flush(options = {}) {
      if (queued) {
        // The queued pass does what each caller asked: the most any of them asked.
        queuedOptions = {
          sendHeld: queuedOptions.sendHeld === true || options.sendHeld === true,
          unlessBackingOff: queuedOptions.unlessBackingOff === true && options.unlessBackingOff === true,
        };
        return queued;
      }
      if (!running) return start(options);
      // One more pass after the current one picks up whatever was added meanwhile.
      queuedOptions = options;
      queued = running.then(() => {
        queued = null;
        return start(queuedOptions);
      });
      return queued;
    },
  };
}

type Failure = Pick<BackOff, 'code' | 'message' | 'minDelayMs'>;

async function flushOnce(deps: EventSenderDeps, options: FlushOptions): Promise<OutboxStatus> {
  const outbox = await deps.outbox();
  const stored = await deps.state.get('outboxStatus');
  let status: OutboxStatus = { ...INITIAL_OUTBOX_STATUS, ...stored, device: { ...INITIAL_DEVICE_KEY_STATUS, ...stored?.device } };
  const save = async (changes: Partial<OutboxStatus>) => {
    status = { ...status, ...changes, waiting: await outbox.count() };
    await deps.state.set({ outboxStatus: status });
    return status;
  };
  const noteKey = (key: DeviceKey, refusal?: DeviceErrorCode | null) => {
    const device: DeviceKeyStatus = { ...INITIAL_DEVICE_KEY_STATUS, ...status.device, keyId: key.keyId, registration: key.registration };
    if (refusal) Object.assign(device, { lastRefusal: refusal, lastRefusalAt: deps.now().toISOString() });
    status = { ...status, device };
  };

  const endpoint = await deps.endpoint();
  if (!endpoint) {
    return save({ endpoint: 'missing', lastError: 'No endpoint in the admin policy: events wait on this device.', nextAttemptAt: null });
  }
  const checked = checkEndpointUrl(endpoint.url);
  if (!checked.ok) return save({ endpoint: 'invalid', lastError: checked.error, nextAttemptAt: null });
  const url = checked.url;
  const retryAt = status.failures > 0 && status.nextAttemptAt !== null ? Date.parse(status.nextAttemptAt) : 0;
  if (options.unlessBackingOff && retryAt > deps.now().getTime()) return save({});

  const fail = async (failure: Failure, attemptAt: Date) => {
    const failures = status.failures + 1;
    const delay = Math.min(Math.max(retryDelayMs(failures, deps.random()), failure.minDelayMs ?? 0), RETRY_CAP_MS);
    await deps.wakeAt(attemptAt.getTime() + delay);
    return save({
      endpoint: 'configured',
      failures,
      lastAttemptAt: attemptAt.toISOString(),
      lastError: failure.message,
      nextAttemptAt: new Date(attemptAt.getTime() + delay).toISOString(),
    });
  };

  // Armed before sending: if the worker is stopped mid-send, this alarm wakes it to try again.
  if ((await outbox.count()) > 0) await deps.wakeAt(deps.now().getTime() + retryDelayMs(status.failures + 1, deps.random()));
  const keys = await deps.keys();
  const who = await deps.identity();
  let key = await keys.current();
  noteKey(key);
  let recoveries = 0;

  /** One POST signed with the current key; a network error or timeout gives a failure to back off on. */
  const post = async (target: string, body: string, extraHeaders: Record<string, string> = {}): Promise<Reply | Failure> => {
    try {
      const response = await deps.fetch(target, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          [KEY_ID_HEADER]: key.keyId,
          [SIGNATURE_HEADER]: await deviceSignatureHeaderValue(key.keyPair.privateKey, body, deps.now().getTime() / 1000, deps.nonce()),
          ...extraHeaders,
        },
        body,
        credentials: 'omit',
        signal: AbortSignal.timeout(deps.timeoutMs ?? SEND_TIMEOUT_MS),
      });
      return {
        status: response.status,
        contentType: response.headers.get('content-type'),
        text: await response.text(),
        retryAfter: response.headers.get('retry-after'),
      };
    } catch (error) {
      return {
        code: null,
        message: `Could not reach the endpoint: ${error instanceof Error ? error.message : String(error)}`,
        minDelayMs: null,
      };
    }
  };

  /** Registers the current key when it is not registered for this endpoint and pseudonym; null when ready. */
  const register = async (): Promise<Failure | null> => {
    for (;;) {
      // A key speaks for one pseudonym: a new school key (so a new pseudonym), or a revoked key, needs a new key.
      if (key.registration === 'revoked' || (key.registeredWith !== null && key.registeredWith.device !== who.device)) {
        key = await keys.replace();
        noteKey(key);
      }
      if (key.registration !== 'unregistered' && key.registeredWith?.url === url) return null;
      const token = endpoint.enrolmentToken ?? endpoint.token;
      if (!token) {
        return {
          code: null,
          message: 'This device must register its key with the endpoint, but the policy has no endpoint.enrolmentToken.',
          minDelayMs: null,
        };
      }
      const registration: Registration = {
        schemaVersion: EVENT_SCHEMA_VERSION_2,
        keyId: key.keyId,
        publicKey: key.publicJwk,
        device: who.device,
        deviceIdKind: who.deviceIdKind,
        schoolId: who.schoolId,
        keyStage: who.keyStage,
        extensionVersion: who.extensionVersion,
      };
      const reply = await post(registrationUrl(url), JSON.stringify(registration), { Authorization: `Bearer ${token}` });
      if (!('status' in reply)) return reply;
      const outcome = interpretRegistrationReply(reply, key.keyId);
      if (outcome.kind === 'registered') {
        key = await keys.setRegistration(key.keyId, outcome.state, { url, device: who.device });
        noteKey(key);
        return null;
      }
      noteKey(key, outcome.code);
      if (outcome.kind === 'back-off') return outcome;
      if (++recoveries > MAX_RECOVERIES_PER_SEND) return { code: outcome.code, message: REFUSAL_WORDS[outcome.code], minDelayMs: null };
      key = await keys.setRegistration(key.keyId, 'revoked', key.registeredWith);
    }
  };

  for (;;) {
    const batch = await outbox.takeBatch({ includeHeld: options.sendHeld === true });
    if (batch.length === 0) {
      // Blocked events still gathering repeats: wake when the first of them is due.
      const held = await outbox.nextHeldDueAt();
      if (held === null) await deps.cancelWake();
      else await deps.wakeAt(held);
      return save({ endpoint: 'configured', failures: 0, nextAttemptAt: held === null ? null : new Date(held).toISOString() });
    }
    const seqs = batch.map((r) => r.seq);
    const attemptAt = deps.now();
    const notReady = await register();
    if (notReady) {
      await outbox.release(seqs);
      return fail(notReady, attemptAt);
    }
    // The pseudonym is the one the key registered: events queued under an earlier school key go out under it too.
    const events = batch.map((r) => ({ ...r.event, device: who.device, deviceIdKind: who.deviceIdKind }));
    const reply = await post(url, JSON.stringify({ events }));
    const outcome = 'status' in reply ? interpretBatchReply(reply) : ({ kind: 'back-off', ...reply } as const);
    if (outcome.kind !== 'delivered') {
      await outbox.release(seqs);
      noteKey(key, outcome.code);
      if (outcome.kind === 'back-off' || ++recoveries > MAX_RECOVERIES_PER_SEND) {
        return fail(
          outcome.kind === 'back-off' ? outcome : { code: outcome.code, message: REFUSAL_WORDS[outcome.code], minDelayMs: null },
          attemptAt,
        );
      }
      if (outcome.kind === 'register-again') key = await keys.setRegistration(key.keyId, 'unregistered', null);
      if (outcome.kind === 'new-key') key = await keys.setRegistration(key.keyId, 'revoked', key.registeredWith);
      noteKey(key);
      continue; // 'new-nonce': every request has a fresh nonce already
    }
    await outbox.acknowledge(seqs);
    const registration = outcome.heldBack ? 'pending' : 'active';
    if (key.registration !== registration) key = await keys.setRegistration(key.keyId, registration, key.registeredWith);
    noteKey(key);
    await save({
      endpoint: 'configured',
      failures: 0,
      sentTotal: status.sentTotal + batch.length,
      lastAttemptAt: attemptAt.toISOString(),
      lastSuccessAt: deps.now().toISOString(),
      lastError: null,
      nextAttemptAt: null,
    });
  }
}
