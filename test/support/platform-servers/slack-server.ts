import { jsonBody, SlidingWindow, startHttpServer, type RunningServer, type ServerOptions } from './http-server';

/*
 * A local Slack incoming webhook following its documented contract (platforms-peers-compliance.md
 * §3.8; https://api.slack.com/docs/rate-limits): POST /services/T…/B…/…; 200 `ok`; 400
 * invalid_payload / no_text; 404 no_service for an unknown hook; about 1 message a second, then
 * 429 with Retry-After.
 */

export interface SlackServer extends RunningServer {
  readonly webhookUrl: string;
  readonly messages: { readonly text: string; readonly at: number }[];
}

export async function startSlackServer(options: ServerOptions & { hookPath?: string } = {}): Promise<SlackServer> {
  const now = options.now ?? Date.now;
  const hookPath = options.hookPath ?? '/services/T000/B000/XXXXXXXX';
  const window = new SlidingWindow(1, 1000, now);
  const messages: { text: string; at: number }[] = [];
  const server = await startHttpServer((request) => {
    if (request.method !== 'POST' || request.path !== hookPath) return { status: 404, body: 'no_service' };
    const body = jsonBody(request);
    if (!body) return { status: 400, body: 'invalid_payload' };
    if (typeof body.text !== 'string' || body.text === '') return { status: 400, body: 'no_text' };
    if (!window.admit()) return { status: 429, body: 'rate_limited', headers: { 'Retry-After': '1' } };
    messages.push({ text: body.text, at: request.at });
    return { status: 200, body: 'ok' };
  }, options);
  return { ...server, webhookUrl: server.origin + hookPath, messages };
}
