import type { DeviceIdentity } from '@/src/adapters/device-id';
import type { Outbox } from '@/src/adapters/outbox';
import { toWireEvent, type EventInput } from '@/src/core/events/anonymise';
import type { EventType } from '@/src/core/events/schema';
import { isCategory } from '@/src/core/categories';
import { devicePseudonym } from '@/src/core/events/signing';
import type { EffectivePolicy } from '@/src/core/policy/resolve';
import type { BreachEventInput, EventRecorder } from './event-recorder';

/** Used when the policy has no key yet: the pseudonym still hides the device ID. */
const UNKEYED_PSEUDONYM_KEY = 'school-safeguard-unkeyed';

export interface OutboxRecorderDeps {
  outbox(): Promise<Outbox>;
  currentPolicy(): Promise<EffectivePolicy>;
  deviceIdentity(): Promise<DeviceIdentity>;
  now(): Date;
  newId(): string;
  /** Called once an event is stored (the background starts a send). */
  afterRecord(): void;
  warn(message: string): void;
}

/**
 * Bridge until the outbox speaks wire format v2 (the events work): a version 1 event, or null for
 * monitoring alerts, which version 1 cannot carry. Their category may be an alert-only one.
 */
function asVersion1(input: BreachEventInput): EventInput | null {
  if (input.type === 'search-alert' || input.type === 'content-alert') return null;
  const { host, category, detail } = input;
  return {
    // Anything else unknown is refused by toWireEvent, with its own warning.
    type: input.type as EventType,
    ...(host !== undefined ? { host } : {}),
    ...(isCategory(category) ? { category } : {}),
    ...(detail !== undefined ? { detail } : {}),
  };
}

/** The EventRecorder behind every breach event: anonymise, pseudonymise, store in the outbox. */
export function createOutboxEventRecorder(deps: OutboxRecorderDeps): EventRecorder {
  return {
    async record(input) {
      const v1 = asVersion1(input);
      if (v1 === null) {
        deps.warn(`A ${input.type} event needs wire format v2 (docs/wire-format-v2.md); this outbox cannot store it yet.`);
        return;
      }
      try {
        const policy = await deps.currentPolicy();
        const identity = await deps.deviceIdentity();
        const key = policy.endpoint?.pseudonymKey ?? policy.endpoint?.signingKey ?? policy.endpoint?.token ?? UNKEYED_PSEUDONYM_KEY;
        const result = toWireEvent(v1, {
          id: deps.newId(),
          now: deps.now(),
          schoolId: policy.schoolId,
          keyStage: policy.keyStage,
          device: await devicePseudonym(key, identity.id),
          deviceIdKind: identity.kind,
        });
        if (!result.ok) {
          deps.warn(`Event not recorded: ${result.error}`);
          return;
        }
        if (result.dropped.length > 0) deps.warn(`Event fields left out as unsafe to send: ${result.dropped.join(', ')}`);
        await (await deps.outbox()).add(result.event);
        deps.afterRecord();
      } catch (error) {
        deps.warn(`Event could not be stored: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
