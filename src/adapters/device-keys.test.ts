import { openDB } from 'idb';
import { describe, expect, it } from 'vitest';
import { deviceSignatureHeaderValue, importPublicJwk, jwkThumbprint, verifyDeviceSignature } from '@/src/core/events/device-signing';
import { DB_VERSION, openSafeguardDb } from './db';
import { createDeviceKeyStore } from './device-keys';

let dbCounter = 0;
const freshName = () => `device-keys-test-${++dbCounter}`;

describe('device key store', () => {
  it('makes one non-extractable P-256 key, unregistered, and keeps it across worker lives', async () => {
    const name = freshName();
    const store = createDeviceKeyStore(await openSafeguardDb(name));
    const [a, b] = await Promise.all([store.current(), store.current()]);
    expect(a.keyId).toBe(b.keyId);
    expect(a).toMatchObject({ registration: 'unregistered', registeredWith: null, publicJwk: { kty: 'EC', crv: 'P-256' } });
    expect(a.keyId).toBe(await jwkThumbprint(a.publicJwk));
    expect(a.keyPair.privateKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('jwk', a.keyPair.privateKey)).rejects.toThrow();

    // Read back from IndexedDB in a new worker life: the same key still signs, and verifies with the registered JWK.
    const again = await createDeviceKeyStore(await openSafeguardDb(name)).current();
    expect(again.keyId).toBe(a.keyId);
    const header = await deviceSignatureHeaderValue(again.keyPair.privateKey, 'body', 1_800_000_000, 'n'.repeat(16));
    expect((await verifyDeviceSignature(await importPublicJwk(a.publicJwk), 'body', header, 1_800_000_000)).ok).toBe(true);
  });

  it('records registration for the current key only; a new key replaces a revoked one', async () => {
    const store = createDeviceKeyStore(await openSafeguardDb(freshName()));
    const first = await store.current();
    const where = { url: 'https://dsl.example/events', device: 'd'.repeat(32) };
    expect(await store.setRegistration(first.keyId, 'active', where)).toMatchObject({ registration: 'active', registeredWith: where });
    const second = await store.replace();
    expect(second.keyId).not.toBe(first.keyId);
    expect(second.registration).toBe('unregistered');
    // A late answer about the old key changes nothing.
    expect(await store.setRegistration(first.keyId, 'revoked', where)).toMatchObject({ keyId: second.keyId, registration: 'unregistered' });
    expect((await store.current()).keyId).toBe(second.keyId);
  });

  it('replaces a damaged stored key rather than trusting it', async () => {
    const db = await openSafeguardDb(freshName());
    const warnings: string[] = [];
    const store = createDeviceKeyStore(db, { warn: (m) => void warnings.push(m) });
    const good = await store.current();
    await db.put('deviceKeys', { ...good, keyPair: { privateKey: 'stolen?', publicKey: good.keyPair.publicKey } as never });
    const replaced = await store.current();
    expect(replaced.keyId).not.toBe(good.keyId);
    expect(warnings).toEqual([expect.stringContaining('damaged')]);
    // An extractable private key is not what this store makes: refused too.
    const extractable = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
    await db.put('deviceKeys', { ...replaced, keyPair: extractable });
    expect((await store.current()).keyId).not.toBe(replaced.keyId);
  });

  it('the database upgrade to version 4 keeps the events a version 3 outbox queued', async () => {
    const name = freshName();
    const v3 = await openDB(name, 3, {
      upgrade(db) {
        db.createObjectStore('audit', { keyPath: 'seq', autoIncrement: true }).createIndex('at', 'at');
        db.createObjectStore('lists', { keyPath: 'id' });
        db.createObjectStore('listChunks', { keyPath: 'key' });
        db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true }).createIndex('id', 'event.id', { unique: true });
      },
    });
    await v3.add('outbox', { event: { schemaVersion: 1, id: 'queued-before' }, attempted: true });
    v3.close();
    const v4 = await openSafeguardDb(name);
    expect(DB_VERSION).toBe(4);
    expect(await v4.getAll('outbox')).toEqual([{ seq: 1, event: { schemaVersion: 1, id: 'queued-before' }, attempted: true }]);
    expect([...v4.objectStoreNames]).toEqual(expect.arrayContaining(['deviceKeys', 'foldWindows']));
  });
});
