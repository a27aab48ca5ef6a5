import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { NotifyTarget } from '../../core/index';
import { startDingTalkServer, type DingTalkServer } from '../../test/support/platform-servers/dingtalk-server';
import { gaps, secretsFrom, virtualTime } from '../../test/support/platform-servers/virtual-time';
import { RateLimiter } from './rate-limiter';
import { createNotifyConnector, type ConnectorDeps } from './index';

const servers: DingTalkServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const TARGET: NotifyTarget = { id: 'ops', type: 'dingtalk-bot', url: 'secret:ding-hook', secret: 'secret:ding-sign', mentions: ['13800001111', 'manager4220'] };
const SECRET = 'SECdingtalk-test-secret';

async function setup(options: { signingSecret?: string; timeoutMs?: number } = {}) {
  const time = virtualTime();
  const server = await startDingTalkServer({ now: time.now, secret: SECRET });
  servers.push(server);
  const deps: ConnectorDeps = {
    resolveSecret: secretsFrom({ 'secret:ding-hook': 'https://oapi.dingtalk.com/robot/send?access_token=dingtalk-access-token', 'secret:ding-sign': options.signingSecret ?? SECRET }),
    now: time.now, sleep: time.sleep, random: () => 0.5, baseUrls: { 'dingtalk-bot': server.origin }, timeoutMs: options.timeoutMs ?? 2000,
    rateLimiters: new Map<string, RateLimiter>(),
  };
  return { time, server, deps, bot: createNotifyConnector(TARGET, deps) };
}

const message = (text: string, title?: string) => ({ key: 'k', target: 'ops', at: 0, text, ...(title ? { title } : {}) });

describe('DingTalk custom robot', () => {
  it('signs the URL with a millisecond timestamp and names the @-mentioned in the text', async () => {
    const { server, bot, time } = await setup();

    expect(await bot.notify(message('负面声量异常'))).toEqual({ status: 'published', attempts: 1 });

    const { query } = server.requests[0]!;
    expect(query.get('timestamp')).toBe(String(time.start));
    // The documented recipe, computed here independently of the connector.
    expect(query.get('sign')).toBe(createHmac('sha256', SECRET).update(`${time.start}\n${SECRET}`).digest('base64'));
    expect(server.messages[0]?.body).toEqual({
      msgtype: 'text', text: { content: '负面声量异常\n@13800001111 @manager4220' }, at: { atMobiles: ['13800001111'], atUserIds: ['manager4220'], isAtAll: false },
    });
  });

  it('sends a titled message as markdown with the title', async () => {
    const { server, bot } = await setup();

    await bot.notify(message('**30 分钟**未解除', '升级处理'));

    expect(server.messages[0]?.body).toMatchObject({ msgtype: 'markdown', markdown: { title: '升级处理', text: '#### 升级处理\n**30 分钟**未解除\n@13800001111 @manager4220' } });
  });

  it('fails a wrong signing secret (errcode 310000) at once, with how to fix it', async () => {
    const { server, bot } = await setup({ signingSecret: 'SECwrong' });

    const result = await bot.notify(message('签名错误'));

    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result.status === 'failed' && result.reason).toMatch(/310000.*sign not match.*check the signing secret/);
    expect(server.requests).toHaveLength(1);
  });

  it('keeps to 20 a minute: 22 messages go 3 s apart and never trip the throttle', async () => {
    const { server, bot } = await setup();

    for (let index = 0; index < 22; index += 1) expect((await bot.notify(message(`#${index}`))).status).toBe('published');

    expect(server.messages).toHaveLength(22);
    expect(Math.min(...gaps(server.messages.map((sent) => sent.at)))).toBeGreaterThanOrEqual(3000);
  });

  it('on 130101 (throttled for 10 minutes) fails at once as retryable and holds later messages without sending them', async () => {
    const { server, bot } = await setup();
    server.inject({ kind: 'status', status: 200, body: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' } });

    const first = await bot.notify(message('限流'));
    const second = await bot.notify(message('限流之后'));

    expect(first).toMatchObject({ status: 'failed', retryable: true, attempts: 1 });
    expect(first.status === 'failed' && first.reason).toMatch(/^Asked to wait 600 s, beyond the retry budget/);
    expect(second).toMatchObject({ status: 'failed', retryable: true, attempts: 0 });
    expect(second.status === 'failed' && second.reason).toMatch(/rate limited for another 600 s/);
    expect(server.requests).toHaveLength(1);
  });

  it('reports unconfirmed without a retry when DingTalk never answers', async () => {
    const { server, bot } = await setup({ timeoutMs: 150 });
    server.inject({ kind: 'hang' });

    const result = await bot.notify(message('超时'));

    expect(result).toEqual({ status: 'unconfirmed', reason: 'No answer within 150 ms; the platform may have accepted the post', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });
});
