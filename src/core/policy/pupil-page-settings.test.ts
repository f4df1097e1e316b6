import { describe, expect, it } from 'vitest';
import { DEFAULT_SCHOOL_HOURS } from '../school-hours';
import { resolvePolicy } from './resolve';

const valid = (raw: Record<string, unknown>) => {
  const result = resolvePolicy(raw);
  if (result.kind !== 'valid') throw new Error(JSON.stringify(result));
  return result;
};

describe('blocked page, report and unlock settings in the policy', () => {
  it('defaults: no unlock secret, a usual school day, no page addresses sent, the built-in page kinds', () => {
    const { policy } = valid({ keyStage: 'KS2' });
    expect(policy).toMatchObject({
      unlockCodeSecret: undefined,
      schoolHours: DEFAULT_SCHOOL_HOURS,
      reports: { sendPageAddress: false, sharedPlatforms: [] },
    });
    expect(policy.categoryPageKinds.games).toBe('not-for-school');
    expect(policy.categoryPageKinds.pornography).toBe('harmful');
  });
  it('takes the unlock secret (tidied), school hours, report settings and page kind moves', () => {
    const { policy, issues } = valid({
      keyStage: 'KS3',
      unlockCodeSecret: 'jbsw y3dp ehpk 3pxp jbsw y3dp ehpk 3pxp',
      schoolHours: { start: '08:40', end: '15:20' },
      reports: { sendPageAddress: true, sharedPlatforms: ['https://VLE.School.example/', '1.2.3.4'] },
      pageKinds: { harmful: ['chat'], notForSchool: ['gambling', 'games'] },
    });
    expect(policy.unlockCodeSecret).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
    expect(policy.schoolHours).toEqual({ days: DEFAULT_SCHOOL_HOURS.days, start: '08:40', end: '15:20' });
    expect(policy.reports).toEqual({ sendPageAddress: true, sharedPlatforms: ['vle.school.example'] });
    expect(policy.categoryPageKinds).toMatchObject({ chat: 'harmful', gambling: 'harmful', games: 'not-for-school' });
    expect(issues.map((i) => i.path).sort()).toEqual(['pageKinds.notForSchool[0]', 'reports.sharedPlatforms[1]']);
    expect(issues.find((i) => i.path.startsWith('pageKinds'))?.message).toMatch(/always gets the harmful page/);
  });
  it.each([
    [{ unlockCodeSecret: 'JBSWY3DPEHPK3PXP' }, 'unlockCodeSecret'],
    [{ unlockCodeSecret: 'not base32 at all!' }, 'unlockCodeSecret'],
    [{ schoolHours: { start: '15:00', end: '09:00' } }, 'schoolHours'],
    [{ schoolHours: { start: '9am', end: '3pm' } }, 'schoolHours.start'],
    [{ reports: { sendPageAddress: 'yes' } }, 'reports.sendPageAddress'],
  ])('refuses a policy whose unlock or report setting cannot work (%j): the last good policy stays', (extra, path) => {
    const result = resolvePolicy({ keyStage: 'KS2', ...extra });
    expect(result.kind).toBe('invalid');
    if (result.kind === 'invalid') expect(result.issues[0]?.path).toBe(path);
  });
});
