import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli';

const WORKSPACE = `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: sim }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: box, platform: outbox }
  notify:
    - { id: ops, type: wecom-bot, url: "secret:ops" }
  people:
    - { id: alice, name: 张三, notify: ops }
`;

interface SimEvent { at: string; type: string; [key: string]: unknown }

/** Writes a workspace (plus files) to a temp folder and runs `flywheel simulate --format json` on it. */
async function simulate(files: Record<string, string>, from: string, to: string): Promise<SimEvent[]> {
  const dir = mkdtempSync(join(tmpdir(), 'flywheel-sim-'));
  for (const [path, content] of Object.entries({ 'workspace.yaml': WORKSPACE, ...files })) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const { code, stdout, stderr } = await runCli(['simulate', dir, '--from', from, '--to', to, '--format', 'json'], dir);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return (JSON.parse(stdout) as { events: SimEvent[] }).events;
}

const SPIKE_CHECK = `apiVersion: flywheel/v1
kind: Check
metadata: { name: spike }
spec:
  schedule: rate(1 hour)
  metric: negative_mentions
  window: 1h
  condition: "> 20"
  for: 2
  notify: [ops]
  message: 负面 {{value}} 条
  sop: crisis
---
apiVersion: flywheel/v1
kind: SOP
metadata: { name: crisis }
spec:
  trigger: { check: spike }
  steps:
    - { id: tier-1, notify: [ops], message: "一级: {{check.value}}" }
    - { id: tier-2, after: 2h, notify: [ops], message: 二级, unlessResolved: true }
    - { id: tier-3, after: 3h, notify: [ops], message: 复盘 }
`;

/** Hourly negative mentions (Shanghai time) as CSV rows. */
function mentions(hourly: Record<string, number>): string {
  return ['time,metric,value', ...Object.entries(hourly).map(([time, value]) => `${time}:30:00+08:00,negative_mentions,${value}`)].join('\n');
}

