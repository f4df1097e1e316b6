import { describe, expect, it } from 'vitest';
import { DEPLOYMENT_CHECKLIST, deploymentChecks, type BrowserFacts } from './deployment';

const SAFE: BrowserFacts = { installType: 'admin', mayDisable: false, allowedInIncognito: true, os: 'cros', enrolledDevice: true };
const stateOf = (facts: BrowserFacts, id: string) => deploymentChecks(facts).find((c) => c.item.id === id);

describe('deployment checks', () => {
  it('are all OK, or not visible to the extension, on a well-deployed Chromebook', () => {
    const states = deploymentChecks(SAFE).map((c) => c.state);
    expect(states).not.toContain('warning');
    expect(states.filter((s) => s === 'ok')).toHaveLength(3);
  });

  it('warn when the extension is not force-installed, or may be switched off', () => {
    expect(stateOf({ ...SAFE, installType: 'development', mayDisable: true }, 'force-install')).toMatchObject({
      state: 'warning',
      detail: expect.stringContaining('switch the filter off'),
    });
    expect(stateOf({ ...SAFE, installType: 'normal', mayDisable: true }, 'force-install')?.state).toBe('warning');
    expect(stateOf({ ...SAFE, mayDisable: true }, 'force-install')?.state).toBe('warning');
  });

  it('warn that incognito windows are not filtered unless the extension runs there', () => {
    expect(stateOf({ ...SAFE, allowedInIncognito: false }, 'incognito')).toMatchObject({
      state: 'warning',
      detail: expect.stringContaining('Incognito windows are not filtered'),
    });
    expect(stateOf(SAFE, 'incognito')?.state).toBe('ok');
  });

  it('warn off ChromeOS and on a Chromebook not enrolled in the school domain', () => {
    expect(stateOf({ ...SAFE, os: 'linux', enrolledDevice: null }, 'sign-in')).toMatchObject({
      state: 'warning',
      detail: expect.stringContaining('other browsers and other Chrome profiles'),
    });
    expect(stateOf({ ...SAFE, enrolledDevice: false }, 'sign-in')?.state).toBe('warning');
  });

  it('say "check in the Admin console" for what the browser does not tell, never OK', () => {
    const unknown: BrowserFacts = { installType: null, mayDisable: null, allowedInIncognito: null, os: null, enrolledDevice: null };
    for (const check of deploymentChecks(unknown)) expect(check.state, check.item.id).toBe('not-visible');
    for (const id of ['guest', 'developer-tools', 'dns-over-https', 'extensions', 'other-browsers'])
      expect(stateOf(SAFE, id)?.state, id).toBe('not-visible');
  });

  it('name each policy and where it is set', () => {
    expect(new Set(DEPLOYMENT_CHECKLIST.map((i) => i.id)).size).toBe(DEPLOYMENT_CHECKLIST.length);
    for (const item of DEPLOYMENT_CHECKLIST) {
      expect(item.policies, item.id).toMatch(/[A-Z][a-zA-Z]+/);
      expect(item.adminPath, item.id).toMatch(/^Devices → Chrome → /);
    }
    const policies = DEPLOYMENT_CHECKLIST.map((i) => i.policies).join(' ');
    for (const name of [
      'IncognitoModeAvailability',
      'BrowserGuestModeEnabled',
      'DeviceGuestModeEnabled',
      'DeveloperToolsAvailability',
      'DnsOverHttpsMode',
      'ExtensionInstallBlocklist',
      'ExtensionInstallAllowlist',
      'ExtensionInstallForcelist',
      'ForceGoogleSafeSearch',
      'ForceYouTubeRestrict',
    ])
      expect(policies).toContain(name);
  });
});
