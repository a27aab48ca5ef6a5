import { createHmac } from 'node:crypto';
import { botWebhookUrl, deliverParts, postBotMessage, readCode, readListedCode, sortMentions, type BotOptions, type ErrcodeReading } from './bot-send';
import type { NotifyConnector, OutgoingMessage } from './connector';
import type { AttemptOutcome } from './delivery';
import type { PublishResult } from './publish-result';
import { splitUtf8, utf8Length } from './split-text';

/*
 * Feishu/Lark custom bot. Contract, from platforms-peers-compliance.md §3.8 and its sources
 * (https://open.larkoffice.com/document/ukTMukTMukTM/ucTM5YjL3ETO24yNxkjN.md;
 * https://github.com/electricbubble/feishu-bot-api/blob/v1.0.0/api.go): POST
 * https://open.feishu.cn/open-apis/bot/v2/hook/<id> with `{ msg_type, content }`; with signature
 * verification on, `timestamp` (unix seconds, within 1 hour) and `sign` go in the JSON body, where
 * sign = Base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = "")), errcode 19021 on a
 * mismatch; 100 requests a minute and 5 a second per bot; body ≤ 20 KB; 11232 when throttled.
 * Answers are `{ code, msg }` (older bots: `{ StatusCode, StatusMessage }`).
 */

export const FEISHU_HOOK_URL = 'https://open.feishu.cn/open-apis/bot/v2/hook/';
/** 100 a minute is 0.6 s apart, which also keeps within 5 a second. */
export const FEISHU_PER_MINUTE = 100;
export const FEISHU_BODY_BYTES = 20 * 1024;
/** Text per message, leaving room under the 20 KB body for the envelope and JSON escapes. */
const FEISHU_TEXT_BYTES = 16_000;

/** The `sign` field: Base64 of HMAC-SHA256 keyed with `timestamp + "\n" + secret` over an empty message. */
export function signFeishu(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** Feishu's documented codes besides 0 (accepted). */
const FEISHU_CODES: Readonly<Record<number, ErrcodeReading>> = {
  11232: { kind: 'transient', rateLimited: true, hint: 'Feishu is throttling this bot (frequency limited; avoid :00 and :30 peaks); retried' },
  19021: { kind: 'permanent', hint: 'the signature does not match or the timestamp is over an hour off (签名校验失败); check the signing secret and the server clock' },
  19022: { kind: 'permanent', hint: 'this server\'s IP is not on the bot\'s allowlist (IP 不在白名单); add it in the bot\'s security settings' },
  19024: { kind: 'permanent', hint: 'the message lacks the bot\'s required keyword (缺少自定义关键词); add it to the message or remove the keyword rule' },
};

/** Maps a Feishu answer; unlisted codes are permanent. */
export function readFeishuCode(body: Record<string, unknown>): ErrcodeReading | undefined {
  return readListedCode(readCode(body, 'code', 'StatusCode'), FEISHU_CODES, 'Feishu refused the message; see its msg');
}

export interface FeishuBotOptions extends BotOptions {
  /** The signing secret, when the bot has signature verification on. */
  readonly secret?: string;
}

/** Sends notifications to a Feishu group: text, or a rich-text `post` with the title. */
export class FeishuBotConnector implements NotifyConnector {
  readonly kind = 'feishu-bot';
  private readonly url: string;

  constructor(private readonly options: FeishuBotOptions) {
    this.url = botWebhookUrl(options, (hookId) => FEISHU_HOOK_URL + hookId);
  }

  notify(message: OutgoingMessage): Promise<PublishResult> {
    const { userIds, all } = sortMentions(this.options.mentions);
    const ids = all ? [...userIds, 'all'] : userIds;
    const parts = splitUtf8(message.text, FEISHU_TEXT_BYTES);
    return deliverParts(this.options.runtime, this.options.name, parts, (part, index) => {
      const mentions = index === 0 ? ids : [];
      const content = message.title === undefined
        ? { msg_type: 'text', content: { text: [part, ...mentions.map((id) => (id === 'all' ? '<at user_id="all">所有人</at>' : `<at user_id="${id}"></at>`))].join(' ') } }
        : {
            msg_type: 'post',
            content: {
              post: {
                zh_cn: {
                  title: parts.length > 1 ? `${message.title} (${index + 1}/${parts.length})` : message.title,
                  content: [...part.split('\n').map((line) => [{ tag: 'text', text: line }]), ...(mentions.length ? [mentions.map((id) => ({ tag: 'at', user_id: id }))] : [])],
                },
              },
            },
          };
      return this.post(content);
    });
  }

  private post(content: Record<string, unknown>): Promise<AttemptOutcome> {
    // Signed per attempt: a retry after a Retry-After wait needs a fresh timestamp.
    const timestamp = Math.floor(this.options.runtime.now() / 1000);
    const body = JSON.stringify(this.options.secret === undefined ? content : { timestamp: String(timestamp), sign: signFeishu(timestamp, this.options.secret), ...content });
    if (utf8Length(body) > FEISHU_BODY_BYTES) {
      return Promise.resolve({ kind: 'permanent', reason: `The Feishu message is ${utf8Length(body)} bytes, over the 20 KB limit (消息超过 20 KB); shorten it` });
    }
    return postBotMessage(this.options.runtime, this.url, body, readFeishuCode, 'Feishu');
  }
}
