import { SlidingWindow, startHttpServer, type RunningServer, type ServerOptions } from './http-server';
import { answerMastodonRead, type MastodonNumbers } from './mastodon-reads';

/*
 * A local Mastodon instance following the documented contract (platforms-peers-compliance.md
 * §3.7; https://github.com/mastodon/documentation/blob/HEAD/content/en/methods/statuses.md,
 * .../entities/Instance.md, .../api/rate-limits.md): GET /api/v2/instance with
 * configuration.statuses; POST /api/v1/statuses with a bearer token (401 `{"error":"The access
 * token is invalid"}`), 422 `Validation failed: …` for a blank or over-long text, an
 * Idempotency-Key remembered for an hour (a repeat returns the same status), 300 requests per
 * 5 minutes with X-RateLimit-* headers and 429 past it. Media (.../methods/media.md): POST
 * /api/v2/media takes a multipart `file` (its MIME type among configuration.media_attachments
 * .supported_mime_types, within image_size_limit / video_size_limit, else 422) and answers 200 with
 * the attachment's url for an image, 202 with url null for a video still processing; GET
 * /api/v1/media/:id answers 206 while it processes, then 200; a status's `media_ids` must name
 * processed attachments of the account not attached elsewhere, at most max_media_attachments.
 */

export interface MastodonStatus {
  readonly id: string;
  readonly text: string;
  readonly mediaIds: readonly string[];
  readonly idempotencyKey?: string;
  readonly at: number;
}

/** An uploaded media attachment. */
export interface MastodonMedia {
  readonly id: string;
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Buffer;
  readonly description?: string;
  /** GET /api/v1/media/:id answers 206 this many more times. */
  processingReads: number;
  attachedTo?: string;
}

