import { heartbeatInput, type HeartbeatFacts } from '@/src/core/events/heartbeat';
import type { EventRecorder } from './event-recorder';

/** The daily heartbeat's alarm; a heartbeat is also recorded at install and at browser start-up. */
export const HEARTBEAT_ALARM = 'events-heartbeat';
export const HEARTBEAT_PERIOD_MINUTES = 24 * 60;
/** storage.session key of what the last heartbeat said. */
export const HEARTBEAT_SAID_KEY = 'heartbeatSaid';

export interface HeartbeatDeps {
  events: EventRecorder;
  /** What the background knows now: version, the filter status, the policy in force. */
  facts(): Promise<HeartbeatFacts>;
  /** What the last heartbeat said (policy, source, in force), kept for the browser session. */
  lastSaid: { get(): Promise<string | null>; set(value: string): Promise<void> };
  alarms: {
    get(name: string): Promise<unknown>;
    create(name: string, info: { periodInMinutes: number; delayInMinutes: number }): Promise<void>;
  };
  warn(message: string): void;
}

export interface Heartbeat {
  /** Records a heartbeat event (an ordinary outbox event: kept until sent, the newest few if many wait). Never rejects. */
  record(): Promise<void>;
  /**
   * Records a heartbeat only when what is in force differs from what the last one said: the first policy
   * arriving after a start-up spent waiting on Chrome, or a policy change, reaches the register at once.
   */
  recordIfChanged(): Promise<void>;
  /** Makes sure the daily alarm exists (Chrome may drop alarms on a restart). Never rejects. */
  ensureDaily(): Promise<void>;
}

export function createHeartbeat(deps: HeartbeatDeps): Heartbeat {
  const recordWhen = async (onlyIfChanged: boolean) => {
    try {
      const input = await heartbeatInput(await deps.facts());
      const said = JSON.stringify([input.detail?.policy, input.detail?.source, input.detail?.inForce]);
      if (onlyIfChanged && (await deps.lastSaid.get()) === said) return;
      await deps.lastSaid.set(said);
      await deps.events.record(input);
    } catch (error) {
      deps.warn(`Heartbeat not recorded: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  return {
    record: () => recordWhen(false),
    recordIfChanged: () => recordWhen(true),
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
