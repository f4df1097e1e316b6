import { describe, expect, it } from 'vitest';
import type { FilterStatus } from '../status';
import { toWireEvent } from './anonymise';
import { canonicalJson, heartbeatInput, NO_POLICY_FINGERPRINT, policyFingerprint } from './heartbeat';

const status = (fields: Partial<FilterStatus> = {}) => ({ source: 'admin', ruleCount: 412, installError: null, ...fields }) as FilterStatus;
const POLICY = { keyStage: 'KS2', schoolId: 'URN1', endpoint: { url: 'https://dsl.example/events', enrolmentToken: 'SECRET' } };

describe('heartbeat', () => {
  it('fingerprints a policy by its content, not its key order', async () => {
    expect(canonicalJson({ b: [1, { d: 2, c: null }], a: 'x', u: undefined })).toBe('{"a":"x","b":[1,{"c":null,"d":2}]}');
    const reordered = { endpoint: { enrolmentToken: 'SECRET', url: 'https://dsl.example/events' }, schoolId: 'URN1', keyStage: 'KS2' };
    expect(await policyFingerprint(reordered)).toBe(await policyFingerprint(POLICY));
    expect(await policyFingerprint({ ...POLICY, keyStage: 'KS3' })).not.toBe(await policyFingerprint(POLICY));
    expect(await policyFingerprint(POLICY)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reports version, fingerprint prefix, rule count, whether filtering is in force and the policy source', async () => {
    const input = await heartbeatInput({ version: '0.2.0', status: status(), policy: POLICY });
    expect(input).toEqual({
      type: 'heartbeat',
      detail: { version: '0.2.0', policy: (await policyFingerprint(POLICY)).slice(0, 8), rules: 412, inForce: true, source: 'admin' },
    });
    const event = toWireEvent(input, {
      id: '2b1c3a4e-5f60-4a1b-9c2d-3e4f5a6b7c8d',
      now: new Date(),
      schoolId: 'URN1',
      keyStage: 'KS2',
      device: '0'.repeat(32),
      deviceIdKind: 'install',
      optIns: { sendPageAddress: true, sendTerms: true },
    });
    expect(event).toMatchObject({ ok: true, dropped: [] });
    expect(JSON.stringify(event)).not.toContain('SECRET');
  });

  it('is not in force on the strictest fallback, nor when the browser refused the rules', async () => {
    const fallback = await heartbeatInput({ version: '0.2.0', status: status({ source: 'default' }), policy: POLICY });
    expect(fallback.detail).toMatchObject({ inForce: false, source: 'default', policy: NO_POLICY_FINGERPRINT });
    const refused = await heartbeatInput({
      version: '0.2.0',
      status: status({ source: 'last-good', installError: 'too many rules' }),
      policy: POLICY,
    });
    expect(refused.detail).toMatchObject({ inForce: false, source: 'last-good' });
    const early = await heartbeatInput({ version: '0.2.0', status: null, policy: null });
    expect(early.detail).toEqual({ version: '0.2.0', policy: NO_POLICY_FINGERPRINT, rules: 0, inForce: false, source: 'default' });
  });
});
