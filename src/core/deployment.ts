/**
 * What only the Admin console can close (README: "Deploying safely"): the Chrome and ChromeOS
 * policies a school must set beside this extension, what each closes, where it is set, and which of
 * them the extension can see for itself. The README's checklist and the status page's warnings are
 * both made from this one list.
 */

/** What the extension can find out about where it runs without extra permissions (src/adapters/browser-facts.ts). */
export interface BrowserFacts {
  /** `management.getSelf().installType`: `admin` when force-installed by policy. */
  installType: string | null;
  /** `management.getSelf().mayDisable`: whether the user can switch it off or remove it. */
  mayDisable: boolean | null;
  /** `extension.isAllowedIncognitoAccess()`: whether it runs, and filters, in incognito windows. */
  allowedInIncognito: boolean | null;
  /** `runtime.getPlatformInfo().os`: `cros` on a Chromebook. */
  os: string | null;
  /** Whether the device is enrolled in the school's domain (it has a directory device ID); null off ChromeOS. */
  enrolledDevice: boolean | null;
}

export type CheckState = 'ok' | 'warning' | 'not-visible';

export interface DeploymentItem {
  id: string;
  /** What to set, in the Admin console's words. */
  title: string;
  /** The Chrome policy names (chromeenterprise.google/policies), and the value to give them. */
  policies: string;
  /** What a pupil could do without it. */
  closes: string;
  /** Where it is in the Google Admin console. */
  adminPath: string;
  /** What the extension can see of it; absent when it cannot see it at all. */
  check?: (facts: BrowserFacts) => { state: Exclude<CheckState, 'not-visible'>; detail: string } | null;
}

const USERS = 'Devices → Chrome → Settings → Users & browsers';
const DEVICES = 'Devices → Chrome → Settings → Device settings';
const APPS = 'Devices → Chrome → Apps & extensions → Users & browsers';

