/*
 * `flywheel report`: the review of a window from what the runner recorded (test/support/review-workspace.ts
 * fills the store as `flywheel run` does). The HTML in Chromium: test/report-chromium.test.ts.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Review } from '../core/index';
import { createReviewWorkspace } from './support/review-workspace';
import { runCli } from './support/run-cli';

let root: string;
let dir: string;

beforeAll(async () => {
  ({ root, dir } = await createReviewWorkspace());
}, 120_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('flywheel report', () => {
  it('reviews the window: goals with their change, published posts with their numbers top first, named by title', async () => {
    const run = await runCli(['report', dir, '--from', '2026-12-07', '--to', '2026-12-13', '--format', 'json']);
    expect(run.code, run.stderr).toBe(0);
    const review = JSON.parse(run.stdout) as Review;
    expect(review.from).toBe('2026-12-06T16:00:00.000Z');
    expect(review.to).toBe('2026-12-13T16:00:00.000Z');
    expect(review.goals.map((goal) => goal.title)).toEqual(['短期: 搭建体系与冷启动', '中期: 规模增长与品牌渗透', '长期: 私域生态与复购']);
    // Only what was published inside the window (not the bakery article of Dec 3); those with numbers first, most views on top.
    const published = review.published.map((post) => `${post.postTitle} ${post.variant ?? '-'} ${post.numbers.views ?? '-'}`);
    expect(published.slice(0, 2)).toEqual(['夜班护士的第二杯咖啡 a 18900', '夜班护士的第二杯咖啡 b 13000']);
    expect(published.slice(2).sort()).toEqual(['夜班护士的凌晨三点 - -', '本周用户故事回顾 - -']);
    expect(review.published[0]).toMatchObject({ channelTitle: '公众号「ACME 咖啡研究所」', campaignTitle: '用户故事' });
    expect(review.published[0]?.numbers.interaction_rate).toBeCloseTo((Math.round(12800 * 0.04) + Math.round(6100 * 0.04) + Math.round(12800 * 0.01) + Math.round(6100 * 0.01)) / 18900, 6);
    const seedUsers = review.goals[0]?.keyResults.find((keyResult) => keyResult.id === 'seed-users');
    expect(seedUsers?.title).toBe('积累 1000 名种子用户');
    expect(seedUsers?.series?.expected.length).toBeGreaterThan(1);
  });

  it('reads in Chinese as markdown: numbers by unit, no placeholders, no ids where titles exist', async () => {
    const run = await runCli(['report', dir, '--from', '2026-12-07', '--to', '2026-12-13', '--format', 'md', '--lang', 'zh-CN']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^# ACME 新媒体部 复盘\n/);
    expect(run.stdout).toContain('时间范围：2026-12-07 00:00 – 2026-12-14 00:00（Asia/Shanghai）');
    expect(run.stdout).toContain('1. **夜班护士的第二杯咖啡** · 公众号「ACME 咖啡研究所」 · 2026-12-10 20:00 · 阅读/播放 18,900');
    expect(run.stdout).toMatch(/互动率 5(\.\d+)?%/);
    expect(run.stdout).not.toContain('{{');
    expect(run.stdout).not.toMatch(/story-0\d|wechat-main|user-stories/);
  });

  it('writes a single HTML file with no script and nothing remote, and refuses formats it does not have', async () => {
    const out = join(root, 'review.html');
    const run = await runCli(['report', dir, '--from', '2026-12-07', '--to', '2026-12-13', '--out', out, '--lang', 'zh-CN']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('复盘已写入');
    const html = readFileSync(out, 'utf8');
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|\ssrc=|<link|url\(/);
    expect(html.match(/<svg class="chart"/g)?.length).toBeGreaterThanOrEqual(5);
    expect((await runCli(['report', dir, '--format', 'text'])).code).toBe(2);
    expect((await runCli(['report', dir, '--from', '2026-12-13', '--to', '2026-12-01'])).code).toBe(2);
  });
});
