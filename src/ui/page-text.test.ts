import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLocaleFile } from '@/src/core/i18n';
import { tellAdultsText, translator } from './page-text';

const messages = (locale: string) =>
  parseLocaleFile(JSON.parse(readFileSync(resolve(import.meta.dirname, `../../public/_locales/${locale}/messages.json`), 'utf8')), null)!;
const ADULTS = [
  { role: 'class teacher', name: 'Miss Knight' },
  { role: 'DSL', name: 'Mrs Mills' },
];

describe('who a pupil is told to go to', () => {
  it('names each adult with their role, and at home also the parent or carer', () => {
    const t = translator(messages('en'));
    expect(tellAdultsText(t, ADULTS, true)).toBe('Tell your class teacher, Miss Knight or your DSL, Mrs Mills.');
    expect(tellAdultsText(t, ADULTS.slice(0, 1), false)).toBe('Tell your class teacher, Miss Knight, or your parent or carer.');
    expect(tellAdultsText(t, [], true)).toBe('Tell your teacher or another adult you trust.');
    expect(tellAdultsText(t, [], false)).toBe('Tell your parent or carer, or another adult you trust.');
  });
  it("in other languages the school's own words for the role stand beside the name", () => {
    expect(tellAdultsText(translator(messages('cy')), ADULTS.slice(0, 1), true)).toBe('Dyweda wrth Miss Knight (class teacher).');
  });
  it('points to at most three adults', () => {
    const many = Array.from({ length: 6 }, (_, i) => ({ role: 'teacher', name: `T${i}` }));
    expect(tellAdultsText(translator(messages('en')), many, true).match(/T\d/g)).toEqual(['T0', 'T1', 'T2']);
  });
});
