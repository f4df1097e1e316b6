import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@/src/core/audit';
import { createAuditLog } from './audit-log';
import { openSafeguardDb } from './db';

const entry = (n: number): AuditEntry => ({
  at: new Date(Date.UTC(2026, 10, 24, 9, 0, n)).toISOString(),
  kind: 'policy-applied',
  source: 'admin',
  keyStage: 'KS2',
  changes: [{ path: 'keyStage', before: 'KS1', after: `KS${n}` }],
  issues: [],
});

describe('audit log', () => {
  it('returns newest first and keeps only the newest entries when full', async () => {
    const log = createAuditLog(await openSafeguardDb('audit-test'), 3);
    for (let i = 1; i <= 5; i++) await log.append(entry(i));
    const recent = await log.recent(10);
    expect(recent.map((e) => e.changes[0]!.after)).toEqual(['KS5', 'KS4', 'KS3']);
  });
});
