import { TOTP_STEP_SECONDS, totpCode } from '../../src/core/totp';
import { audit } from './audit';
import type { Queryable } from './db';
import type { Account } from './people/permissions';
import type { UnlockCode } from './pages/admin';
import { secretFor } from './web/context';

/**
 * The unlock code any adult's authenticator app shows (RFC 6238, the policy's `unlockCodeSecret`), for DSLs and
 * deputies to read out from the workspace. One code per school the person can see; each view is audited.
 */
export async function currentUnlockCodes(
  db: Queryable,
  account: Account,
  secrets: Record<string, string>,
  at: Date,
): Promise<UnlockCode[]> {
  const schools: (string | null)[] = account.schoolIds ?? [
    ...(secrets['*'] ? [null] : []),
    ...Object.keys(secrets).filter((s) => s !== '*'),
  ];
  const seconds = at.getTime() / 1000;
  const step = Math.floor(seconds / TOTP_STEP_SECONDS);
  const codes: UnlockCode[] = [];
  for (const schoolId of schools) {
    const secret = secretFor(secrets, schoolId);
    const code = secret ? await totpCode(secret, seconds) : null;
    if (!code) continue;
    codes.push({
      schoolId,
      code,
      validFrom: new Date(step * TOTP_STEP_SECONDS * 1000),
      validUntil: new Date((step + 1) * TOTP_STEP_SECONDS * 1000),
    });
  }
  for (const c of codes)
    await audit(db, { actor: account.name, action: 'unlock-code-viewed', schoolId: c.schoolId, target: c.schoolId ?? undefined }, at);
  return codes;
}
