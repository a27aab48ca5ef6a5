import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the server read it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** The body's bytes, for what is not UTF-8 text (a multipart upload). */
  readonly raw: Buffer;
  /** The server clock when the body had been read (the injected `now`, so tests may use virtual time). */
  readonly at: number;
}

/**
 * A fault the next requests meet instead of the platform's own answer; each is applied after
 * the request body has been read, i.e. after the request "left" the client:
 * - `status`: answer with this status, body and headers (429 + Retry-After, 5xx, a documented errcode body).
 * - `reset`: destroy the socket without answering.
 * - `hang`: never answer (the client's timeout ends it).
 * - `drop-answer`: let the platform act on the request, then destroy the socket: the post exists
 *   but the client never learns it (the case `unconfirmed` exists for).
 */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly body?: unknown; readonly headers?: Record<string, string> }
  | { readonly kind: 'reset' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'drop-answer' };

/** What a platform's handler answers. */
export interface Answer {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export interface ServerOptions {
  /** The server's clock for signatures, rate windows and timestamps. @default Date.now */
  readonly now?: () => number;
}

/** A running local server with its record of requests and its fault queue. */
export interface RunningServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Makes the next `count` requests (to `path` only, when given) meet `fault`, after faults already queued. */
  inject(fault: Fault, count?: number, path?: string): void;
  close(): Promise<void>;
}

/**
 * Starts a plain node:http server on 127.0.0.1, port 0. Every request is recorded, then meets the
 * next queued fault if any, else `handle`. JSON bodies are written as JSON; strings as text.
 */
export async function startHttpServer(handle: (request: RecordedRequest) => Answer | Promise<Answer>, options: ServerOptions = {}): Promise<RunningServer> {
  const now = options.now ?? Date.now;
  const requests: RecordedRequest[] = [];
  const faults: { fault: Fault; path?: string }[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const raw = Buffer.concat(chunks);
      const request: RecordedRequest = {
        method: incoming.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: incoming.headers, body: raw.toString('utf8'), raw, at: now(),
      };
      requests.push(request);
      const index = faults.findIndex((queued) => queued.path === undefined || queued.path === request.path);
      const fault = index < 0 ? undefined : faults.splice(index, 1)[0]?.fault;
      if (fault?.kind === 'reset') {
        incoming.socket.destroy();
        return;
      }
      if (fault?.kind === 'hang') return;
      if (fault?.kind === 'status') {
        write(response, fault);
        return;
      }
      Promise.resolve()
        .then(() => handle(request))
        .then(
          (answer) => (fault?.kind === 'drop-answer' ? incoming.socket.destroy() : write(response, answer)),
          (error: unknown) => write(response, { status: 500, body: { error: String(error) } }),
        );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    inject(fault, count = 1, path) {
      for (let index = 0; index < count; index += 1) faults.push(path === undefined ? { fault } : { fault, path });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function write(response: ServerResponse, answer: Answer): void {
  const isText = typeof answer.body === 'string';
  response.writeHead(answer.status, { 'Content-Type': isText ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', ...answer.headers });
  response.end(answer.body === undefined ? undefined : isText ? (answer.body as string) : JSON.stringify(answer.body));
}

/** Counts events in a trailing window of the server's clock, as the platforms' per-minute limits do. */
export class SlidingWindow {
  private readonly times: number[] = [];

  constructor(private readonly limit: number, private readonly windowMs: number, private readonly now: () => number) {}

  /** Records an event and says whether it stays within the limit; refused events are not counted. */
  admit(): boolean {
    const current = this.now();
    while (this.times.length > 0 && (this.times[0] ?? 0) <= current - this.windowMs) this.times.shift();
    if (this.times.length >= this.limit) return false;
    this.times.push(current);
    return true;
  }
}

/** The request body as JSON, or undefined. */
export function jsonBody(request: RecordedRequest): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(request.body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Compares a received signature with the expected one in constant time, as the platforms do. */
export function signatureMatches(received: string, expected: string): boolean {
  const receivedBytes = Buffer.from(received);
  const expectedBytes = Buffer.from(expected);
  return receivedBytes.length === expectedBytes.length && timingSafeEqual(receivedBytes, expectedBytes);
}
