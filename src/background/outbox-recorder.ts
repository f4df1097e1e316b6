import type { DeviceIdentity } from '@/src/adapters/device-id';
import type { Outbox } from '@/src/adapters/outbox';
import { toWireEvent } from '@/src/core/events/anonymise';
import type { WireEventV2 } from '@/src/core/events/schema-v2';
import type { EffectivePolicy } from '@/src/core/policy/resolve';
import { eventIdentity } from './event-identity';
import type { EventRecorder } from './event-recorder';

export interface OutboxRecorderDeps {
  outbox(): Promise<Outbox>;
  currentPolicy(): Promise<EffectivePolicy>;
  deviceIdentity(): Promise<DeviceIdentity>;
  now(): Date;
  newId(): string;
  /** Called once an event is stored, with it (the background starts a send). */
  afterRecord(event: WireEventV2): void;
  warn(message: string): void;
}

/** The EventRecorder behind every breach event: anonymise, pseudonymise, store in the outbox. */
export function createOutboxEventRecorder(deps: OutboxRecorderDeps): EventRecorder {
  return {
    async record({ tabId, ...input }) {
      try {
        const policy = await deps.currentPolicy();
        // The pupil's choice is one word in the detail.
        const { choice, ...rest } = input;
        const result = toWireEvent(choice === undefined ? rest : { ...rest, detail: { ...rest.detail, choice } }, {
          id: deps.newId(),
          now: deps.now(),
          schoolId: policy.schoolId,
          keyStage: policy.keyStage,
          ...(await eventIdentity(policy, await deps.deviceIdentity())),
          // Read defensively: a policy from before these settings has neither, and both are off by default.
          optIns: { sendPageAddress: policy.reports?.sendPageAddress === true, sendTerms: policy.monitoring?.sendTerms === true },
        });
        if (!result.ok) {
          deps.warn(`Event not recorded: ${result.error}`);
          return;
        }
        if (result.dropped.length > 0) deps.warn(`Event fields left out as unsafe to send: ${result.dropped.join(', ')}`);
        await (await deps.outbox()).add(result.event, tabId === undefined ? {} : { tabId });
        deps.afterRecord(result.event);
      } catch (error) {
        deps.warn(`Event could not be stored: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
