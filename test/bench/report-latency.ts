/**
 * Time from the pupil pressing "Tell an adult" in the popup to the dark screen in the reported tab,
 * in real Chromium with the built extension (target: under 150 ms). The baseline, measured in the
 * same run, is the same tab navigating to an ordinary page from the local test server: the ratio
 * says how much the report costs over a plain page load.
 *   npm run build && npx tsx test/bench/report-latency.ts [rounds]
 */
import type { Page } from 'playwright-core';
import { EXTENSION_ID, launchBrowser, removePolicy, startTestServer, writePolicy } from '../e2e/harness';

export interface ReportLatency {
  rounds: number;
  reportMedianMs: number;
  reportP90Ms: number;
  baselineMedianMs: number;
  ratio: number;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

export async function measureReportLatency(rounds = 15): Promise<ReportLatency> {
  const server = await startTestServer();
  writePolicy({ keyStage: 'KS3', schoolId: 'URN-bench-report' });
  const browser = await launchBrowser({ server });
  try {
    await browser.waitForStatus((s) => s.source === 'admin' && s.schoolId === 'URN-bench-report');
    const popupUrl = `chrome-extension://${EXTENSION_ID}/popup.html`;
    const report: number[] = [];
    const baseline: number[] = [];
    for (let round = 0; round < rounds + 2; round++) {
      const page: Page = await browser.context.newPage();
      await page.goto(`http://start-${round}.test/`);
      // Baseline: an ordinary navigation of the same tab.
      let started = performance.now();
      await page.evaluate((url) => (location.href = url), `http://plain-${round}.test/`);
      await page.waitForSelector('#served');
      const plainMs = performance.now() - started;

      const opened = browser.context.waitForEvent('page', { predicate: (p) => p.url() === popupUrl });
      await browser.currentWorker().evaluate(async (url) => {
        await (globalThis as unknown as { chrome: { windows: { create(o: unknown): Promise<unknown> } } }).chrome.windows.create({ url, type: 'popup', width: 360, height: 420 });
      }, popupUrl);
      const popup = await opened;
      await popup.locator('#report').waitFor();
      started = performance.now();
      await popup.evaluate(() => document.getElementById('report')!.click());
      await page.waitForSelector('body[data-state="dark"]', { timeout: 10_000 });
      const reportMs = performance.now() - started;
      // The first rounds warm the service worker and caches.
      if (round >= 2) {
        report.push(reportMs);
        baseline.push(plainMs);
      }
      await page.close();
      if (!popup.isClosed()) await popup.close();
    }
    const reportMedianMs = quantile(report, 0.5);
    const baselineMedianMs = quantile(baseline, 0.5);
    return {
      rounds,
      reportMedianMs,
      reportP90Ms: quantile(report, 0.9),
      baselineMedianMs,
      ratio: reportMedianMs / baselineMedianMs,
    };
  } finally {
    await browser.close();
    await server.close();
    removePolicy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await measureReportLatency(Number(process.argv[2] ?? 15));
  console.log(
    `report click → dark screen: median ${result.reportMedianMs.toFixed(1)} ms, p90 ${result.reportP90Ms.toFixed(1)} ms ` +
      `(target < 150 ms); plain navigation ${result.baselineMedianMs.toFixed(1)} ms; ratio ${result.ratio.toFixed(2)}× over ${result.rounds} rounds`,
  );
}
