import { deliverParts, sortMentions, type BotOptions } from './bot-send';
import type { NotifyConnector, OutgoingMessage } from './connector';
import type { AttemptOutcome } from './delivery';
import { classifyHttpStatus, rebase, sendHttp } from './http';
import type { PublishResult } from './publish-result';
import { splitUtf8 } from './split-text';

/*
 * Slack incoming webhook. Contract, from platforms-peers-compliance.md §3.8 and its sources
 * (https://api.slack.com/docs/rate-limits; https://github.com/nandenjin/gmail-to-slack/issues/14):
 * POST https://hooks.slack.com/services/T…/B…/… with JSON `text` (mrkdwn); new-style webhooks
 * cannot change channel, name or icon; "1 per second", short bursts allowed; over it, HTTP 429
 * with Retry-After. Slack answers 200 `ok`, or an HTTP error with a text reason
 * (invalid_payload, no_text, action_prohibited, no_service, channel_is_archived, …), so the
 * generic HTTP classification applies as is. Slack truncates text past 40,000 characters:
 * longer messages are split.
 */

export const SLACK_PER_MINUTE = 60;
/** Bytes bound characters from above, so this keeps each part under Slack's 40,000 characters. */
const SLACK_TEXT_BYTES = 39_000;

/** Options of a {@link SlackWebhookConnector}: the webhook is always the full `hooks.slack.com` URL. */
export type SlackWebhookOptions = BotOptions;

/** Sends notifications through a Slack incoming webhook: a bold title line, then the text. */
export class SlackWebhookConnector implements NotifyConnector {
  readonly kind = 'slack';
  private readonly url: string;

  constructor(private readonly options: SlackWebhookOptions) {
    this.url = rebase(options.webhook, options.runtime.baseUrl);
  }

  notify(message: OutgoingMessage): Promise<PublishResult> {
    const { userIds, all } = sortMentions(this.options.mentions);
    const mentions = [...userIds.map((id) => `<@${id}>`), ...(all ? ['<!channel>'] : [])].join(' ');
    const text = [message.title === undefined ? undefined : `*${escapeSlack(message.title)}*`, escapeSlack(message.text)].filter((line) => line !== undefined).join('\n');
    return deliverParts(this.options.runtime, this.options.name, splitUtf8(text, SLACK_TEXT_BYTES), (part, index) =>
      this.post(index === 0 && mentions ? `${part}\n${mentions}` : part),
    );
  }

  private async post(text: string): Promise<AttemptOutcome> {
    const { runtime } = this.options;
    const answer = await sendHttp({ url: this.url, method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text }), timeoutMs: runtime.timeoutMs, fetch: runtime.fetch });
    if (!answer.answered) return answer.outcome;
    return classifyHttpStatus(answer.response, answer.text, runtime.now()) ?? { kind: 'accepted' };
  }
}

/** Slack's three control characters in mrkdwn; everything else is literal. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
