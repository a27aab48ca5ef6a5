/*
 * Channels Flywheel cannot publish to from the cloud (no API connector for the platform, such as
 * Xiaohongshu, or no credentials) are handed to the post's owner: the publish function records
 * `handed-off`, announces `flywheel.post.handed-off`, and the notify function delivers the ready
 * post to the owner's notify target.
 */
import { describe, expect, it } from 'vitest';
import { createNotifyHandler } from '../../functions/lambda/notify-handler';
import { createPublishHandler } from '../../functions/lambda/publish-handler';
import { createTickHandler } from '../../functions/lambda/tick-handler';
import { lambdaContext } from './support/lambda-context';
import { eventFixture } from './support/event-fixtures';
import { POST_AT, workspaceFiles, type LambdaWorld } from './support/lambda-world';
import { useLambdaWorld } from './support/use-lambda-world';
import { startWeComServer } from '../support/platform-servers/wecom-server';

const files = (receiverUrl: (path: string) => string): Record<string, string> => ({
  // The test workspace with a Xiaohongshu channel (no API connector) and a WeChat channel without credentials.
  'workspace.yaml': workspaceFiles(receiverUrl)['workspace.yaml']!.replace(
    '  notify:\n',
    '    - { id: xhs-main, platform: xiaohongshu }\n    - { id: wechat-main, platform: wechat-oa }\n  notify:\n',
  ),
  'campaigns/notes.yaml': `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: notes, title: 种草笔记 }
spec:
  window: { start: 2026-09-01, end: 2026-09-20 }
  owner: alice
  posts:
    - id: mooncake
      at: 2026-09-10 20:00
      channels: [xhs-main, wechat-main]
      title: 中秋礼盒开箱
      body: { file: ../content/mooncake.md }
      tags: [中秋, 礼盒]
      cover: { file: ../media/cover.png }
`,
  'content/mooncake.md': '三款口味实测, 流心奶黄最受欢迎。\n',
  'media/cover.png': 'not really a png',
});

/** The same workspace with the team's group on WeCom, whose bot carries images. */
const wecomFiles = (receiverUrl: (path: string) => string): Record<string, string> => {
  const base = files(receiverUrl);
  return { ...base, 'workspace.yaml': base['workspace.yaml']!.replace('- { id: ops, type: webhook, url: secret:flywheel/ops-webhook }', '- { id: ops, type: wecom-bot, url: secret:flywheel/ops-wecom }') };
};

