// Prints the policy fingerprint heartbeats carry (docs/wire-format-v2.md), for a policy file:
//   npx tsx scripts/policy-fingerprint.ts policy.json
// The file may be the policy itself, the Linux policy file ({"3rdparty": {"extensions": {<id>: …}}}) or the
// Admin console form (each key wrapped in {"Value": …}).
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { policyFingerprint } from '../src/core/events/heartbeat';

/** The policy object inside any of the three forms. */
export function policyInFile(json: unknown): unknown {
  const extensions = (json as { '3rdparty'?: { extensions?: Record<string, unknown> } } | null)?.['3rdparty']?.extensions;
  const policy = extensions ? Object.values(extensions)[0] : json;
  if (policy === null || typeof policy !== 'object' || Array.isArray(policy)) return policy;
  const entries = Object.entries(policy as Record<string, unknown>);
  const wrapped = entries.length > 0 && entries.every(([, v]) => v !== null && typeof v === 'object' && 'Value' in v);
  return wrapped ? Object.fromEntries(entries.map(([k, v]) => [k, (v as { Value: unknown }).Value])) : policy;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) throw new Error('Usage: npx tsx scripts/policy-fingerprint.ts <policy.json>');
  const fingerprint = await policyFingerprint(policyInFile(JSON.parse(readFileSync(file, 'utf8'))));
  console.log(`${fingerprint.slice(0, 8)}  (heartbeat "policy"; full fingerprint ${fingerprint})`);
}
