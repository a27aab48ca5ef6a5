import { afterEach, describe, expect, it } from 'vitest';
import type { NotifyTarget } from '../../core/index';
import { startWeComServer, type WeComServer } from '../../test/support/platform-servers/wecom-server';
import { gaps, secretsFrom, virtualTime } from '../../test/support/platform-servers/virtual-time';
import { createNotifyConnector, createPublishConnector, type ConnectorDeps } from './index';
import { splitUtf8 } from './split-text';

const servers: WeComServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const TARGET: NotifyTarget = { id: 'ops', type: 'wecom-bot', url: 'secret:ops-bot', mentions: ['zhangsan', '13800001111', '@all'] };

async function setup(options: { timeoutMs?: number } = {}) {
  const time = virtualTime();
  const server = await startWeComServer({ now: time.now });
  servers.push(server);
  const deps: ConnectorDeps = {
    resolveSecret: secretsFrom({ 'secret:ops-bot': 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-test-key' }),
    now: time.now, sleep: time.sleep, random: () => 0.5, baseUrls: { 'wecom-bot': server.origin }, timeoutMs: options.timeoutMs ?? 5000,
  };
  return { time, server, deps, bot: createNotifyConnector(TARGET, deps) };
}

const message = (text: string, title?: string) => ({ key: `alert-${text.length}`, target: 'ops', at: Date.parse('2027-01-10T12:00:00Z'), text, ...(title ? { title } : {}) });

describe('WeCom group bot', () => {
  it('sends untitled messages as text with native @-mentions, titled ones as markdown', async () => {
    const { server, bot } = await setup();

    expect(await bot.notify(message('负面声量异常: 42'))).toEqual({ status: 'published', attempts: 1 });
    expect(await bot.notify(message('30 分钟未解除', '升级处理'))).toEqual({ status: 'published', attempts: 1 });

    expect(bot.kind).toBe('wecom-bot');
    expect(server.messages.map(({ at: _at, ...rest }) => rest)).toEqual([
      { msgtype: 'text', content: '负面声量异常: 42', mentionedList: ['zhangsan', '@all'], mentionedMobileList: ['13800001111'] },
      { msgtype: 'markdown', content: '**升级处理**\n30 分钟未解除\n<@zhangsan>' },
    ]);
  });

  it('follows the text with each attached JPG or PNG as an image message, leaving out what WeCom would refuse', async () => {
    const { server, bot } = await setup();
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00]);

    const result = await bot.notify({
      ...message('请手动发布 Publish by hand: notes/mooncake → xhs-main'),
      attachments: [
        { name: 'media/cover.jpg', bytes: jpeg }, { name: 'media/clip.mp4', bytes: Buffer.from([0, 0, 0, 0x18]) },
        { name: 'media/huge.png', bytes: Buffer.concat([png, Buffer.alloc(2 * 1024 * 1024)]) }, { name: 'media/second.PNG', bytes: png },
      ],
    });

    expect(result).toEqual({ status: 'published', attempts: 3 });
    expect(server.messages.map((item) => item.msgtype)).toEqual(['text', 'image', 'image']);
    expect(server.messages[1]!.image?.equals(jpeg)).toBe(true);
    expect(server.messages[2]!.image?.equals(png)).toBe(true);
  });

  it('splits text over 2048 UTF-8 bytes on line boundaries, mentioning only in the first part', async () => {
    const { server, bot } = await setup();
    // 3 bytes per CJK character: 100 lines of 30 characters are ~9 KB.
    const lines = Array.from({ length: 100 }, (_, index) => `第${String(index).padStart(3, '0')}行${'数据'.repeat(13)}`);

    const result = await bot.notify(message(lines.join('\n')));

    expect(result.status).toBe('published');
    expect(server.messages.length).toBeGreaterThan(4);
    expect(result.attempts).toBe(server.messages.length);
    for (const sent of server.messages) expect(Buffer.byteLength(sent.content)).toBeLessThanOrEqual(2048);
    // Each part is whole lines, in order: joined they give the text back.
    expect(server.messages.map((sent) => sent.content).join('\n')).toBe(lines.join('\n'));
    expect(server.messages.slice(1).every((sent) => sent.mentionedList === undefined)).toBe(true);
  });

  it('keeps to 20 messages a minute: sends are spaced 3 s apart and the server never throttles', async () => {
    const { server, bot, time } = await setup();

    for (let index = 0; index < 25; index += 1) expect((await bot.notify(message(`第 ${index} 条`))).status).toBe('published');

    expect(server.messages).toHaveLength(25);
    expect(Math.min(...gaps(server.messages.map((sent) => sent.at)))).toBeGreaterThanOrEqual(3000);
    expect(time.now() - time.start).toBeGreaterThanOrEqual(24 * 3000);
  });

  it('waits out a minute on errcode 45009 (over the limit) and then delivers', async () => {
    const { server, bot, time } = await setup();
    server.inject({ kind: 'status', status: 200, body: { errcode: 45009, errmsg: 'api freq out of limit' } });

    const result = await bot.notify(message('限流后重发'));

    expect(result).toEqual({ status: 'published', attempts: 2 });
    expect(time.sleeps).toContain(60_000);
    expect(server.requests[1]!.at - server.requests[0]!.at).toBeGreaterThanOrEqual(60_000);
  });

  it('honours a gateway 429 Retry-After and retries "system busy" (-1) and a 502 with jittered backoff', async () => {
    const { server, bot, time } = await setup();
    server.inject({ kind: 'status', status: 429, body: 'Too Many Requests', headers: { 'Retry-After': '9' } });
    server.inject({ kind: 'status', status: 200, body: { errcode: -1, errmsg: 'system busy' } });
    server.inject({ kind: 'status', status: 502, body: 'Bad Gateway' });

    const result = await bot.notify(message('重试'));

    expect(result).toEqual({ status: 'published', attempts: 4 });
    // 9 s from Retry-After, then half of the 1 s and 2 s backoff ceilings (random() = 0.5).
    expect(time.sleeps).toEqual(expect.arrayContaining([9000, 500, 1000]));
    expect(server.requests[1]!.at - server.requests[0]!.at).toBe(9000);
    expect(server.messages).toHaveLength(1);
  });

  it('fails a wrong key (errcode 93000) at once with the reason, without retrying', async () => {
    const { server, deps } = await setup();
    const bot = createNotifyConnector(TARGET, { ...deps, resolveSecret: secretsFrom({ 'secret:ops-bot': 'not-the-key' }) });

    const result = await bot.notify(message('密钥错误'));

    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result.status === 'failed' && result.reason).toMatch(/93000.*webhook key is invalid/);
    expect(result.status === 'failed' && result.retryable).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it('reports unconfirmed, not retried, when the connection drops or hangs after the message left', async () => {
    const { server, bot } = await setup({ timeoutMs: 150 });
    server.inject({ kind: 'reset' });
    server.inject({ kind: 'hang' });

    const dropped = await bot.notify(message('断开'));
    const hung = await bot.notify(message('超时'));

    expect(dropped).toMatchObject({ status: 'unconfirmed', attempts: 1 });
    expect(hung).toEqual({ status: 'unconfirmed', reason: 'No answer within 150 ms; the platform may have accepted the post', attempts: 1 });
    expect(server.requests).toHaveLength(2);
    expect(server.messages).toHaveLength(0);
  });

  it('publishes a wecom-group channel post as markdown, and says why a channel without credentials goes to the outbox', async () => {
    const { server, deps } = await setup();
    const channel = createPublishConnector({ id: 'team', platform: 'wecom-group', credentials: 'secret:ops-bot' }, deps);
    const post = { key: 'launch/first#team@2027-01-10T12:00Z', channel: 'team', campaign: 'launch', post: 'first', share: 1, scheduledAt: 0, title: '新品上市', body: '冬日热饮的三种做法。', tags: ['winter'] };

    expect(await channel.publish(post)).toEqual({ status: 'published', attempts: 1 });
    expect(server.messages[0]?.content).toBe('# 新品上市\n\n冬日热饮的三种做法。\n\n#winter');
    const outbox = createPublishConnector({ id: 'team', platform: 'wecom-group' }, deps);
    expect(outbox.kind).toBe('outbox');
    expect(outbox.fallbackReason).toMatch(/no credentials/);
  });
});

describe('splitUtf8', () => {
  it('breaks an over-long line between code points, never inside one', () => {
    const parts = splitUtf8('😀'.repeat(10), 9);
    expect(parts).toEqual(['😀😀', '😀😀', '😀😀', '😀😀', '😀😀']);
    expect(splitUtf8('short', 2048)).toEqual(['short']);
  });

  it('counts the joining newline, keeps every part within the limit and drops blank lines at the breaks', () => {
    expect(splitUtf8('aaaa\nbbbbb', 10)).toEqual(['aaaa\nbbbbb']);
    expect(splitUtf8('aaaa\nbbbbbb', 10)).toEqual(['aaaa', 'bbbbbb']);
    expect(splitUtf8('aaaa\n\n\nbbbbbbbbb\ncc', 10)).toEqual(['aaaa', 'bbbbbbbbb', 'cc']);
    const text = Array.from({ length: 50 }, (_, index) => '字'.repeat(index % 7)).join('\n');
    for (const part of splitUtf8(text, 16)) expect(Buffer.byteLength(part)).toBeLessThanOrEqual(16);
  });
});
