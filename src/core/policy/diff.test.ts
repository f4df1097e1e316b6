import { describe, expect, it } from 'vitest';
import { diffPolicies } from './diff';

describe('diffPolicies', () => {
  it('lists added and removed host names rather than whole lists', () => {
    expect(
      diffPolicies({ keyStage: 'KS2', blockDomains: ['a.com', 'b.com'] }, { keyStage: 'KS3', blockDomains: ['b.com', 'c.com'] }),
    ).toEqual([
      { path: 'blockDomains', added: ['c.com'], removed: ['a.com'] },
      { path: 'keyStage', before: 'KS2', after: 'KS3' },
    ]);
  });
  it('describes nested per-key-stage changes and new sections entry by entry', () => {
    expect(diffPolicies({}, { profiles: { KS2: { allowDomains: ['x.org'] } } })).toEqual([
      { path: 'profiles.KS2.allowDomains', added: ['x.org'], removed: [] },
    ]);
  });
  it('never writes secrets into the log', () => {
    const changes = diffPolicies(
      {},
      { endpoint: { url: 'https://e.example', token: 'SECRET', enrolmentToken: 'ENROLSECRET' }, unlockPinHash: 'HASH' },
    );
    expect(JSON.stringify(changes)).not.toMatch(/SECRET|HASH/);
    expect(changes).toContainEqual({ path: 'endpoint.enrolmentToken', before: undefined, after: '(secret)' });
    expect(changes).toContainEqual({ path: 'endpoint.token', before: undefined, after: '(secret)' });
  });
  it('is empty for equal policies', () => {
    expect(
      diffPolicies(
        { keyStage: 'KS1', adults: [{ role: 'teacher', name: 'Mr A' }] },
        { keyStage: 'KS1', adults: [{ role: 'teacher', name: 'Mr A' }] },
      ),
    ).toEqual([]);
  });
});
