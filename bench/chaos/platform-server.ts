import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signWebhookBody } from '../../functions/connectors/index';
import type { ChaosOptions } from './options';

/** One passing fault: turned away before acceptance, so a retry is right. */
export type TransientFault = '429' | '429-wait' | '500' | '503' | 'reset';

/** What the platform does to a post, decided from the seed and the post (its job id) alone. */
export type FaultPlan =
  | { readonly kind: 'none' }
  | { readonly kind: 'transient'; readonly faults: readonly TransientFault[] }
  | { readonly kind: 'permanent' }
  | { readonly kind: 'unknown'; readonly mode: 'destroy' | 'hang' };

/** Fractions in [0, 1) derived from the seed and a post: the same on every run and machine. */
function fractions(seed: number, key: string): number[] {
  const digest = createHash('sha256').update(`${seed}:${key}`).digest();
  return Array.from({ length: 8 }, (_, index) => digest.readUInt32BE(index * 4) / 2 ** 32);
}

/** The fault plan of a post: per post, so the retries of a passing fault meet the same plan and end accepted. */
export function faultPlan(options: ChaosOptions, post: string): FaultPlan {
  const [pick = 0, count = 0, ...kinds] = fractions(options.seed, post);
  if (pick < options.permanentShare) return { kind: 'permanent' };
  if (pick < options.permanentShare + options.unknownShare) return { kind: 'unknown', mode: count < 0.5 ? 'destroy' : 'hang' };
  if (pick >= options.permanentShare + options.unknownShare + options.transientShare) return { kind: 'none' };
  // One to three passing faults, then acceptance: within the connector's 5 attempts.
  const faults = kinds.slice(0, 1 + Math.floor(count * 3)).map((value): TransientFault => {
    if (value < options.resetShare) return 'reset';
    const rest = (value - options.resetShare) / (1 - options.resetShare);
    return rest < 0.125 ? '429-wait' : rest < 0.5 ? '429' : rest < 0.75 ? '500' : '503';
  });
  return { kind: 'transient', faults };
}

/** What the platform saw and did; acceptances are never deduplicated, so a duplicate shows. */
export interface PlatformCounters {
  requests: number;
  acceptances: number;
  '429': number;
  '429-wait': number;
  '500': number;
  '503': number;
  reset: number;
  permanent: number;
  'unknown-destroy': number;
  'unknown-hang': number;
  badSignatures: number;
  /** Requests accepted and then left without an answer because the workers were killed meanwhile (the crash). */
  frozen: number;
  /** Requests for a post that came before the Retry-After it was given had passed. */
  retryAfterViolations: number;
}

/** One acceptance as the platform saw it: the Idempotency-Key it came with and the post its body is (undefined when the body names no known post). */
export interface Acceptance {
  readonly key: string;
  readonly post: string | undefined;
}

export interface ChaosPlatform {
  /** Instance URL of a channel. */
  readonly url: (channel: string) => string;
  /** Every acceptance, under whatever key it came: reconciled per post, so a post accepted under two keys is a duplicate. */
  readonly acceptances: readonly Acceptance[];
  /** Requests per post. */
  readonly requests: ReadonlyMap<string, number>;
  readonly counters: PlatformCounters;
  stop(): Promise<void>;
}

/** Slack for the clock granularity of Retry-After checks. */
const RETRY_AFTER_SLACK_MS = 50;

/**
 * A webhook platform on 127.0.0.1 for the chaos run. It verifies each request's HMAC signature
 * (X-Flywheel-Signature over `<timestamp>.<body>` with the channel's secret), then answers by
 * the post's fault plan and how many requests that post has had (whatever their keys): passing faults first (429 with
 * Retry-After, 500, 503, or a connection reset before anything is recorded), then 200 with an id;
 * a permanent fault is a 400 with an error body; an unknown outcome records the post and then
 * destroys the socket or never answers (the client times out).
 */
