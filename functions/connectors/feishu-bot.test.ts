import { afterEach, describe, expect, it } from 'vitest';
import type { NotifyTarget } from '../../core/index';
import { startFeishuServer, type FeishuServer } from '../../test/support/platform-servers/feishu-server';
import { gaps, secretsFrom, virtualTime } from '../../test/support/platform-servers/virtual-time';
import { signFeishu } from './feishu-bot';
import { createNotifyConnector, type ConnectorDeps } from './index';

const servers: FeishuServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const TARGET: NotifyTarget = { id: 'ops', type: 'feishu-bot', url: 'secret:feishu-hook', secret: 'secret:feishu-sign', mentions: ['ou_7d8a6e6df7621556ce0d21922b676706', '@all'] };
const SECRET = 'feishu-signing-secret';

async function setup(signingSecret = SECRET) {
  const time = virtualTime();
  const server = await startFeishuServer({ now: time.now, secret: SECRET });
  servers.push(server);
  const deps: ConnectorDeps = {
    resolveSecret: secretsFrom({ 'secret:feishu-hook': 'https://open.feishu.cn/open-apis/bot/v2/hook/feishu-hook-id', 'secret:feishu-sign': signingSecret }),
    now: time.now, sleep: time.sleep, random: () => 0.5, baseUrls: { 'feishu-bot': server.origin }, timeoutMs: 2000,
  };
  return { time, server, bot: createNotifyConnector(TARGET, deps) };
}

const message = (text: string, title?: string) => ({ key: 'k', target: 'ops', at: 0, text, ...(title ? { title } : {}) });

describe('Feishu custom bot', () => {
  it('signs as documented: Base64(HMAC-SHA256(key = timestamp\\nsecret, "")), matching an independently computed vector', () => {
    // Vector from an unrelated project's test of the same algorithm (node:crypto, see the README's sources).
    expect(signFeishu(1756800000, 'orbit-test-secret')).toBe('sN+9ZKa5w6BQmKyxCaxNA1DWEgtEnZaOcfEOCqZ26fg=');
  });

  it('sends signed text with @-mentions; the server verifies timestamp and sign', async () => {
    const { server, bot, time } = await setup();

    expect(await bot.notify(message('负面声量异常'))).toEqual({ status: 'published', attempts: 1 });

    const sent = JSON.parse(server.requests[0]!.body) as Record<string, unknown>;
    expect(sent.timestamp).toBe(String(time.start / 1000));
    expect(sent.sign).toBe(signFeishu(time.start / 1000, SECRET));
    expect(server.messages[0]).toMatchObject({ msgType: 'text', content: { text: '负面声量异常 <at user_id="ou_7d8a6e6df7621556ce0d21922b676706"></at> <at user_id="all">所有人</at>' } });
  });

  it('sends a titled message as a rich-text post, one paragraph per line', async () => {
    const { server, bot } = await setup();

    await bot.notify(message('第一行\n第二行', '升级处理'));

    expect(server.messages[0]).toMatchObject({
      msgType: 'post',
      content: { post: { zh_cn: { title: '升级处理', content: [[{ tag: 'text', text: '第一行' }], [{ tag: 'text', text: '第二行' }], [{ tag: 'at', user_id: 'ou_7d8a6e6df7621556ce0d21922b676706' }, { tag: 'at', user_id: 'all' }]] } } },
    });
  });

  it('fails a wrong signing secret (code 19021) at once, with how to fix it', async () => {
    const { server, bot } = await setup('not-the-secret');

    const result = await bot.notify(message('签名错误'));

    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result.status === 'failed' && result.reason).toMatch(/19021.*check the signing secret and the server clock/);
    expect(server.requests).toHaveLength(1);
    expect(server.messages).toHaveLength(0);
  });

  it('keeps 100 a minute and 5 a second: 12 messages go 600 ms apart without a throttle', async () => {
    const { server, bot } = await setup();

    for (let index = 0; index < 12; index += 1) expect((await bot.notify(message(`#${index}`))).status).toBe('published');

    expect(server.requests).toHaveLength(12);
    expect(Math.min(...gaps(server.messages.map((sent) => sent.at)))).toBeGreaterThanOrEqual(600);
  });

  it('retries a throttle (11232) with backoff and re-signs a retry after a long Retry-After with a fresh timestamp', async () => {
    const { server, bot, time } = await setup();
    server.inject({ kind: 'status', status: 200, body: { code: 11232, msg: 'frequency limited psm[lark.oapi.app_platform_runtime]', data: {} } });
    server.inject({ kind: 'status', status: 429, body: 'Too Many Requests', headers: { 'Retry-After': '90' } });

    const result = await bot.notify(message('限流'));

    expect(result).toEqual({ status: 'published', attempts: 3 });
    const timestamps = server.requests.map((request) => (JSON.parse(request.body) as { timestamp: string }).timestamp);
    expect(Number(timestamps[2]) - Number(timestamps[1])).toBe(90);
    expect(time.sleeps).toContain(90_000);
  });

  it('splits a message whose body would pass 20 KB, each request under the limit', async () => {
    const { server, bot } = await setup();
    const text = Array.from({ length: 400 }, (_, index) => `${index} ${'舆情数据'.repeat(5)}`).join('\n');

    const result = await bot.notify(message(text));

    expect(result.status).toBe('published');
    expect(server.messages.length).toBeGreaterThan(1);
    for (const request of server.requests) expect(Buffer.byteLength(request.body)).toBeLessThanOrEqual(20 * 1024);
  });

  it('reports unconfirmed without a retry when the connection drops after the message left', async () => {
    const { server, bot } = await setup();
    server.inject({ kind: 'reset' });

    const result = await bot.notify(message('断开'));

    expect(result).toMatchObject({ status: 'unconfirmed', attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });
});
