import { createHash } from 'node:crypto';
import type { Channel, NotifyTarget } from '../../core/index';
import type { ConnectorDeps, NotifyConnector, OutgoingPost, PublishConnector } from './connector';
import { HandOffPublishConnector } from './hand-off';
import { OutboxNotifyConnector, OutboxPublishConnector } from './outbox';
import { checkUrl, makeRuntime, readSecret } from './runtime';
import { WebhookConnector } from './webhook';
import { DINGTALK_PER_MINUTE, DingTalkBotConnector } from './dingtalk-bot';
import { FEISHU_PER_MINUTE, FeishuBotConnector } from './feishu-bot';
import { MASTODON_PER_MINUTE, MastodonConnector } from './mastodon';
import { SLACK_PER_MINUTE, SlackWebhookConnector } from './slack-webhook';
import { WECHAT_PER_MINUTE, WeChatCredentialsSchema, WeChatOaConnector } from './wechat-oa';
import { WECOM_PER_MINUTE, WeComBotConnector } from './wecom-bot';

export type { ConnectorDeps, MediaIdCache, NotifyConnector, OutgoingMessage, OutgoingPost, PublishConnector } from './connector';
export type { HandedOffResult, PublishResult } from './publish-result';
export { DEFAULT_RETRY_POLICY, deliver, type AttemptOutcome, type RetryPolicy } from './delivery';
export { HandOffPublishConnector } from './hand-off';
export { LATE_AFTER_MS, OutboxConnector, OutboxNotifyConnector, OutboxPublishConnector } from './outbox';
export { RateLimiter } from './rate-limiter';
export { MissingSecretError } from './runtime';
export { WebhookConnector, signWebhookBody } from './webhook';
export { WeComBotConnector } from './wecom-bot';
export { FeishuBotConnector, signFeishu } from './feishu-bot';
export { DingTalkBotConnector, signDingTalk } from './dingtalk-bot';
export { SlackWebhookConnector } from './slack-webhook';
export { MastodonConnector } from './mastodon';
export { WeChatOaConnector, WeChatCredentialsSchema, type PublishStatus, type WeChatCredentials } from './wechat-oa';

/** A `secret:` or `env:` reference rather than a literal value. */
function isSecretRef(value: string): boolean {
  return value.startsWith('secret:') || value.startsWith('env:');
}

/** A value that may be given literally or as a reference (a webhook URL may be either; a bot URL should be a reference). */
function resolveValue(deps: ConnectorDeps, value: string, what: string): Promise<string> {
  return isSecretRef(value) ? readSecret(deps.resolveSecret, value, what) : Promise.resolve(value);
}

/**
 * Resolves a bot's webhook and makes its runtime. The limiter is keyed by a hash of the webhook,
 * not by the channel or target id, so a channel and a notify target on the same bot share its
 * budget when the caller passes one rateLimiters map.
 */
async function botSetup(deps: ConnectorDeps, ref: string, what: string, kind: string, perMinute: number) {
  const value = await resolveValue(deps, ref, what);
  // A bare key (WeCom key, Feishu hook id, DingTalk access_token) is completed by the connector.
  const webhook = /^[A-Za-z0-9_-]+$/.test(value) ? value : checkUrl(value, what);
  return { webhook, runtime: makeRuntime(deps, kind, createHash('sha256').update(webhook).digest('hex').slice(0, 16), perMinute) };
}

/** The wechat-oa credentials secret: JSON with appId, appSecret and the cover's thumbMediaId. */
function parseWeChatCredentials(raw: string, ref: string) {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const parsed = WeChatCredentialsSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `The WeChat credentials ${ref} must be JSON like {"appId":"wx…","appSecret":"…","thumbMediaId":"…"} ` +
        `(公众号凭据须为 JSON, 含 appId、appSecret 和封面素材 thumbMediaId)`,
    );
  }
  return parsed.data;
}

/** Posts a minute for a webhook channel without its own rateLimit. */
export const DEFAULT_PER_MINUTE = 60;

/**
 * A connector that resolves its credentials on first use, so building one never throws and a
 * missing secret surfaces as a failed result that says how to fix it.
 */
function lazily<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => {
    built ??= build().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
}

