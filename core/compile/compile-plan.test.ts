import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../load/index';
import type { FileProvider } from '../validate/index';
import { compilePlan, formatIdInstant } from './compile-plan';
import { diffPlan } from './diff-plan';
import type { PublishJob, RecurringJob, ReminderJob } from './jobs';

const WORKSPACE = `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: ws }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: wechat, platform: wechat-oa }
    - { id: xhs, platform: xiaohongshu }
  notify:
    - { id: ops, type: wecom-bot, url: "secret:ops" }
  people:
    - { id: alice, name: 张三, notify: ops }
`;

function plan(campaign: string, extra: Record<string, string> = {}) {
  const files = { 'workspace.yaml': WORKSPACE, 'campaign.yaml': campaign, ...extra };
  const encoder = new TextEncoder();
  const { model } = loadWorkspace(Object.entries(files).map(([path, content]) => ({ path, bytes: encoder.encode(content) })));
  const provider: FileProvider = { readFile: (path) => (path in files ? encoder.encode(files[path as keyof typeof files]) : undefined) };
  return compilePlan(model, provider);
}

const header = (window: string, more = '') => `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: c1 }
spec:
  window: ${window}
  owner: alice
${more}  posts:
`;

describe('compilePlan', () => {
  it('turns a one-time post into one publish job per channel at the right UTC instant', () => {
    const result = plan(`${header('{ start: 2027-01-01, end: 2027-01-31 }')}    - { id: p1, at: "2027-01-10 20:00", channels: [wechat, xhs], title: 标题 }\n`);
    const publishes = result.jobs.filter((job): job is PublishJob => job.kind === 'publish');
    expect(publishes.map((job) => job.id)).toEqual(['publish/c1/p1/wechat/20270110T1200Z', 'publish/c1/p1/xhs/20270110T1200Z']);
    expect(publishes[0]).toMatchObject({ at: Date.UTC(2027, 0, 10, 12, 0), local: '2027-01-10 20:00', zone: 'Asia/Shanghai', platform: 'wechat-oa', share: 1 });
  });

  it('gives each A/B variant its own job with its share of the audience', () => {
    const result = plan(`${header('{ start: 2027-01-01, end: 2027-01-31 }')}    - id: p1
      at: "2027-01-10 20:00"
      channels: [wechat]
      variants:
        - { id: a, title: 甲, weight: 3 }
        - { id: b, title: 乙 }
`);
    const shares = result.jobs.filter((job): job is PublishJob => job.kind === 'publish').map((job) => [job.variant, job.share]);
    expect(shares).toEqual([['a', 0.75], ['b', 0.25]]);
  });

  it('expands a series inside the window only, skipping runs that fall in a DST gap', () => {
    const result = plan(`${header('{ start: 2027-03-12, end: 2027-03-16 }')}    - { id: s1, schedule: "cron(30 2 * * ? *)", timezone: America/New_York, channels: [wechat], title: 夜间 }\n`);
    const locals = result.jobs.filter((job): job is PublishJob => job.kind === 'publish').map((job) => job.local);
    // 2027-03-14 02:30 does not exist in New York (clocks jump from 02:00 to 03:00). The window is
    // read in the workspace zone: Shanghai's 03-12 00:00 to 03-17 00:00 is New York's 03-11 11:00 to 03-16 12:00.
    expect(locals).toEqual(['2027-03-12 02:30', '2027-03-13 02:30', '2027-03-15 02:30', '2027-03-16 02:30']);
  });

  it('reminds the owner before an unapproved post in a campaign that requires review', () => {
    const result = plan(`${header('{ start: 2027-01-01, end: 2027-01-31 }', '  review: required\n')}    - { id: p1, at: "2027-01-10 20:00", channels: [wechat], title: 待审 }
    - { id: p2, at: "2027-01-11 20:00", channels: [wechat], title: 已审, approvedBy: [alice] }
`);
    const reminders = result.jobs.filter((job): job is ReminderJob => job.kind === 'reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ post: 'p1', local: '2027-01-10 18:00', notify: ['ops'], postAt: Date.UTC(2027, 0, 10, 12, 0) });
    const blocked = result.jobs.filter((job): job is PublishJob => job.kind === 'publish').map((job) => [job.post, job.approved, job.reviewRequired]);
    expect(blocked).toEqual([['p1', false, true], ['p2', true, true]]);
  });

  it('makes each campaign KPI a check active during the window, daily at 09:00 unless it says otherwise', () => {
    const result = plan(`${header('{ start: 2027-01-01, end: 2027-01-31 }')}    - { id: p1, at: "2027-01-10 20:00", channels: [wechat], title: 标题 }
  kpis:
    - { metric: interaction_rate, target: ">= 0.05", window: 7d }
    - { metric: leads, target: "> 10", window: 1d, schedule: "rate(1 hour)" }
`);
    const checks = result.jobs.filter((job): job is RecurringJob => job.kind === 'check');
    expect(checks.map((job) => [job.id, job.schedule])).toEqual([
      ['check/c1/kpi-interaction_rate', 'cron(0 9 * * ? *)'],
      ['check/c1/kpi-leads', 'rate(1 hour)'],
    ]);
    expect(checks[0]).toMatchObject({ from: Date.UTC(2026, 11, 31, 16), until: Date.UTC(2027, 0, 31, 16) });
  });

  it('compiles to the same ids and hashes every time, and a changed title changes only that post', () => {
    const source = `${header('{ start: 2027-01-01, end: 2027-01-31 }')}    - { id: p1, at: "2027-01-10 20:00", channels: [wechat], title: 一 }
    - { id: p2, at: "2027-01-11 20:00", channels: [wechat], title: 二 }
`;
    const first = plan(source);
    expect(plan(source)).toEqual(first);
    const edited = plan(source.replace('title: 二', 'title: 贰'));
    const diff = diffPlan(edited.jobs, first.jobs);
    expect(diff.changes.map((change) => [change.action, change.id])).toEqual([['update', 'publish/c1/p2/wechat/20270111T1200Z']]);
  });

  it('notices an edited body file as a change of the posts that use it', () => {
    const source = `${header('{ start: 2027-01-01, end: 2027-01-31 }')}    - { id: p1, at: "2027-01-10 20:00", channels: [wechat], title: 一, body: { file: body.md } }\n`;
    const before = plan(source, { 'body.md': '第一版' });
    const after = plan(source, { 'body.md': '第二版' });
    expect(diffPlan(after.jobs, before.jobs).summary).toMatchObject({ add: 0, change: 1, remove: 0 });
  });

  it('changes only the jobs of the variant whose title, weight or body file changed, and ignores key order', () => {
    const source = `${header('{ start: 2027-01-01, end: 2027-01-31 }')}    - id: p1
      at: "2027-01-10 20:00"
      channels: [wechat, xhs]
      variants:
        - { id: a, title: 标题甲, body: { file: a.md } }
        - { id: b, title: 标题乙, weight: 1 }
`;
    const files = { 'a.md': '甲' };
    const before = plan(source, files);
    const changedIds = (after: ReturnType<typeof plan>) => diffPlan(after.jobs, before.jobs).changes.map((change) => change.id).filter((id) => id.startsWith('publish/'));
    expect(changedIds(plan(source.replace('标题乙', '标题丙'), files))).toEqual(['publish/c1/p1/wechat/b/20270110T1200Z', 'publish/c1/p1/xhs/b/20270110T1200Z']);
    // A new weight changes both variants' shares, so both variants' jobs change.
    expect(changedIds(plan(source.replace('weight: 1', 'weight: 3'), files))).toHaveLength(4);
    expect(changedIds(plan(source, { 'a.md': '甲二' }))).toEqual(['publish/c1/p1/wechat/a/20270110T1200Z', 'publish/c1/p1/xhs/a/20270110T1200Z']);
    expect(changedIds(plan(source.replace('{ id: b, title: 标题乙, weight: 1 }', '{ weight: 1, title: 标题乙, id: b }'), files))).toEqual([]);
  });
});

describe('diffPlan', () => {
  it('adds, changes and removes by id, and leaves alone a removed job whose time has passed', () => {
    const job = (id: string, hash: string, at: number): PublishJob => ({
      kind: 'publish', id, hash, file: 'c.yaml', campaign: 'c', post: id, channel: 'wechat', platform: 'wechat-oa', share: 1,
      at, local: '', zone: 'UTC', approved: true, reviewRequired: false,
    });
    const deployed = [job('a', '1', 100), job('b', '1', 200), job('old', '1', 50), job('gone', '1', 300)];
    const desired = [job('a', '1', 100), job('b', '2', 200), job('new', '1', 400)];
    const diff = diffPlan(desired, deployed, 150);
    expect(diff.changes.map((change) => [change.action, change.id])).toEqual([['update', 'b'], ['delete', 'gone'], ['create', 'new']]);
    expect(diff.summary).toEqual({ add: 1, change: 1, remove: 1, unchanged: 1 });
  });

  it('formats ids from the UTC minute', () => {
    expect(formatIdInstant(Date.UTC(2027, 0, 20, 12, 0, 30))).toBe('20270120T1200Z');
  });
});