export interface MastodonServer extends RunningServer {
  readonly statuses: MastodonStatus[];
  readonly media: MastodonMedia[];
  /** Followers and per-status counts the reads answer (mastodon-reads.ts). */
  readonly numbers: MastodonNumbers;
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

const SUPPORTED_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/mp4', 'video/quicktime', 'video/webm', 'audio/mpeg'];

export interface MastodonServerOptions extends ServerOptions {
  readonly token?: string;
  readonly maxCharacters?: number;
  readonly requestsPer5Minutes?: number;
  /** @default 16 MiB, as the Instance entity's example */
  readonly imageSizeLimit?: number;
  /** How many 206 answers a video gets before it is processed. @default 2 */
  readonly videoProcessingReads?: number;
}

export async function startMastodonServer(options: MastodonServerOptions = {}): Promise<MastodonServer> {
  const now = options.now ?? Date.now;
  const token = options.token ?? 'mastodon-test-token';
  const maxCharacters = options.maxCharacters ?? 500;
  const limit = options.requestsPer5Minutes ?? 300;
  const window = new SlidingWindow(limit, WINDOW_MS, now);
  const times: number[] = [];
  const statuses: MastodonStatus[] = [];
  const media: MastodonMedia[] = [];
  const imageSizeLimit = options.imageSizeLimit ?? 16 * 1024 * 1024;
  const videoSizeLimit = 99 * 1024 * 1024;
  const mediaEntity = (item: MastodonMedia, processed: boolean) => ({
    id: item.id, type: item.contentType.split('/')[0], description: item.description ?? null,
    url: processed ? `https://files.mastodon.example/original/${item.id}` : null, preview_url: `https://files.mastodon.example/small/${item.id}`,
  });
  const byKey = new Map<string, { status: MastodonStatus; at: number }>();
  const numbers: MastodonNumbers = { followers: 0, statuses: new Map(), deleted: new Set() };
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
  const server = await startHttpServer(async (request) => {
    if (!window.admit()) return { status: 429, body: { error: 'Too many requests' }, headers: rateHeaders() };
    times.push(now());
    if (request.method === 'GET' && request.path === '/api/v2/instance') {
      reads += 1;
      return {
        status: 200, headers: rateHeaders(),
        body: {
          domain: 'mastodon.example', title: 'Mastodon',
          configuration: {
            statuses: { max_characters: maxCharacters, max_media_attachments: 4, characters_reserved_per_url: 23 },
            media_attachments: { supported_mime_types: SUPPORTED_TYPES, image_size_limit: imageSizeLimit, image_matrix_limit: 16_777_216, video_size_limit: videoSizeLimit, video_frame_rate_limit: 60, video_matrix_limit: 2_304_000 },
          },
        },
      };
    }
    if (request.headers.authorization !== `Bearer ${token}`) return { status: 401, body: { error: 'The access token is invalid' }, headers: rateHeaders() };
    const read = answerMastodonRead(request, numbers, (id) => statuses.some((status) => status.id === id), rateHeaders());
    if (read) return read;
    if (request.method === 'POST' && request.path === '/api/v2/media') {
      const form = await new Request('http://mastodon.local/', { method: 'POST', headers: { 'content-type': String(request.headers['content-type'] ?? '') }, body: request.raw }).formData().catch(() => undefined);
      const file = form?.get('file');
      if (!(file instanceof File)) return { status: 422, body: { error: "Validation failed: File can't be blank" }, headers: rateHeaders() };
      if (!SUPPORTED_TYPES.includes(file.type)) return { status: 422, body: { error: 'Validation failed: File content type is invalid, File is invalid' }, headers: rateHeaders() };
      const video = !file.type.startsWith('image/');
      if (file.size > (video ? videoSizeLimit : imageSizeLimit)) return { status: 422, body: { error: `Validation failed: File file size must be less than ${Math.round((video ? videoSizeLimit : imageSizeLimit) / 1024 / 1024)} MB` }, headers: rateHeaders() };
      const description = form?.get('description');
      const item: MastodonMedia = {
        id: String(110_000_000 + media.length + 1), filename: file.name, contentType: file.type, bytes: Buffer.from(await file.arrayBuffer()),
        ...(typeof description === 'string' ? { description } : {}), processingReads: video ? (options.videoProcessingReads ?? 2) : 0,
      };
      media.push(item);
      // Images are processed at once (200); larger media in the background (202, url null).
      return { status: video ? 202 : 200, body: mediaEntity(item, !video), headers: rateHeaders() };
    }
    const mediaPath = /^\/api\/v1\/media\/(\d+)$/.exec(request.path);
    if (request.method === 'GET' && mediaPath) {
      const item = media.find((candidate) => candidate.id === mediaPath[1]);
      if (!item) return { status: 404, body: { error: 'Record not found' }, headers: rateHeaders() };
      if (item.processingReads > 0) {
        item.processingReads -= 1;
        return { status: 206, body: '', headers: rateHeaders() };
      }
      return { status: 200, body: mediaEntity(item, true), headers: rateHeaders() };
    }
    if (request.method !== 'POST' || request.path !== '/api/v1/statuses') return { status: 404, body: { error: 'Record not found' } };
    const key = request.headers['idempotency-key'];
    const idempotencyKey = typeof key === 'string' ? key : undefined;
    const remembered = idempotencyKey === undefined ? undefined : byKey.get(idempotencyKey);
    if (remembered && remembered.at > now() - KEY_TTL_MS) return { status: 200, body: entity(remembered.status), headers: rateHeaders() };
    let text: unknown;
    let mediaIds: unknown = [];
    try {
      ({ status: text, media_ids: mediaIds = [] } = JSON.parse(request.body) as { status?: unknown; media_ids?: unknown });
    } catch {
      text = new URLSearchParams(request.body).get('status');
    }
    const ids = Array.isArray(mediaIds) ? mediaIds.map(String) : [];
    const attached = ids.map((id) => media.find((item) => item.id === id));
    if (ids.length > 4) return { status: 422, body: { error: 'Validation failed: You can only attach up to 4 files' }, headers: rateHeaders() };
    if (attached.some((item) => item === undefined || (item.attachedTo !== undefined && item.attachedTo !== idempotencyKey))) return { status: 422, body: { error: 'Validation failed: Media attachments are invalid' }, headers: rateHeaders() };
    if (attached.some((item) => (item?.processingReads ?? 0) > 0)) return { status: 422, body: { error: 'Cannot attach files that have not finished processing. Try again in a moment!' }, headers: rateHeaders() };
    if ((typeof text !== 'string' || text.trim() === '') && ids.length === 0) return { status: 422, body: { error: "Validation failed: Text can't be blank" }, headers: rateHeaders() };
    text = typeof text === 'string' ? text : '';
    if (countStatus(text as string, 23) > maxCharacters) return { status: 422, body: { error: `Validation failed: Text character limit of ${maxCharacters} exceeded` }, headers: rateHeaders() };
    const status: MastodonStatus = { id: String(109_000_000_000 + statuses.length + 1), text: text as string, mediaIds: ids, at: request.at, ...(idempotencyKey ? { idempotencyKey } : {}) };
    for (const item of attached) if (item) item.attachedTo = idempotencyKey ?? status.id;
    statuses.push(status);
    if (idempotencyKey) byKey.set(idempotencyKey, { status, at: now() });
    return { status: 200, body: entity(status), headers: rateHeaders() };
  }, options);
  return { ...server, statuses, media, numbers, instanceReads: () => reads };
}
