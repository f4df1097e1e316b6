import type { DeviceIdentity } from '@/src/adapters/device-id';
import type { Outbox } from '@/src/adapters/outbox';
import { toWireEvent } from '@/src/core/events/anonymise';
import { devicePseudonym } from '@/src/core/events/signing';
import type { EffectivePolicy } from '@/src/core/policy/resolve';
import type { EventRecorder } from './event-recorder';

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

/** The EventRecorder behind every breach event: anonymise, pseudonymise, store in the outbox. */
export function createOutboxEventRecorder(deps: OutboxRecorderDeps): EventRecorder {
  return {
    async record(input) {
      try {
        const policy = await deps.currentPolicy();
        const identity = await deps.deviceIdentity();
        const key = policy.endpoint?.pseudonymKey ?? policy.endpoint?.signingKey ?? policy.endpoint?.token ?? UNKEYED_PSEUDONYM_KEY;
        // The pupil's choice is one word in the detail; the page address has no place in version 1 events.
        const { choice, url: _pageAddress, ...rest } = input;
        const result = toWireEvent(choice === undefined ? rest : { ...rest, detail: { ...rest.detail, choice } }, {
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
