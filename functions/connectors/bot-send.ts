import { DEFAULT_RETRY_POLICY, deliver, type AttemptOutcome, type RetryPolicy } from './delivery';
import { classifyHttpStatus, excerpt, parseJsonObject, rebase, sendHttp } from './http';
import type { PublishResult } from './publish-result';
import type { ConnectorRuntime } from './runtime';

/** How a bot's errcode reads: accepted, a passing refusal (with how long to wait), or permanent. */
export type ErrcodeReading =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'transient'; readonly rateLimited: boolean; readonly retryAfterMs?: number; readonly hint: string }
  | { readonly kind: 'permanent'; readonly hint: string };

/** Reads the body of a 2xx (or of a 4xx that carries an errcode) into an outcome. */
export type ReadErrcode = (body: Record<string, unknown>) => ErrcodeReading | undefined;

/** What every chat bot connector (WeCom, DingTalk, Feishu, Slack) is given. */
export interface BotOptions {
  /** The full webhook URL, or just its token (DingTalk access_token, WeCom key, Feishu hook id). */
  readonly webhook: string;
  /** Who to @: user ids, mobile numbers, or @all. */
  readonly mentions?: readonly string[];
  /** Names the bot in limiter keys and reasons: `wecom-bot:ops`. */
  readonly name: string;
  readonly runtime: ConnectorRuntime;
}

/** The URL to POST to: the webhook as given when it is a URL, else built from its URL-encoded token; moved to `runtime.baseUrl` in tests. */
export function botWebhookUrl(options: BotOptions, urlForToken: (token: string) => string): string {
  const webhook = /^https?:\/\//.test(options.webhook) ? options.webhook : urlForToken(encodeURIComponent(options.webhook));
  return rebase(webhook, options.runtime.baseUrl);
}

/**
 * Reads a bot's answer code through its documented table: no code is undefined (the HTTP status
 * decides), 0 is accepted, a listed code reads as listed, and any other is permanent with `refused`.
 */
export function readListedCode(code: number | undefined, listed: Readonly<Record<number, ErrcodeReading>>, refused: string): ErrcodeReading | undefined {
  if (code === undefined) return undefined;
  if (code === 0) return { kind: 'accepted' };
  return listed[code] ?? { kind: 'permanent', hint: refused };
}

/**
 * POSTs one JSON message to a bot and classifies the answer. These bots answer HTTP 200 with an
 * errcode in the body, so the body decides; a body without a known errcode field falls back to
 * the HTTP status. `what` names the bot in reasons.
 */
export async function postBotMessage(runtime: ConnectorRuntime, url: string, body: string, readErrcode: ReadErrcode, what: string): Promise<AttemptOutcome> {
  const answer = await sendHttp({ url, method: 'POST', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body, timeoutMs: runtime.timeoutMs, fetch: runtime.fetch });
  if (!answer.answered) return answer.outcome;
  const { response, text } = answer;
  // 429 and 5xx are read from the status: the body of a gateway error is not the bot's.
  if (response.status === 429 || response.status >= 500) return classifyHttpStatus(response, text, runtime.now()) ?? { kind: 'accepted' };
  const parsed = parseJsonObject(text);
  const reading = parsed === undefined ? undefined : readErrcode(parsed);
  // A 2xx whose body says nothing readable may still have been delivered: unknown, not retried.
  if (reading === undefined) return classifyHttpStatus(response, text, runtime.now()) ?? { kind: 'unknown', reason: `${what} answered HTTP ${response.status} with a body it does not document: ${excerpt(text) ?? '(empty)'}` };
  const detail = `${what} answered ${excerpt(text) ?? ''}`;
  switch (reading.kind) {
    case 'accepted':
      return { kind: 'accepted' };
    case 'permanent':
      return { kind: 'permanent', reason: `${detail}: ${reading.hint}` };
    case 'transient':
      return reading.retryAfterMs === undefined
        ? { kind: 'transient', reason: `${detail}: ${reading.hint}`, rateLimited: reading.rateLimited }
        : { kind: 'transient', reason: `${detail}: ${reading.hint}`, rateLimited: reading.rateLimited, retryAfterMs: reading.retryAfterMs };
  }
}

/** Delivers each part of a split message in order, through the retry policy, on the bot's limiter. */
export async function deliverParts(
  runtime: ConnectorRuntime, label: string, parts: readonly string[], send: (part: string, index: number) => Promise<AttemptOutcome>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): Promise<PublishResult> {
  let attempts = 0;
  for (const [index, part] of parts.entries()) {
    const result = await deliver(() => send(part, index), { policy, limiter: runtime.limiter, limiterKey: runtime.limiterKey, label, now: runtime.now, sleep: runtime.sleep, random: runtime.random }, attempts);
    attempts = result.attempts;
    if (result.status === 'published') continue;
    if (index === 0) return result;
    // Earlier parts went out: a redrive would repeat them, so this is no longer cleanly retryable.
    const where = `Part ${index + 1} of ${parts.length} (parts 1-${index} were sent): `;
    return result.status === 'failed' ? { status: 'failed', reason: where + result.reason, attempts } : { ...result, reason: where + result.reason };
  }
  return { status: 'published', attempts };
}

/** The numeric errcode (or `code` / `StatusCode`) field of a bot's answer. */
export function readCode(body: Record<string, unknown>, ...fields: readonly string[]): number | undefined {
  for (const field of fields) {
    const value = body[field];
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  }
  return undefined;
}

/** Splits mention entries into user ids, mobile numbers and @all, as the bots take them apart. */
export function sortMentions(mentions: readonly string[] | undefined): { userIds: string[]; mobiles: string[]; all: boolean } {
  const userIds: string[] = [];
  const mobiles: string[] = [];
  let all = false;
  for (const mention of mentions ?? []) {
    const trimmed = mention.trim().replace(/^@(?!all$)/, '');
    if (trimmed === '@all' || trimmed === 'all') all = true;
    else if (/^\+?\d{6,15}$/.test(trimmed)) mobiles.push(trimmed);
    else if (trimmed !== '') userIds.push(trimmed);
  }
  return { userIds, mobiles, all };
}
