import type { AuditLog } from '@/src/adapters/audit-log';
import type { PolicySource } from '@/src/core/audit';
import type { KeyStage } from '@/src/core/key-stages';
import type { Category } from '@/src/core/categories';

/**
 * What the background knows when something a DSL must hear about happens. Only the background
 * creates these, after checking them; the events module turns them into anonymised wire events.
 */
export interface BreachEventInput {
  type: 'blocked' | 'reported' | 'unblock-request' | 'unlocked' | 'policy-error' | 'lesson-unlock';
  /** Host only: never a path, query, fragment or page content. */
  host?: string;
  category?: Category;
  /** Extra detail the event type needs (e.g. unlock duration in minutes); never personal data. */
  detail?: Record<string, string | number | boolean>;
}

export interface EventRecorder {
  /** Durably queues the event; resolves once it is stored, never throws for bad input. */
  record(input: BreachEventInput): Promise<void>;
}

/** Keeps events in memory, for tests of the features that record them. */
export function createMemoryEventRecorder(): EventRecorder & { events: BreachEventInput[] } {
  const events: BreachEventInput[] = [];
  return {
    events,
    async record(input) {
      events.push(structuredClone(input));
    },
  };
}

/**
 * Until the events outbox is merged: writes each event to the device's audit log (kind `event`),
 * so nothing a pupil reports is lost. Host and category only, as the outbox would send.
 */
export function createAuditEventRecorder(
  audit: AuditLog,
  context: () => Promise<{ keyStage: KeyStage; source: PolicySource }>,
  now: () => Date = () => new Date(),
): EventRecorder {
  return {
    async record(input) {
      try {
        const { keyStage, source } = await context();
        const { type, host, category, detail } = input;
        await audit.append({
          at: now().toISOString(),
          kind: 'event',
          source,
          keyStage,
          changes: [],
          issues: [],
          detail: JSON.stringify({ type, host, category, detail }),
        });
      } catch (error) {
        console.error('Could not record event', input.type, error);
      }
    },
  };
}
