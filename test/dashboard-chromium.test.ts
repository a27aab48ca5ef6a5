/*
 * The goal dashboard in real Chromium (Debian's, through playwright-core): the sample workspace's
 * status after importing its sample metrics, rendered light and dark. Screenshots are kept in
 * test-artifacts/ for people to look at; the assertions are on the SVG, the CSP and the text.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderDashboardHtml } from '../extension/client/dashboard-html';
import { useLanguage } from '../extension/client/fixtures/use-language';
import { parseStatusReport, type StatusReport } from '../extension/client/status-report';
import { CHROMIUM, CHROMIUM_FLAGS as FLAGS, drawGlyphs, hasCjkFont } from './support/chromium';
import { REPO, runCli } from './support/run-cli';

const ARTIFACTS = join(REPO, 'test-artifacts');
const NONCE = 'dGVzdC1ub25jZS0xMjM0';
const DASHBOARD_URL = 'http://dashboard.flywheel.test/';

/** What the page reported while it was open. */
interface PageLog {
  readonly errors: string[];
  readonly violations: string[];
}

async function openDashboard(browser: Browser, html: string, theme: 'vscode-light' | 'vscode-dark'): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const log: PageLog = { errors: [], violations: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') log.errors.push(message.text());
  });
  page.on('pageerror', (error) => log.errors.push(error.message));
  // Stand-ins for what the webview host provides: the messaging API and the theme class on body.
  await page.addInitScript((theme) => {
    const messages: unknown[] = [];
    Object.assign(window, { __messages: messages, __violations: [] as string[], acquireVsCodeApi: () => ({ postMessage: (message: unknown) => messages.push(message) }) });
    document.addEventListener('securitypolicyviolation', (event) => (window as unknown as { __violations: string[] }).__violations.push(`${event.violatedDirective} ${event.blockedURI}`));
    document.addEventListener('DOMContentLoaded', () => document.body.classList.add(theme));
  }, theme);
  // Served from a (routed, never fetched) URL so the init script runs as it would in a webview.
  await page.route(DASHBOARD_URL, (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: html }));
  await page.goto(DASHBOARD_URL, { waitUntil: 'load' });
  log.violations.push(...(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)));
  return { page, log };
}

