import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/core/categories';
import { KEY_STAGES } from '../../src/core/key-stages';
import { POLICY_KEYS, profileOverrideSchema } from '../../src/core/policy/schema';
import { categoryTable, deploymentTable, keyStageTable, searchEngineTables } from '../../scripts/doc-tables';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README conventions', () => {
  it('opens with the two commands, the second being what .ci/run runs', () => {
    const firstBlock = readme.slice(readme.indexOf('```sh'), readme.indexOf('```', readme.indexOf('```sh') + 5));
    expect(firstBlock).toContain('npm ci && npm start');
    expect(firstBlock).toContain('npm ci && npm test');
    expect(readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8')).toMatch(/^npm ci && npm test$/m);
  });

  it('documents every policy key in the reference table', () => {
    for (const key of POLICY_KEYS) expect(readme, key).toMatch(new RegExp(`^\\| \`${key}\` \\|`, 'm'));
    for (const key of Object.keys(profileOverrideSchema.shape)) expect(readme, key).toContain(`\`${key}\``);
  });

  it('has the key-stage table exactly as the profiles define it, and every category', () => {
    expect(readme).toContain(keyStageTable());
    expect(readme).toContain(categoryTable());
    for (const stage of KEY_STAGES) expect(readme).toContain(`| ${stage} (`);
    for (const category of CATEGORIES) expect(readme).toContain(`\`${category}\``);
  });

  it('has the search-engine tables and the deployment checklist exactly as the code defines them', () => {
    expect(readme).toContain(searchEngineTables());
    expect(readme).toContain(deploymentTable());
  });
});