export const DEPLOYMENT_CHECKLIST: readonly DeploymentItem[] = [
  {
    id: 'force-install',
    title: 'Force-install this extension',
    policies: 'ExtensionInstallForcelist (or ExtensionSettings: installation_mode "force_installed")',
    closes: 'A pupil switching the filter off or removing it at chrome://extensions.',
    adminPath: `${APPS} → this extension → Installation policy: Force install`,
    check: (f) => {
      if (f.installType === null && f.mayDisable === null) return null;
      return f.installType === 'admin' && f.mayDisable !== true
        ? { state: 'ok', detail: 'Installed by policy: it cannot be switched off or removed on this device.' }
        : {
            state: 'warning',
            detail: `Not force-installed (installed as "${f.installType ?? 'unknown'}"): whoever uses this device can switch the filter off or remove it.`,
          };
    },
  },
  {
    id: 'incognito',
    title: 'Disallow incognito mode',
    policies:
      'IncognitoModeAvailability = 1 (or MandatoryExtensionsForIncognitoNavigation listing this extension, so incognito works only with it)',
    closes:
      'Incognito windows: Chrome runs an extension there only if someone allows it, and an admin cannot allow it for them, so incognito browsing is not filtered.',
    adminPath: `${USERS} → Security → Incognito mode: Disallow incognito mode`,
    check: (f) => {
      if (f.allowedInIncognito === null) return null;
      return f.allowedInIncognito
        ? { state: 'ok', detail: 'This extension is allowed in incognito windows, so they are filtered too.' }
        : {
            state: 'warning',
            detail:
              'Incognito windows are not filtered on this device unless incognito mode is disallowed by policy (the extension cannot see that policy): check it in the Admin console.',
          };
    },
  },
  {
    id: 'guest',
    title: 'Disable guest mode',
    policies: 'DeviceGuestModeEnabled = false (ChromeOS); BrowserGuestModeEnabled = false (Chrome on Windows, Mac, Linux)',
    closes: 'Guest sessions and guest windows, which run without the school policy and so without this extension.',
    adminPath: `${DEVICES} → Sign-in settings → Guest mode: Disable guest mode; ${USERS} → Security → Browser guest mode`,
  },
  {
    id: 'sign-in',
    title: "Restrict sign-in to the school's accounts",
    policies:
      'DeviceUserAllowlist (e.g. *@school.example.sch.uk); on other platforms BrowserAddPersonEnabled = false, RestrictSigninToPattern',
    closes:
      "A pupil signing in to the Chromebook (or adding a Chrome profile) with a personal account, whose session gets none of the school's policy.",
    adminPath: `${DEVICES} → Sign-in settings → Sign-in restriction`,
    check: (f) => {
      if (f.os === null) return null;
      if (f.os !== 'cros')
        return {
          state: 'warning',
          detail: `Not a Chromebook (${f.os}): other browsers and other Chrome profiles on this computer are not filtered by this extension.`,
        };
      if (f.enrolledDevice === false)
        return {
          state: 'warning',
          detail:
            "This Chromebook is not enrolled in the school's domain: device policies (guest mode, sign-in restriction) do not apply to it.",
        };
      return f.enrolledDevice ? { state: 'ok', detail: "An enrolled Chromebook: the school's device policies apply." } : null;
    },
  },
  {
    id: 'developer-tools',
    title: 'Never allow developer tools',
    policies: 'DeveloperToolsAvailability = 2 (also stops loading unpacked extensions); ExtensionDeveloperModeSettings = 1',
    closes: "Developer tools and developer mode: pupils' own unpacked extensions, request overriding, inspecting pages.",
    adminPath: `${USERS} → User experience → Developer tools: Never allow use of built-in developer tools`,
  },
  {
    id: 'extensions',
    title: 'Block other extensions (allow only approved ones)',
    policies: 'ExtensionInstallBlocklist = ["*"] with ExtensionInstallAllowlist for approved ones; BlockExternalExtensions = true',
    closes:
      'Proxy, VPN and "unblocker" extensions: another extension\'s own requests are not filtered by this one, so it can fetch blocked pages and show them.',
    adminPath: `${APPS} → Additional settings → Allow or block all apps and extensions: Block all apps and extensions`,
  },
  {
    id: 'dns-over-https',
    title: "Turn off DNS over HTTPS, or point it at the school's filtering resolver",
    policies: 'DnsOverHttpsMode = "off" (or "secure" with DnsOverHttpsTemplates set to the school\'s resolver)',
    closes:
      "Chrome's own secure DNS, which extensions cannot see: set to a public resolver it hides look-ups from the school network's filter (this extension filters by name either way).",
    adminPath: `${USERS} → Network → DNS-over-HTTPS`,
  },
  {
    id: 'proxy',
    title: 'Fix the proxy setting',
    policies: 'ProxySettings (ProxyMode "direct", or the school proxy)',
    closes: 'A pupil or an extension sending traffic through a proxy of their choice, round the school network.',
    adminPath: `${USERS} → Network → Proxy mode`,
  },
  {
    id: 'other-browsers',
    title: 'No Linux or unapproved Android apps',
    policies: 'VirtualMachinesAllowed = false (Linux); ArcEnabled = false, or Google Play limited to approved apps',
    closes:
      'Another browser (Firefox, Opera with its VPN) installed as a Linux or Android app: it is not Chrome, so nothing here filters it.',
    adminPath: `${USERS} → Virtual machines and developers → Linux virtual machines; ${APPS} → Additional settings → Android apps`,
  },
  {
    id: 'task-manager',
    title: 'Block ending processes in the task manager',
    policies: 'TaskManagerEndProcessEnabled = false',
    closes: "Ending the extension's process from Chrome's task manager, which stops it until it restarts.",
    adminPath: `${USERS} → User experience → Task manager`,
  },
  {
    id: 'safe-search',
    title: 'Google SafeSearch and YouTube Restricted Mode as a second layer',
    policies:
      "ForceGoogleSafeSearch = true; ForceYouTubeRestrict = 2 (strict) or 1 (moderate). Chrome has no Bing policy (ForceBingSafeSearch is Microsoft Edge's)",
    closes:
      'Safe search if this extension were ever stopped; with ForceYouTubeRestrict set a school can also set youtubeRestrict "off" here and save the header rule\'s cost.',
    adminPath: `${USERS} → Content → SafeSearch and Restricted Mode`,
  },
];

export interface DeploymentCheck {
  item: DeploymentItem;
  state: CheckState;
  detail: string;
}

/** The checklist as seen from this device: what the extension can confirm, what it warns about, and what it cannot see. */
export function deploymentChecks(facts: BrowserFacts): DeploymentCheck[] {
  return DEPLOYMENT_CHECKLIST.map((item) => {
    const seen = item.check?.(facts) ?? null;
    return seen
      ? { item, ...seen }
      : { item, state: 'not-visible' as const, detail: 'The extension cannot see this setting: check it in the Admin console.' };
  });
}
