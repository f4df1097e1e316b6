import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import { buildManagedSchema } from './src/core/policy/managed-schema';
import { buildExtensionKey, extensionIdForKey } from './scripts/extension-id';
import { bakeStaticLists, type BakedRuleset } from './scripts/static-lists';
import { STRICTEST_RULESET_ID, STRICTEST_RULESET_PATH, strictestRules } from './src/core/rules/strictest-ruleset';

/** The key-less blocked page static rules redirect to (they are written before any device has a key). */
const unkeyedBlockPageUrl = () => `chrome-extension://${extensionIdForKey(buildExtensionKey())}/blocked.html`;

// LISTS_DIR=... npm run build: lists baked in as one static ruleset per category (README: list feeds).
let baked: BakedRuleset[] | undefined;
const bakedLists = (): BakedRuleset[] => {
  const dir = process.env.LISTS_DIR?.trim();
  if (!dir) return [];
  if (!baked) {
    // Host indexes go to WXT's own work folder (ignored by git) and are copied into the package from there.
    baked = bakeStaticLists(dir, unkeyedBlockPageUrl(), resolve('.wxt/baked-lists'));
    for (const b of baked) console.log(`Baked ${b.id}: ${b.build.reduce.output} domains, ${b.build.rules.length} rules`);
  }
  return baked;
};

export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  // A second build (the baked-lists e2e test) goes elsewhere so it never replaces the main one.
  ...(process.env.SAFEGUARD_OUT_DIR ? { outDir: process.env.SAFEGUARD_OUT_DIR } : {}),
  manifestVersion: 3,
  manifest: {
    name: 'School Safeguard',
    description: 'Keeps pupils away from harmful content and gets help to them when something gets through.',
    // A fixed key gives a fixed extension ID, which admin policy and the blocked-page URL rely on.
    key: buildExtensionKey(),
    minimum_chrome_version: '121',
    default_locale: 'en',
    // declarativeNetRequest: the filter itself (block, redirect to the blocked page, safe search headers).
    // storage, unlimitedStorage: policy state, blocked tabs, and the downloaded lists (IndexedDB).
    // alarms: policy re-checks, list updates, event retries, the end of a lesson unlock.
    // webNavigation: when the blocked page commits (filtered by Chrome to that page only), to confirm it
    //   stands for a real rule redirect (issue 3). After the fact, so page loads never wait on it.
    // contextMenus: the pupil's "Tell an adult" report on the page's right-click menu.
    // scripting: the black layer put over a reported page at once, before the dark page loads.
    // enterprise.deviceAttributes: the directory device ID behind the event pseudonym (managed ChromeOS only).
    permissions: [
      'declarativeNetRequest',
      'storage',
      'unlimitedStorage',
      'alarms',
      'webNavigation',
      'contextMenus',
      'scripting',
      'enterprise.deviceAttributes',
    ],
    commands: {
      'report-page': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: '__MSG_commandReport__',
      },
    },
    // Redirect and modifyHeaders rules (blocked page, safe search, YouTube header) need host access.
    host_permissions: ['<all_urls>'],
    storage: { managed_schema: 'managed_schema.json' },
    // Rules redirect to blocked.html, so it must be web-accessible; use_dynamic_url stops a web page
    // loading it by its fixed address to learn the extension is there (README: threat model).
    web_accessible_resources: [{ resources: ['blocked.html'], matches: ['<all_urls>'], use_dynamic_url: true }],
  },
  hooks: {
    // Chrome reads the managed-storage schema from a file; generate it from the zod schema.
    'build:publicAssets': (_, assets) => {
      assets.push({ relativeDest: 'managed_schema.json', contents: `${JSON.stringify(buildManagedSchema(), null, 2)}\n` });
      // The strictest profile, in force from installation until a valid policy's rules are (README: Always in force).
      assets.push({ relativeDest: STRICTEST_RULESET_PATH, contents: JSON.stringify(strictestRules(unkeyedBlockPageUrl())) });
      for (const b of bakedLists()) {
        assets.push({ relativeDest: b.path, contents: b.json });
        // Read by the worker to confirm a key-less blocked page (static rules cannot carry the device key).
        assets.push({ relativeDest: b.index.path, absoluteSrc: b.index.file });
      }
    },
    // The strictest ruleset is declared enabled: Chrome enforces it before the worker has run. Baked
    // lists are declared disabled: the background enables the policy's categories with updateEnabledRulesets.
    'build:manifestGenerated': (_, manifest) => {
      (manifest as { declarative_net_request?: unknown }).declarative_net_request = {
        rule_resources: [
          { id: STRICTEST_RULESET_ID, enabled: true, path: STRICTEST_RULESET_PATH },
          ...bakedLists().map((b) => ({ id: b.id, enabled: false, path: b.path })),
        ],
      };
    },
  },
  zip: { artifactTemplate: 'school-safeguard-{{version}}-chrome.zip' },
});
