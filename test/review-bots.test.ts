/*
 * The sample's weekly review (playbooks/sops/weekly-review.yaml, a `report` step) as each group bot
 * receives it from the local bot servers: titled, every part within the bot's documented size
 * (WeCom markdown 4096 bytes, DingTalk 20000, Feishu 20 KB body, Slack 40,000 characters), the
 * goals named by title, no `{{`. A quarter's review, longer than WeCom takes, arrives in parts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMetricCatalogue, compilePlan, folderFileProvider, indexPoints, parseMetricsCsv, readPlaybookFolder, renderReviewMessage, validateWorkspace,
  type MetricPoint, type NotifyTarget, type WorkspaceModel,
} from '../core/index';
import { createNotifyConnector, type ConnectorDeps } from '../functions/connectors/index';
import { buildReview } from '../functions/engine/build-review';
import { simulate, type EngineEvent } from '../functions/engine/index';
import { startDingTalkServer } from './support/platform-servers/dingtalk-server';
import { startFeishuServer } from './support/platform-servers/feishu-server';
import { startSlackServer } from './support/platform-servers/slack-server';
import { secretsFrom, virtualTime } from './support/platform-servers/virtual-time';
import { startWeComServer } from './support/platform-servers/wecom-server';
import { REPO } from './support/run-cli';

const at = (local: string) => Date.parse(`${local}:00+08:00`);
const DIR = join(REPO, 'playbooks');
const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

let model: WorkspaceModel;
let points: MetricPoint[];
let events: EngineEvent[];
let goalTitles: string[];

beforeAll(async () => {
  ({ model } = validateWorkspace(readPlaybookFolder(DIR), folderFileProvider(DIR)));
  points = parseMetricsCsv(readFileSync(join(DIR, 'metrics', 'sample-metrics.csv'), 'utf8')).points;
  events = await simulate(model, compilePlan(model, folderFileProvider(DIR)), { from: at('2026-12-01 00:00'), to: at('2026-12-14 09:05'), points });
  goalTitles = model.goals.map((goal) => goal.value.metadata.title ?? goal.name);
}, 120_000);

/** Sends one titled message through a bot of each type on its local server; returns the parts each server got, as text. */
async function sendToEveryBot(title: string, text: string): Promise<Record<'wecom' | 'dingtalk' | 'feishu' | 'slack', { parts: string[]; bytes: number[] }>> {
  const time = virtualTime();
  const wecom = await startWeComServer({ now: time.now });
  const dingtalk = await startDingTalkServer({ now: time.now });
  const feishu = await startFeishuServer({ now: time.now });
  const slack = await startSlackServer({ now: time.now });
  closers.push(() => wecom.close(), () => dingtalk.close(), () => feishu.close(), () => slack.close());
  const deps: ConnectorDeps = {
    resolveSecret: secretsFrom({
      'secret:wecom': 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-test-key',
      'secret:dingtalk': 'https://oapi.dingtalk.com/robot/send?access_token=dingtalk-access-token',
      'secret:feishu': 'https://open.feishu.cn/open-apis/bot/v2/hook/feishu-hook-id',
      'secret:slack': 'https://hooks.slack.com/services/T000/B000/XXXXXXXX',
    }),
    now: time.now, sleep: time.sleep, random: () => 0.5, timeoutMs: 5000,
    baseUrls: { 'wecom-bot': wecom.origin, 'dingtalk-bot': dingtalk.origin, 'feishu-bot': feishu.origin, slack: slack.origin },
  };
  const targets: NotifyTarget[] = [
    { id: 'wecom', type: 'wecom-bot', url: 'secret:wecom' }, { id: 'dingtalk', type: 'dingtalk-bot', url: 'secret:dingtalk' },
    { id: 'feishu', type: 'feishu-bot', url: 'secret:feishu' }, { id: 'slack', type: 'slack', url: 'secret:slack' },
  ];
  for (const target of targets) {
    const result = await createNotifyConnector(target, deps).notify({ key: 'review', target: target.id, at: at('2026-12-14 09:00'), title, text });
    expect(result.status, `${target.type}: ${JSON.stringify(result)}`).toBe('published');
  }
  const feishuText = (content: Record<string, unknown>) => {
    const post = (content as { post: { zh_cn: { title: string; content: Array<Array<{ text?: string }>> } } }).post.zh_cn;
    return [post.title, ...post.content.map((line) => line.map((item) => item.text ?? '').join(''))].join('\n');
  };
  const parts = {
    wecom: wecom.messages.map((message) => message.content),
    dingtalk: dingtalk.messages.map((message) => (message.body as { markdown: { text: string } }).markdown.text),
    feishu: feishu.messages.map((message) => feishuText(message.content)),
    slack: slack.messages.map((message) => message.text),
  };
  const bytes = (list: string[]) => list.map((part) => Buffer.byteLength(part));
  return {
    wecom: { parts: parts.wecom, bytes: bytes(parts.wecom) }, dingtalk: { parts: parts.dingtalk, bytes: bytes(parts.dingtalk) },
    feishu: { parts: parts.feishu, bytes: feishu.messages.map((message) => Buffer.byteLength(JSON.stringify(message.content))) }, slack: { parts: parts.slack, bytes: bytes(parts.slack) },
  };
}

