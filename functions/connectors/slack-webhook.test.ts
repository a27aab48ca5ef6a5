import { afterEach, describe, expect, it } from 'vitest';
import type { NotifyTarget } from '../../core/index';
import { startSlackServer, type SlackServer } from '../../test/support/platform-servers/slack-server';
import { gaps, secretsFrom, virtualTime } from '../../test/support/platform-servers/virtual-time';
import { createNotifyConnector, type ConnectorDeps } from './index';

const servers: SlackServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const TARGET: NotifyTarget = { id: 'ops', type: 'slack', url: 'secret:slack-hook', mentions: ['U024BE7LH', '@all'] };

async function setup(hook = 'https://hooks.slack.com/services/T000/B000/XXXXXXXX') {
  const time = virtualTime();
  const server = await startSlackServer({ now: time.now });
  servers.push(server);
  const deps: ConnectorDeps = {
    resolveSecret: secretsFrom({ 'secret:slack-hook': hook }), now: time.now, sleep: time.sleep, random: () => 0.5, baseUrls: { slack: server.origin }, timeoutMs: 2000,
  };
  return { time, server, bot: createNotifyConnector(TARGET, deps) };
}

const message = (text: string, title?: string) => ({ key: 'k', target: 'ops', at: 0, text, ...(title ? { title } : {}) });

describe('Slack incoming webhook', () => {
  it('posts mrkdwn text with a bold title, escaped control characters and mentions', async () => {
    const { server, bot } = await setup();

    expect(await bot.notify(message('views < 1000 & falling', 'KPI check'))).toEqual({ status: 'published', attempts: 1 });

    expect(server.messages[0]?.text).toBe('*KPI check*\nviews &lt; 1000 &amp; falling\n<@U024BE7LH> <!channel>');
  });

  it('keeps to one message a second', async () => {
    const { server, bot } = await setup();

    for (let index = 0; index < 5; index += 1) await bot.notify(message(`#${index}`));

    expect(server.requests).toHaveLength(5);
    expect(Math.min(...gaps(server.messages.map((sent) => sent.at)))).toBeGreaterThanOrEqual(1000);
  });

  it('honours 429 Retry-After and retries a 500 rollup_error, then delivers once', async () => {
    const { server, bot, time } = await setup();
    server.inject({ kind: 'status', status: 429, body: 'rate_limited', headers: { 'Retry-After': '30' } });
    server.inject({ kind: 'status', status: 500, body: 'rollup_error' });

    const result = await bot.notify(message('retry me'));

    expect(result).toEqual({ status: 'published', attempts: 3 });
    expect(server.requests[1]!.at - server.requests[0]!.at).toBe(30_000);
    expect(time.sleeps).toContain(30_000);
    expect(server.messages).toHaveLength(1);
  });

  it('fails an unknown hook (404 no_service) and an archived channel (410) with the reason, once each', async () => {
    const missing = await setup('https://hooks.slack.com/services/T000/B000/WRONG');
    const archived = await setup();
    archived.server.inject({ kind: 'status', status: 410, body: 'channel_is_archived' });

    expect(await missing.bot.notify(message('x'))).toEqual({ status: 'failed', reason: 'HTTP 404 Not Found: no_service', attempts: 1 });
    expect(await archived.bot.notify(message('x'))).toEqual({ status: 'failed', reason: 'HTTP 410 Gone: channel_is_archived', attempts: 1 });
  });

  it('reports unconfirmed without a retry when the connection drops after the message left', async () => {
    const { server, bot } = await setup();
    server.inject({ kind: 'reset' });

    expect(await bot.notify(message('x'))).toMatchObject({ status: 'unconfirmed', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });
});
