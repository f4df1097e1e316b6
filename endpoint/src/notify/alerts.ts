import type { ConcernActivity } from '../concerns/grouping';
import { concernTitle } from '../concerns/store';
import type { Send } from './channels';
import { chatValue, workspaceLink } from './escape';

/**
 * High-severity concerns go to the DSL at once, folded so a flood is one message: the first goes straight away,
 * and what follows within `foldMs` of the last message waits for one combined message at the end of that
 * window. A pupil's report is never held: it sends at once, taking anything waiting with it.
 */
export interface Alerter {
  concernActivity(activity: ConcernActivity[]): void;
  /** Resolves when every message started so far has been sent (or failed and been logged). */
  settled(): Promise<void>;
  stop(): void;
}

/** Runs `run` after `ms`; returns a function that cancels it. Tests pass one they fire themselves. */
export type Later = (run: () => void, ms: number) => () => void;
export const realLater: Later = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

export interface AlerterOptions {
  send: Send;
  publicUrl?: string;
  foldMs: number;
  now?: () => number;
  later?: Later;
}

interface Waiting {
  activity: ConcernActivity;
  events: number;
  hosts: Set<string>;
  keyStages: Set<string>;
  created: boolean;
}

export const DEFAULT_FOLD_MS = 60_000;

export function createAlerter(options: AlerterOptions): Alerter {
  const now = options.now ?? Date.now;
  const later = options.later ?? realLater;
  const waiting = new Map<number, Waiting>();
  const inFlight = new Set<Promise<void>>();
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let cancelTimer: (() => void) | null = null;

  const flush = () => {
    cancelTimer?.();
    cancelTimer = null;
    if (waiting.size === 0) return;
    lastSentAt = now();
    const items = [...waiting.values()];
    waiting.clear();
    const reported = items.some((w) => w.activity.kind === 'report');
    const subject = reported ? 'School Safeguard: a pupil reported something' : 'School Safeguard: a high-severity concern';
    const task = options.send(subject, describe(items, options.publicUrl)).finally(() => inFlight.delete(task));
    inFlight.add(task);
  };

  return {
    concernActivity(activity) {
      const high = activity.filter((a) => a.severity === 'high');
      if (high.length === 0) return;
      for (const a of high) {
        const entry = waiting.get(a.concernId) ?? { activity: a, events: 0, hosts: new Set(), keyStages: new Set(), created: false };
        entry.activity = a;
        entry.created ||= a.created;
        entry.events += a.events.reduce((n, e) => n + e.count, 0);
        for (const e of a.events) {
          if (e.host) entry.hosts.add(e.host);
          entry.keyStages.add(e.keyStage);
        }
        waiting.set(a.concernId, entry);
      }
      const elapsed = now() - lastSentAt;
      if (high.some((a) => a.kind === 'report') || elapsed >= options.foldMs) flush();
      else cancelTimer ??= later(flush, options.foldMs - elapsed);
    },
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
    stop() {
      cancelTimer?.();
      cancelTimer = null;
    },
  };
}

/** One line per concern: what, how many, which sites and key stages, and a link; never the device pseudonym. */
export function describe(items: Waiting[], publicUrl: string | undefined): string {
  const lines = items.map((w) => {
    const a = w.activity;
    const title = concernTitle({ kind: a.kind, category: a.category, choice: null });
    const hosts = [...w.hosts].slice(0, 3).map(chatValue).join(', ');
    const parts = [
      `${w.created ? 'New' : 'Updated'}: ${title}`,
      w.events > 0
        ? `${w.events} event${w.events === 1 ? '' : 's'}${hosts ? ` on ${hosts}${w.hosts.size > 3 ? ' and others' : ''}` : ''}`
        : null,
      w.keyStages.size > 0 ? `key stage ${[...w.keyStages].sort().join(', ')}` : null,
      a.schoolId ? `school ${chatValue(a.schoolId)}` : null,
      workspaceLink(publicUrl, `concerns/${a.concernId}`),
    ].filter(Boolean);
    return `• ${parts.join(' — ')}`;
  });
  const head = `School Safeguard: ${items.length} high-severity concern${items.length === 1 ? '' : 's'} need${items.length === 1 ? 's' : ''} the DSL now.`;
  return [head, ...lines].join('\n');
}
