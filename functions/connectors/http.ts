import type { AttemptOutcome } from './delivery';

/** How much of a platform's answer goes into a failure reason. */
const EXCERPT_LENGTH = 300;

/**
 * Answers that say the request was not acted on and may be sent again. 408 is here although it
 * is a 4xx: the server gave up waiting for the request, so it cannot have accepted it.
 */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Network errors that prove no byte reached the platform: nothing was connected. A reset or a
 * closed socket is not here: fetch does not tell whether the body had been sent, so it may
 * have been accepted, and at-most-once wins over retrying.
 */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** One HTTP request. */
export interface HttpRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly headers?: Record<string, string>;
  /** JSON or text; a FormData goes as multipart/form-data (fetch sets the boundary). */
  readonly body?: string | FormData;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
  /**
   * True for reads (GET instance, token, publish status): a lost answer changes nothing on the
   * platform, so a timeout or reset is retried instead of being reported unknown.
   */
  readonly safeToRepeat?: boolean;
}

/** An answer with its body read, or the outcome of a request that got none. */
export type HttpAnswer =
  | { readonly answered: true; readonly response: Response; readonly text: string | undefined }
  | { readonly answered: false; readonly outcome: AttemptOutcome };

/** Makes one request without following redirects (a redirect would re-send the post elsewhere, or turn it into a GET). */
export async function sendHttp(request: HttpRequest): Promise<HttpAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), request.timeoutMs);
  try {
    let response: Response;
    try {
      response = await request.fetch(request.url, {
        method: request.method, redirect: 'manual', signal: controller.signal,
        ...(request.headers ? { headers: request.headers } : {}), ...(request.body === undefined ? {} : { body: request.body }),
      });
    } catch (error) {
      const outcome = classifyRequestError(error, controller.signal.aborted, request.timeoutMs);
      return { answered: false, outcome: request.safeToRepeat && outcome.kind === 'unknown' ? { kind: 'transient', reason: outcome.reason } : outcome };
    }
    // The status is what counts; a body cut short by the timeout only loses detail.
    const text = await response.text().catch(() => undefined);
    return { answered: true, response, text };
  } finally {
    clearTimeout(timer);
  }
}

/** Classifies a fetch that threw: retry only when nothing can have reached the platform. */
export function classifyRequestError(error: unknown, timedOut: boolean, timeoutMs: number): AttemptOutcome {
  if (timedOut) return { kind: 'unknown', reason: `No answer within ${timeoutMs} ms; the platform may have accepted the post` };
  const codes = errorCodes(error);
  const description = describeError(error, codes);
  if (codes.length > 0 && codes.every((code) => NOT_SENT_CODES.has(code))) return { kind: 'transient', reason: `Could not connect (${description})` };
  // A failure while connecting (a reset or timeout of the connect call itself) proves nothing was sent.
  if (failedWhileConnecting(error)) return { kind: 'transient', reason: `Could not connect (${description})` };
  return { kind: 'unknown', reason: `The connection failed with no answer (${description}); the platform may have accepted the post` };
}

/**
 * The generic HTTP reading of a non-2xx answer: 408/429/5xx transient (Retry-After honoured),
 * everything else permanent. Undefined for a 2xx, whose body the connector reads itself.
 */
export function classifyHttpStatus(response: Response, text: string | undefined, now: number): AttemptOutcome | undefined {
  const { status } = response;
  if (status >= 200 && status < 300) return undefined;
  const reason = describeAnswer(response, text);
  if (!RETRYABLE_STATUSES.has(status)) return { kind: 'permanent', reason };
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), now);
  return retryAfterMs === undefined ? { kind: 'transient', reason, rateLimited: status === 429 } : { kind: 'transient', reason, retryAfterMs, rateLimited: status === 429 };
}

/** True when every system error along the cause chain failed in `connect` (none was raised after it). */
function failedWhileConnecting(error: unknown): boolean {
  let connecting = false;
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length > 0 && seen < 20; seen += 1) {
    const current = pending.shift();
    if (typeof current !== 'object' || current === null) continue;
    if ('syscall' in current && typeof current.syscall === 'string') {
      if (current.syscall !== 'connect') return false;
      connecting = true;
    }
    if ('cause' in current) pending.push(current.cause);
    if (current instanceof AggregateError) pending.push(...current.errors);
  }
  return connecting;
}

/** The `code`s along an error's cause chain (and inside AggregateErrors from dual-stack connects). */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length > 0 && seen < 20; seen += 1) {
    const current = pending.shift();
    if (typeof current !== 'object' || current === null) continue;
    if ('code' in current && typeof current.code === 'string') codes.push(current.code);
    if ('cause' in current) pending.push(current.cause);
    if (current instanceof AggregateError) pending.push(...current.errors);
  }
  return codes;
}

/** One line naming the error and its codes. */
function describeError(error: unknown, codes: readonly string[]): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return codes.length > 0 ? `${message}; ${[...new Set(codes)].join(', ')}` : message;
}

/** A platform's answer cut to fit in a reason. */
export function excerpt(text: string | undefined): string | undefined {
  return text?.replace(/\s+/g, ' ').trim().slice(0, EXCERPT_LENGTH) || undefined;
}

/** `HTTP 400 Bad Request: <excerpt>`, with the redirect target for a 3xx. */
export function describeAnswer(response: Response, text: string | undefined): string {
  const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
  const head = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${location ? ` to ${location} (redirects are not followed)` : ''}`;
  const cut = excerpt(text);
  return cut ? `${head}: ${cut}` : head;
}

/** Retry-After as milliseconds from `now`: delay-seconds or an HTTP date; undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const instant = Date.parse(trimmed);
  return Number.isNaN(instant) ? undefined : Math.max(0, instant - now);
}

/** The body as a JSON object, or undefined when it is not one. */
export function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Points a documented URL at another origin (tests' local servers), keeping path and query. */
export function rebase(url: string, baseUrl: string | undefined): string {
  if (baseUrl === undefined) return url;
  const original = new URL(url);
  const base = new URL(baseUrl);
  const prefix = base.pathname.replace(/\/$/, '');
  return new URL(`${prefix}${original.pathname}${original.search}`, base.origin).href;
}
