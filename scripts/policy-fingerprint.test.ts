import { describe, expect, it } from 'vitest';
import { policyFingerprint } from '../src/core/events/heartbeat';
import { policyInFile } from './policy-fingerprint';

const POLICY = { keyStage: 'KS2', schoolId: 'URN100001', blockDomains: ['distracting-game.example'] };

describe('policy fingerprint of a policy file', () => {
  it('is the same for the policy, the Linux policy file and the Admin console form', async () => {
    const linux = { '3rdparty': { extensions: { imbabkkikfjbpakkgkjglddjojnlckam: POLICY } } };
    const admin = Object.fromEntries(Object.entries(POLICY).map(([k, v]) => [k, { Value: v }]));
    const expected = await policyFingerprint(POLICY);
    for (const form of [POLICY, linux, admin]) expect(await policyFingerprint(policyInFile(form))).toBe(expected);
  });
});
