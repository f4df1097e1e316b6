import { defineConfig } from 'wxt';
import { buildManagedSchema } from './src/core/policy/managed-schema';
import { buildExtensionKey } from './test/tools/extension-id';

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  manifestVersion: 3,
  manifest: {
    name: 'School Safeguard',
    description: 'Keeps pupils away from harmful content and gets help to them when something gets through.',
    // A fixed key gives a fixed extension ID, which admin policy and the blocked-page URL rely on.
    key: buildExtensionKey(),
    minimum_chrome_version: '121',
    default_locale: 'en',
    // webRequest (observe only): confirms a blocked page stands for a real rule redirect (issue 3).
    // contextMenus: the pupil's "Tell an adult" report on the page's right-click menu.
    // enterprise.deviceAttributes: the directory device ID behind the event pseudonym (managed ChromeOS only).
    permissions: ['declarativeNetRequest', 'storage', 'unlimitedStorage', 'alarms', 'webRequest', 'contextMenus', 'scripting', 'enterprise.deviceAttributes'],
    commands: {
      'report-page': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: '__MSG_commandReport__',
      },
    },
    // Redirect and modifyHeaders rules (blocked page, safe search, YouTube header) need host access.
    host_permissions: ['<all_urls>'],
    storage: { managed_schema: 'managed_schema.json' },
    web_accessible_resources: [{ resources: ['blocked.html'], matches: ['<all_urls>'] }],
  },
  hooks: {
    // Chrome reads the managed-storage schema from a file; generate it from the zod schema.
    'build:publicAssets': (_, assets) => {
      assets.push({ relativeDest: 'managed_schema.json', contents: `${JSON.stringify(buildManagedSchema(), null, 2)}\n` });
    },
  },
  zip: { artifactTemplate: 'school-safeguard-{{version}}-chrome.zip' },
});
