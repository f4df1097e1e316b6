import type { EventCategory, Severity } from '@/src/core/alert-categories';
import type { EventTypeV2 } from '@/src/core/events/schema-v2';
import type { ReportChoice } from '@/src/core/report-choices';

/**
 * What the background knows when something a DSL must hear about happens. Only the background
 * creates these, after checking them; the events module turns them into anonymised wire events.
 */
export interface BreachEventInput {
  type: EventTypeV2;
  /** Host only: never a path, query, fragment or page content. */
  host?: string;
  category?: EventCategory;
  /** Alerts: the lexicon entry's severity. Left out of any other event. */
  severity?: Severity;
  /** Alerts: the lexicon term that matched. Sent only when the school sets monitoring.sendTerms. */
  term?: string;
  /** `reported`: the reported page. Sent only when the school sets reports.sendPageAddress, and never for other types. */
  url?: string;
  /** The tab it happened in: repeats of a blocked host in one tab fold into one event. Stays on the device. */
  tabId?: number;
  /** Extra detail the event type needs (e.g. unlock duration in minutes); never personal data. */
  detail?: Record<string, string | number | boolean>;
  /** `reported` only: what the pupil picked (sent as `detail.choice`). */
  choice?: ReportChoice;
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
