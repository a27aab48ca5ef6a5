/*
 * `flywheel status --lang zh-CN` leaves no English: once the names the playbooks give (titles,
 * the zone) are taken out, no Latin letter remains, whatever state the goals are in (fresh,
 * stale, ended, not started, no data). And the same report reads in English with --lang en.
 */
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StatusReport } from '../core/report/status-report';
import { REPO, runCli } from './support/run-cli';

let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'flywheel-status-lang-'));
  cpSync(join(REPO, 'playbooks'), join(root, 'playbooks'), { recursive: true });
  const imported = await runCli(['metrics', 'import', 'playbooks/metrics/sample-metrics.csv'], root);
  expect(imported.code).toBe(0);
}, 120_000);

/** Every name a person gave in the playbooks, as the report carries it. */
function givenNames(report: StatusReport): string[] {
  return [
    report.title, report.workspace, report.timezone,
    ...report.goals.flatMap((goal) => [goal.title, ...goal.keyResults.map((item) => item.title)]),
    ...report.checks.map((check) => check.title),
    ...report.nextPublishes.flatMap((item) => [item.title, item.campaignTitle, item.channelTitle]),
  ].filter((name): name is string => name !== undefined).sort((left, right) => right.length - left.length);
}

// Fresh data in phase 1; stale data; phase 1 ended and phase 2 without data.
const INSTANTS = ['2026-11-20', '2026-12-20 12:00', '2027-03-15T10:00:00+08:00'];

describe('flywheel status in Chinese', () => {
  it.each(INSTANTS)('has no English at %s', async (at) => {
    const json = await runCli(['status', 'playbooks', '--at', at, '--format', 'json'], root);
    const report = JSON.parse(json.stdout) as StatusReport;
    const zh = await runCli(['status', 'playbooks', '--at', at, '--lang', 'zh-CN'], root);
    expect(zh.code).toBe(0);
    let rest = zh.stdout;
    for (const name of givenNames(report)) rest = rest.split(name).join('');
    // A/B variants have ids only (a, b): the one name the playbooks give them.
    rest = rest.replace(/（版本 [\w-]+）/g, '（版本）');
    const english = rest.split('\n').filter((line) => /[A-Za-z]/.test(line));
    expect(english).toEqual([]);
    // Full-width punctuation after Chinese text.
    expect(rest).not.toMatch(/[\u4e00-\u9fff][,:;()]/);
  }, 60_000);

  it('says stale with the time of the latest point, and names the zone once', async () => {
    const zh = await runCli(['status', 'playbooks', '--at', '2026-12-20 12:00', '--lang', 'zh-CN'], root);
    expect(zh.stdout).toMatch(/积累 1000 名种子用户：(有风险|偏离)，数据过期。.*最新数据 2026-11-25 \d\d:\d\d/);
    expect(zh.stdout.split('Asia/Shanghai')).toHaveLength(2);
    const en = await runCli(['status', 'playbooks', '--at', '2026-12-20 12:00', '--lang', 'en'], root);
    expect(en.stdout).toMatch(/积累 1000 名种子用户: (at risk|off track), stale\. .*latest data 2026-11-25 \d\d:\d\d/);
  }, 60_000);
});
