import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan, loadWorkspace, type FileProvider } from '../../core/index';
import { createLocalClients, createTable, FlywheelStore, startEmbeddedEngine, type LocalEngine } from '../store/index';
import type { EngineEvent } from './events';
import { startHttpServer } from '../../test/support/platform-servers/http-server';
import { startWeComServer } from '../../test/support/platform-servers/wecom-server';
import { LocalRunner } from './local-runner';

const FILES: Record<string, string> = {
  'workspace.yaml': `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: local }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: box, platform: outbox }
  notify:
    - { id: ops, type: wecom-bot, url: "secret:ops" }
`,
  'campaign.yaml': `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: launch }
spec:
  window: { start: 2027-01-01, end: 2027-01-31 }
  posts:
    - { id: first, at: "2027-01-10 20:00", channels: [box], title: 第一条, body: { file: first.md } }
    - { id: second, at: "2027-01-10 20:05", channels: [box], title: 第二条, body: 正文 }
`,
  'first.md': '冬日热饮的三种做法。',
};

const encoder = new TextEncoder();

/** The workspace model of a set of playbook files: their YAML documents (other files are bodies the plan reads). */
function modelOf(playbookFiles: Record<string, string>) {
  return loadWorkspace(Object.entries(playbookFiles).filter(([path]) => path.endsWith('.yaml')).map(([path, content]) => ({ path, bytes: encoder.encode(content) }))).model;
}

const files: FileProvider = { readFile: (path) => (path in FILES ? encoder.encode(FILES[path]) : undefined) };
const model = modelOf(FILES);
const plan = compilePlan(model, files);
const at = (minute: number) => Date.UTC(2027, 0, 10, 12, minute);

let engine: LocalEngine;
let store: FlywheelStore;

beforeAll(async () => {
  engine = await startEmbeddedEngine();
  const { client, documentClient } = createLocalClients(engine.endpoint);
  await createTable(client, 'flywheel');
  store = new FlywheelStore({ client: documentClient, tableName: 'flywheel' });
});

afterAll(async () => {
  await engine.stop();
});

describe('LocalRunner', () => {
  it('publishes each post at its minute into the outbox, and a restart publishes nothing twice', async () => {
    const outboxFolder = mkdtempSync(join(tmpdir(), 'flywheel-outbox-'));
    const events: EngineEvent[] = [];
    const start = (log: EngineEvent[]) => new LocalRunner({ model, plan, store, files, outboxFolder, log: (event) => log.push(event) });

    const runner = start(events);
    expect(await runner.sync(at(-30))).toBe(2);
    expect(await runner.tick(at(-1))).toBe(0);
    expect(await runner.tick(at(0))).toBe(1);
    expect(events).toEqual([{ type: 'post.publish', at: at(0), campaign: 'launch', post: 'first', channel: 'box' }]);
    expect(readdirSync(join(outboxFolder, 'box'))).toEqual(['publish_launch_first_box_20270110T1200Z.json']);

    // Stopped at 20:00, started again at 20:10: the 20:05 post was missed and runs now; 20:00 does not run again.
    const afterRestart: EngineEvent[] = [];
    const restarted = start(afterRestart);
    await restarted.sync(at(10), at(0));
    expect(await restarted.tick(at(10))).toBe(1);
    expect(afterRestart.map((event) => event.type === 'post.publish' && event.post)).toEqual(['second']);
    expect(readdirSync(join(outboxFolder, 'box')).sort()).toEqual(['publish_launch_first_box_20270110T1200Z.json', 'publish_launch_second_box_20270110T1205Z.json']);
    expect(await restarted.tick(at(20))).toBe(0);
    expect(await store.getPublishRecord('publish/launch/first/box/20270110T1200Z')).toMatchObject({ status: 'published' });
  });
});

