/*
 * The class test for messages: for every way an SOP starts (a schedule, a check, each event an
 * SOP can be triggered by) and every placeholder of the spec's table, the message the real
 * handlers send through simulate() has no `{{`, fills what that trigger can fill (names as
 * titles, numbers by unit, words in the workspace's language) and marks the rest as [name].
 */
import { describe, expect, it } from 'vitest';
import {
  CHECK_MESSAGE_PLACEHOLDERS, CHECK_TRIGGER_PLACEHOLDERS, SOP_EVENTS, SOP_STEP_PLACEHOLDERS, compilePlan, eventSubjectPlaceholders, formatLocal,
  loadWorkspace, localToInstant, sopStepPlaceholders, unfilledPlaceholder, type MetricPoint, type PublishJob, type SopStart,
} from '../../core/index';
import type { EngineEvent } from './events';
import { simulate } from './simulate';

const ZONE = 'Asia/Shanghai';
/** Every placeholder any message can use: each SOP's step names them all. */
const EVERY_PLACEHOLDER = [...new Set([
  ...SOP_STEP_PLACEHOLDERS, ...CHECK_TRIGGER_PLACEHOLDERS, ...CHECK_MESSAGE_PLACEHOLDERS, 'event',
  ...SOP_EVENTS.flatMap((event) => eventSubjectPlaceholders(event)),
])];
const SEPARATOR = ' | ';
const everyPlaceholderMessage = EVERY_PLACEHOLDER.map((name) => `${name}=<{{${name}}}>`).join(SEPARATOR);

/** The ways an SOP starts, each an SOP of the test workspace named after it. */
const STARTS: readonly { readonly sop: string; readonly start: SopStart; readonly trigger: string }[] = [
  { sop: 'on-schedule', start: { schedule: 'cron(0 9 ? * * *)' }, trigger: '{ schedule: "cron(0 9 ? * * *)" }' },
  { sop: 'on-check', start: { check: 'spike' }, trigger: '{ check: spike }' },
  ...SOP_EVENTS.map((event) => ({ sop: `on-${event.replace('.', '-')}`, start: { event }, trigger: `{ event: ${event} }` })),
];

const sopDocument = ({ sop, trigger }: (typeof STARTS)[number]) => `apiVersion: flywheel/v1
kind: SOP
metadata: { name: ${sop}, title: 处置-${sop} }
spec:
  trigger: ${trigger}
  steps:
    - { id: tell, notify: [ops], message: ${JSON.stringify(everyPlaceholderMessage)} }
`;

const FILES: Record<string, string> = {
  'workspace.yaml': `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: msg, title: 新媒体部 }
spec:
  timezone: ${ZONE}
  language: zh-CN
  channels:
    - { id: site, platform: webhook, instance: "https://example.com/hook", title: 官网 }
  notify:
    - { id: ops, type: wecom-bot, url: "secret:ops" }
  people:
    - { id: alice, name: 张三, notify: ops }
`,
  'campaign.yaml': `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: launch, title: 新品上市 }
spec:
  window: { start: 2027-01-01, end: 2027-01-31 }
  review: required
  owner: alice
  posts:
    - { id: draft, at: "2027-01-05 10:00", channels: [site], title: 未审稿件 }
    - { id: broken, at: "2027-01-05 11:00", channels: [site], title: 会失败的稿件, approvedBy: [alice] }
    - { id: unsure, at: "2027-01-05 12:00", channels: [site], title: 结果未知的稿件, approvedBy: [alice] }
    - { id: paused, at: "2027-01-05 15:30", channels: [site], title: 暂停期间的稿件, approvedBy: [alice] }
  kpis:
    - { metric: interaction_rate, target: ">= 0.05", window: 1d, notify: [ops], schedule: "cron(0 18 ? * * *)", message: ${JSON.stringify(CHECK_MESSAGE_PLACEHOLDERS.map((name) => `${name}=<{{${name}}}>`).join(SEPARATOR))} }
`,
  'check.yaml': `apiVersion: flywheel/v1
kind: Check
metadata: { name: spike, title: 负面激增 }
spec:
  schedule: rate(1 hour)
  metric: negative_mentions
  window: 1h
  condition: "> 20"
  severity: critical
  notify: [ops]
  message: ${JSON.stringify(CHECK_MESSAGE_PLACEHOLDERS.map((name) => `${name}=<{{${name}}}>`).join(SEPARATOR))}
`,
  'goal.yaml': `apiVersion: flywheel/v1
kind: Goal
metadata: { name: growth, title: 增长目标 }
spec:
  window: { start: 2027-01-01, end: 2027-01-31 }
  keyResults:
    - { id: fans, title: 粉丝破万, metric: followers, baseline: 0, target: 10000 }
`,
  // The spike's SOP also pauses the campaign, so the post due at 15:30 is held (post.held).
  'sops.yaml': [...STARTS.map(sopDocument), `apiVersion: flywheel/v1
kind: SOP
metadata: { name: freeze, title: 暂停发布 }
spec:
  trigger: { check: spike }
  steps:
    - { id: hold, pause: { campaigns: [launch] } }
`].join('---\n'),
};

