import { createHmac } from 'node:crypto';
import { botWebhookUrl, deliverParts, postBotMessage, readCode, readListedCode, sortMentions, type BotOptions, type ErrcodeReading } from './bot-send';
import type { NotifyConnector, OutgoingMessage } from './connector';
import type { PublishResult } from './publish-result';
import { splitUtf8 } from './split-text';

/*
 * DingTalk custom robot. Contract, from platforms-peers-compliance.md §3.8 and its sources
 * (https://blog.csdn.net/m0_37583655/article/details/124826768;
 * https://blog.csdn.net/chengxuyuanjava123/article/details/105226844): POST
 * https://oapi.dingtalk.com/robot/send?access_token=…&timestamp=…&sign=…, where timestamp is in
 * milliseconds (within an hour) and sign = urlEncode(Base64(HmacSHA256(key = secret,
 * message = timestamp + "\n" + secret))); text and markdown bodies with `at`; 20 messages a
 * minute, exceeding it throttles the robot for 10 minutes (errcode 130101 "send too fast, exceed
 * 20 times per minute"). 310000 is a failed security check (sign, keyword or IP); content over
 * 20000 bytes is refused ("message too long, exceed 20000 bytes", seen in client code).
 */

export const DINGTALK_SEND_URL = 'https://oapi.dingtalk.com/robot/send';
export const DINGTALK_PER_MINUTE = 20;
/** What DingTalk says it throttles for after a 130101. */
const DINGTALK_THROTTLE_MS = 10 * 60_000;
/** Content per message, under the 20000-byte limit with room for the @-mentions. */
const DINGTALK_TEXT_BYTES = 18_000;

/** The `sign` query value before URL encoding: Base64(HmacSHA256(key = secret, timestampMs + "\n" + secret)). */
export function signDingTalk(timestampMs: number, secret: string): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64');
}

/** DingTalk's documented errcodes besides 0 (accepted). */
const DINGTALK_ERRCODES: Readonly<Record<number, ErrcodeReading>> = {
  [-1]: { kind: 'transient', rateLimited: false, hint: 'DingTalk is busy (系统繁忙); retried' },
  130101: { kind: 'transient', rateLimited: true, retryAfterMs: DINGTALK_THROTTLE_MS, hint: 'over 20 messages a minute: DingTalk throttles this robot for 10 minutes (发送过快, 限流 10 分钟)' },
  310000: { kind: 'permanent', hint: 'the security check failed: the signature, a required keyword or the IP allowlist (安全设置校验失败); check the signing secret, the server clock and the robot\'s security settings' },
  300001: { kind: 'permanent', hint: 'the access_token does not exist: the robot was removed (机器人不存在); create a new robot and update the secret' },
};

/** Maps a DingTalk answer; unlisted errcodes are permanent. */
export function readDingTalkErrcode(body: Record<string, unknown>): ErrcodeReading | undefined {
  return readListedCode(readCode(body, 'errcode'), DINGTALK_ERRCODES, 'DingTalk refused the message; see its errmsg');
}

export interface DingTalkBotOptions extends BotOptions {
  /** The signing secret (`SEC…`), when the robot has 加签 on. */
  readonly secret?: string;
}

/** Sends notifications to a DingTalk group: text, or markdown with the title. */
export class DingTalkBotConnector implements NotifyConnector {
  readonly kind = 'dingtalk-bot';
  private readonly url: string;

  constructor(private readonly options: DingTalkBotOptions) {
    this.url = botWebhookUrl(options, (accessToken) => `${DINGTALK_SEND_URL}?access_token=${accessToken}`);
  }

  notify(message: OutgoingMessage): Promise<PublishResult> {
    const { userIds, mobiles, all } = sortMentions(this.options.mentions);
    // DingTalk shows an @ only when the content names it too.
    const mentionText = [...mobiles, ...userIds].map((id) => `@${id}`).join(' ');
    const at = { atMobiles: mobiles, atUserIds: userIds, isAtAll: all };
    const parts = splitUtf8(message.text, DINGTALK_TEXT_BYTES);
    return deliverParts(this.options.runtime, this.options.name, parts, (part, index) => {
      const content = index === 0 && mentionText ? `${part}\n${mentionText}` : part;
      const atFirst = index === 0 ? at : { isAtAll: false };
      const payload = message.title === undefined
        ? { msgtype: 'text', text: { content }, at: atFirst }
        : { msgtype: 'markdown', markdown: { title: message.title, text: `#### ${message.title}\n${content}` }, at: atFirst };
      return postBotMessage(this.options.runtime, this.signedUrl(), JSON.stringify(payload), readDingTalkErrcode, 'DingTalk');
    });
  }

  /** Signed per attempt: the timestamp must be within an hour of DingTalk's clock. */
  private signedUrl(): string {
    if (this.options.secret === undefined) return this.url;
    const url = new URL(this.url);
    const timestamp = this.options.runtime.now();
    url.searchParams.set('timestamp', String(timestamp));
    url.searchParams.set('sign', signDingTalk(timestamp, this.options.secret));
    return url.href;
  }
}
