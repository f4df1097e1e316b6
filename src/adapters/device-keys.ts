import { z } from 'zod';
import { exportPublicJwk, generateDeviceKeyPair, jwkThumbprint } from '@/src/core/events/device-signing';
import { REGISTRATION_STATES, type RegistrationState } from '@/src/core/events/outbox-status';
import { KEY_ID_PATTERN, publicJwkSchema } from '@/src/core/events/schema-v2';
import type { SafeguardDb, StoredDeviceKey } from './db';

const RECORD_NAME = 'device';

/** The device key as the sender uses it. The private key cannot be exported: only used to sign, here. */
export type DeviceKey = StoredDeviceKey;

export interface DeviceKeyStore {
  /** This device's key, made (non-extractable, unregistered) the first time it is asked for. */
  current(): Promise<DeviceKey>;
  /** Records what the endpoint said about the key `keyId` (ignored if the key was replaced meanwhile). */
  setRegistration(keyId: string, registration: RegistrationState, registeredWith: DeviceKey['registeredWith']): Promise<DeviceKey>;
  /** A new key replaces the current one (the old one was revoked, or speaks for another pseudonym). */
  replace(): Promise<DeviceKey>;
}

export interface DeviceKeyStoreOptions {
  generate?: () => Promise<CryptoKeyPair>;
  now?: () => Date;
  warn?: (message: string) => void;
}

const isCryptoKey = (value: unknown): value is CryptoKey => typeof CryptoKey !== 'undefined' && value instanceof CryptoKey;

/** A stored record is checked before use: a damaged one is replaced by a new key rather than trusted. */
const storedKeySchema = z.object({
  name: z.literal(RECORD_NAME),
  keyPair: z.object({
    privateKey: z.custom<CryptoKey>((k) => isCryptoKey(k) && k.type === 'private' && !k.extractable),
    publicKey: z.custom<CryptoKey>((k) => isCryptoKey(k) && k.type === 'public'),
  }),
  keyId: z.string().regex(KEY_ID_PATTERN),
  publicJwk: publicJwkSchema,
  createdAt: z.string(),
  registration: z.enum(REGISTRATION_STATES),
  registeredWith: z.object({ url: z.string(), device: z.string() }).nullable(),
});

export function createDeviceKeyStore(db: SafeguardDb, options: DeviceKeyStoreOptions = {}): DeviceKeyStore {
  const generate = options.generate ?? generateDeviceKeyPair;
  const now = options.now ?? (() => new Date());
  const warn = options.warn ?? ((message: string) => console.warn(message));

  async function make(): Promise<DeviceKey> {
    const keyPair = await generate();
    const publicJwk = await exportPublicJwk(keyPair.publicKey);
    return {
      name: RECORD_NAME,
      keyPair,
      keyId: await jwkThumbprint(publicJwk),
      publicJwk,
      createdAt: now().toISOString(),
      registration: 'unregistered',
      registeredWith: null,
    };
  }

  async function read(): Promise<DeviceKey | null> {
    const stored = await db.get('deviceKeys', RECORD_NAME);
    if (stored === undefined) return null;
    const checked = storedKeySchema.safeParse(stored);
    if (checked.success) return stored;
    warn(`The stored device key is damaged (${checked.error.issues[0]?.path.join('.') ?? '?'}); a new one is made.`);
    return null;
  }

  // One key-making at a time in this worker life, so two sends starting together do not make two keys.
  let making: Promise<DeviceKey> | null = null;

  async function current(): Promise<DeviceKey> {
    const existing = await read();
    if (existing) return existing;
    making ??= make()
      .then(async (key) => {
        await db.put('deviceKeys', key);
        return key;
      })
      .finally(() => {
        making = null;
      });
    return making;
  }

  return {
    current,

    async setRegistration(keyId, registration, registeredWith) {
      const tx = db.transaction('deviceKeys', 'readwrite');
      const stored = await tx.store.get(RECORD_NAME);
      // An answer about a key that has since been replaced changes nothing.
      const updated = stored?.keyId === keyId ? { ...stored, registration, registeredWith } : undefined;
      if (updated) await tx.store.put(updated);
      await tx.done;
      return updated ?? current();
    },

    async replace() {
      const key = await make();
      await db.put('deviceKeys', key);
      return key;
    },
  };
}
