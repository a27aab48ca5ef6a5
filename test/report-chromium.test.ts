/*
 * The HTML review (`flywheel report`) in real Chromium: light, dark and print, with screenshots
 * and the PDF kept in test-artifacts/; assertions on the SVG charts and the Chinese text.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_FLAGS, drawGlyphs, hasCjkFont } from './support/chromium';
import { createReviewWorkspace } from './support/review-workspace';
import { REPO, runCli } from './support/run-cli';

const ARTIFACTS = join(REPO, 'test-artifacts');

describe.skipIf(!existsSync(CHROMIUM))(`the HTML review in Chromium (needs ${CHROMIUM})`, () => {
  let browser: Browser;
  let html: string;
  let root: string;

  beforeAll(async () => {
    const workspace = await createReviewWorkspace();
    root = workspace.root;
    const dir = workspace.dir;
    const run = await runCli(['report', dir, '--from', '2026-12-07', '--to', '2026-12-13', '--lang', 'zh-CN']);
    expect(run.code, run.stderr).toBe(0);
    html = run.stdout;
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'review.html'), html);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  for (const colorScheme of ['light', 'dark'] as const) {
    it(`draws every chart with readable text (${colorScheme})`, async () => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, colorScheme });
      const errors: string[] = [];
      page.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
      page.on('request', (request) => { if (!request.url().startsWith('data:') && request.url() !== 'about:blank') errors.push(`request ${request.url()}`); });
      try {
        await page.setContent(html, { waitUntil: 'load' });
        const charts = await page.locator('svg.chart').evaluateAll((svgs) => svgs.map((svg) => ({
          expected: (svg.querySelector('path.expected') as SVGPathElement | null)?.getTotalLength() ?? 0,
          smallestText: Math.min(...[...svg.querySelectorAll('text')].map((text) => text.getBoundingClientRect().height)),
          width: svg.getBoundingClientRect().width,
          stroke: getComputedStyle(svg.querySelector('path.expected') ?? svg).stroke,
        })));
        expect(charts.length).toBeGreaterThanOrEqual(5);
        for (const chart of charts) {
          expect(chart.expected).toBeGreaterThan(0);
          expect(chart.width).toBe(640);
          // A 12 px font's line box is at least 12 px high when nothing scales the chart down.
          expect(chart.smallestText).toBeGreaterThanOrEqual(12);
          expect(chart.stroke).not.toBe('none');
        }
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(background).toBe(colorScheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
        expect(await page.locator('h1').textContent()).toBe('ACME 新媒体部 复盘');
        expect(await page.locator('section.published tbody tr').count()).toBe(4);
        await page.screenshot({ path: join(ARTIFACTS, `review-${colorScheme}.png`), fullPage: true });
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    }, 60_000);
  }

  it('prints: a PDF with every section', async () => {
    const page = await browser.newPage();
    try {
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      writeFileSync(join(ARTIFACTS, 'review.pdf'), pdf);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.length).toBeGreaterThan(20_000);
    } finally {
      await page.close();
    }
  }, 60_000);

  it.skipIf(!hasCjkFont())('renders Chinese with real glyphs', async () => {
    const page = await browser.newPage();
    try {
      await page.setContent(html, { waitUntil: 'load' });
      const glyphs = await drawGlyphs(page, '复', '盘');
      expect(glyphs.first).not.toBe(glyphs.second);
      expect(glyphs.first).not.toBe(glyphs.missing);
    } finally {
      await page.close();
    }
  }, 60_000);
});
