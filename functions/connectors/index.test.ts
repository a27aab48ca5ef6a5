import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../core/index';
import { startHttpServer, type RunningServer } from '../../test/support/platform-servers/http-server';
import { startWeComServer } from '../../test/support/platform-servers/wecom-server';
import { gaps, secretsFrom, virtualTime } from '../../test/support/platform-servers/virtual-time';
import { isPublishedByHand } from './published-by-hand';
import { createNotifyConnector, createPublishConnector, RateLimiter, signWebhookBody, type ConnectorDeps, type OutgoingPost } from './index';

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const POST: OutgoingPost = { key: 'launch/first#c@2027-01-10T12:00Z', channel: 'c', campaign: 'launch', post: 'first', share: 1, scheduledAt: 0, title: '标题', body: '正文' };

function deps(extra: Partial<ConnectorDeps> = {}): ConnectorDeps {
  const time = virtualTime();
  return { resolveSecret: secretsFrom({}), now: time.now, sleep: time.sleep, random: () => 0.5, timeoutMs: 2000, ...extra };
}

describe('connector factories', () => {
  it('picks the API connector per platform and says why the others go to the outbox', () => {
    const folder = mkdtempSync(join(tmpdir(), 'flywheel-outbox-'));
    const kinds = (['wechat-oa', 'mastodon', 'wecom-group', 'webhook', 'douyin', 'xiaohongshu', 'bluesky', 'outbox'] as const).map((platform) => {
      const connector = createPublishConnector({ id: platform, platform, credentials: 'secret:x', instance: 'https://example.com' }, deps({ outboxFolder: folder }));
      return [platform, connector.kind, connector.fallbackReason ?? ''];
    });

    expect(kinds.map(([platform, kind]) => [platform, kind])).toEqual([
      ['wechat-oa', 'wechat-oa'], ['mastodon', 'mastodon'], ['wecom-group', 'wecom-bot'], ['webhook', 'webhook'],
      ['douyin', 'outbox'], ['xiaohongshu', 'outbox'], ['bluesky', 'outbox'], ['outbox', 'outbox'],
    ]);
    expect(kinds[4]?.[2]).toBe('douyin has no publishing connector in Flywheel (channel douyin): posts go to the outbox (douyin 暂无发布连接器, 内容写入 outbox)');
    expect(createPublishConnector({ id: 'm', platform: 'mastodon' }, deps()).fallbackReason).toMatch(/no credentials/);
    expect(createNotifyConnector({ id: 'mail', type: 'email', to: ['a@example.com'] }, deps()).fallbackReason).toMatch(/email has no connector/);
  });

  it('hands posts to their owner instead of the outbox where there is none (the cloud)', async () => {
    const connectors = (['douyin', 'xiaohongshu', 'bilibili', 'weibo', 'zhihu', 'outbox', 'wechat-oa', 'webhook'] as const).map((platform) =>
      createPublishConnector({ id: `${platform}-main`, platform, ...(platform === 'webhook' ? { credentials: 'secret:x', instance: 'https://example.com' } : {}) }, deps({ manualPublishing: 'hand-off' })));
    expect(connectors.map((connector) => connector.kind)).toEqual(['hand-off', 'hand-off', 'hand-off', 'hand-off', 'hand-off', 'hand-off', 'hand-off', 'webhook']);
    expect(connectors[1]?.fallbackReason).toBe('xiaohongshu has no publishing connector in Flywheel (channel xiaohongshu-main): posts are handed to their owner to publish by hand (xiaohongshu 暂无发布连接器, 内容发给负责人手动发布)');
    expect(connectors[6]?.fallbackReason).toMatch(/^Channel wechat-oa-main has no credentials: posts are handed to their owner/);
    expect(await connectors[1]?.publish(POST)).toEqual({ status: 'handed-off', reason: connectors[1]?.fallbackReason, attempts: 0 });
  });

  it('tells which channels a person publishes exactly as the factory decides', () => {
    const platforms = ['wechat-oa', 'douyin', 'xiaohongshu', 'bilibili', 'weibo', 'zhihu', 'wecom-group', 'mastodon', 'bluesky', 'x', 'linkedin', 'webhook', 'outbox'] as const;
    let compared = 0;
    for (const platform of platforms) {
      for (const credentials of [undefined, 'secret:x']) {
        for (const instance of [undefined, 'https://example.com']) {
          const channel = { id: `${platform}-main`, platform, ...(credentials ? { credentials } : {}), ...(instance ? { instance } : {}) };
          expect([platform, credentials, instance, isPublishedByHand(channel)])
            .toEqual([platform, credentials, instance, createPublishConnector(channel, deps({ manualPublishing: 'hand-off' })).kind === 'hand-off']);
          compared += 1;
        }
      }
    }
    expect(compared).toBe(52);
  });

  it('writes outbox posts and notifications as files, and fails with how to fix it when no outbox folder is set', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'flywheel-outbox-'));
    const channel: Channel = { id: 'xhs', platform: 'xiaohongshu' };

    const written = await createPublishConnector(channel, deps({ outboxFolder: folder })).publish({ ...POST, channel: 'xhs' });
    const noted = await createNotifyConnector({ id: 'ops', type: 'email' }, deps({ outboxFolder: folder })).notify({ key: 'k', target: 'ops', at: 0, text: '提醒', title: '审批' });
    const nowhere = await createPublishConnector(channel, deps()).publish(POST);

    expect(written).toMatchObject({ status: 'published', attempts: 0 });
    expect(JSON.parse(readFileSync(written.status === 'published' ? written.platformId! : '', 'utf8'))).toMatchObject({ title: '标题', body: '正文' });
    expect(noted).toEqual({ status: 'published', attempts: 0 });
    expect(readFileSync(join(folder, 'notify', 'ops.log'), 'utf8')).toBe('1970-01-01T00:00:00.000Z 审批: 提醒\n');
    expect(nowhere).toMatchObject({ status: 'failed', attempts: 0 });
    expect(nowhere.status === 'failed' && nowhere.reason).toMatch(/set outboxFolder/);
  });

  it('reports a missing secret as a failed, retryable result that says how to fix it, never by throwing', async () => {
    const connector = createPublishConnector({ id: 'masto', platform: 'mastodon', instance: 'https://mastodon.social', credentials: 'secret:flywheel/masto' }, deps());

    const result = await connector.publish(POST);

    expect(result).toMatchObject({ status: 'failed', attempts: 0, retryable: true });
    expect(result.status === 'failed' && result.reason).toMatch(/^The Mastodon access token secret:flywheel\/masto is not set: store it in Secrets Manager/);
  });

  it('says which address is wrong when an instance or a bot webhook is not a URL', async () => {
    const mastodon = createPublishConnector({ id: 'masto', platform: 'mastodon', instance: 'mastodon.social', credentials: 'secret:t' }, deps({ resolveSecret: secretsFrom({ 'secret:t': 'token' }) }));
    const slack = createNotifyConnector({ id: 'ops', type: 'slack', url: 'secret:hook' }, deps({ resolveSecret: secretsFrom({ 'secret:hook': 'hooks.slack.com/services/T/B/X' }) }));

    const published = await mastodon.publish(POST);
    const notified = await slack.notify({ key: 'k', target: 'ops', at: 0, text: 'x' });

    expect(published.status === 'failed' && published.reason).toMatch(/^The instance of channel masto is not an http\(s\) URL; write the full address/);
    expect(notified.status === 'failed' && notified.reason).toMatch(/^The Slack webhook is not an http\(s\) URL/);
  });

  it('sends webhook notifications as signed JSON with the message key as Idempotency-Key', async () => {
    const server = await startHttpServer(() => ({ status: 204 }));
    servers.push(server);
    const target = { id: 'hook', type: 'webhook' as const, url: 'secret:hook-url', secret: 'secret:hook-signing' };
    const time = virtualTime();
    const notifier = createNotifyConnector(target, deps({ now: time.now, resolveSecret: secretsFrom({ 'secret:hook-url': `${server.origin}/alerts`, 'secret:hook-signing': 'shh' }) }));

    const result = await notifier.notify({ key: 'check/negative@2027-01-10T12:00Z', target: 'hook', at: time.start, text: '负面声量异常' });

    expect(result).toEqual({ status: 'published', attempts: 1 });
    const [request] = server.requests;
    expect(request?.headers['idempotency-key']).toBe('check/negative@2027-01-10T12:00Z');
    expect(request?.headers['x-flywheel-signature']).toBe(signWebhookBody('shh', time.start / 1000, request!.body));
    expect(JSON.parse(request!.body)).toEqual({ key: 'check/negative@2027-01-10T12:00Z', target: 'hook', at: time.start, text: '负面声量异常' });
  });

  it('shares one bot\'s budget between a channel and a notify target on the same webhook, and lets a channel go slower', async () => {
    const time = virtualTime();
    const server = await startWeComServer({ now: time.now });
    servers.push(server);
    const shared = deps({
      now: time.now, sleep: time.sleep, baseUrls: { 'wecom-bot': server.origin }, rateLimiters: new Map<string, RateLimiter>(),
      resolveSecret: secretsFrom({ 'secret:bot': server.webhookUrl }),
    });
    const channel = createPublishConnector({ id: 'team', platform: 'wecom-group', credentials: 'secret:bot' }, shared);
    const target = createNotifyConnector({ id: 'ops', type: 'wecom-bot', url: 'secret:bot' }, shared);

    for (let index = 0; index < 4; index += 1) {
      await channel.publish({ ...POST, key: `p${index}` });
      await target.notify({ key: `n${index}`, target: 'ops', at: 0, text: `#${index}` });
    }
    const slow = createPublishConnector({ id: 'slow', platform: 'wecom-group', credentials: 'secret:bot', rateLimit: { perMinute: 6 } }, { ...shared, rateLimiters: new Map() });
    const before = server.messages.length;
    for (let index = 0; index < 3; index += 1) await slow.publish({ ...POST, key: `s${index}` });

    expect(Math.min(...gaps(server.messages.slice(0, before).map((sent) => sent.at)))).toBeGreaterThanOrEqual(3000);
    expect(Math.min(...gaps(server.messages.slice(before).map((sent) => sent.at)))).toBeGreaterThanOrEqual(10_000);
  });
});
