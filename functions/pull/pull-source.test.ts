import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan, loadWorkspace, type FileProvider, type PublishJob } from '../../core/index';
import { generateDatacubeData } from '../../test/support/platform-servers/wechat-datacube';
import { startWeChatServer, type WeChatServer } from '../../test/support/platform-servers/wechat-server';
import { startMastodonServer, type MastodonServer } from '../../test/support/platform-servers/mastodon-server';
import { secretsFrom, virtualTime } from '../../test/support/platform-servers/virtual-time';
import { createLocalClients, createTable, FlywheelStore, startEmbeddedEngine, type LocalEngine } from '../store/index';
import { collectDefinitions } from '../engine/definitions';
import { compileSourceJobs } from '../../core/index';
import { createPublishConnector } from '../connectors/index';
import { PullRunner, pullSource, type CredentialFailedEvent, type PullContext } from './index';

const DAY = 86_400_000;
const WORKSPACE = [
  'apiVersion: flywheel/v1', 'kind: Workspace', 'metadata: { name: pull-source }', 'spec:', '  timezone: Asia/Shanghai', '  channels:',
  '    - { id: wechat-main, platform: wechat-oa, credentials: "secret:wechat-main" }',
  '    - { id: masto, platform: mastodon, instance: "https://mastodon.example", credentials: "secret:masto" }',
  '  sources:', '    - { id: wechat-stats, channel: wechat-main, backfill: 14d }', '    - { id: masto-stats, channel: masto }',
  '  notify: [{ id: ops, type: wecom-bot, url: "secret:ops" }]',
  '---', 'apiVersion: flywheel/v1', 'kind: SOP', 'metadata: { name: renew-credentials }',
  'spec: { trigger: { event: credential.failed }, steps: [{ id: tell, notify: [ops], message: 凭据失效，请更新 }, { id: again, after: 1h, notify: [ops], message: 仍未更新 }] }',
].join('\n');
const model = loadWorkspace([{ path: 'workspace.yaml', bytes: new TextEncoder().encode(WORKSPACE) }]).model;
const files: FileProvider = { readFile: () => undefined };
const publishJobs = compilePlan(model, files).jobs.filter((job): job is PublishJob => job.kind === 'publish');
const sources = model.workspaces[0]!.value.spec.sources!;

let engine: LocalEngine;
let wechat: WeChatServer;
let mastodon: MastodonServer;
const time = virtualTime(Date.parse('2027-01-10T12:00:00Z'));

beforeAll(async () => {
  engine = await startEmbeddedEngine();
  wechat = await startWeChatServer({ now: time.now, datacube: generateDatacubeData({ from: '2026-11-01', to: '2027-02-28' }) });
  mastodon = await startMastodonServer({ now: time.now });
});
afterAll(async () => {
  await Promise.all([engine.stop(), wechat.close(), mastodon.close()]);
});

async function freshStore(table: string): Promise<FlywheelStore> {
  const { client, documentClient } = createLocalClients(engine.endpoint);
  await createTable(client, table);
  return new FlywheelStore({ client: documentClient, tableName: table, now: time.now });
}

function context(store: FlywheelStore, appSecret = 'wechat-test-secret'): PullContext {
  return {
    model, files, publishJobs, store, now: time.now(),
    deps: {
      resolveSecret: secretsFrom({ 'secret:wechat-main': JSON.stringify({ appId: 'wx-test-app', appSecret, thumbMediaId: 'THUMB-MEDIA-1' }), 'secret:masto': 'mastodon-test-token' }),
      now: time.now, sleep: time.sleep, random: () => 0.5, timeoutMs: 2000, tokens: new Map(), baseUrls: { 'wechat-oa': wechat.origin, mastodon: mastodon.origin },
    },
  };
}

const dataCalls = () => wechat.requests.filter((request) => request.path.startsWith('/datacube/')).length;

