import { heartbeatInput, type HeartbeatFacts } from '@/src/core/events/heartbeat';
import type { EventRecorder } from './event-recorder';

/** The daily heartbeat's alarm; a heartbeat is also recorded at install and at browser start-up. */
export const HEARTBEAT_ALARM = 'events-heartbeat';
export const HEARTBEAT_PERIOD_MINUTES = 24 * 60;

export interface HeartbeatDeps {
  events: EventRecorder;
  /** What the background knows now: version, the filter status, the policy in force. */
  facts(): Promise<HeartbeatFacts>;
  alarms: {
    get(name: string): Promise<unknown>;
    create(name: string, info: { periodInMinutes: number; delayInMinutes: number }): Promise<void>;
  };
  warn(message: string): void;
}

export interface Heartbeat {
  /** Records a heartbeat event (an ordinary outbox event: kept until sent, the newest few if many wait). Never rejects. */
  record(): Promise<void>;
  /** Makes sure the daily alarm exists (Chrome may drop alarms on a restart). Never rejects. */
  ensureDaily(): Promise<void>;
}

export function createHeartbeat(deps: HeartbeatDeps): Heartbeat {
  return {
    async record() {
      try {
        await deps.events.record(await heartbeatInput(await deps.facts()));
      } catch (error) {
        deps.warn(`Heartbeat not recorded: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    async ensureDaily() {
      try {
        if (!(await deps.alarms.get(HEARTBEAT_ALARM))) {
          await deps.alarms.create(HEARTBEAT_ALARM, {
            periodInMinutes: HEARTBEAT_PERIOD_MINUTES,
            delayInMinutes: HEARTBEAT_PERIOD_MINUTES,
          });
        }
      } catch (error) {
        deps.warn(`Heartbeat alarm not set: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}