describe.skipIf(!existsSync(CHROMIUM))(`goal dashboard in Chromium (needs ${CHROMIUM}: apt-get install chromium)`, () => {
  let browser: Browser;
  let report: StatusReport;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'flywheel-dashboard-'));
    cpSync(join(REPO, 'playbooks'), join(root, 'playbooks'), { recursive: true, filter: (source) => !source.includes('.flywheel') });
    const imported = await runCli(['metrics', 'import', 'playbooks/metrics/sample-metrics.csv', '--dir', 'playbooks'], root);
    expect(imported.code, imported.stderr).toBe(0);
    const status = await runCli(['status', 'playbooks', '--format', 'json'], root);
    expect(status.code, status.stderr).toBe(0);
    report = parseStatusReport(status.stdout);
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (root) rmSync(root, { recursive: true, force: true });
    useLanguage('en');
  });

  const charted = () => report.goals.flatMap((goal) => goal.keyResults).filter((item) => (item.series?.actual.length ?? 0) > 0);

  for (const { theme, lang } of [{ theme: 'vscode-light', lang: 'en' }, { theme: 'vscode-dark', lang: 'zh-CN' }] as const) {
    it(`draws every key result's actual, expected and forecast lines (${theme}, ${lang})`, async () => {
      useLanguage(lang);
      const html = renderDashboardHtml(report, { nonce: NONCE, cspSource: '', lang });
      const { page, log } = await openDashboard(browser, html, theme);
      try {
        await page.screenshot({ path: join(ARTIFACTS, `dashboard-${theme.replace('vscode-', '')}.png`), fullPage: true });
        // The sample metrics cover the first phase: its key results have measured values to draw.
        expect(charted().length).toBeGreaterThanOrEqual(4);
        for (const keyResult of charted()) {
          const series = keyResult.series!;
          const chart = page.locator(`svg.chart[data-key-result="${keyResult.id}"]`);
          const drawn = await chart.evaluate((svg) => {
            const length = (selector: string) => (svg.querySelector(selector) as SVGPathElement | null)?.getTotalLength() ?? -1;
            const box = (svg as SVGSVGElement).getBBox();
            return {
              actual: length('path.actual'), expected: length('path.expected'), forecast: length('path.forecast'),
              points: svg.querySelectorAll('circle.actual-point').length,
              width: svg.getBoundingClientRect().width, inside: box.x >= 0 && box.y >= 0 && box.x + box.width <= 640.5 && box.y + box.height <= 280.5,
              stroke: getComputedStyle(svg.querySelector('path.actual') as Element).stroke,
            };
          });
          expect(drawn.points, keyResult.id).toBe(series.actual.length);
          if (series.actual.length > 1) expect(drawn.actual, keyResult.id).toBeGreaterThan(0);
          expect(drawn.expected > 0, keyResult.id).toBe(series.expected.length > 1);
          expect(drawn.forecast > 0, keyResult.id).toBe(series.forecast.length > 1);
          expect(drawn.width).toBeGreaterThan(300);
          expect(drawn.inside, `${keyResult.id} draws outside its viewBox`).toBe(true);
          expect(drawn.stroke).not.toBe('none');
        }
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(background).toBe(theme === 'vscode-dark' ? 'rgb(30, 30, 30)' : 'rgb(255, 255, 255)');
        // The goal titles are Chinese in either language; they take up room on the page.
        const title = page.locator('section.goal h2 a').first();
        expect(await title.textContent()).toBe(report.goals[0]?.title);
        expect((await title.boundingBox())?.width).toBeGreaterThan(50);
        expect(log.errors).toEqual([]);
        expect(log.violations).toEqual([]);
      } finally {
        await page.close();
      }
    }, 60_000);
  }

  it('runs only its own nonce script: clicks reach the extension, other inline scripts are refused', async () => {
    useLanguage('en');
    const { page, log } = await openDashboard(browser, renderDashboardHtml(report, { nonce: NONCE, cspSource: '', lang: 'en' }), 'vscode-light');
    try {
      const keyResult = charted()[0]!;
      await page.locator(`a[data-open-key-result="${keyResult.id}"]`).click();
      await page.locator('button[data-refresh]').click();
      expect(await page.evaluate(() => (window as unknown as { __messages: unknown[] }).__messages)).toEqual([
        { type: 'open', goal: report.goals.find((goal) => goal.keyResults.includes(keyResult))?.goal, keyResult: keyResult.id },
        { type: 'refresh' },
      ]);
      await page.addScriptTag({ content: 'window.__injected = true;' }).catch(() => undefined);
      expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
      await expect.poll(() => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual(['script-src-elem inline']);
      expect(log.errors.join('\n')).toMatch(/inline script violates|Refused to execute inline script/);
    } finally {
      await page.close();
    }
  }, 60_000);

  it.skipIf(!hasCjkFont())('renders Chinese with real glyphs, not empty boxes (needs a CJK font, e.g. fonts-wqy-microhei)', async () => {
    useLanguage('zh-CN');
    const { page } = await openDashboard(browser, renderDashboardHtml(report, { nonce: NONCE, cspSource: '', lang: 'zh-CN' }), 'vscode-dark');
    try {
      const glyphs = { ...(await drawGlyphs(page, '目', '标')), width: await page.evaluate(() => document.querySelector('h1')?.getBoundingClientRect().width ?? 0) };
      expect(glyphs.first).not.toBe(glyphs.second);
      expect(glyphs.first).not.toBe(glyphs.missing);
      expect(glyphs.width).toBeGreaterThan(0);
      expect(await page.locator('h1').textContent()).toBe('ACME 新媒体部 的目标');
    } finally {
      await page.close();
    }
  }, 60_000);
});
