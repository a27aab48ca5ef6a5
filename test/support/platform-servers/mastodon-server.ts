import { SlidingWindow, startHttpServer, type RunningServer, type ServerOptions } from './http-server';

/*
 * A local Mastodon instance following the documented contract (platforms-peers-compliance.md
 * §3.7; https://github.com/mastodon/documentation/blob/HEAD/content/en/methods/statuses.md,
 * .../entities/Instance.md, .../api/rate-limits.md): GET /api/v2/instance with
 * configuration.statuses; POST /api/v1/statuses with a bearer token (401 `{"error":"The access
 * token is invalid"}`), 422 `Validation failed: …` for a blank or over-long text, an
 * Idempotency-Key remembered for an hour (a repeat returns the same status), 300 requests per
 * 5 minutes with X-RateLimit-* headers and 429 past it.
 */

export interface MastodonStatus {
  readonly id: string;
  readonly text: string;
  readonly idempotencyKey?: string;
  readonly at: number;
}

export interface MastodonServer extends RunningServer {
  readonly statuses: MastodonStatus[];
  /** How many times the instance's limits were read. */
  instanceReads(): number;
}

const WINDOW_MS = 5 * 60_000;
const KEY_TTL_MS = 3_600_000;

/** Mastodon's count, written apart from the connector's: graphemes, each URL as 23. */
function countStatus(text: string, perUrl: number): number {
  let urls = 0;
  const rest = text.replace(/https?:\/\/[^\s<>"]+/g, () => {
    urls += 1;
    return '';
  });
  return [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(rest)].length + urls * perUrl;
}

export async function startMastodonServer(options: ServerOptions & { token?: string; maxCharacters?: number; requestsPer5Minutes?: number } = {}): Promise<MastodonServer> {
  const now = options.now ?? Date.now;
  const token = options.token ?? 'mastodon-test-token';
  const maxCharacters = options.maxCharacters ?? 500;
  const limit = options.requestsPer5Minutes ?? 300;
  const window = new SlidingWindow(limit, WINDOW_MS, now);
  const times: number[] = [];
  const statuses: MastodonStatus[] = [];
  const byKey = new Map<string, { status: MastodonStatus; at: number }>();
  let reads = 0;
  const rateHeaders = () => {
    while (times.length > 0 && (times[0] ?? 0) <= now() - WINDOW_MS) times.shift();
    const reset = new Date((times[0] ?? now()) + WINDOW_MS).toISOString();
    return { 'X-RateLimit-Limit': String(limit), 'X-RateLimit-Remaining': String(Math.max(0, limit - times.length)), 'X-RateLimit-Reset': reset };
  };
  const entity = (status: MastodonStatus) => ({
    id: status.id, created_at: new Date(status.at).toISOString(), visibility: 'public', url: `https://mastodon.example/@flywheel/${status.id}`,
    content: `<p>${status.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\n/g, '<br />')}</p>`,
  });
  const server = await startHttpServer((request) => {
    if (!window.admit()) return { status: 429, body: { error: 'Too many requests' }, headers: rateHeaders() };
    times.push(now());
    if (request.method === 'GET' && request.path === '/api/v2/instance') {
      reads += 1;
      return {
        status: 200, headers: rateHeaders(),
        body: { domain: 'mastodon.example', title: 'Mastodon', configuration: { statuses: { max_characters: maxCharacters, max_media_attachments: 4, characters_reserved_per_url: 23 } } },
      };
    }
    if (request.method !== 'POST' || request.path !== '/api/v1/statuses') return { status: 404, body: { error: 'Record not found' } };
    if (request.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { error: 'The access token is invalid' }, headers: rateHeaders() };
    const key = request.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' ? key : undefined;
    const remembered = idempotencyKey === undefined ? undefined : byKey.get(idempotencyKey);
    if (remembered && remembered.at > now() - KEY_TTL_MS) return { status: 200, body: entity(remembered.status), headers: rateHeaders() };
    let text: unknown;
    try {
      text = (JSON.parse(request.body) as { status?: unknown }).status;
    } catch {
      text = new URLSearchParams(request.body).get('status');
    }
    if (typeof text !== 'string' || text.trim() === '') return { status: 422, body: { error: "Validation failed: Text can't be blank" }, headers: rateHeaders() };
    if (countStatus(text, 23) > maxCharacters) return { status: 422, body: { error: `Validation failed: Text character limit of ${maxCharacters} exceeded` }, headers: rateHeaders() };
    const status: MastodonStatus = { id: String(109_000_000_000 + statuses.length + 1), text, at: request.at, ...(idempotencyKey ? { idempotencyKey } : {}) };
    statuses.push(status);
    if (idempotencyKey) byKey.set(idempotencyKey, { status, at: now() });
    return { status: 200, body: entity(status), headers: rateHeaders() };
  }, options);
  return { ...server, statuses, instanceReads: () => reads };
}
