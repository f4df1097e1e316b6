import { SIGNATURE_TOLERANCE_SECONDS } from '../../../src/core/events/signing';
import type { Queryable } from '../db';

/**
 * Records a signature nonce as used; false when it was used before (a replay). v1 signatures are keyed by
 * their HMAC, v2 by key and nonce, in one table. Entries older than twice the tolerance can be forgotten: a
 * request that old is refused as stale anyway.
 */
export async function claimNonce(db: Queryable, key: string, at: Date): Promise<boolean> {
  const fresh = await db.query('insert into seen_signatures (signature, seen_at) values ($1, $2) on conflict do nothing returning 1', [
    key,
    at,
  ]);
  return fresh.length > 0;
}

export async function pruneNonces(db: Queryable, now: Date): Promise<void> {
  await db.query('delete from seen_signatures where seen_at < $1', [new Date(now.getTime() - 2 * SIGNATURE_TOLERANCE_SECONDS * 1000)]);
}
