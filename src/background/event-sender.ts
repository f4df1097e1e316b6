import type { Outbox } from '@/src/adapters/outbox';
import type { StateStore } from '@/src/adapters/state-store';
import { checkEndpointUrl, retryDelayMs } from '@/src/core/events/delivery';
import { INITIAL_OUTBOX_STATUS, type OutboxStatus } from '@/src/core/events/outbox-status';
import { SIGNATURE_HEADER, signatureHeaderValue } from '@/src/core/events/signing';
import type { Policy } from '@/src/core/policy/schema';

/** The alarm that wakes the worker to retry sending. */
export const EVENT_RETRY_ALARM = 'event-outbox-retry';
/** A request that takes longer than this counts as failed (the events stay queued). */
export const SEND_TIMEOUT_MS = 30_000;

export interface EventSenderDeps {
  outbox(): Promise<Outbox>;
  endpoint(): Promise<Policy['endpoint']>;
  state: StateStore;
  fetch: typeof fetch;
  scheduleRetry(delayMs: number): Promise<void>;
  cancelRetry(): Promise<void>;
  now(): Date;
  random(): number;
  nonce(): string;
  timeoutMs?: number;
}

export interface EventSender {
  /** Sends everything queued, batch by batch; on failure schedules a retry. Never rejects. */
  flush(): Promise<OutboxStatus>;
}

/**
 * Delivers the outbox to the school endpoint. Events are deleted only after a 2xx answer; the
 * receiver de-duplicates by event id, so an answer lost to a stopped worker just means a resend.
 */
export function createEventSender(deps: EventSenderDeps): EventSender {
  let running: Promise<OutboxStatus> | null = null;
  let queued: Promise<OutboxStatus> | null = null;
  const start = () => {
    const run = flushOnce(deps).catch(async (error: unknown) => {
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
    flush() {
      if (queued) return queued;
      if (!running) return start();
      // One more pass after the current one picks up whatever was added meanwhile.
      queued = running.then(() => {
        queued = null;
        return start();
      });
      return queued;
    },
  };
}

async function flushOnce(deps: EventSenderDeps): Promise<OutboxStatus> {
  const outbox = await deps.outbox();
  let status: OutboxStatus = { ...INITIAL_OUTBOX_STATUS, ...((await deps.state.get('outboxStatus')) ?? {}) };
  const save = async (changes: Partial<OutboxStatus>) => {
    status = { ...status, ...changes, waiting: await outbox.count() };
    await deps.state.set({ outboxStatus: status });
    return status;
  };

  const endpoint = await deps.endpoint();
  if (!endpoint) {
    return save({ endpoint: 'missing', lastError: 'No endpoint in the admin policy: events wait on this device.', nextAttemptAt: null });
  }
  const checked = checkEndpointUrl(endpoint.url);
  if (!checked.ok) return save({ endpoint: 'invalid', lastError: checked.error, nextAttemptAt: null });

  // Armed before sending: if the worker is stopped mid-send, this alarm wakes it to try again.
  if ((await outbox.count()) > 0) await deps.scheduleRetry(retryDelayMs(status.failures + 1, deps.random()));
  for (;;) {
    const batch = await outbox.takeBatch();
    if (batch.length === 0) {
      await deps.cancelRetry();
      return save({ endpoint: 'configured', failures: 0, nextAttemptAt: null });
    }
    const seqs = batch.map((r) => r.seq);
    const body = JSON.stringify({ events: batch.map((r) => r.event) });
    const attemptAt = deps.now();
    let failure: string | null = null;
    try {
      const response = await deps.fetch(checked.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${endpoint.token}`,
          [SIGNATURE_HEADER]: await signatureHeaderValue(
            endpoint.signingKey ?? endpoint.token,
            body,
            attemptAt.getTime() / 1000,
            deps.nonce(),
          ),
        },
        body,
        credentials: 'omit',
        signal: AbortSignal.timeout(deps.timeoutMs ?? SEND_TIMEOUT_MS),
      });
      if (!response.ok) {
        const text = (await response.text().catch(() => '')).replace(/\s+/g, ' ').slice(0, 200);
        failure = `The endpoint answered ${response.status}${text ? `: ${text}` : ''}`;
      } else if (/text\/html/i.test(response.headers.get('content-type') ?? '')) {
        // A 200 web page is a captive portal or a wrong address, not a receiver: keep the events.
        failure = 'The endpoint answered with a web page, not an acknowledgement (wrong address or a network login page?).';
      }
    } catch (error) {
      failure = `Could not reach the endpoint: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (failure) {
      await outbox.release(seqs);
      const failures = status.failures + 1;
      const delay = retryDelayMs(failures, deps.random());
      await deps.scheduleRetry(delay);
      return save({
        endpoint: 'configured',
        failures,
        lastAttemptAt: attemptAt.toISOString(),
        lastError: failure,
        nextAttemptAt: new Date(attemptAt.getTime() + delay).toISOString(),
      });
    }
    await outbox.acknowledge(seqs);
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
