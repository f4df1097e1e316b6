import type { EventCategory, Severity } from '../../../src/core/alert-categories';
import type { EventTypeV2 } from '../../../src/core/events/schema-v2';
import { SEVERITY_RANK, type ConcernKind } from '../labels';
import type { WorkspaceSettings } from '../settings';

/** The few facts about a stored event that decide which concern it belongs to. */
export interface GroupableEvent {
  id: string;
  type: EventTypeV2;
  occurredAt: Date;
  category: EventCategory | null;
  severity: Severity | null;
  device: string;
  schoolId: string | null;
  count: number;
  host: string | null;
  keyStage: string;
}

/**
 * What kind of concern an event raises:
 * - `concern`: opens one (or joins an open one nearby): reports, alerts, blocks in a high-severity category,
 *   unblock requests and refused policies;
 * - `repeat`: counts towards "repeated attempts" (blocks in a medium-severity category): a concern opens once
 *   `repeatThreshold` of them fall within `repeatWindowMinutes` on one device;
 * - `routine`: statistics only (blocks in a low-severity category, unlocks, heartbeats).
 */
export type Classification =
  | { treatment: 'concern'; kind: ConcernKind; category: EventCategory | null; severity: Severity }
  | { treatment: 'repeat'; kind: 'repeated'; category: EventCategory; severity: 'medium' }
  | { treatment: 'routine' };

export const higherSeverity = (a: Severity, b: Severity | null): Severity => (b !== null && SEVERITY_RANK[b] < SEVERITY_RANK[a] ? b : a);

export function classifyEvent(event: GroupableEvent, settings: WorkspaceSettings): Classification {
  const mapped = event.category ? settings.categorySeverity[event.category] : 'low';
  switch (event.type) {
    case 'reported':
      return { treatment: 'concern', kind: 'report', category: null, severity: 'high' };
    case 'search-alert':
    case 'content-alert':
      // The device judged the match; the school's mapping is a floor under that judgement.
      return { treatment: 'concern', kind: 'alert', category: event.category, severity: higherSeverity(mapped, event.severity) };
    case 'blocked':
      if (mapped === 'high') return { treatment: 'concern', kind: 'blocked', category: event.category, severity: 'high' };
      if (mapped === 'medium' && event.category)
        return { treatment: 'repeat', kind: 'repeated', category: event.category, severity: 'medium' };
      return { treatment: 'routine' };
    case 'unblock-request':
      return { treatment: 'concern', kind: 'unblock-request', category: event.category, severity: 'low' };
    case 'policy-error':
      return { treatment: 'concern', kind: 'policy-error', category: null, severity: 'low' };
    case 'unlocked':
    case 'lesson-unlock':
    case 'heartbeat':
      return { treatment: 'routine' };
  }
}