describe('hand-off of posts Flywheel cannot publish', () => {
  const lambda = useLambdaWorld(undefined, () => ({ files }));

  /** Sync, one tick at POST_AT, then the publish consumer on the due posts whose key starts with `prefix`. */
  async function publishDue(world: LambdaWorld = lambda.world, prefix = 'publish/notes/') {
    await world.syncPlanAt(POST_AT - 3_600_000);
    world.clock = POST_AT + 20_000;
    await createTickHandler(world.tickDeps())({ scheduledTime: new Date(POST_AT).toISOString() });
    const publishEvent = world.takeQueueEvent('publish');
    const notes = { Records: publishEvent.Records.filter((record) => record.body.includes(prefix)) };
    return { notes, response: await createPublishHandler(world.publishDeps())(notes) };
  }

  it('records handed-off, announces it, and sends the owner the ready post instead of failing it', async () => {
    // Act
    const { notes, response } = await publishDue();
    // Assess: nothing failed, nothing reached a platform or the dead-letter queue.
    expect(notes.Records).toHaveLength(2);
    expect(response.batchItemFailures).toEqual([]);
    expect(lambda.world.receiver.received('/posts')).toHaveLength(0);
    expect(lambda.world.takeQueueEvent('dlq').Records).toHaveLength(0);
    const key = (channel: string) => `publish/notes/mooncake/${channel}/20260910T1200Z`;
    const xhs = await lambda.world.store.getPublishRecord(key('xhs-main'));
    expect(xhs?.status).toBe('handed-off');
    expect(xhs?.detail).toBe('xiaohongshu has no publishing connector in Flywheel (channel xhs-main): posts are handed to their owner to publish by hand (xiaohongshu 暂无发布连接器, 内容发给负责人手动发布)');
    expect((await lambda.world.store.getPublishRecord(key('wechat-main')))?.detail).toMatch(/^Channel wechat-main has no credentials: posts are handed to their owner/);
    const handedOff = lambda.world.bus.accepted.filter((event) => event.detailType === 'flywheel.post.handed-off');
    expect(handedOff.map((event) => event.detail.channel).sort()).toEqual(['wechat-main', 'xhs-main']);
    expect(handedOff[0]?.detail).toMatchObject({ at: '2026-09-10T12:00:00.000Z', campaign: 'notes', post: 'mooncake' });
    // The owner (alice → ops) gets the post, ready to paste.
    const messages = lambda.world.bus.accepted.filter((event) => event.detailType === 'flywheel.notify.requested');
    expect(messages.map((event) => event.detail.target)).toEqual(['ops', 'ops']);
    const forXhs = String(messages.find((event) => String(event.detail.message).includes('xhs-main'))?.detail.message);
    expect(forXhs.split('\n')).toEqual([
      '请手动发布：「中秋礼盒开箱」（种草笔记） → xhs-main（小红书），2026-09-10 20:00（Asia/Shanghai）',
      '标题：中秋礼盒开箱',
      '正文：',
      '三款口味实测, 流心奶黄最受欢迎。',
      '标签：#中秋 #礼盒',
      '封面：media/cover.png',
      '原因：小红书没有可用的发布接口，需要手动发布',
    ]);
  });

  it('replays a redelivered hand-off without a second message reaching the team', async () => {
    // Prepare
    const { notes } = await publishDue();
    const handler = createPublishHandler(lambda.world.publishDeps());
    // Act: the queue delivers the same messages again; the notify rule delivers every request.
    await handler(notes);
    const requests = lambda.world.bus.accepted.filter((event) => event.detailType === 'flywheel.notify.requested');
    const notify = createNotifyHandler(lambda.world.notifyDeps());
    const results = [];
    for (const [index, request] of requests.entries()) {
      results.push(await notify({ ...eventFixture('notify-requested.json'), id: `event-${index}`, detail: request.detail }, lambdaContext('flywheel-notify')));
    }
    // Assess: four requests (two posts, each announced twice), two messages at the ops webhook.
    expect(requests).toHaveLength(4);
    expect(results.every((result) => result.status === 'delivered')).toBe(true);
    const delivered = lambda.world.receiver.received('/ops').map((request) => String(request.json.text));
    expect(delivered).toHaveLength(2);
    expect(delivered.every((text) => text.startsWith('请手动发布：「中秋礼盒开箱」（种草笔记）'))).toBe(true);
    expect((await lambda.world.store.getPublishRecord('publish/notes/mooncake/xhs-main/20260910T1200Z'))?.status).toBe('handed-off');
  });

  it("attaches the post's images to the owner's WeCom group, after the text", async () => {
    // Prepare: the group is a WeCom bot (a local server following its contract); the cover is a real PNG.
    const wecom = await startWeComServer();
    try {
      const world = await lambda.restart({
        files: wecomFiles, secrets: { 'flywheel/ops-wecom': 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-test-key' }, baseUrls: { 'wecom-bot': wecom.origin },
      });
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d]);
      // Act
      await publishDue(world, 'publish/notes/mooncake/xhs-main/');
      const request = world.bus.accepted.find((event) => event.detailType === 'flywheel.notify.requested');
      const result = await createNotifyHandler({ ...world.notifyDeps(), readMedia: (path) => (path === 'media/cover.png' ? png : undefined) })(
        { ...eventFixture('notify-requested.json'), id: 'event-wecom', detail: request?.detail }, lambdaContext('flywheel-notify'),
      );
      // Assess
      expect(request?.detail.attachments).toEqual(['media/cover.png']);
      expect(result.status).toBe('delivered');
      expect(wecom.messages.map((message) => message.msgtype)).toEqual(['text', 'image']);
      expect(wecom.messages[0]?.content).toContain('请手动发布：「中秋礼盒开箱」（种草笔记） → xhs-main');
      expect(wecom.messages[1]?.image?.equals(png)).toBe(true);
    } finally {
      await wecom.close();
    }
  });
});
