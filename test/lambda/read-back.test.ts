import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_READ_BACKS, createPublishHandler } from '../../functions/lambda/publish-handler';
import { createTickHandler } from '../../functions/lambda/tick-handler';
import { startDynalite } from '../support/dynamodb-engines';
import { startWeChatServer, type WeChatServer } from '../support/platform-servers/wechat-server';
import { POST_AT, workspaceFiles } from './support/lambda-world';
import { useLambdaWorld } from './support/use-lambda-world';

/*
 * WeChat publishes asynchronously: freepublish/submit only starts the job. The publish function
 * marks the post pending and queues read-backs through the same due-items queue, until WeChat
 * says published or failed (docs/decisions.md, decision 5: "resolved by a read-back where the platform
 * allows it"). Real parts: dynalite, the local WeChat API server, local SQS and EventBridge.
 */

const KEY = 'publish/wechat/article/wechat-main/20260910T1200Z';
const CREDENTIALS = JSON.stringify({ appId: 'wx-test-app', appSecret: 'wechat-test-secret', thumbMediaId: 'THUMB-MEDIA-1' });

let wechat: WeChatServer;
// Started before the world (whose connectors it serves) and closed after it: hooks run in order, after-hooks in reverse.
beforeEach(async () => {
  wechat = await startWeChatServer();
});
afterEach(async () => {
  await wechat.close();
});
const lambda = useLambdaWorld(startDynalite, () => ({
  files: (url) => ({
    'workspace.yaml': workspaceFiles(url)['workspace.yaml']?.replace('  notify:', '    - { id: wechat-main, platform: wechat-oa, credentials: secret:flywheel/wechat-main }\n  notify:') ?? '',
    'campaigns/mid-autumn.yaml': '',
    'campaigns/reviewed.yaml': '',
    'campaigns/wechat.yaml': `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: wechat }
spec:
  window: { start: 2026-09-01, end: 2026-09-20 }
  owner: alice
  posts:
    - { id: article, at: 2026-09-10 20:00, channels: [wechat-main], title: 中秋礼盒, body: 今年中秋礼盒上线, cover: { file: ../media/cover.png } }
`,
    'media/cover.png': 'PNG',
  }),
  secrets: { 'flywheel/wechat-main': CREDENTIALS },
  baseUrls: { 'wechat-oa': wechat.origin },
}));
beforeEach(async () => {
  await lambda.world.syncPlanAt(POST_AT - 3_600_000);
});

/** One minute tick at `at`, then the publish function on whatever the tick queued. */
async function tickAndPublish(at: number) {
  lambda.world.clock = at;
  await createTickHandler(lambda.world.tickDeps())({});
  const event = lambda.world.takeQueueEvent('publish');
  return { event, response: await createPublishHandler(lambda.world.publishDeps())(event) };
}

describe('publish handler with a platform that finishes asynchronously (WeChat)', () => {
  it('keeps the post pending, reads it back on later ticks, and reports it published once', async () => {
    // Prepare
    wechat.planNextPublish({ pendingReads: 1, finalStatus: 0 });
    // Act 1: the post's minute.
    const first = await tickAndPublish(POST_AT + 20_000);
    const pending = await lambda.world.store.getPublishRecord(KEY);
    // Assess 1: submitted once, pending, nothing announced yet, a read-back due at 12:02.
    expect(first.response.batchItemFailures).toEqual([]);
    expect(wechat.published).toHaveLength(1);
    expect(pending?.status).toBe('pending');
    expect(lambda.world.bus.accepted).toEqual([]);
    const readBacks = (await lambda.world.store.listJobs()).filter((item) => item.kind === 'read-back' && item.status === 'pending');
    expect(readBacks.map((item) => item.id)).toEqual([`read-back/${KEY}@20260910T1202Z`]);

    // Act 2: the queue delivers the publish message again; then the read-back ticks come.
    await createPublishHandler(lambda.world.publishDeps())(first.event);
    const second = await tickAndPublish(POST_AT + 125_000);
    const stillPending = (await lambda.world.store.getPublishRecord(KEY))?.status;
    // The read-back at 12:02:05 heard "publishing" and queued the next for 12:04 (WeChat's afterMs, to the minute).
    const third = await tickAndPublish(POST_AT + 245_000);
    // Assess 2
    expect(second.event.Records).toHaveLength(1);
    expect(stillPending).toBe('pending');
    expect(third.event.Records).toHaveLength(1);
    expect(wechat.published).toHaveLength(1);
    const record = await lambda.world.store.getPublishRecord(KEY);
    expect(record).toMatchObject({ status: 'published', platformId: `ARTICLE-${wechat.published[0]?.publishId}` });
    expect(lambda.world.bus.accepted.map((event) => event.detailType)).toEqual(['flywheel.post.published']);
    expect(lambda.world.bus.accepted[0]?.detail).toEqual({ at: '2026-09-10T12:00:00.000Z', campaign: 'wechat', post: 'article', channel: 'wechat-main' });
  });

  it('dead-letters and alerts when the read-back says WeChat rejected the article', async () => {
    // Prepare
    wechat.planNextPublish({ pendingReads: 0, finalStatus: 4 });
    // Act
    await tickAndPublish(POST_AT + 20_000);
    await tickAndPublish(POST_AT + 125_000);
    // Assess
    expect((await lambda.world.store.getPublishRecord(KEY))?.status).toBe('failed');
    expect(lambda.world.bus.accepted.map((event) => event.detailType)).toEqual(['flywheel.post.failed', 'flywheel.notify.requested']);
    const letters = lambda.world.takeQueueEvent('dlq').Records.map((record) => JSON.parse(record.body) as { key: string; reason: string });
    expect(letters).toEqual([expect.objectContaining({ key: KEY, reason: expect.stringContaining('rejected in platform review') })]);
  });

  it(`gives up after ${MAX_READ_BACKS} read-backs: unconfirmed, alerted, not retried`, async () => {
    // Prepare: WeChat keeps saying "publishing".
    wechat.planNextPublish({ pendingReads: 1_000, finalStatus: 0 });
    // Act: a tick a minute for the next hour.
    for (let minute = 0; minute < 60; minute += 1) await tickAndPublish(POST_AT + 20_000 + minute * 60_000);
    // Assess
    const record = await lambda.world.store.getPublishRecord(KEY);
    expect(record?.status).toBe('unconfirmed');
    expect(record?.detail).toContain(`after ${MAX_READ_BACKS} read-backs`);
    expect(lambda.world.bus.accepted.map((event) => event.detailType)).toEqual(['flywheel.post.unconfirmed', 'flywheel.notify.requested']);
    expect(wechat.published).toHaveLength(1);
  });
});
