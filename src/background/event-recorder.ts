import type { Category } from '@/src/core/categories';
import type { ReportChoice } from '@/src/core/report-choices';

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
  /** `reported` only: what the pupil picked (sent as `detail.choice`). */
  choice?: ReportChoice;
  /**
   * `reported` only, and only when the school set `reports.sendPageAddress`: the reported page's address.
   * Version 1 events have no field for it, so the v1 outbox never sends it.
   */
  url?: string;
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
