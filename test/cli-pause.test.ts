/*
 * `flywheel pause` / `flywheel resume [--release]` on the local store: a post due while paused is
 * held (not sent, not claimed), listed on resume, and sent only with --release, marked late.
 */
import { existsSync, mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePlan, folderFileProvider, readPlaybookFolder, validateWorkspace, type MetricPoint } from '../core/index';
import { openLocalStore } from '../cli/local-store';
import { outboxFolder } from '../cli/deployed-state';
import type { EngineEvent } from '../functions/engine/index';
import { LocalRunner } from '../functions/engine/local-runner';
import { runCli } from './support/run-cli';

const root = mkdtempSync(join(tmpdir(), 'flywheel-pause-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const at = (local: string) => Date.parse(`${local}:00+08:00`);

function writeWorkspace(): string {
  const dir = join(root, 'playbooks');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'workspace.yaml'), `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: pause-test, title: 暂停测试 }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: box, platform: outbox, title: 测试渠道 }
  notify:
    - { id: ops, type: wecom-bot, url: "secret:ops" }
  people:
    - { id: alice, name: 张三, notify: ops }
`);
  writeFileSync(join(dir, 'campaign.yaml'), `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: launch, title: 新品上市 }
spec:
  window: { start: 2026-11-01, end: 2026-11-30 }
  owner: alice
  posts:
    - { id: teaser, at: "2026-11-10 20:00", channels: [box], title: 预热海报, body: 明天见 }
`);
  return dir;
}

/** Runs the runner in this process from `from` to `to`, as `flywheel run` would have, and returns its events. */
async function runBetween(dir: string, from: number, to: number, points: MetricPoint[] = []): Promise<EngineEvent[]> {
  const { model } = validateWorkspace(readPlaybookFolder(dir), folderFileProvider(dir));
  const events: EngineEvent[] = [];
  const local = await openLocalStore(dir);
  try {
    await local.store.putMetricPoints(points);
    const runner = new LocalRunner({ model, plan: compilePlan(model, folderFileProvider(dir)), store: local.store, files: folderFileProvider(dir), outboxFolder: outboxFolder(dir), log: (event) => events.push(event) });
    await runner.sync(from);
    await runner.tick(to);
  } finally {
    await local.close();
  }
  return events;
}

describe('flywheel pause / resume', () => {
  it('holds a post due while paused, lists it on resume, and sends it only with --release, marked late', async () => {
    const dir = writeWorkspace();
    const paused = await runCli(['pause', dir, '--by', 'alice', '--lang', 'zh-CN']);
    expect(paused.stderr).toBe('');
    expect(paused.code).toBe(0);
    expect(paused.stdout).toContain('已暂停发布：全部渠道');
    expect(paused.stdout).toContain('flywheel resume');

    const events = await runBetween(dir, at('2026-11-10 19:00'), at('2026-11-10 20:00'));
    expect(events.filter((event) => event.type.startsWith('post.')).map((event) => event.type)).toEqual(['post.held']);
    expect(existsSync(join(outboxFolder(dir), 'box'))).toBe(false);

    const listed = await runCli(['resume', dir, '--lang', 'zh-CN']);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toContain('已恢复发布');
    expect(listed.stdout).toContain('2026-11-10 20:00（Asia/Shanghai）「预热海报」（新品上市）→ 测试渠道');
    expect(listed.stdout).toContain('flywheel resume --release');
    expect(existsSync(join(outboxFolder(dir), 'box'))).toBe(false);

    const released = await runCli(['resume', dir, '--release', '--lang', 'en']);
    expect(released.code, released.stderr).toBe(0);
    expect(released.stdout).toMatch(/Sent late: "预热海报" \(新品上市\) → 测试渠道, due 2026-11-10 20:00/);
    expect(readdirSync(join(outboxFolder(dir), 'box'))).toHaveLength(1);

    // Released once: nothing waits any more.
    const again = await runCli(['resume', dir, '--release', '--lang', 'en']);
    expect(again.stdout).toBe('Publishing is not paused and no held post is waiting.\n');
    expect(readdirSync(join(outboxFolder(dir), 'box'))).toHaveLength(1);
  }, 120_000);

  it('refuses a channel the workspace does not have, saying which exist', async () => {
    const dir = writeWorkspace();
    const run = await runCli(['pause', dir, '--channels', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('no channel nope in the workspace (known: box)');
  });
});

describe('flywheel ack', () => {
  it('stops the unlessResolved steps of a firing check, tells the SOP\'s targets, and the next review lists it', async () => {
    const dir = writeWorkspace();
    writeFileSync(join(dir, 'check.yaml'), `apiVersion: flywheel/v1
kind: Check
metadata: { name: spike, title: 负面声量 }
spec:
  schedule: rate(1 hour)
  metric: negative_mentions
  window: 1h
  condition: "> 20"
  notify: [ops]
---
apiVersion: flywheel/v1
kind: SOP
metadata: { name: crisis, title: 舆情处置 }
spec:
  trigger: { check: spike }
  steps:
    - { id: tier-1, notify: [ops], message: "一级：{{check.value}}" }
    - { id: tier-2, after: 1h, unlessResolved: true, notify: [ops], message: 二级升级 }
`);
    const points = ['2026-11-10 10:30', '2026-11-10 11:30'].map((time) => ({ time: at(time), metric: 'negative_mentions', value: 30 }));
    const fired = await runBetween(dir, at('2026-11-10 10:00'), at('2026-11-10 11:00'), points);
    expect(fired.filter((event) => event.type === 'sop.step').map((event) => event.type === 'sop.step' && event.step)).toEqual(['tier-1']);

    const notFiring = await runCli(['ack', 'nope', dir]);
    expect(notFiring.code).toBe(2);
    const acked = await runCli(['ack', 'spike', dir, '--by', 'alice', '--note', '已统一回应', '--lang', 'zh-CN']);
    expect(acked.code, acked.stderr).toBe(0);
    expect(acked.stdout).toContain('已确认处理 负面声量 · alice：已统一回应');
    expect(acked.stdout).toMatch(/检查「负面声量」已由张三确认处理（2\d{3}-\d\d-\d\d \d\d:\d\d（Asia\/Shanghai））：已统一回应。后续升级步骤不再发送。/);

    // Still firing at 12:00, but acknowledged: tier-2 (unlessResolved) does not go out.
    const later = await runBetween(dir, at('2026-11-10 11:00'), at('2026-11-10 12:30'));
    expect(later.some((event) => event.type === 'sop.step')).toBe(false);

    const review = await runCli(['report', dir, '--from', '2026-11-01', '--format', 'md', '--lang', 'zh-CN']);
    expect(review.code, review.stderr).toBe(0);
    expect(review.stdout).toMatch(/已确认处理 2\d{3}-\d\d-\d\d \d\d:\d\d 张三：已统一回应/);
  }, 120_000);
});