describe('flywheel simulate', () => {
  it('publishes at the scheduled minute and blocks an unapproved post when review is required', async () => {
    const events = await simulate({
      'campaign.yaml': `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: launch }
spec:
  window: { start: 2027-01-01, end: 2027-01-31 }
  review: required
  owner: alice
  posts:
    - { id: ok, at: "2027-01-10 20:00", channels: [box], title: 已审, approvedBy: [alice] }
    - { id: draft, at: "2027-01-11 20:00", channels: [box], title: 未审 }
`,
    }, '2027-01-10', '2027-01-11');
    expect(events.filter((event) => event.type.startsWith('post.'))).toEqual([
      { at: '2027-01-10T12:00:00.000Z', type: 'post.publish', campaign: 'launch', post: 'ok', channel: 'box' },
      { at: '2027-01-11T12:00:00.000Z', type: 'post.blocked', campaign: 'launch', post: 'draft', channel: 'box', reason: expect.stringContaining('not approved') },
    ]);
    // The owner hears about it two hours before.
    expect(events).toContainEqual(expect.objectContaining({ at: '2027-01-11T10:00:00.000Z', type: 'notify', target: 'ops' }));
  });

  it('fires a check once after `for` failing evaluations, recovers once, and stops escalation on recovery', async () => {
    const events = await simulate({
      'checks.yaml': SPIKE_CHECK,
      'metrics/mentions.csv': mentions({
        '2027-01-10T09': 5, '2027-01-10T10': 30, '2027-01-10T11': 35, '2027-01-10T12': 40, '2027-01-10T13': 2, '2027-01-10T14': 1,
      }),
    }, '2027-01-10T09:00:00+08:00', '2027-01-10T18:00:00+08:00');
    const checkEvents = events.filter((event) => event.type.startsWith('check.') && event.type !== 'check.no-data');
    expect(checkEvents).toEqual([
      // 10:30 fails once; 11:30 fails again (for: 2) and fires at the 12:00 evaluation; 12:30 keeps failing silently.
      { at: '2027-01-10T04:00:00.000Z', type: 'check.fired', check: 'spike', value: 35 },
      { at: '2027-01-10T06:00:00.000Z', type: 'check.resolved', check: 'spike', value: 2 },
    ]);
    const steps = events.filter((event) => event.type === 'sop.step').map((event) => [event.at, event.step]);
    // tier-2 (2 h later, unlessResolved) is skipped because the check recovered at 14:00; tier-3 still runs.
    expect(steps).toEqual([['2027-01-10T04:00:00.000Z', 'tier-1'], ['2027-01-10T07:00:00.000Z', 'tier-3']]);
    expect(events).toContainEqual({ at: '2027-01-10T04:00:00.000Z', type: 'notify', target: 'ops', message: '负面 35 条' });
    expect(events).toContainEqual({ at: '2027-01-10T04:00:00.000Z', type: 'notify', target: 'ops', message: '一级: 35' });
  });

  it('escalates when the check has not recovered', async () => {
    const events = await simulate({
      'checks.yaml': SPIKE_CHECK,
      'metrics/mentions.csv': mentions({ '2027-01-10T10': 30, '2027-01-10T11': 35, '2027-01-10T12': 40, '2027-01-10T13': 45, '2027-01-10T14': 50 }),
    }, '2027-01-10T09:00:00+08:00', '2027-01-10T15:00:00+08:00');
    expect(events.filter((event) => event.type === 'sop.step').map((event) => event.step)).toEqual(['tier-1', 'tier-2', 'tier-3']);
  });

  it('reports a goal key result at its first evaluation and whenever its status changes', async () => {
    const days = Array.from({ length: 20 }, (_, day) => `2027-01-${String(day + 1).padStart(2, '0')}T12:00:00+08:00,followers,${1000 + day * (day < 10 ? 100 : 5)}`);
    const events = await simulate({
      'goal.yaml': `apiVersion: flywheel/v1
kind: Goal
metadata: { name: grow }
spec:
  window: { start: 2027-01-01, end: 2027-01-31 }
  keyResults:
    - { id: fans, metric: followers, baseline: 1000, target: 4000 }
`,
      'metrics/followers.csv': `time,metric,value\n${days.join('\n')}\n`,
    }, '2027-01-02', '2027-01-20');
    const statuses = events.filter((event) => event.type === 'goal.status');
    // A day in, still at the baseline while the path expects 1,097: behind, with one point no forecast (at-risk).
    expect(statuses[0]).toMatchObject({ at: '2027-01-01T16:05:00.000Z', goal: 'grow', keyResult: 'fans', status: 'at-risk', value: 1000 });
    // Growing 100 a day against the path's 97 catches up within tolerance, then growth stalls.
    expect(statuses.map((event) => event.status)).toContain('on-track');
    expect(statuses.at(-1)).toMatchObject({ status: expect.stringMatching(/off-track|at-risk/) });
    for (let index = 1; index < statuses.length; index += 1) expect(statuses[index]?.status).not.toBe(statuses[index - 1]?.status);
  });

  it('a weekly report step sends a titled review that names the goal and its key result by title, with no {{', async () => {
    const days = Array.from({ length: 14 }, (_, day) => `2027-01-${String(day + 1).padStart(2, '0')}T12:00:00+08:00,followers,${1000 + day * 100}`);
    const events = await simulate({
      'goal.yaml': `apiVersion: flywheel/v1
kind: Goal
metadata: { name: grow, title: 一月涨粉 }
spec:
  window: { start: 2027-01-01, end: 2027-01-31 }
  keyResults:
    - { id: fans, title: 粉丝数, metric: followers, baseline: 1000, target: 4000 }
---
apiVersion: flywheel/v1
kind: SOP
metadata: { name: weekly-review, title: 周一复盘 }
spec:
  trigger: { schedule: cron(0 9 ? * MON *) }
  steps:
    - { id: digest, report: { window: 7d }, notify: [ops] }
`,
      'metrics/followers.csv': `time,metric,value\n${days.join('\n')}\n`,
    }, '2027-01-10', '2027-01-12');
    const reviews = events.filter((event) => event.type === 'notify' && event.title !== undefined);
    // Monday 2027-01-11 09:00 Shanghai, the review of the week before.
    expect(reviews).toHaveLength(1);
    const review = reviews[0] as SimEvent & { title: string; message: string };
    expect(review).toMatchObject({ at: '2027-01-11T01:00:00.000Z', target: 'ops', title: 'sim 复盘（01-04 – 01-11）' });
    expect(review.message).toContain('一月涨粉');
    expect(review.message).toContain('粉丝数');
    expect(review.message).not.toContain('{{');
    expect(review.message).not.toMatch(/\bfans\b|\bgrow\b/);
    // The change over the week: 1,300 on Jan 4, 2,000 on Jan 11.
    expect(review.message).toContain('+700');
  });

  it('a check that fires pauses publishing: a post due during the pause is held, one due after the check resolves is published', async () => {
    const events = await simulate({
      'checks.yaml': `apiVersion: flywheel/v1
kind: Check
metadata: { name: spike, title: 负面声量 }
spec:
  schedule: rate(1 hour)
  metric: negative_mentions
  window: 1h
  condition: "> 20"
  for: 2
  notify: [ops]
---
apiVersion: flywheel/v1
kind: SOP
metadata: { name: crisis, title: 舆情处置 }
spec:
  trigger: { check: spike }
  steps:
    - { id: freeze, pause: { channels: all }, notify: [ops], message: "已暂停待发内容：{{check.title}}，恢复请运行 flywheel resume" }
`,
      'campaign.yaml': `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: launch }
spec:
  window: { start: 2027-01-01, end: 2027-01-31 }
  owner: alice
  posts:
    - { id: during, at: "2027-01-10 13:00", channels: [box], title: 暂停期间 }
    - { id: after, at: "2027-01-10 15:00", channels: [box], title: 恢复之后 }
`,
      'metrics/mentions.csv': mentions({
        '2027-01-10T09': 5, '2027-01-10T10': 30, '2027-01-10T11': 35, '2027-01-10T12': 40, '2027-01-10T13': 2, '2027-01-10T14': 1,
      }),
    }, '2027-01-10T09:00:00+08:00', '2027-01-10T18:00:00+08:00');
    // Fired at 12:00, resolved at 14:00 (Shanghai).
    expect(events.filter((event) => event.type === 'check.fired' || event.type === 'check.resolved').map((event) => [event.type, event.at]))
      .toEqual([['check.fired', '2027-01-10T04:00:00.000Z'], ['check.resolved', '2027-01-10T06:00:00.000Z']]);
    expect(events).toContainEqual({ at: '2027-01-10T04:00:00.000Z', type: 'notify', target: 'ops', message: '已暂停待发内容：负面声量，恢复请运行 flywheel resume' });
    const posts = events.filter((event) => event.type.startsWith('post.')).map((event) => [event.type, event.post, event.at]);
    expect(posts).toEqual([
      ['post.held', 'during', '2027-01-10T05:00:00.000Z'],
      ['post.publish', 'after', '2027-01-10T07:00:00.000Z'],
    ]);
  });
});
