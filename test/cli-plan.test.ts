import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlan, folderFileProvider, readPlaybookFolder, validateWorkspace } from '../core/index';
import { describeNextJobs, planWords } from '../cli/commands/plan';
import { REPO, runCli } from './support/run-cli';

const run = (argv: string[], cwd = REPO) => runCli(argv, cwd);

describe('flywheel plan', () => {
  it('lists every job of the sample workspace as an addition and exits 2 (changes)', async () => {
    // A copy, so a .flywheel/ left by `npm start` in the repository does not count as deployed state.
    const root = mkdtempSync(join(tmpdir(), 'flywheel-plan-fresh-'));
    cpSync(join(REPO, 'playbooks'), join(root, 'playbooks'), { recursive: true });
    const result = await run(['plan', 'playbooks'], root);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/compared with an empty deployed state/);
    // Posts and channels by their titles, at local times in the zone the header names.
    expect(result.stdout).toMatch(/^Workspace ACME 新媒体部 \(times in Asia\/Shanghai\)/m);
    expect(result.stdout).toMatch(/^ {2}\+ publish {3}2027-01-\d\d \d\d:\d\d {2}"[^"]+" \(2027 春节新春营销\) → 公众号「ACME 咖啡研究所」/m);
    expect(result.stdout).toMatch(/^ {2}\+ check {5}负面舆情监测 {2}Every 15 minutes$/m);
    expect(result.stdout).not.toMatch(/spring-festival-2027|wechat-main|\d\dZ\b/);
    expect(result.stdout).toMatch(/^Plan: \d+ to add, 0 to change, 0 to remove\.$/m);
  });

  it('says there is nothing to do when the deployed state matches, and shows ~ and - against it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flywheel-plan-'));
    cpSync(join(REPO, 'playbooks'), join(root, 'playbooks'), { recursive: true });
    const json = await run(['plan', 'playbooks', '--format', 'json'], root);
    const planned = JSON.parse(json.stdout) as { jobs: { id: string; hash: string }[]; summary: { add: number } };
    expect(planned.summary.add).toBe(planned.jobs.length);
    mkdirSync(join(root, 'playbooks', '.flywheel'));
    writeFileSync(join(root, 'playbooks', '.flywheel', 'deployed-plan.json'), JSON.stringify({ jobs: planned.jobs }));
    const same = await run(['plan', 'playbooks'], root);
    expect(same.stdout).toContain('No changes. The deployed state matches the playbooks.');
    expect(same.code).toBe(0);

    const [first, second] = planned.jobs;
    const future = { ...second, id: 'sop/retired-routine', hash: 'x' };
    writeFileSync(join(root, 'playbooks', '.flywheel', 'deployed-plan.json'), JSON.stringify({ jobs: [{ ...first, hash: 'stale' }, ...planned.jobs.slice(1), future] }));
    const changed = await run(['plan', 'playbooks', '--lang', 'zh-CN'], root);
    expect(changed.code).toBe(2);
    // The changed job is named by its title, in Chinese words.
    expect(changed.stdout).toMatch(/^ {2}~ A\/B 结论 {2}2027-\d\d-\d\d 00:00 {2}《[^》]+》（[^）]+）：/m);
    expect(changed.stdout).toMatch(/^ {2}- /m);
    expect(first?.id.startsWith('ab/')).toBe(true);
    expect(changed.stdout).toContain('计划：新增 0，修改 1，删除 1。');
  });

  it('refuses playbooks with errors and exits 1', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flywheel-plan-bad-'));
    writeFileSync(join(root, 'workspace.yaml'), 'apiVersion: flywheel/v1\nkind: Workspace\nmetadata: { name: ws }\nspec: { timezone: Mars/Base }\n');
    const result = await run(['plan', root]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/workspace\.yaml:4:\d+ error flywheel\/timezone/);
  });

  it('lists what comes next, earliest first, by title at local times (what npm start shows)', () => {
    const dir = join(REPO, 'playbooks');
    const { model } = validateWorkspace(readPlaybookFolder(dir), folderFileProvider(dir));
    const plan = compilePlan(model, folderFileProvider(dir));
    const lines = describeNextJobs(plan.jobs, Date.parse('2027-01-20T11:59:00+08:00'), planWords(model, 'zh-CN', plan.timezone), 5);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^发布 {6}2027-01-20 12:00 {2}《新春咖啡小贴士》（2027 春节新春营销） → 小红书官方号$/);
    const times = lines.map((line) => /\d{4}-\d\d-\d\d \d\d:\d\d/.exec(line)?.[0] ?? '');
    expect([...times].sort()).toEqual(times);
    expect(times.every((time) => time >= '2027-01-20 12:00')).toBe(true);
  });
});