const at = (local: string) => localToInstant({
  year: Number(local.slice(0, 4)), month: Number(local.slice(5, 7)), day: Number(local.slice(8, 10)), hour: Number(local.slice(11, 13)), minute: Number(local.slice(14, 16)),
}, ZONE);

const POINTS: MetricPoint[] = [
  // 30 negative mentions in the hour before 15:00 fire the check (and its SOP, and check.fired).
  { time: at('2027-01-05 14:30'), metric: 'negative_mentions', value: 30 },
  // A rate of 2.5% against a KPI of ≥ 5%: the KPI check fires at 18:00.
  { time: at('2027-01-05 13:00'), metric: 'views', value: 1000 },
  { time: at('2027-01-05 13:00'), metric: 'likes', value: 25 },
  // One point far behind the path: at-risk while there is no trend, off-track once the flat trend shows.
  { time: at('2027-01-06 12:00'), metric: 'followers', value: 100 },
];

/** Sends `broken` to a failure and `unsure` to an unknown outcome; everything else goes out. */
async function publish(job: PublishJob) {
  if (job.post === 'broken') return { status: 'failed', reason: 'HTTP 400' } as const;
  if (job.post === 'unsure') return { status: 'unconfirmed', reason: 'timed out' } as const;
  return { status: 'published' } as const;
}

async function runWorkspace(): Promise<EngineEvent[]> {
  const encoder = new TextEncoder();
  const { model, diagnostics } = loadWorkspace(Object.entries(FILES).map(([path, content]) => ({ path, bytes: encoder.encode(content) })));
  expect(diagnostics).toEqual([]);
  const plan = compilePlan(model, { readFile: () => undefined });
  // A refused credential comes from a pull, not from the plan: raised as a pull raises it.
  const raise = [{ at: at('2027-01-05 16:00'), about: { event: 'credential.failed', channel: 'site' } }];
  return simulate(model, plan, { from: at('2027-01-05 00:00'), to: at('2027-01-08 23:59'), points: POINTS, publish, raise });
}

/** `name=<value> | …` back into values by name. */
function readValues(message: string): Map<string, string> {
  return new Map(message.split(SEPARATOR).map((part) => {
    const match = /^([^=]+)=<(.*)>$/s.exec(part);
    if (!match) throw new Error(`not name=<value>: ${part}`);
    return [match[1] as string, match[2] as string];
  }));
}