/** A failed result for a connector that could not be built (a missing secret, a bad URL). */
function setupFailure(error: unknown) {
  return { status: 'failed' as const, reason: error instanceof Error ? error.message : String(error), attempts: 0, retryable: true };
}

/** Wraps a lazily built publish connector; `readBack` is passed through for platforms that have one. */
function deferredPublish(kind: string, build: () => Promise<PublishConnector>, canReadBack = false): PublishConnector {
  const connector = lazily(build);
  const publish = async (post: OutgoingPost) => connector().then((built) => built.publish(post), setupFailure);
  if (!canReadBack) return { kind, publish };
  return {
    kind, publish,
    readBack: async (platformId) => connector().then((built) => built.readBack?.(platformId) ?? setupFailure(new Error(`${kind} cannot read a post back`)), setupFailure),
  };
}

/** Wraps a lazily built notify connector. */
function deferredNotify(kind: string, build: () => Promise<NotifyConnector>): NotifyConnector {
  const connector = lazily(build);
  return { kind, notify: async (message) => connector().then((built) => built.notify(message), setupFailure) };
}

/**
 * The connector for a channel. Platforms without an API connector here (douyin, xiaohongshu,
 * bilibili, weibo, zhihu, bluesky, x, linkedin) and channels without credentials are published by
 * a person: their posts go to the outbox (a local run) or are handed off to their owner (the
 * cloud, `deps.manualPublishing: 'hand-off'`); the returned connector's `fallbackReason` says why.
 */
export function createPublishConnector(channel: Channel, deps: ConnectorDeps): PublishConnector {
  /** A person publishes this channel's posts; `why` in English and Chinese. */
  const manual = (why: string, whyZh: string): PublishConnector => (deps.manualPublishing === 'hand-off'
    ? new HandOffPublishConnector(`${why}: posts are handed to their owner to publish by hand (${whyZh}, 内容发给负责人手动发布)`)
    : new OutboxPublishConnector(deps.outboxFolder, `${why}: posts go to the outbox (${whyZh}, 内容写入 outbox)`));
  // A channel's own rateLimit may only slow it below the platform's documented limit.
  const perMinute = (platformLimit: number) => Math.min(channel.rateLimit?.perMinute ?? platformLimit, platformLimit);
  const noCredentials = () => manual(`Channel ${channel.id} has no credentials`, '渠道未配置凭据');
  switch (channel.platform) {
    case 'webhook': {
      const instance = channel.instance;
      if (instance === undefined) return manual(`Channel ${channel.id} has no instance URL`, '渠道未配置 instance');
      const credentials = channel.credentials;
      return deferredPublish('webhook', async () => {
        const runtime = makeRuntime(deps, 'webhook', channel.id, channel.rateLimit?.perMinute ?? DEFAULT_PER_MINUTE);
        const secret = credentials === undefined ? undefined : await readSecret(deps.resolveSecret, credentials, 'webhook signing secret');
        return new WebhookConnector({ ...runtime, url: checkUrl(instance, `instance of channel ${channel.id}`), ...(secret === undefined ? {} : { secret }) });
      });
    }
    case 'outbox':
      return manual(`Channel ${channel.id} is an outbox channel`, '渠道为 outbox');
    case 'mastodon': {
      const { credentials, instance } = channel;
      if (credentials === undefined) return noCredentials();
      if (instance === undefined) return manual(`Mastodon channel ${channel.id} has no instance address (set instance, e.g. https://mastodon.social)`, '未配置实例地址');
      return deferredPublish('mastodon', async () => new MastodonConnector({
        instance: checkUrl(instance, `instance of channel ${channel.id}`), accessToken: await readSecret(deps.resolveSecret, credentials, 'Mastodon access token'), name: `mastodon:${channel.id}`,
        ...(deps.readMedia ? { readMedia: deps.readMedia } : {}),
        runtime: makeRuntime(deps, 'mastodon', channel.id, perMinute(MASTODON_PER_MINUTE)),
      }));
    }
    case 'wechat-oa': {
      const credentials = channel.credentials;
      if (credentials === undefined) return noCredentials();
      return deferredPublish('wechat-oa', async () => {
        const raw = await readSecret(deps.resolveSecret, credentials, 'WeChat Official Account credentials');
        return new WeChatOaConnector({
          credentials: parseWeChatCredentials(raw, credentials), name: `wechat-oa:${channel.id}`,
          runtime: makeRuntime(deps, 'wechat-oa', channel.id, perMinute(WECHAT_PER_MINUTE)), ...(deps.tokens ? { tokens: deps.tokens } : {}),
          ...(deps.readMedia ? { readMedia: deps.readMedia } : {}), ...(deps.mediaIds ? { mediaIds: deps.mediaIds } : {}),
        });
      }, true);
    }
    case 'wecom-group': {
      const credentials = channel.credentials;
      if (credentials === undefined) return noCredentials();
      return deferredPublish('wecom-bot', async () => new WeComBotConnector({
        ...await botSetup(deps, credentials, 'WeCom bot webhook', 'wecom-bot', perMinute(WECOM_PER_MINUTE)), name: `wecom-group:${channel.id}`,
      }));
    }
    default:
      return manual(`${channel.platform} has no publishing connector in Flywheel (channel ${channel.id})`, `${channel.platform} 暂无发布连接器`);
  }
}

