import { importPublicJwk, isKeyId, jwkThumbprint, verifyDeviceSignature } from '../../../src/core/events/device-signing';
import { eventBatchV2Schema, registrationSchema, type Registration } from '../../../src/core/events/schema-v2';
import type { Queryable } from '../db';
import { findKey, type DeviceKey } from '../devices/keys';
import type { IncomingEvent } from './event-rows';
import { parseJson, problemsOf, refuse, timestampInRange, type Refusal } from './refusal';
import { claimNonce } from './replay';

/** Wire format version 2 (docs/wire-format-v2.md): every device signs with its own registered P-256 key. */

/** Checked before the body is read: an unknown or revoked key never gets its body read. */
export async function v2Preflight(db: Queryable, keyId: string): Promise<DeviceKey | Refusal> {
  if (!isKeyId(keyId)) return refuse(401, 'unknown-device');
  const key = await findKey(db, keyId);
  if (!key) return refuse(401, 'unknown-device');
  if (key.status === 'revoked') return refuse(403, 'device-revoked');
  return key;
}

async function checkSignature(
  db: Queryable,
  keyId: string,
  publicKey: Registration['publicKey'],
  body: string,
  header: string | undefined,
  now: Date,
): Promise<Refusal | null> {
  let cryptoKey: CryptoKey;
  try {
    cryptoKey = await importPublicJwk(publicKey);
  } catch {
    return refuse(400, 'invalid-body', { problems: ['publicKey: not a point on P-256'] });
  }
  const check = await verifyDeviceSignature(cryptoKey, body, header, now.getTime() / 1000);
  if (!check.ok) return refuse(401, check.reason === 'stale' ? 'stale-signature' : 'bad-signature');
  if (!(await claimNonce(db, `v2:${keyId}:${check.signature.n}`, now))) return refuse(409, 'replay');
  return null;
}

/** Signature by the registered key, fresh and unseen; then the schema; every event must speak for the key's pseudonym. */
export async function readV2Batch(
  db: Queryable,
  key: DeviceKey,
  body: string,
  signature: string | undefined,
  now: Date,
): Promise<{ events: IncomingEvent[] } | Refusal> {
  const refused = await checkSignature(db, key.key_id, key.public_key, body, signature, now);
  if (refused) return refused;
  const json = parseJson(body);
  if (!json.ok) return refuse(400, 'invalid-body', { problems: ['(body): not valid JSON'] });
  const parsed = eventBatchV2Schema.safeParse(json.value);
  if (!parsed.success) return refuse(400, 'invalid-body', { problems: problemsOf(parsed.error.issues) });
  const problems = parsed.data.events.flatMap((e, i) => [
    ...(e.device !== key.device ? [`events.${i}.device: not the pseudonym this key registered`] : []),
    ...(!timestampInRange(e.occurredAt) || !timestampInRange(e.lastOccurredAt) ? [`events.${i}.occurredAt: year outside 1970–9999`] : []),
  ]);
  if (problems.length > 0) return refuse(400, 'invalid-body', { problems: problems.slice(0, 10) });
  // The wire format sends `url` only with a report and `term` only with an alert: anything else is never stored.
  return {
    events: parsed.data.events.map((e) => ({
      ...e,
      url: e.type === 'reported' ? e.url : null,
      term: e.type === 'search-alert' || e.type === 'content-alert' ? e.term : null,
    })),
  };
}

/** A registration body: valid, its keyId the key's thumbprint and the header's key, signed by that key. */
export async function readRegistration(
  db: Queryable,
  headerKeyId: string | undefined,
  body: string,
  signature: string | undefined,
  now: Date,
): Promise<{ registration: Registration } | Refusal> {
  const json = parseJson(body);
  if (!json.ok) return refuse(400, 'invalid-body', { problems: ['(body): not valid JSON'] });
  const parsed = registrationSchema.safeParse(json.value);
  if (!parsed.success) return refuse(400, 'invalid-body', { problems: problemsOf(parsed.error.issues) });
  const registration = parsed.data;
  if ((await jwkThumbprint(registration.publicKey)) !== registration.keyId) {
    return refuse(400, 'invalid-body', { problems: ['keyId: not the RFC 7638 thumbprint of publicKey'] });
  }
  if (headerKeyId !== undefined && headerKeyId !== registration.keyId) {
    return refuse(400, 'invalid-body', { problems: ['X-Safeguard-Key: not the keyId of the body'] });
  }
  const refused = await checkSignature(db, registration.keyId, registration.publicKey, body, signature, now);
  return refused ?? { registration };
}