describe('every placeholder, every trigger, through the handlers', () => {
  it('sends no {{, fills what the trigger can fill, and marks the rest', async () => {
    // Act
    const events = await runWorkspace();
    // Assess
    const notifications = events.filter((event): event is Extract<EngineEvent, { type: 'notify' }> => event.type === 'notify');
    expect(notifications.length).toBeGreaterThan(0);
    for (const notification of notifications) expect(notification.message).not.toContain('{{');

    const steps = events.filter((event): event is Extract<EngineEvent, { type: 'sop.step' }> => event.type === 'sop.step');
    for (const { sop, start } of STARTS) {
      const step = steps.find((event) => event.sop === sop);
      // A new SOP event needs a way for this workspace to raise it, so its messages are tested too.
      expect(step, `no step of ${sop} ran: make the test workspace raise ${JSON.stringify(start)}`).toBeDefined();
      const message = notifications.find((event) => event.at === step?.at && event.message.startsWith('sop.name=<') && event.message.includes(`sop.name=<${sop}>`));
      expect(message, `no message of ${sop}`).toBeDefined();
      const values = readValues(message?.message ?? '');
      const fillable = new Set(sopStepPlaceholders(start));
      for (const name of EVERY_PLACEHOLDER) {
        const value = values.get(name);
        if (fillable.has(name)) expect(value, `${sop}: {{${name}}}`).not.toBe(unfilledPlaceholder(name));
        else expect(value, `${sop}: {{${name}}} cannot be filled`).toBe(unfilledPlaceholder(name));
      }
      expect(values.get('sop.title')).toBe(`处置-${sop}`);
      expect(values.get('time')).toBe(formatLocal(step?.at ?? 0, ZONE));
    }
  });

  it('names things by title, numbers by unit and words in the workspace language', async () => {
    const events = await runWorkspace();
    const notifications = events.flatMap((event) => (event.type === 'notify' ? [event.message] : []));
    const messageOf = (sop: string) => readValues(notifications.find((message) => message.includes(`sop.name=<${sop}>`)) ?? '');

    expect(Object.fromEntries(['event', 'post', 'campaign', 'channel'].map((name) => [name, messageOf('on-post-blocked').get(name)])))
      .toEqual({ event: '内容被拦截', post: '未审稿件', campaign: '新品上市', channel: '官网' });
    expect(messageOf('on-post-failed').get('post')).toBe('会失败的稿件');
    expect(messageOf('on-post-unconfirmed').get('post')).toBe('结果未知的稿件');
    expect(Object.fromEntries(['event', 'goal', 'keyResult', 'status'].map((name) => [name, messageOf('on-goal-off-track').get(name)])))
      .toEqual({ event: '目标偏离', goal: '增长目标', keyResult: '粉丝破万', status: '偏离' });
    expect(messageOf('on-goal-at-risk').get('status')).toBe('有风险');
    expect(Object.fromEntries(['event', 'channel'].map((name) => [name, messageOf('on-credential-failed').get(name)]))).toEqual({ event: '凭据失效', channel: '官网' });
    for (const sop of ['on-check', 'on-check-fired']) {
      expect(Object.fromEntries(CHECK_TRIGGER_PLACEHOLDERS.map((name) => [name, messageOf(sop).get(name)])))
        .toEqual({ 'check.name': 'spike', 'check.title': '负面激增', 'check.value': '30', 'check.condition': '> 20' });
    }

    // The check's own message and the KPI's: the ratio as a percentage, the severity and window in words.
    const checkMessages = notifications.filter((message) => message.startsWith('value=<')).map(readValues);
    const spike = checkMessages.find((values) => values.get('check.name') === 'spike');
    expect(Object.fromEntries(spike ?? [])).toMatchObject({ value: '30', threshold: '20', condition: '> 20', metric: '负面提及量', window: '1 小时', severity: '严重', 'check.title': '负面激增' });
    const kpi = checkMessages.find((values) => values.get('check.name') === 'launch/kpi-interaction_rate');
    expect(Object.fromEntries(kpi ?? [])).toMatchObject({ value: '2.5%', threshold: '5%', condition: '< 5%', metric: '互动率', window: '1 天', 'check.title': '新品上市 互动率 ≥ 5%' });
    for (const values of checkMessages) {
      for (const name of CHECK_MESSAGE_PLACEHOLDERS) expect(values.get(name), name).not.toBe(unfilledPlaceholder(name));
    }
  });
});
