import { describe, expect, it } from 'vitest';
import { HELD_OUT, MONITOR_EVAL, TEACHING_KINDS, type EvalItem } from '../../../test/fixtures/monitor-eval';
import { ALERT_CATEGORIES } from '../alert-categories';
import { builtinSource } from './builtin-lexicon';
import { createChecker } from './checker';
import { LEXICON_LANGUAGES } from './lexicon';
import type { Verdict } from './score';

/**
 * The labelled evaluation set (test/fixtures/monitor-eval), scored as the device scores it. Targets
 * (issue 14): recall at least 0.9 on high-severity items, and at most 2 % false alerts on teaching
 * material (PSHE, health and history). A false alert is any verdict the device would record
 * (medium or high); a recalled high item is one the device puts the harmful-content page in front of.
 */
const checker = createChecker(builtinSource());
const score = (items: readonly EvalItem[]) =>
  items.map((item) => ({ item, verdict: item.mode === 'query' ? checker.query(item.text) : checker.page(item.text) }));
const scored = score(MONITOR_EVAL);

const recorded = (v: Verdict | null) => v !== null && v.severity !== 'low';
function caught({ item, verdict }: { item: EvalItem; verdict: Verdict | null }): boolean {
  if (!item.expect || !verdict || verdict.category !== item.expect.category) return false;
  return item.expect.severity === 'high' ? verdict.severity === 'high' : recorded(verdict);
}
const ratio = (a: number, b: number) => (b === 0 ? Number.NaN : a / b);
const pct = (n: number) => (Number.isNaN(n) ? '–' : `${(n * 100).toFixed(1)}%`);

function table(groups: readonly string[], groupOf: (item: EvalItem) => string, categoryOfAlert: boolean): string[] {
  return groups.map((group) => {
    const mine = scored.filter((s) => groupOf(s.item) === group);
    const risky = mine.filter((s) => s.item.expect);
    const high = risky.filter((s) => s.item.expect?.severity === 'high');
    const safe = mine.filter((s) => !s.item.expect);
    // Precision for a category counts every alert of that category, whatever the item's language.
    const alerts = categoryOfAlert
      ? scored.filter((s) => recorded(s.verdict) && s.verdict?.category === group)
      : mine.filter((s) => recorded(s.verdict));
    const rightAlerts = alerts.filter((s) => s.item.expect && s.verdict?.category === s.item.expect.category);
    return `| ${group} | ${risky.length} | ${safe.length} | ${pct(ratio(risky.filter(caught).length, risky.length))} | ${pct(ratio(high.filter(caught).length, high.length))} | ${pct(ratio(rightAlerts.length, alerts.length))} | ${pct(ratio(safe.filter((s) => recorded(s.verdict)).length, safe.length))} |`;
  });
}

describe('monitoring evaluation set', () => {
  it('is large, balanced, and covers every category in every language', () => {
    expect(MONITOR_EVAL.length).toBeGreaterThanOrEqual(500);
    const risky = MONITOR_EVAL.filter((i) => i.expect).length;
    expect(Math.abs(risky / MONITOR_EVAL.length - 0.5)).toBeLessThan(0.05);
    for (const lang of LEXICON_LANGUAGES) {
      for (const category of ALERT_CATEGORIES) {
        expect(
          MONITOR_EVAL.some((i) => i.lang === lang && i.expect?.category === category),
          `${lang} ${category}`,
        ).toBe(true);
      }
      for (const kind of ['teaching', 'health', 'history', 'news', 'fiction', 'everyday'] as const) {
        expect(
          MONITOR_EVAL.some((i) => i.lang === lang && i.kind === kind),
          `${lang} ${kind}`,
        ).toBe(true);
      }
    }
  });

  it('meets the targets overall and in every language, and reports precision and recall', () => {
    const header = [
      '| | must alert | must not | recall | recall (high) | precision | false alerts |',
      '|---|---:|---:|---:|---:|---:|---:|',
    ];
    console.log(
      [
        `Monitoring evaluation: ${MONITOR_EVAL.length} items`,
        '',
        ...header.map((h) => h.replace('| |', '| Category |')),
        ...table(ALERT_CATEGORIES, (i) => i.expect?.category ?? '', true),
        '',
        ...header.map((h) => h.replace('| |', '| Language |')),
        ...table(LEXICON_LANGUAGES, (i) => i.lang, false),
        '',
        ...header.map((h) => h.replace('| |', '| Kind |')),
        ...table(['risk', 'teaching', 'health', 'history', 'news', 'fiction', 'everyday'], (i) => i.kind, false),
      ].join('\n'),
    );
    const high = scored.filter((s) => s.item.expect?.severity === 'high');
    expect(ratio(high.filter(caught).length, high.length)).toBeGreaterThanOrEqual(0.9);
    for (const lang of LEXICON_LANGUAGES) {
      const mine = high.filter((s) => s.item.lang === lang);
      expect(ratio(mine.filter(caught).length, mine.length), lang).toBeGreaterThanOrEqual(0.9);
    }
    const teaching = scored.filter((s) => TEACHING_KINDS.includes(s.item.kind));
    const falseAlerts = teaching.filter((s) => recorded(s.verdict));
    expect(falseAlerts.map((s) => s.item.text)).toHaveLength(Math.min(falseAlerts.length, Math.floor(teaching.length * 0.02)));
    expect(ratio(falseAlerts.length, teaching.length)).toBeLessThanOrEqual(0.02);
  });

  it('reports the held-out batch, which nothing was tuned on (a floor against regressions, not the target)', () => {
    const held = score(HELD_OUT);
    const risky = held.filter((s) => s.item.expect);
    const high = risky.filter((s) => s.item.expect?.severity === 'high');
    const anyAlert = risky.filter((s) => recorded(s.verdict) && s.verdict?.category === s.item.expect?.category);
    const safe = held.filter((s) => !s.item.expect);
    const falseAlerts = safe.filter((s) => recorded(s.verdict));
    console.log(
      `Held out (${held.length} items): high-severity recall ${high.filter(caught).length}/${high.length}, alerted at any severity ${anyAlert.length}/${risky.length}, false alerts ${falseAlerts.length}/${safe.length}`,
    );
    expect(high.filter(caught).length).toBeGreaterThanOrEqual(7);
    expect(anyAlert.length).toBeGreaterThanOrEqual(12);
    expect(falseAlerts).toEqual([]);
  });
});