describe('LocalRunner with a webhook channel', () => {
  it('sends through the platform server, reports a refused post as post.failed, and never resends after a restart', async () => {
    const postOf = (body: string) => (JSON.parse(body) as { post: string }).post;
    const server = await startHttpServer((request) =>
      postOf(request.body) === 'refused' ? { status: 400, body: { error: 'title too long' } } : { status: 200, body: { id: `remote-${server.requests.length}` } },
    );
    const hookFiles: Record<string, string> = {
      'workspace.yaml': `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: hooks }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: hook, platform: webhook, instance: "${server.origin}/posts", rateLimit: { perMinute: 600 } }
`,
      'campaign.yaml': `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: hooked }
spec:
  window: { start: 2027-01-01, end: 2027-01-31 }
  posts:
    - { id: accepted, at: "2027-01-10 20:00", channels: [hook], title: 好, body: 正文 }
    - { id: refused, at: "2027-01-10 20:00", channels: [hook], title: 坏, body: 正文 }
`,
    };
    const hookModel = modelOf(hookFiles);
    const hookPlan = compilePlan(hookModel);
    const events: EngineEvent[] = [];
    const start = () => new LocalRunner({ model: hookModel, plan: hookPlan, store, files, outboxFolder: mkdtempSync(join(tmpdir(), 'flywheel-hook-')), log: (event) => events.push(event) });
    try {
      await start().sync(at(-5));
      await start().tick(at(0));
      expect(server.requests.map((request) => postOf(request.body)).sort()).toEqual(['accepted', 'refused']);
      expect(server.requests.map((request) => String(request.headers['idempotency-key'])).sort()).toEqual(['publish/hooked/accepted/hook/20270110T1200Z', 'publish/hooked/refused/hook/20270110T1200Z']);
      expect(events.filter((event) => event.type.startsWith('post.')).map((event) => [event.type, 'post' in event ? event.post : ''])).toEqual(
        expect.arrayContaining([['post.publish', 'accepted'], ['post.failed', 'refused']]),
      );
      expect(await store.getPublishRecord('publish/hooked/accepted/hook/20270110T1200Z')).toMatchObject({ status: 'published', platformId: expect.stringMatching(/^remote-/) });
      expect(await store.getPublishRecord('publish/hooked/refused/hook/20270110T1200Z')).toMatchObject({ status: 'failed', detail: expect.stringContaining('400') });

      const restarted = start();
      await restarted.sync(at(10), at(0));
      await restarted.tick(at(10));
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });

  it('sends notifications to the team bot when its URL is set locally, and to the outbox when it is not', async () => {
    const wecom = await startWeComServer();
    const botFiles: Record<string, string> = {
      'workspace.yaml': `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: bots }
spec:
  timezone: Asia/Shanghai
  notify:
    - { id: team, type: wecom-bot, url: "secret:team-bot" }
    - { id: leads, type: wecom-bot, url: "secret:leads-bot" }
`,
      'sop.yaml': `apiVersion: flywheel/v1
kind: SOP
metadata: { name: evening-review }
spec:
  trigger: { schedule: cron(0 20 * * ? *) }
  steps:
    - { id: remind, notify: [team, leads], message: 今晚复盘 20:30 }
`,
    };
    const botModel = modelOf(botFiles);
    const outboxFolder = mkdtempSync(join(tmpdir(), 'flywheel-bots-'));
    process.env.FLYWHEEL_SECRET_TEAM_BOT = wecom.webhookUrl;
    try {
      const runner = new LocalRunner({ model: botModel, plan: compilePlan(botModel), store, files, outboxFolder, log: () => undefined });
      await runner.sync(Date.UTC(2027, 1, 1, 11, 55));
      await runner.tick(Date.UTC(2027, 1, 1, 12, 0));
      expect(wecom.messages.map((message) => message.content)).toEqual([expect.stringContaining('今晚复盘 20:30')]);
      expect(readdirSync(join(outboxFolder, 'notify'))).toEqual(['leads.log']);
    } finally {
      delete process.env.FLYWHEEL_SECRET_TEAM_BOT;
      await wecom.close();
    }
  });
});

describe('LocalRunner with checks', () => {
  it('catching up after a stop, runs each missed check on its own window of the points', async () => {
    // Prepare: an hourly 1-hour check; the runner was stopped from 08:00 to 11:00 (Asia/Shanghai).
    const checkFiles: Record<string, string> = {
      'workspace.yaml': `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: checks }
spec:
  timezone: Asia/Shanghai
`,
      'check.yaml': `apiVersion: flywheel/v1
kind: Check
metadata: { name: hourly-mentions }
spec:
  schedule: cron(0 * * * ? *)
  metric: negative_mentions
  window: 1h
  condition: "> 20"
`,
    };
    const checkModel = modelOf(checkFiles);
    const { client, documentClient } = createLocalClients(engine.endpoint);
    await createTable(client, 'runner-checks');
    const checkStore = new FlywheelStore({ client: documentClient, tableName: 'runner-checks' });
    const hour = (count: number) => Date.UTC(2027, 4, 1) + count * 3_600_000;
    await checkStore.putMetricPoints([
      { time: hour(-240), metric: 'negative_mentions', value: 1000 },
      { time: hour(-0.5), metric: 'negative_mentions', value: 30 },
      { time: hour(0.5), metric: 'negative_mentions', value: 5 },
      { time: hour(1.5), metric: 'negative_mentions', value: 40 },
    ]);
    const events: EngineEvent[] = [];
    const runner = new LocalRunner({ model: checkModel, plan: compilePlan(checkModel), store: checkStore, files, outboxFolder: mkdtempSync(join(tmpdir(), 'flywheel-checks-')), log: (event) => events.push(event) });
    await runner.sync(hour(-0.5));
    // Act: one tick runs the four missed occurrences, each queued after the one before.
    const ran = await runner.tick(hour(3));
    // Assess
    expect(ran).toBe(4);
    expect(events).toEqual([
      { type: 'check.fired', at: hour(0), check: 'hourly-mentions', value: 30 },
      { type: 'check.resolved', at: hour(1), check: 'hourly-mentions', value: 5 },
      { type: 'check.fired', at: hour(2), check: 'hourly-mentions', value: 40 },
      { type: 'check.no-data', at: hour(3), check: 'hourly-mentions' },
    ]);
  });
});

describe('LocalRunner catching up after a stop', () => {
  const catchUpFiles: Record<string, string> = {
    'workspace.yaml': `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: catch-up }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: x, platform: outbox }
    - { id: y, platform: outbox }
  notify:
    - { id: ops, type: wecom-bot, url: "secret:catch-up-ops" }
`,
    'campaign.yaml': `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: late }
spec:
  window: { start: 2027-03-01, end: 2027-03-31 }
  posts:
    - { id: later, at: "2027-03-10 20:10", channels: [x], title: 晚的, body: 正文 }
    - { id: earlier, at: "2027-03-10 20:05", channels: [y], title: 早的, body: 正文 }
    - { id: on-time, at: "2027-03-10 20:30", channels: [x], title: 准时, body: 正文 }
`,
    'sop.yaml': `apiVersion: flywheel/v1
kind: SOP
metadata: { name: evening }
spec:
  trigger: { schedule: "cron(7 20 10 3 ? 2027)" }
  steps:
    - { id: remind, notify: [ops], message: 晚间提醒 }
`,
  };
  const minute = (value: number) => Date.UTC(2027, 2, 10, 12, value);

  it('runs what it missed in time order across channels and kinds, and says which posts went out late', async () => {
    // Prepare: stopped at 20:00 (Asia/Shanghai), started again at 20:20.
    const catchUpModel = modelOf(catchUpFiles);
    const { client, documentClient } = createLocalClients(engine.endpoint);
    await createTable(client, 'runner-catch-up');
    const catchUpStore = new FlywheelStore({ client: documentClient, tableName: 'runner-catch-up' });
    const outboxFolder = mkdtempSync(join(tmpdir(), 'flywheel-catch-up-'));
    const events: EngineEvent[] = [];
    const late: Array<{ post: string; sentAt: number }> = [];
    const runner = new LocalRunner({
      model: catchUpModel, plan: compilePlan(catchUpModel), store: catchUpStore, files, outboxFolder,
      log: (event) => events.push(event), late: ({ job, sentAt }) => late.push({ post: job.post, sentAt }),
    });
    await runner.sync(minute(20), minute(0));
    // Act
    await runner.tick(minute(20));
    await runner.tick(minute(30));
    // Assess: 20:05 (y), 20:07 (SOP), 20:10 (x) in that order, though x and y are different channels.
    expect(events.filter((event) => event.type !== 'notify').map((event) => [event.type, event.at])).toEqual([
      ['post.publish', minute(5)], ['sop.step', minute(7)], ['post.publish', minute(10)], ['post.publish', minute(30)],
    ]);
    expect(late.map((entry) => entry.post)).toEqual(['earlier', 'later']);
    const outboxPost = (channel: string, name: string) => JSON.parse(readFileSync(join(outboxFolder, channel, name), 'utf8')) as { scheduledAt: string; sentAt: string; late: boolean };
    expect(outboxPost('y', 'publish_late_earlier_y_20270310T1205Z.json')).toMatchObject({ scheduledAt: '2027-03-10T12:05:00.000Z', late: true });
    expect(Date.parse(outboxPost('y', 'publish_late_earlier_y_20270310T1205Z.json').sentAt)).toBeGreaterThanOrEqual(minute(20));
    expect(outboxPost('x', 'publish_late_on-time_x_20270310T1230Z.json')).toMatchObject({ scheduledAt: '2027-03-10T12:30:00.000Z', late: false });
  });

  it('turns a claim left by a runner that stopped mid-publish into unconfirmed: alerted, never sent', async () => {
    // Prepare: a runner claimed the 20:05 post and died before it knew the outcome.
    const catchUpModel = modelOf(catchUpFiles);
    const { client, documentClient } = createLocalClients(engine.endpoint);
    await createTable(client, 'runner-abandoned');
    const abandonedStore = new FlywheelStore({ client: documentClient, tableName: 'runner-abandoned' });
    const key = 'publish/late/earlier/y/20270310T1205Z';
    await abandonedStore.claimPublish(key, { jobId: key, expiresAt: minute(0) + 86_400_000, holder: JSON.stringify({ pid: 4242, host: 'laptop', startedAt: Date.UTC(2027, 2, 10, 11) }) });
    const outboxFolder = mkdtempSync(join(tmpdir(), 'flywheel-abandoned-'));
    const events: EngineEvent[] = [];
    const runner = new LocalRunner({ model: catchUpModel, plan: compilePlan(catchUpModel), store: abandonedStore, files, outboxFolder, log: (event) => events.push(event) });
    await runner.sync(minute(20), minute(0));
    // Act
    await runner.tick(minute(20));
    // Assess
    const unconfirmed = events.find((event) => event.type === 'post.unconfirmed');
    expect(unconfirmed).toMatchObject({ type: 'post.unconfirmed', at: minute(5), post: 'earlier', reason: '认领这条内容的运行器（flywheel run，进程 4242，主机 laptop，启动于 2027-03-10 19:00 Asia/Shanghai）在得知发送结果前已停止：内容可能已发出，请到平台后台核对；不会重发' });
    expect(events.some((event) => event.type === 'notify' && event.target === 'ops' && event.message.startsWith('发布结果未知'))).toBe(true);
    expect(existsSync(join(outboxFolder, 'y'))).toBe(false);
    expect(await abandonedStore.getPublishRecord(key)).toMatchObject({ status: 'unconfirmed' });
    await runner.tick(minute(40));
    expect(events.filter((event) => event.type === 'post.unconfirmed')).toHaveLength(1);
  });
});
