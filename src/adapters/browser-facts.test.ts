import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { readBrowserFacts } from './browser-facts';

type Enterprise = { chrome?: { enterprise?: unknown } };

afterEach(() => {
  delete (globalThis as Enterprise).chrome;
});

describe('readBrowserFacts', () => {
  it('reads how the extension was installed, incognito access, the platform and enrolment', async () => {
    vi.spyOn(fakeBrowser.management, 'getSelf').mockResolvedValue({ installType: 'admin', mayDisable: false } as never);
    vi.spyOn(fakeBrowser.extension, 'isAllowedIncognitoAccess').mockResolvedValue(false as never);
    vi.spyOn(fakeBrowser.runtime, 'getPlatformInfo').mockResolvedValue({ os: 'cros', arch: 'x86-64' } as never);
    (globalThis as Enterprise).chrome = {
      enterprise: { deviceAttributes: { getDirectoryDeviceId: (done: (id: string) => void) => done('dev-1') } },
    };
    expect(await readBrowserFacts()).toEqual({
      installType: 'admin',
      mayDisable: false,
      allowedInIncognito: false,
      os: 'cros',
      enrolledDevice: true,
    });
  });

  it('gives null for what the browser does not say, and never throws', async () => {
    vi.spyOn(fakeBrowser.management, 'getSelf').mockRejectedValue(new Error('not here'));
    vi.spyOn(fakeBrowser.extension, 'isAllowedIncognitoAccess').mockRejectedValue(new Error('not here'));
    vi.spyOn(fakeBrowser.runtime, 'getPlatformInfo').mockResolvedValue({ os: 'linux', arch: 'x86-64' } as never);
    expect(await readBrowserFacts()).toEqual({
      installType: null,
      mayDisable: null,
      allowedInIncognito: null,
      os: 'linux',
      enrolledDevice: null,
    });
  });
});