export async function startChaosPlatform(
  options: ChaosOptions,
  secretOf: (channel: string) => string | undefined,
  /** Called for each signed request; a promise freezes it: the post is accepted, and the socket dies once the promise settles (the crash). */
  freeze: (key: string) => Promise<void> | undefined = () => undefined,
  /** The post (job id) a request body is, from what it says (campaign, post, channel, variant, scheduled time), never from its key. */
  postOf: (body: unknown) => string | undefined = () => undefined,
): Promise<ChaosPlatform> {
  const acceptances: Acceptance[] = [];
  const requests = new Map<string, number>();
  const notBefore = new Map<string, number>();
  const hanging = new Set<ServerResponse>();
  const counters: PlatformCounters = {
    requests: 0, acceptances: 0, '429': 0, '429-wait': 0, '500': 0, '503': 0, reset: 0, permanent: 0, 'unknown-destroy': 0, 'unknown-hang': 0,
    badSignatures: 0, frozen: 0, retryAfterViolations: 0,
  };
  let ids = 0;

  function accept(key: string, post: string | undefined): string {
    acceptances.push({ key, post });
    counters.acceptances += 1;
    return `chaos-${(ids += 1)}`;
  }

  function answer(request: IncomingMessage, response: ServerResponse, body: string): void {
    counters.requests += 1;
    const channel = (request.url ?? '/').slice(1);
    const key = String(request.headers['idempotency-key'] ?? '');
    const timestamp = Number(request.headers['x-flywheel-timestamp']);
    const secret = secretOf(channel);
    const expected = secret === undefined ? '' : signWebhookBody(secret, timestamp, body);
    const given = String(request.headers['x-flywheel-signature'] ?? '');
    if (!key || expected.length !== given.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(given))) {
      counters.badSignatures += 1;
      response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad signature' }));
      return;
    }
    // Faults, attempts and Retry-After follow the post, not the key: a client that changes the key
    // on a retry meets the same plan (and its second acceptance shows as a duplicate).
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    const post = postOf(parsed);
    const subject = post ?? key;
    const attempt = requests.get(subject) ?? 0;
    requests.set(subject, attempt + 1);
    const frozen = freeze(subject);
    if (frozen) {
      // The worker dies while this request is on the platform: the post is there, its claim has no outcome.
      counters.frozen += 1;
      accept(key, post);
      void frozen.finally(() => request.socket.destroy());
      return;
    }
    if (Date.now() + RETRY_AFTER_SLACK_MS < (notBefore.get(subject) ?? 0)) counters.retryAfterViolations += 1;
    const plan = faultPlan(options, subject);
    if (plan.kind === 'permanent') {
      counters.permanent += 1;
      response.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'content_rejected', message: 'the post breaks the platform rules (chaos permanent fault)' }));
      return;
    }
    if (plan.kind === 'unknown' && attempt === 0) {
      accept(key, post);
      counters[`unknown-${plan.mode}`] += 1;
      if (plan.mode === 'destroy') {
        request.socket.destroy();
        return;
      }
      hanging.add(response);
      response.on('close', () => hanging.delete(response));
      return;
    }
    const fault = plan.kind === 'transient' ? plan.faults[attempt] : undefined;
    if (fault !== undefined) {
      counters[fault] += 1;
      if (fault === 'reset') {
        // Nothing recorded: the post was turned away before acceptance, though the client cannot tell.
        request.socket.resetAndDestroy();
        return;
      }
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault === '429' || fault === '429-wait') {
        const seconds = fault === '429-wait' ? options.retryAfterSeconds : 0;
        headers['retry-after'] = String(seconds);
        notBefore.set(subject, Date.now() + seconds * 1000);
      }
      response.writeHead(fault === '429-wait' ? 429 : Number(fault), headers).end(JSON.stringify({ error: 'try again later (chaos transient fault)' }));
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: accept(key, post) }));
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => answer(request, response, Buffer.concat(chunks).toString('utf8')));
  });
  // Idle keep-alive sockets must not be closed under a request the client is sending: that would be an uninjected fault.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (channel) => `http://127.0.0.1:${port}/${channel}`,
    acceptances, requests, counters,
    stop: () => new Promise<void>((resolve) => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
