/**
 * What a pupil can say happened after reporting a page: a few picture choices, sent as one word in the
 * `reported` event (`detail.choice`, docs/wire-format-v2.md). Never free text: a pupil's own words could
 * name them or someone else.
 */
export const REPORT_CHOICES = ['upsetting', 'naked', 'unkind', 'stranger', 'other'] as const;
export type ReportChoice = (typeof REPORT_CHOICES)[number];

export function isReportChoice(value: unknown): value is ReportChoice {
  return typeof value === 'string' && (REPORT_CHOICES as readonly string[]).includes(value);
}
