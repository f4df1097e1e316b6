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

describe('audit log entries an older version wrote', () => {
  it('skips an entry that does not fit this version instead of failing the status page', async () => {
    const db = await openSafeguardDb('audit-old-test');
    const log = createAuditLog(db);
    await log.append(entry(1));
    await db.add('audit', { at: '2026-09-01T08:00:00.000Z', kind: 'retired-kind', keyStage: 'KS2' } as unknown as AuditEntry);
    await log.append(entry(2));
    expect((await log.recent(10)).map((e) => e.changes[0]!.after)).toEqual(['KS2', 'KS1']);
  });
});
