import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLocal } from '../core/index';
import { writeFolder } from './support/flywheel-process';
import { runCli } from './support/run-cli';

const ZONE = 'Asia/Shanghai';

function files(now: number): Record<string, string> {
  const at = (minutesAgo: number) => formatLocal(Math.floor(now / 60_000) * 60_000 - minutesAgo * 60_000, ZONE);
  const day = (offset: number) => formatLocal(now + offset * 86_400_000, ZONE).slice(0, 10);
  return {
    'ws/workspace.yaml': `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: catch-up }
spec:
  timezone: ${ZONE}
  channels:
    - { id: site, platform: outbox, title: 官网 }
    - { id: forum, platform: outbox, title: 社区 }
`,
    'ws/campaign.yaml': `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: spring, title: 春季上新 }
spec:
  window: { start: ${day(-1)}, end: ${day(1)} }
  posts:
    - { id: second, at: "${at(3)}", channels: [site], title: 第二波 }
    - { id: first, at: "${at(12)}", channels: [forum], title: 第一波 }
`,
  };
}

/** A workspace whose runner ran once and then, as its runner.json says, stopped 20 minutes ago. */
async function stoppedTwentyMinutesAgo(prefix: string): Promise<string> {
  const now = Date.now();
  const root = writeFolder(files(now), prefix);
  expect((await runCli(['run', 'ws', '--once'], root)).code).toBe(0);
  writeFileSync(join(root, 'ws', '.flywheel', 'runner.json'), JSON.stringify({ lastTickAt: now - 20 * 60_000 }));
  return root;
}

describe('flywheel run after a stop', () => {
  it('sends what it missed in time order and prints a line per late post, in the workspace zone with titles', async () => {
    // Prepare
    const root = await stoppedTwentyMinutesAgo('flywheel-catch-up-');
    // Act
    const run = await runCli(['run', 'ws', '--once', '--lang', 'en'], root);
    // Assess
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    const late = lines.filter((line) => line.startsWith('Sent late: '));
    // Each follows its post's own line.
    for (const line of late) expect(lines[lines.indexOf(line) - 1]).toMatch(/published|publish/);
    expect(late).toHaveLength(2);
    expect(late[0]).toMatch(/^Sent late: "第一波" \(春季上新\) → 社区, due \d{4}-\d\d-\d\d \d\d:\d\d, sent (\d{4}-\d\d-\d\d )?\d\d:\d\d \(Asia\/Shanghai\), 1[1-3] min late\.$/);
    expect(late[1]).toMatch(/^Sent late: "第二波" \(春季上新\) → 官网, due .+ \(Asia\/Shanghai\), [2-4] min late\.$/);
    expect(run.stdout).not.toMatch(/\d\d:\d\d:\d\d\.\d{3}Z/);
    const outbox = join(root, 'ws', 'outbox');
    for (const channel of ['site', 'forum']) {
      const [name] = readdirSync(join(outbox, channel));
      expect(JSON.parse(readFileSync(join(outbox, channel, name as string), 'utf8'))).toMatchObject({ scheduledAt: expect.any(String), sentAt: expect.any(String), late: true });
    }
  }, 120_000);

  it('says it in Chinese with --lang zh-CN', async () => {
    const root = await stoppedTwentyMinutesAgo('flywheel-catch-up-zh-');
    const run = await runCli(['run', 'ws', '--once', '--lang', 'zh-CN'], root);
    expect(run.stdout).toMatch(/^延迟发送：「第一波」（春季上新）→ 社区，计划 \d{4}-\d\d-\d\d \d\d:\d\d，实际 .+（Asia\/Shanghai），晚了 1[1-3] 分钟。$/m);
    expect(run.stdout).not.toMatch(/\d\d:\d\d:\d\d\.\d{3}Z/);
  }, 120_000);
});
