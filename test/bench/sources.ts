import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Category } from '../../src/core/categories';

/** `../shared/lists` beside the project (never copied into it). */
export const SHARED_LISTS_DIR = resolve(import.meta.dirname, '../../../shared/lists');

export interface ListText {
  name: string;
  category: Category;
  text: string;
}

/** A reproducible synthetic list of `count` distinct domains, one a line, with some noise lines. */
export function syntheticListText(count: number): string {
  const parts: string[] = ['# synthetic benchmark list'];
  for (let i = 0; i < count; i++) {
    parts.push(i % 97 === 0 ? `WWW.Site-${i}.Example.COM` : `site-${i}.${i % 3 === 0 ? 'example.org' : 'example.com'}`);
  }
  return `${parts.join('\n')}\n`;
}

const CATEGORY_BY_FILE: Record<string, Category> = {
  adult: 'pornography',
  mixed_adult: 'pornography',
  lingerie: 'pornography',
  gambling: 'gambling',
  arjel: 'gambling',
  drugs: 'drugs',
  drogue: 'drugs',
  vaping: 'drugs',
  agressif: 'discrimination',
  sect: 'extremism',
  'snuff-gore': 'violence',
  dangerous_material: 'self-harm',
  warez: 'piracy',
  piracy: 'piracy',
  torrent: 'piracy',
  redirector: 'circumvention',
  redirect: 'circumvention',
  vpn: 'circumvention',
  doh: 'circumvention',
  'residential-proxies': 'circumvention',
  social: 'social-networks',
  social_networks: 'social-networks',
  facebook: 'social-networks',
  tiktok: 'social-networks',
  twitter: 'social-networks',
  dating: 'dating',
  chat: 'chat',
  webmail: 'webmail',
  games: 'games',
};

/** Every list file under ../shared/lists, with a category guessed from its name (default: malware). */
export function sharedLists(): ListText[] {
  if (!existsSync(SHARED_LISTS_DIR)) return [];
  const out: ListText[] = [];
  for (const source of readdirSync(SHARED_LISTS_DIR, { withFileTypes: true })) {
    if (!source.isDirectory() || source.name === 'LICENSES') continue;
    for (const file of readdirSync(join(SHARED_LISTS_DIR, source.name))) {
      if (!file.endsWith('.txt')) continue;
      const base = file.replace(/\.txt$/, '').replace(/_(top-n|full_.*)$/, '');
      out.push({
        name: `${source.name}/${file}`,
        category: CATEGORY_BY_FILE[base] ?? 'malware',
        text: readFileSync(join(SHARED_LISTS_DIR, source.name, file), 'utf8'),
      });
    }
  }
  return out;
}
