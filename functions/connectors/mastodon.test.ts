import { afterEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../core/index';
import { startMastodonServer, type MastodonServer } from '../../test/support/platform-servers/mastodon-server';
import { gaps, secretsFrom, virtualTime } from '../../test/support/platform-servers/virtual-time';
import { createPublishConnector, type ConnectorDeps, type OutgoingPost } from './index';

const servers: MastodonServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const CHANNEL: Channel = { id: 'masto', platform: 'mastodon', instance: 'https://mastodon.social', credentials: 'secret:masto-token' };

const post = (overrides: Partial<OutgoingPost> = {}): OutgoingPost => ({
  key: 'launch/first#masto@2027-01-10T12:00Z', channel: 'masto', campaign: 'launch', post: 'first', share: 1, scheduledAt: 0,
  title: 'Winter drinks', body: 'Three ways to make them.', tags: ['winter', 'tea'], ...overrides,
});

async function setup(options: { maxCharacters?: number; requestsPer5Minutes?: number; token?: string; timeoutMs?: number; imageSizeLimit?: number; files?: Record<string, Uint8Array> } = {}) {
  const time = virtualTime();
  const server = await startMastodonServer({
    now: time.now, ...(options.maxCharacters ? { maxCharacters: options.maxCharacters } : {}), ...(options.requestsPer5Minutes ? { requestsPer5Minutes: options.requestsPer5Minutes } : {}),
    ...(options.imageSizeLimit ? { imageSizeLimit: options.imageSizeLimit } : {}),
  });
  servers.push(server);
  const deps: ConnectorDeps = {
    resolveSecret: secretsFrom({ 'secret:masto-token': options.token ?? 'mastodon-test-token' }),
    now: time.now, sleep: time.sleep, random: () => 0.5, baseUrls: { mastodon: server.origin }, timeoutMs: options.timeoutMs ?? 2000,
    ...(options.files ? { readMedia: (path: string) => options.files?.[path] } : {}),
  };
  return { time, server, deps, connector: createPublishConnector(CHANNEL, deps) };
}

const posts = (server: MastodonServer) => server.requests.filter((request) => request.method === 'POST');

describe('Mastodon statuses', () => {
  it('posts a public status with the post key as Idempotency-Key, reading the instance limits once', async () => {
    const { server, connector } = await setup();

    const first = await connector.publish(post());
    const second = await connector.publish(post({ key: 'launch/second#masto@2027-01-10T13:00Z', title: 'Second' }));

    expect(first).toEqual({ status: 'published', platformId: server.statuses[0]!.id, attempts: 2 });
    expect(second).toEqual({ status: 'published', platformId: server.statuses[1]!.id, attempts: 1 });
    expect(server.instanceReads()).toBe(1);
    expect(server.statuses[0]?.text).toBe('Winter drinks\n\nThree ways to make them.\n\n#winter #tea');
    expect(posts(server)[0]?.headers['idempotency-key']).toBe(post().key);
    expect(posts(server)[0]?.headers.authorization).toBe('Bearer mastodon-test-token');
  });

  it('refuses a status over the instance\'s max_characters before sending, counting a URL as 23 like the server', async () => {
    const { server, connector } = await setup({ maxCharacters: 60 });
    const longUrl = `https://example.com/${'a'.repeat(80)}`;

    const tooLong = await connector.publish(post({ title: undefined, tags: undefined, body: '字'.repeat(61) }));
    const withUrl = await connector.publish(post({ title: undefined, tags: undefined, body: `Read more: ${longUrl}` }));

    expect(tooLong).toMatchObject({ status: 'failed', attempts: 1 });
    expect(tooLong.status === 'failed' && tooLong.reason).toMatch(/^The status is 61 characters, over this instance's limit of 60/);
    expect(withUrl.status).toBe('published');
    expect(posts(server)).toHaveLength(1);
  });

  it('keeps the Idempotency-Key across retries of a 503, so the retry cannot post twice', async () => {
    const { server, connector } = await setup();
    await connector.publish(post({ key: 'warm-up' }));
    server.inject({ kind: 'status', status: 503, body: { error: 'Service Unavailable' } });

    const result = await connector.publish(post());

    expect(result).toMatchObject({ status: 'published', attempts: 2 });
    expect(posts(server).slice(1).map((request) => request.headers['idempotency-key'])).toEqual([post().key, post().key]);
    expect(server.statuses.filter((status) => status.idempotencyKey === post().key)).toHaveLength(1);
  });

  it('reports unconfirmed, not retried, when the answer is lost after the status was made; the same key later finds it', async () => {
    const { server, connector, deps } = await setup();
    await connector.publish(post({ key: 'warm-up' }));
    server.inject({ kind: 'drop-answer' });

    const lost = await connector.publish(post());

    expect(lost).toMatchObject({ status: 'unconfirmed', attempts: 1 });
    expect(posts(server)).toHaveLength(2);
    expect(server.statuses).toHaveLength(2);
    // A person resolving it by publishing again within the hour gets the same status, not a duplicate.
    const resolved = await createPublishConnector(CHANNEL, deps).publish(post());
    expect(resolved).toMatchObject({ status: 'published', platformId: server.statuses[1]!.id });
    expect(server.statuses).toHaveLength(2);
  });

  it('waits for X-RateLimit-Reset on a 429 without Retry-After', async () => {
    const { server, connector, time } = await setup();
    await connector.publish(post({ key: 'warm-up' }));
    const reset = new Date(time.now() + 42_000).toISOString();
    server.inject({ kind: 'status', status: 429, body: { error: 'Too many requests' }, headers: { 'X-RateLimit-Limit': '300', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': reset } });

    const result = await connector.publish(post());

    expect(result).toMatchObject({ status: 'published', attempts: 2 });
    expect(posts(server).at(-1)!.at).toBeGreaterThanOrEqual(Date.parse(reset));
  });

  it('spaces requests a second apart, and holds the account when X-RateLimit-Remaining reaches 0', async () => {
    const { server, connector } = await setup({ requestsPer5Minutes: 4 });

    const results = [];
    for (let index = 0; index < 4; index += 1) results.push(await connector.publish(post({ key: `k${index}` })));

    expect(results.slice(0, 3).map((result) => result.status)).toEqual(['published', 'published', 'published']);
    expect(Math.min(...gaps(server.requests.map((request) => request.at)))).toBeGreaterThanOrEqual(1000);
    // The fourth would pass the window: refused locally, retryable, without a request.
    expect(results[3]).toMatchObject({ status: 'failed', retryable: true, attempts: 0 });
    expect(server.requests).toHaveLength(4);
  });

  it('fails a revoked token (401) at once with how to fix it', async () => {
    const { server, connector } = await setup({ token: 'revoked' });

    const result = await connector.publish(post());

    expect(result).toMatchObject({ status: 'failed', attempts: 2 });
    expect(result.status === 'failed' && result.reason).toMatch(/HTTP 401.*The access token is invalid.*write:statuses/);
    expect(posts(server)).toHaveLength(1);
  });

  describe('media', () => {
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x80, 0xfe]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const mp4 = Buffer.from([0x00, 0x00, 0x00, 0x18, 0x66, 0x74, 0x79, 0x70]);

    it('uploads images with their alt text, in order, then posts the status with their ids', async () => {
      const { server, connector } = await setup({ files: { 'media/a.jpg': jpeg, 'media/b.png': png } });

      const result = await connector.publish(post({ media: ['../media/a.jpg', '../media/b.png'], mediaFiles: [{ path: 'media/a.jpg', alt: '一杯姜茶' }, { path: 'media/b.png' }] }));

      expect(result).toMatchObject({ status: 'published', platformId: server.statuses[0]!.id });
      expect(server.media.map((item) => [item.filename, item.contentType, item.description])).toEqual([['a.jpg', 'image/jpeg', '一杯姜茶'], ['b.png', 'image/png', undefined]]);
      expect(server.media[0]!.bytes.equals(jpeg)).toBe(true);
      expect(server.statuses[0]!.mediaIds).toEqual(server.media.map((item) => item.id));
    });

    it('waits while the instance processes a video (202, then 206), then posts it', async () => {
      const { server, connector, time } = await setup({ files: { 'media/clip.mp4': mp4 } });
      const started = time.now();

      const result = await connector.publish(post({ mediaFiles: [{ path: 'media/clip.mp4' }] }));

      expect(result.status).toBe('published');
      const reads = server.requests.filter((request) => request.method === 'GET' && request.path.startsWith('/api/v1/media/'));
      expect(reads.map((request) => request.path)).toEqual([`/api/v1/media/${server.media[0]!.id}`, `/api/v1/media/${server.media[0]!.id}`, `/api/v1/media/${server.media[0]!.id}`]);
      expect(time.now() - started).toBeGreaterThanOrEqual(6_000);
      expect(server.statuses[0]!.mediaIds).toEqual([server.media[0]!.id]);
    });

    it('refuses before sending anything: too many files, a type or size the instance does not take, a file not here', async () => {
      const { server, connector } = await setup({ imageSizeLimit: 4, files: { 'a.jpg': jpeg, 'b.png': png, 'c.tiff': png, 'small.png': Buffer.from([1, 2, 3]) } });

      const five = await connector.publish(post({ mediaFiles: ['a', 'b', 'c', 'd', 'e'].map((name) => ({ path: `${name}.png` })) }));
      const tiff = await connector.publish(post({ mediaFiles: [{ path: 'c.tiff' }] }));
      const big = await connector.publish(post({ mediaFiles: [{ path: 'a.jpg' }] }));
      const absent = await connector.publish(post({ mediaFiles: [{ path: 'small.png' }, { path: 'gone.png' }] }));

      expect(five).toMatchObject({ status: 'failed', reason: expect.stringContaining("over this instance's 4 (configuration.statuses.max_media_attachments)") });
      expect(tiff).toMatchObject({ status: 'failed', reason: expect.stringContaining('c.tiff is of a type this instance does not take (unknown') });
      expect(big).toMatchObject({ status: 'failed', reason: expect.stringContaining('a.jpg is 0.0 MB, over') });
      expect(absent).toMatchObject({ status: 'failed', reason: 'The media file gone.png is not available where this runs; post this one by hand (媒体文件不可用, 请手动发布)' });
      expect(posts(server)).toHaveLength(0);
    });

    it('sends an upload again when its answer is lost, and attaches only the one it got an id for', async () => {
      const { server, connector } = await setup({ files: { 'a.jpg': jpeg } });
      server.inject({ kind: 'reset' }, 1, '/api/v2/media');

      const result = await connector.publish(post({ mediaFiles: [{ path: 'a.jpg' }] }));

      expect(result.status).toBe('published');
      expect(server.requests.filter((request) => request.path === '/api/v2/media')).toHaveLength(2);
      expect(server.statuses).toHaveLength(1);
      expect(server.statuses[0]!.mediaIds).toEqual([server.media.at(-1)!.id]);
    });
  });
});
