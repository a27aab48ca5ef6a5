import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { OutgoingPost } from './outbox';
import { RateLimiter } from './rate-limiter';
import { WebhookConnector, type WebhookConnectorOptions } from './webhook';

const START = Date.parse('2027-01-10T12:00:00Z');

const POST: OutgoingPost = {
  key: 'launch/first#box@2027-01-10T12:00Z',
  channel: 'box',
  campaign: 'launch',
  post: 'first',
  share: 1,
  scheduledAt: START,
  title: '第一条',
  body: '冬日热饮的三种做法。',
  tags: ['winter'],
};

interface ReceivedRequest {
  readonly method: string | undefined;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** Answers the n-th request (from 0) once its body has been read in full. */
type Answer = (response: ServerResponse, index: number, request: IncomingMessage) => void;

const servers: { close: () => Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** Starts a loopback HTTP server that records every request and answers with `answer`. */
async function startServer(answer: Answer): Promise<{ url: string; requests: ReceivedRequest[] }> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const index = requests.length;
      requests.push({ method: request.method, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      answer(response, index, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/flywheel`, requests };
}

/** A port that was just free and now refuses connections. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A virtual clock that each injected sleep moves forward; the sleeps are recorded. */
function virtualTime() {
  let current = START;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => current,
    sleep: async (milliseconds: number) => {
      sleeps.push(milliseconds);
      current += milliseconds;
    },
  };
}

/** Options with virtual time and a jitter that always draws the middle of the range. */
function connectorOptions(url: string, time: ReturnType<typeof virtualTime>, extra: Partial<WebhookConnectorOptions> = {}): WebhookConnectorOptions {
  return { url, now: time.now, sleep: time.sleep, random: () => 0.5, ...extra };
}

/** A RateLimiter that also records what the connector asked of it. */
class RecordingLimiter extends RateLimiter {
  readonly acquired: string[] = [];
  readonly pauses: [string, number][] = [];

  override async acquire(key: string): Promise<void> {
    this.acquired.push(key);
    await super.acquire(key);
  }

  override pauseUntil(key: string, instant: number): void {
    this.pauses.push([key, instant]);
    super.pauseUntil(key, instant);
  }
}

const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
};

describe('WebhookConnector', () => {
  it('POSTs the post as JSON, signed so the server can verify it, and reads back the platform id', async () => {
    const server = await startServer((response) => json(response, 201, { id: 'msg-42', ok: true }));
    const time = virtualTime();
    const connector = new WebhookConnector(connectorOptions(server.url, time, { secret: 'shh-its-a-secret' }));

    const result = await connector.publish(POST);

    expect(result).toEqual({ status: 'published', platformId: 'msg-42', attempts: 1 });
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    if (!request) throw new Error('no request reached the server');
    expect(request.method).toBe('POST');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['idempotency-key']).toBe(POST.key);
    expect(request.headers['x-flywheel-timestamp']).toBe(String(START / 1000));
    expect(JSON.parse(request.body)).toEqual(POST);
    // Verify as a receiver would: recompute over the raw body and compare in constant time.
    const expected = Buffer.from(`sha256=${createHmac('sha256', 'shh-its-a-secret').update(`${request.headers['x-flywheel-timestamp']}.${request.body}`).digest('hex')}`);
    const received = Buffer.from(String(request.headers['x-flywheel-signature']));
    expect(received.length).toBe(expected.length);
    expect(timingSafeEqual(received, expected)).toBe(true);
  });

  it('sends no signature without a secret, and publishes on a 2xx with no usable id', async () => {
    const server = await startServer((response, index) => {
      if (index === 0) {
        response.writeHead(204);
        response.end();
      } else {
        response.writeHead(200, { 'Content-Type': 'text/plain' });
        response.end('accepted');
      }
    });
    const connector = new WebhookConnector(connectorOptions(server.url, virtualTime()));

    const first = await connector.publish(POST);
    const second = await connector.publish(POST);

    expect(first).toEqual({ status: 'published', attempts: 1 });
    expect(second).toEqual({ status: 'published', attempts: 1 });
    expect(server.requests[0]?.headers['x-flywheel-signature']).toBeUndefined();
  });

  it('waits out a 429 Retry-After in seconds, pauses the channel in the limiter, then publishes', async () => {
    const server = await startServer((response, index) =>
      index === 0 ? json(response, 429, { error: 'slow down' }, { 'Retry-After': '7' }) : json(response, 200, { id: 'msg-7' }),
    );
    const time = virtualTime();
    const limiter = new RecordingLimiter({ capacity: 10, refillPerSecond: 10, now: time.now, sleep: time.sleep });
    const connector = new WebhookConnector(connectorOptions(server.url, time, { limiter }));

    const result = await connector.publish(POST);

    expect(result).toEqual({ status: 'published', platformId: 'msg-7', attempts: 2 });
    expect(time.sleeps).toEqual([7000]);
    expect(limiter.pauses).toEqual([['box', START + 7000]]);
    expect(limiter.acquired).toEqual(['box', 'box']);
    expect(server.requests.map((request) => request.headers['idempotency-key'])).toEqual([POST.key, POST.key]);
    // Each attempt is signed with its own timestamp, so a receiver's replay window accepts the retry.
    expect(server.requests.map((request) => request.headers['x-flywheel-timestamp'])).toEqual([String(START / 1000), String(START / 1000 + 7)]);
  });

  it('reads a Retry-After given as an HTTP date against the injected clock', async () => {
    const retryAt = new Date(START + 12_000).toUTCString();
    const server = await startServer((response, index) => (index === 0 ? json(response, 429, {}, { 'Retry-After': retryAt }) : json(response, 200, {})));
    const time = virtualTime();

    const result = await new WebhookConnector(connectorOptions(server.url, time)).publish(POST);

    expect(result).toEqual({ status: 'published', attempts: 2 });
    expect(time.sleeps).toEqual([12_000]);
  });

  it('retries a 503 with jittered exponential backoff and publishes on the third attempt', async () => {
    const server = await startServer((response, index) => (index < 2 ? json(response, 503, { error: 'busy' }) : json(response, 200, { id: 9 })));
    const time = virtualTime();
    const limiter = new RecordingLimiter({ capacity: 10, refillPerSecond: 10, now: time.now, sleep: time.sleep });

    const result = await new WebhookConnector(connectorOptions(server.url, time, { limiter })).publish(POST);

    expect(result).toEqual({ status: 'published', platformId: '9', attempts: 3 });
    // random() = 0.5 draws half of the 500 ms and 1000 ms ceilings.
    expect(time.sleeps).toEqual([250, 500]);
    expect(server.requests).toHaveLength(3);
    expect(limiter.acquired).toEqual(['box', 'box', 'box']);
    expect(limiter.pauses).toEqual([]);
  });

  it('fails a 400 at once with the status and the body in the reason', async () => {
    const server = await startServer((response) => json(response, 400, { error: 'title too long' }));
    const time = virtualTime();

    const result = await new WebhookConnector(connectorOptions(server.url, time)).publish(POST);

    expect(result).toEqual({ status: 'failed', reason: 'HTTP 400 Bad Request: {"error":"title too long"}', attempts: 1 });
    expect(server.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('fails a redirect without following it, since that would re-send the post elsewhere', async () => {
    const server = await startServer((response) => {
      response.writeHead(307, { Location: 'http://127.0.0.1:1/elsewhere' });
      response.end();
    });

    const result = await new WebhookConnector(connectorOptions(server.url, virtualTime())).publish(POST);

    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result.status === 'failed' && result.reason).toContain('HTTP 307 Temporary Redirect to http://127.0.0.1:1/elsewhere');
    expect(server.requests).toHaveLength(1);
  });

  it('reports unconfirmed, and does not retry, when the server reads the post and never answers', async () => {
    const server = await startServer(() => {
      // Keep the request open: the post arrived, the answer never comes.
    });
    const time = virtualTime();

    const result = await new WebhookConnector(connectorOptions(server.url, time, { timeoutMs: 200 })).publish(POST);

    expect(result).toEqual({ status: 'unconfirmed', reason: 'No answer within 200 ms; the platform may have accepted the post', attempts: 1 });
    expect(server.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('reports unconfirmed, and does not retry, when the server drops the connection after reading the post', async () => {
    const server = await startServer((_response, _index, request) => request.socket.destroy());
    const time = virtualTime();

    const result = await new WebhookConnector(connectorOptions(server.url, time)).publish(POST);

    expect(result).toMatchObject({ status: 'unconfirmed', attempts: 1 });
    expect(result.status === 'unconfirmed' && result.reason).toMatch(/may have accepted/);
    expect(server.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('retries a refused connection with capped backoff, then fails with the reason', async () => {
    const port = await closedPort();
    const time = virtualTime();
    const connector = new WebhookConnector({ url: `http://127.0.0.1:${port}/hook`, now: time.now, sleep: time.sleep, random: () => 1, maxAttempts: 10, retryBudgetMs: 200_000 });

    const result = await connector.publish(POST);

    expect(result).toMatchObject({ status: 'failed', attempts: 10, retryable: true });
    expect(result.status === 'failed' && result.reason).toMatch(/^Gave up after 10 attempts; the last: Could not connect \(.*ECONNREFUSED/);
    // Ceilings double from 500 ms and stop at 30 s; random() = 1 draws each ceiling itself.
    expect(time.sleeps).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('fails after maxAttempts transient answers, with the last answer as the reason', async () => {
    const server = await startServer((response) => json(response, 502, { error: 'bad gateway' }));
    const time = virtualTime();

    const result = await new WebhookConnector(connectorOptions(server.url, time, { maxAttempts: 2 })).publish(POST);

    expect(result).toEqual({ status: 'failed', reason: 'Gave up after 2 attempts; the last: HTTP 502 Bad Gateway: {"error":"bad gateway"}', attempts: 2, retryable: true });
    expect(server.requests).toHaveLength(2);
    expect(time.sleeps).toEqual([250]);
  });

  it('gives up at once, retryable, when a Retry-After would overrun the retry budget', async () => {
    const server = await startServer((response) => json(response, 429, { error: 'throttled' }, { 'Retry-After': '600' }));
    const time = virtualTime();

    const result = await new WebhookConnector(connectorOptions(server.url, time, { retryBudgetMs: 60_000 })).publish(POST);

    expect(result).toMatchObject({ status: 'failed', attempts: 1, retryable: true });
    expect(result.status === 'failed' && result.reason).toMatch(/^Asked to wait 600 s, beyond the retry budget of 60 s; the last answer: HTTP 429/);
    expect(server.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('rejects options that would never send or never wait', () => {
    expect(() => new WebhookConnector({ url: 'http://127.0.0.1/hook', maxAttempts: 0 })).toThrow(RangeError);
    expect(() => new WebhookConnector({ url: 'http://127.0.0.1/hook', timeoutMs: 0 })).toThrow(RangeError);
    expect(() => new WebhookConnector({ url: 'not a url' })).toThrow(TypeError);
  });
});
