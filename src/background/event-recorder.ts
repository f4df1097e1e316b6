import type { EventCategory, Severity } from '@/src/core/alert-categories';

/**
 * What the background knows when something a DSL must hear about happens. Only the background
 * creates these, after checking them; the events module turns them into anonymised wire events.
 */
export interface BreachEventInput {
  type: 'blocked' | 'reported' | 'unblock-request' | 'unlocked' | 'policy-error' | 'lesson-unlock' | 'search-alert' | 'content-alert';
  /** Host only: never a path, query, fragment or page content. */
  host?: string;
  /** A filtering category, or for alerts an alert category (docs/wire-format-v2.md). */
  category?: EventCategory;
  /** Alerts: the lexicon entry's severity as the device judged it. */
  severity?: Severity;
  /** Alerts, only when the school sets monitoring.sendTerms: the lexicon term (never the query or page text). */
  term?: string;
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