const LIMITS = { wecom: 4096, dingtalk: 20_000, feishu: 20 * 1024, slack: 40_000 } as const;

describe('the weekly review in the group bots', () => {
  it('the report step of 周一复盘 sends the week to leadership and ops, titled with the workspace and the dates', () => {
    const reviews = events.filter((event): event is Extract<EngineEvent, { type: 'notify' }> => event.type === 'notify' && event.title !== undefined && event.at === at('2026-12-14 09:00'));
    expect(reviews.map((event) => event.target).sort()).toEqual(['leadership', 'ops']);
    for (const review of reviews) {
      expect(review.title).toBe('ACME 新媒体部 复盘（12-07 – 12-14）');
      for (const title of goalTitles) expect(review.message).toContain(title);
      expect(review.message).not.toContain('{{');
      expect(review.message).toContain('夜班护士的第二杯咖啡');
    }
    // ops is a WeCom bot (markdown); leadership a Feishu bot, whose rich text shows text as typed: no markdown marks.
    const byTarget = new Map(reviews.map((review) => [review.target, review.message]));
    expect(byTarget.get('ops')).toContain('## 目标与关键结果');
    expect(byTarget.get('leadership')).toContain('【目标与关键结果】');
    expect(byTarget.get('leadership')).not.toMatch(/\*\*|^#/m);
  });

  it('arrives at every bot within its size limit, goals by title, no {{', async () => {
    const review = events.find((event): event is Extract<EngineEvent, { type: 'notify' }> => event.type === 'notify' && event.title !== undefined && event.at === at('2026-12-14 09:00'));
    const received = await sendToEveryBot(review!.title!, review!.message);
    for (const [bot, { parts, bytes }] of Object.entries(received)) {
      expect(parts.length, bot).toBeGreaterThan(0);
      for (const size of bytes) expect(size, bot).toBeLessThanOrEqual(LIMITS[bot as keyof typeof LIMITS]);
      const whole = parts.join('\n');
      expect(whole, bot).toContain('复盘（12-07 – 12-14）');
      for (const title of goalTitles) expect(whole, bot).toContain(title);
      expect(whole, bot).not.toContain('{{');
    }
  });

  it('a review longer than WeCom takes arrives in parts, each within 4096 bytes, nothing lost', async () => {
    const metrics = { index: indexPoints(points), catalogue: buildMetricCatalogue(model.workspaces[0]?.value.spec.metrics) };
    // A fortnight's review in Chinese and in English, one message: longer than a WeCom markdown message takes.
    const review = buildReview({ model, events, metrics, from: at('2026-12-01 00:00'), to: at('2026-12-14 09:00') });
    const zh = renderReviewMessage(review, 'zh-CN');
    const en = renderReviewMessage(review, 'en');
    const text = `${zh.text}\n\n${en.text}`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(LIMITS.wecom);
    const received = await sendToEveryBot(zh.title, text);
    expect(received.wecom.parts.length).toBeGreaterThan(1);
    for (const [bot, { parts, bytes }] of Object.entries(received)) {
      for (const size of bytes) expect(size, bot).toBeLessThanOrEqual(LIMITS[bot as keyof typeof LIMITS]);
      const whole = parts.join('\n');
      for (const line of text.split('\n').filter((candidate) => candidate.trim() !== '' && !candidate.includes('*') && !candidate.includes('\\'))) expect(whole, `${bot}: ${line}`).toContain(line);
    }
  });
});
