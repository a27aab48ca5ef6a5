import { createHash } from 'node:crypto';
import { botWebhookUrl, deliverParts, postBotMessage, readCode, readListedCode, sortMentions, type BotOptions, type ErrcodeReading } from './bot-send';
import type { NotifyConnector, OutgoingMessage, OutgoingPost, PublishConnector } from './connector';
import type { PublishResult } from './publish-result';
import { splitUtf8 } from './split-text';

/*
 * WeCom (企业微信) group bot. Contract, from platforms-peers-compliance.md §3.8 and the sources
 * it cites (official doc path 91770 via https://app.unpkg.com/weworkbot@1.4.1/files/README.md;
 * https://hexdocs.pm/wechat_sdk/WeChat.Work.ChatRobot.html; https://cnblogs.com/tiandi/p/17768525.html):
 * POST https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY, JSON `{ msgtype, text|markdown }`;
 * text content ≤ 2048 UTF-8 bytes with mentioned_list / mentioned_mobile_list; markdown content
 * ≤ 4096 bytes (errcode 40058 past it); image `{ base64, md5 }` of a JPG or PNG up to 2 MB, md5 of
 * the bytes before encoding; 20 messages a minute per bot. Errors come back as HTTP 200 with
 * `{ errcode, errmsg }`.
 */

/** The documented host; the key is the secret part of the URL. */
export const WECOM_WEBHOOK_URL = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send';
export const WECOM_PER_MINUTE = 20;
export const WECOM_TEXT_BYTES = 2048;
export const WECOM_MARKDOWN_BYTES = 4096;
export const WECOM_IMAGE_BYTES = 2 * 1024 * 1024;
/** WeCom counts its limit per minute and sends no Retry-After: wait out the minute. */
const WECOM_THROTTLE_MS = 60_000;

/** How both of the codes WeCom answers over the per-minute limit read. */
const WECOM_THROTTLED: ErrcodeReading = { kind: 'transient', rateLimited: true, retryAfterMs: WECOM_THROTTLE_MS, hint: 'over 20 messages a minute for this bot (超过每分钟 20 条); waiting a minute' };

/** WeCom's documented errcodes besides 0 (accepted). */
const WECOM_ERRCODES: Readonly<Record<number, ErrcodeReading>> = {
  [-1]: { kind: 'transient', rateLimited: false, hint: 'WeCom is busy (系统繁忙); retried' },
  // 45009 is WeCom's "api freq out of limit"; 130101 is listed for the bot by §3.8's sources
  // (it is also DingTalk's code for the same limit).
  45009: WECOM_THROTTLED,
  130101: WECOM_THROTTLED,
  40058: { kind: 'permanent', hint: 'the message is too long or a field is invalid (内容超长或参数错误); shorten it' },
  93000: { kind: 'permanent', hint: 'the webhook key is invalid or the bot was removed from the group (webhook 无效); create a new bot and update the secret' },
};

/** Maps a WeCom answer; every errcode not listed is permanent (a bad key or payload does not heal). */
export function readWeComErrcode(body: Record<string, unknown>): ErrcodeReading | undefined {
  return readListedCode(readCode(body, 'errcode'), WECOM_ERRCODES, 'WeCom refused the message; see its errmsg');
}

/** Options of a {@link WeComBotConnector}: the webhook is the full URL or just its key. */
export type WeComBotOptions = BotOptions;

/** Sends notifications and posts to a WeCom group, split to fit, at most 20 a minute. */
export class WeComBotConnector implements NotifyConnector, PublishConnector {
  readonly kind = 'wecom-bot';
  private readonly url: string;

  constructor(private readonly options: WeComBotOptions) {
    this.url = botWebhookUrl(options, (key) => `${WECOM_WEBHOOK_URL}?key=${key}`);
  }

  /**
   * A titled message goes as markdown (bold title), an untitled one as text with native
   * @-mentions; attached JPG/PNG images up to 2 MB follow as image messages (the text names the rest).
   */
  notify(message: OutgoingMessage): Promise<PublishResult> {
    const images = (message.attachments ?? [])
      .filter((file) => /\.(jpe?g|png)$/i.test(file.name) && file.bytes.byteLength <= WECOM_IMAGE_BYTES)
      .map((file) => ({ msgtype: 'image', image: { base64: Buffer.from(file.bytes).toString('base64'), md5: createHash('md5').update(file.bytes).digest('hex') } }));
    const text = message.title === undefined ? this.textPayloads(message.text) : this.markdownPayloads(`**${message.title}**\n${message.text}`);
    return this.sendAll([...text, ...images]);
  }

  /** A post goes as markdown: heading, body, tags. */
  publish(post: OutgoingPost): Promise<PublishResult> {
    const lines = [post.title === undefined ? undefined : `# ${post.title}`, post.body, post.tags?.length ? post.tags.map((tag) => `#${tag}`).join(' ') : undefined];
    return this.sendAll(this.markdownPayloads(lines.filter((line): line is string => line !== undefined && line !== '').join('\n\n')));
  }

  /** Text messages, split to fit; mentions once, on the first part, so a split alert does not ping people n times. */
  private textPayloads(text: string): unknown[] {
    const { userIds, mobiles, all } = sortMentions(this.options.mentions);
    const mentionedList = all ? [...userIds, '@all'] : userIds;
    return splitUtf8(text, WECOM_TEXT_BYTES).map((part, index) => {
      const mentions = index > 0 ? {} : { ...(mentionedList.length ? { mentioned_list: mentionedList } : {}), ...(mobiles.length ? { mentioned_mobile_list: mobiles } : {}) };
      return { msgtype: 'text', text: { content: part, ...mentions } };
    });
  }

  private markdownPayloads(markdown: string): unknown[] {
    const { userIds } = sortMentions(this.options.mentions);
    // Markdown has no mentioned_list; `<@userid>` mentions inside the content (mobiles and @all cannot be).
    const mentionLine = userIds.length ? `\n${userIds.map((id) => `<@${id}>`).join(' ')}` : '';
    const parts = splitUtf8(markdown, WECOM_MARKDOWN_BYTES - Buffer.byteLength(mentionLine));
    return parts.map((part, index) => ({ msgtype: 'markdown', markdown: { content: index === 0 ? part + mentionLine : part } }));
  }

  /** Sends messages in order, each within the bot's budget; a failure says which went out. */
  private sendAll(payloads: readonly unknown[]): Promise<PublishResult> {
    return deliverParts(this.options.runtime, this.options.name, payloads.map((payload) => JSON.stringify(payload)),
      (body) => postBotMessage(this.options.runtime, this.url, body, readWeComErrcode, 'WeCom'));
  }
}