describe('pullSource', () => {
  it('backfills once, adds nothing on a repeat, and after downtime reads exactly the days it missed', async () => {
    const store = await freshStore('wechat-gap');

    const first = await pullSource(context(store), sources[0]!);
    const callsAfterFirst = dataCalls();
    const repeat = await pullSource(context(store), sources[0]!);

    expect(first).toMatchObject({ id: 'wechat-stats', status: 'ok', channel: 'wechat-main' });
    expect(first.new).toBe(first.points);
    // The repeat reads the last stored day again (it may have been read before WeChat finished it): same numbers, nothing new.
    expect(repeat.status).toBe('ok');
    expect(repeat.points).toBeGreaterThan(0);
    expect(repeat.new).toBe(0);
    expect(dataCalls() - callsAfterFirst).toBe(1 * 2 + 2);

    // Ten days later (the runner was off): the pull reads the ten days since and the last stored one, not the whole backfill.
    await time.sleep(10 * DAY);
    const before = dataCalls();
    const afterGap = await pullSource(context(store), sources[0]!);

    const days = 10;
    expect(afterGap.status).toBe('ok');
    expect(dataCalls() - before).toBe((days + 1) * 2 + 2 * 2);
    const followers = (await store.queryMetricPoints('followers', 0, time.now())).filter((point) => point.channel === 'wechat-main');
    expect(followers).toHaveLength(14 + days);
    expect(new Set(followers.map((point) => point.time)).size).toBe(followers.length);
  });

  it('turns Mastodon counts into what they grew since the last pull, so sums over a window stay true', async () => {
    const store = await freshStore('mastodon-growth');
    mastodon.numbers.followers = 50;
    const now = time.now();

    const first = await pullSource(context(store), sources[1]!);
    const repeat = await pullSource(context(store), sources[1]!);
    mastodon.numbers.followers = 57;
    await time.sleep(3_600_000);
    const later = await pullSource(context(store), sources[1]!);

    expect(first).toMatchObject({ status: 'ok', points: 1, new: 1 });
    expect(repeat).toMatchObject({ status: 'ok', points: 1, new: 0 });
    expect(later).toMatchObject({ status: 'ok', points: 1, new: 1 });
    expect((await store.queryMetricPoints('followers', now - DAY, time.now())).map((point) => point.value)).toEqual([50, 57]);
  });

  it('raises credential.failed once per failure, naming the channel and what to renew, and starts the SOPs it triggers', async () => {
    const store = await freshStore('credential-health');
    let appSecret = 'revoked';
    const events: CredentialFailedEvent[] = [];
    const runner = new PullRunner({
      jobs: compileSourceJobs(model).filter((job) => job.target === 'wechat-stats'), sources, channels: model.workspaces[0]!.value.spec.channels!, store, definitions: collectDefinitions(model),
      context: () => context(store, appSecret), log: (_result, event) => event && events.push(event),
    });

    const first = await runner.start(time.now());
    await time.sleep(86_400_000);
    await runner.tick(time.now());
    await time.sleep(86_400_000);
    appSecret = 'wechat-test-secret';
    const recovered = await runner.tick(time.now());
    appSecret = 'revoked-again';
    await time.sleep(86_400_000);
    await runner.tick(time.now());

    expect(first[0]).toMatchObject({ status: 'failed', credential: { renew: expect.stringContaining('renew the AppSecret of channel wechat-main') } });
    expect(recovered[0]!.status).toBe('ok');
    // Failed on days 1, 2 and 4: raised on day 1 and again on day 4, after the recovery.
    expect(events.map((event) => [event.channel, event.source])).toEqual([['wechat-main', 'wechat-stats'], ['wechat-main', 'wechat-stats']]);
    const logged = await store.listEvents(0, time.now() + 1);
    expect(logged.filter((event) => event.type === 'credential.failed')).toHaveLength(2);
    const steps = (await store.listJobs()).filter((job) => job.kind === 'sop-step').map((job) => job.id);
    expect(steps.filter((id) => id.startsWith('sop-step/renew-credentials/tell@'))).toHaveLength(2);
    expect(steps.filter((id) => id.startsWith('sop-step/renew-credentials/again@'))).toHaveLength(2);
  });

  it('raises credential.failed once when a publish is refused for the channel credentials, with what to renew', async () => {
    const store = await freshStore('publish-credentials');
    const runner = new PullRunner({
      jobs: [], sources, channels: model.workspaces[0]!.value.spec.channels!, store, definitions: collectDefinitions(model),
      context: () => context(store), log: () => undefined,
    });
    const deps = { ...context(store, 'revoked').deps, outboxFolder: undefined };
    const published = await createPublishConnector(model.workspaces[0]!.value.spec.channels![0]!, deps)
      .publish({ key: 'k', channel: 'wechat-main', campaign: 'winter', post: 'one', share: 1, scheduledAt: 0, title: '冬日热饮', body: '姜茶' });
    const reason = published.status === 'failed' ? published.reason : '';

    const first = await runner.publishFailed({ channel: 'wechat-main', reason, at: time.now() });
    const again = await runner.publishFailed({ channel: 'wechat-main', reason, at: time.now() + 60_000 });
    const unrelated = await runner.publishFailed({ channel: 'masto', reason: 'HTTP 422: Validation failed: Text character limit of 500 exceeded', at: time.now() });

    expect(reason).toContain('40125');
    expect(first).toMatchObject({ type: 'credential.failed', channel: 'wechat-main', renew: expect.stringContaining('renew the AppSecret of channel wechat-main') });
    expect(again).toBeUndefined();
    expect(unrelated).toBeUndefined();
  });
});