/**
 * The connector for a notify target. Targets without a URL and email (no mail connector here)
 * write to the outbox's notify log; the returned connector's `fallbackReason` says so.
 */
export function createNotifyConnector(target: NotifyTarget, deps: ConnectorDeps): NotifyConnector {
  const outbox = (reason: string) => new OutboxNotifyConnector(deps.outboxFolder, reason);
  const url = target.url;
  if (target.type === 'email') return outbox(`Notify target ${target.id}: email has no connector in Flywheel, messages go to the outbox (邮件暂无连接器, 消息写入 outbox)`);
  if (url === undefined) return outbox(`Notify target ${target.id} has no url: messages go to the outbox (通知目标未配置 url, 消息写入 outbox)`);
  switch (target.type) {
    case 'webhook':
      return deferredNotify('webhook', async () => {
        const runtime = makeRuntime(deps, 'webhook', target.id, DEFAULT_PER_MINUTE);
        const address = await resolveValue(deps, url, 'webhook URL');
        const secret = target.secret === undefined ? undefined : await readSecret(deps.resolveSecret, target.secret, 'webhook signing secret');
        return new WebhookConnector({ ...runtime, url: checkUrl(address, `url of notify target ${target.id}`), ...(secret === undefined ? {} : { secret }) });
      });
    case 'wecom-bot':
      return deferredNotify('wecom-bot', async () => new WeComBotConnector({
        ...await botSetup(deps, url, 'WeCom bot webhook', 'wecom-bot', WECOM_PER_MINUTE), name: `wecom-bot:${target.id}`,
        ...(target.mentions ? { mentions: target.mentions } : {}),
      }));
    case 'feishu-bot':
      return deferredNotify('feishu-bot', async () => new FeishuBotConnector({
        ...await botSetup(deps, url, 'Feishu bot webhook', 'feishu-bot', FEISHU_PER_MINUTE), name: `feishu-bot:${target.id}`,
        ...(target.secret ? { secret: await readSecret(deps.resolveSecret, target.secret, 'Feishu signing secret') } : {}),
        ...(target.mentions ? { mentions: target.mentions } : {}),
      }));
    case 'dingtalk-bot':
      return deferredNotify('dingtalk-bot', async () => new DingTalkBotConnector({
        ...await botSetup(deps, url, 'DingTalk robot webhook', 'dingtalk-bot', DINGTALK_PER_MINUTE), name: `dingtalk-bot:${target.id}`,
        ...(target.secret ? { secret: await readSecret(deps.resolveSecret, target.secret, 'DingTalk signing secret') } : {}),
        ...(target.mentions ? { mentions: target.mentions } : {}),
      }));
    case 'slack':
      return deferredNotify('slack', async () => new SlackWebhookConnector({
        ...await botSetup(deps, url, 'Slack webhook', 'slack', SLACK_PER_MINUTE), name: `slack:${target.id}`,
        ...(target.mentions ? { mentions: target.mentions } : {}),
      }));
  }
}
