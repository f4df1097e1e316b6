import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatMessage, joinWithOr, LOCALES, MESSAGE_KEYS, parseLocaleFile, pickLocale } from './i18n';

const localeJson = (locale: string) =>
  JSON.parse(readFileSync(resolve(import.meta.dirname, `../../public/_locales/${locale}/messages.json`), 'utf8')) as unknown;

describe('pupil languages', () => {
  it.each(LOCALES)('%s has every message, with the same $ placeholders as English', (locale) => {
    const english = parseLocaleFile(localeJson('en'), null)!;
    const raw = localeJson(locale) as Record<string, { message: string }>;
    for (const key of MESSAGE_KEYS) {
      expect(raw[key]?.message, `${locale}.${key}`).toBeTruthy();
      const placeholders = (text: string) => [...text.matchAll(/\$[1-9]/g)].map((m) => m[0]).sort();
      expect(placeholders(raw[key]!.message), `${locale}.${key}`).toEqual(placeholders(english[key]));
    }
  });
  it('translations differ from English (no copy-paste placeholders)', () => {
    const english = parseLocaleFile(localeJson('en'), null)!;
    for (const locale of LOCALES.filter((l) => l !== 'en')) {
      expect(parseLocaleFile(localeJson(locale), null)!.headline).not.toBe(english.headline);
    }
  });
  it('message names are ones Chrome accepts (letters, digits, underscores)', () => {
    for (const key of MESSAGE_KEYS) expect(key).toMatch(/^[A-Za-z0-9_]+$/);
  });
  it('Welsh speaks to the pupil in one register, the informal "ti", and lists Meic beside Childline', () => {
    const welsh = localeJson('cy') as Record<string, { message: string }>;
    // Formal or plural forms: "chi", "eich", and the -wch imperatives a page would use (not nouns such as diogelwch).
    const formalImperative =
      /\b(dywedwch|diffoddwch|pwyswch|daliwch|dilynwch|gofynnwch|rhowch|ffoniwch|ewch|dewch|cliciwch|datglowch|darllenwch)\b/iu;
    const formal = Object.entries(welsh).filter(
      ([, { message }]) => /\b(chi|eich|ichi)\b/iu.test(message) || formalImperative.test(message),
    );
    expect(formal).toEqual([]);
    expect(welsh.help_meic?.message).toContain('080 880 23456');
  });
  it('fills placeholders like chrome.i18n', () => {
    expect(formatMessage('Tell $1 now, $$5', ['Miss Knight'])).toBe('Tell Miss Knight now, $5');
    expect(formatMessage('Wait $2', ['a'])).toBe('Wait ');
  });
  it('picks the first supported browser language', () => {
    expect(pickLocale(['fr-FR', 'cy-GB', 'en'])).toBe('cy');
    expect(pickLocale(['ar_EG'])).toBe('ar');
    expect(pickLocale(['de'])).toBe('en');
  });
  it('refuses a malformed file and fills gaps from the fallback', () => {
    const english = parseLocaleFile(localeJson('en'), null)!;
    expect(parseLocaleFile({ headline: 'x' }, null)).toBeNull();
    expect(parseLocaleFile({ headline: { message: 'Diffoddwch' } }, english)!.headline).toBe('Diffoddwch');
    expect(parseLocaleFile('nope', english)).toBe(english);
  });
  it('joins names with the language’s "or"', () => {
    expect(joinWithOr(['your teacher', 'Miss Knight', 'Mr Shah'], 'or')).toBe('your teacher, Miss Knight or Mr Shah');
    expect(joinWithOr(['Miss Knight'], 'or')).toBe('Miss Knight');
  });
});
