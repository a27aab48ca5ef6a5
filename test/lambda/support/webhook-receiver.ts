import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the receiver got. */
export interface ReceivedRequest {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly json: Record<string, unknown>;
}

/** How the receiver answers one request: 200 with an id, another status, or never (the client times out). */
export type ReceiverAnswer = { status: number; body?: unknown } | 'hang';

/** A local webhook endpoint (what the webhook connector and webhook notify targets post to). */
export interface WebhookReceiver {
  readonly url: (path: string) => string;
  readonly requests: ReceivedRequest[];
  /** Requests to one path. */
  received(path: string): ReceivedRequest[];
  stop(): Promise<void>;
}

/**
 * Starts a webhook receiver on the loopback interface. `answer` decides per request; by default
 * every request gets 200 `{ "id": "<n>" }` (the platform id the connector reads).
 */
export async function startWebhookReceiver(answer: (request: ReceivedRequest) => ReceiverAnswer = () => ({ status: 200 })): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // Not JSON: kept as text only.
      }
      const received = { path: request.url ?? '/', headers: request.headers, body, json };
      requests.push(received);
      const decision = answer(received);
      if (decision === 'hang') {
        hanging.push(response);
        return;
      }
      const payload = JSON.stringify(decision.body ?? (decision.status < 300 ? { id: String(requests.length) } : { error: 'rejected' }));
      response.writeHead(decision.status, { 'content-type': 'application/json' });
      response.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    received: (path) => requests.filter((request) => request.path === path),
    stop: () => new Promise<void>((resolve) => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
