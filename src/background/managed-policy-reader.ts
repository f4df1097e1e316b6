/**
 * Reading the admin policy from Chrome without ever waiting on it for long.
 *
 * Chrome answers storage.managed.get() only once its policy service has re-read the policy for
 * extensions, which it runs as a best-effort task held back until start-up counts as complete (a
 * visible tab that loaded and stayed idle about a second, or a 3-minute failsafe). A pupil clicking
 * a page a second keeps every read pending: measured here, up to the whole failsafe. So a read is
 * given MANAGED_READ_PATIENCE_MS to answer; after that the caller enforces what it already has and
 * applies the policy the moment the read answers.
 */

/** How long a refresh waits for Chrome's answer before enforcing the last good policy (or the strictest). */
export const MANAGED_READ_PATIENCE_MS = 1_000;

/** What Chrome answered, numbered in the order the reads began, so an older answer never replaces a newer one. */
export interface ManagedAnswer {
  raw: unknown;
  seq: number;
  /** When Chrome answered. */
  at: Date;
}

export type ManagedRead =
  ({ kind: 'answered' } & ManagedAnswer) | { kind: 'pending'; seq: number; since: Date; answer: Promise<ManagedAnswer> };

export interface ManagedPolicyReaderDeps {
  /** The browser read (src/adapters/managed-policy.ts); never rejects. */
  read(): Promise<unknown>;
  now(): Date;
  /** Resolves after `ms` (tests pass a clock they control). */
  sleep(ms: number): Promise<void>;
  patienceMs?: number;
}

export interface ManagedPolicyReader {
  /**
   * Joins the read in flight (or starts one with `fresh`, as after storage.onChanged, when the
   * answer must be read after the change) and answers within the patience, pending or not.
   */
  read(options?: { fresh?: boolean }): Promise<ManagedRead>;
}

interface Flight {
  seq: number;
  since: Date;
  answer: Promise<ManagedAnswer>;
  /** Resolves when the read has had its patience; a later caller joining it waits no longer than that. */
  patience: Promise<null>;
}

export function createManagedPolicyReader(deps: ManagedPolicyReaderDeps): ManagedPolicyReader {
  const patience = deps.patienceMs ?? MANAGED_READ_PATIENCE_MS;
  let seq = 0;
  let inFlight: Flight | null = null;

  function start(): Flight {
    const mine = ++seq;
    const since = deps.now();
    const answer = deps
      .read()
      .catch(() => ({}))
      .then((raw) => {
        if (inFlight?.seq === mine) inFlight = null;
        return { raw, seq: mine, at: deps.now() };
      });
    inFlight = { seq: mine, since, answer, patience: deps.sleep(patience).then(() => null) };
    return inFlight;
  }

  return {
    async read(options = {}) {
      const joined = options.fresh ? null : inFlight;
      const flight = joined ?? start();
      const first = await Promise.race([flight.answer, flight.patience]);
      if (first) return { kind: 'answered', ...first };
      return { kind: 'pending', seq: flight.seq, since: flight.since, answer: flight.answer };
    },
  };
}
