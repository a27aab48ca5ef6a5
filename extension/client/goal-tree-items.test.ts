import { afterEach, describe, expect, it } from 'vitest';
import { buildSampleReport } from './fixtures/sample-report';
import { useLanguage } from './fixtures/use-language';
import { buildGoalTree, computeProgress, formatNumber } from './goal-tree-items';
import { buildStatusBarContent } from './status-bar-text';
import { parseStatusReport, StatusReportError } from './status-report';

afterEach(() => useLanguage('en'));

describe('Goals view items', () => {
  it('lists goals with their key results: status icon, value / target, progress, expected today, source', () => {
    useLanguage('en');
    const tree = buildGoalTree(buildSampleReport());

    expect(tree.map((node) => [node.label, node.description, node.icon.codicon])).toEqual([
      ['短期: 搭建体系与冷启动', 'off track', 'error'],
      ['中期: 规模增长与品牌渗透', 'not started', 'circle-large-outline'],
    ]);
    const [followers, sop, seed, douyin] = tree[0]?.children ?? [];
    expect(followers).toMatchObject({
      id: 'phase-1-cold-start/followers-10k', label: '全渠道粉丝达到一万', status: 'on-track',
      description: '8,459 / 10,000 · progress 81% · expected today 6,933.525',
      icon: { codicon: 'pass', color: 'testing.iconPassed' },
      source: { file: 'goals/phase-1-cold-start.yaml', line: 28 },
    });
    expect(followers?.tooltip).toContain('全渠道粉丝达到一万 (followers-10k) — on track');
    // A rate reads as a percentage.
    expect(sop?.description).toBe('30% / 90% · progress 33% · expected today 55.5%');
    expect(seed?.icon.codicon).toBe('warning');
    expect(douyin).toMatchObject({ description: '– / 4,000', icon: { codicon: 'question' } });
    expect(douyin?.source).toBeUndefined();
  });

  it('speaks Chinese when VS Code does', () => {
    useLanguage('zh-CN');
    const tree = buildGoalTree(buildSampleReport());
    expect(tree[0]?.description).toBe('偏离');
    expect(tree[0]?.children[0]?.description).toBe('8,459 / 10,000 · 进度 81% · 今日应达 6,933.525');
    expect(tree[0]?.children[3]?.tooltip).toContain('尚无测量数据');
  });

  it('uses goal status\'s progress, and shows stale data as stale with its latest point in the workspace zone', () => {
    useLanguage('zh-CN');
    const report = buildSampleReport();
    const item = report.goals[0]!.keyResults[0]!;
    Object.assign(item, { progress: 0.46, stale: true, latestPointAt: '2026-11-13T02:00:00.000Z', dataSources: [] });
    const node = buildGoalTree(report)[0]?.children[0];
    expect(node?.description).toBe('8,459 / 10,000 · 进度 46% · 数据停在 2026-11-13');
    expect(node?.tooltip).toContain('数据已过期：最新数据点为 2026-11-13 10:00 (Asia/Shanghai)');
    expect(node?.tooltip).toContain('数据来源：导入的指标文件');
  });

  it('measures progress from the baseline, and shows an unknown status with a neutral icon', () => {
    expect(computeProgress({ id: 'x', status: 'on-track', value: 6000, target: 10000, baseline: 2000 })).toBe(0.5);
    expect(computeProgress({ id: 'x', status: 'on-track', value: 5, target: 10 })).toBe(0.5);
    expect(computeProgress({ id: 'x', status: 'no-data', target: 10 })).toBeUndefined();
    expect(formatNumber(0.05, 0.05)).toBe('5%');
    expect(formatNumber(3, 5)).toBe('3');
    const report = buildSampleReport();
    report.goals[1]!.keyResults[0]!.status = 'missed';
    expect(buildGoalTree(report)[1]?.children[0]).toMatchObject({ description: '– / 100,000', icon: { codicon: 'circle-outline' } });
  });
});

describe('status bar', () => {
  it('counts key results by status in English', () => {
    useLanguage('en');
    const content = buildStatusBarContent(buildSampleReport());
    expect(content.text).toBe('Goals: 1 on track · 1 at risk · 1 off track');
    expect(content.severity).toBe('error');
    expect(content.tooltip).toContain('no data: 1');
    expect(content.tooltip).toMatch(/\(\d{4}-\d{2}-\d{2} \d{2}:\d{2} \(Asia\/Shanghai\)\)/);
  });

  it('counts key results by status in Chinese, with achieved ones when there are any', () => {
    useLanguage('zh-CN');
    const report = buildSampleReport();
    report.goals[1]!.keyResults[0]!.status = 'achieved';
    report.goals[0]!.keyResults[1]!.status = 'on-track';
    const content = buildStatusBarContent(report);
    expect(content.text).toBe('目标: 2 进度正常 · 1 有风险 · 0 偏离 · 1 已达成');
    expect(content.severity).toBe('warning');
    for (const goal of report.goals) for (const item of goal.keyResults) if (item.status === 'at-risk' || item.status === 'off-track') item.status = 'on-track';
    expect(buildStatusBarContent(report).severity).toBeUndefined();
  });

  it('offers Import Metrics… while no key result has data', () => {
    useLanguage('zh-CN');
    const report = buildSampleReport();
    for (const goal of report.goals) for (const item of goal.keyResults) delete item.value;
    const content = buildStatusBarContent(report);
    expect(content).toMatchObject({ empty: true });
    expect(content.text).toBe('目标：尚无数据 — 导入指标…');
    expect(content.severity).toBeUndefined();
  });
});

describe('reading the CLI output', () => {
  it('says what is wrong with output that is not a status report', () => {
    expect(() => parseStatusReport('flywheel: internal error')).toThrow(StatusReportError);
    expect(() => parseStatusReport('{"workspace": "w", "goals": []}')).toThrow(/unexpected shape[\s\S]*at/);
    expect(parseStatusReport(JSON.stringify(buildSampleReport())).goals).toHaveLength(2);
  });
});
