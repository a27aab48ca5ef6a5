import { afterEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../core/index';
import { startWeChatServer, type WeChatServer } from '../../test/support/platform-servers/wechat-server';
import { secretsFrom, virtualTime } from '../../test/support/platform-servers/virtual-time';
import { createPublishConnector, type ConnectorDeps, type OutgoingPost } from './index';

const servers: WeChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const CHANNEL: Channel = { id: 'wechat-main', platform: 'wechat-oa', credentials: 'secret:wechat-main' };
const CREDENTIALS = { appId: 'wx-test-app', appSecret: 'wechat-test-secret', thumbMediaId: 'THUMB-MEDIA-1', author: '运营部' };

const post = (overrides: Partial<OutgoingPost> = {}): OutgoingPost => ({
  key: 'launch/first#wechat-main@2027-01-10T12:00Z', channel: 'wechat-main', campaign: 'launch', post: 'first', share: 1, scheduledAt: 0,
  title: '冬日热饮的三种做法', body: '第一种: 姜茶。\n第二种: <热>可可 & 棉花糖。', tags: ['冬季'], ...overrides,
});

async function setup(credentials: unknown = CREDENTIALS, extra: Partial<ConnectorDeps> = {}) {
  const time = virtualTime();
  const server = await startWeChatServer({ now: time.now });
  servers.push(server);
  const deps: ConnectorDeps = {
    resolveSecret: secretsFrom({ 'secret:wechat-main': typeof credentials === 'string' ? credentials : JSON.stringify(credentials) }),
    now: time.now, sleep: time.sleep, random: () => 0.5, baseUrls: { 'wechat-oa': server.origin }, timeoutMs: 2000, tokens: new Map(), ...extra,
  };
  return { time, server, deps, connector: createPublishConnector(CHANNEL, deps) };
}

const calls = (server: WeChatServer, path: string) => server.requests.filter((request) => request.path === path);

describe('WeChat Official Account', () => {
  it('drafts, submits, and reports the asynchronous result as a pending read-back that resolves to the article', async () => {
    const { server, connector } = await setup();

    const result = await connector.publish(post());

    const publishId = server.published[0]!.publishId;
    expect(result).toMatchObject({ status: 'unconfirmed', attempts: 2, readBack: { platformId: publishId, afterMs: 60_000 } });
    expect(server.published[0]!.article).toEqual({
      title: '冬日热饮的三种做法', author: '运营部', thumb_media_id: 'THUMB-MEDIA-1', need_open_comment: 0, only_fans_can_comment: 0,
      content: '<p>第一种: 姜茶。</p><p>第二种: &lt;热&gt;可可 &amp; 棉花糖。</p><p>#冬季</p>',
    });
    expect(server.drafts.size).toBe(0);
    // The server reports "publishing" once, then success.
    expect(await connector.readBack!(publishId)).toMatchObject({ status: 'unconfirmed', readBack: { platformId: publishId } });
    expect(await connector.readBack!(publishId)).toEqual({ status: 'published', platformId: `ARTICLE-${publishId}`, attempts: 1 });
  });

  it("uploads a post's own cover once as a permanent image material and drafts the article with it", async () => {
    // Prepare: two covers in the workspace (bytes that are not UTF-8 text), shared by two posts.
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xfe, 0x00, 0x80]);
    const files = new Map<string, Uint8Array>([['media/winter/cover.png', png], ['media/winter/other.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2])]]);
    const mediaIds = new Map<string, string>();
    const { server, connector, deps } = await setup(CREDENTIALS, { readMedia: (path) => files.get(path), mediaIds });
    // Act
    await connector.publish(post({ cover: '../media/winter/cover.png', coverFile: 'media/winter/cover.png' }));
    await connector.publish(post({ post: 'second', cover: '../media/winter/cover.png', coverFile: 'media/winter/cover.png' }));
    await connector.publish(post({ post: 'third', coverFile: 'media/winter/other.jpg' }));
    // A connector built later in the same process (a new channel object) finds the upload too.
    await createPublishConnector({ ...CHANNEL }, deps).publish(post({ post: 'fourth', coverFile: 'media/winter/cover.png' }));
    // Assess
    expect(server.materials.map((item) => [item.mediaId, item.filename, item.contentType])).toEqual([
      ['IMAGE-MEDIA-1', 'cover.png', 'image/png'], ['IMAGE-MEDIA-2', 'other.jpg', 'image/jpeg'],
    ]);
    expect(server.materials[0]!.bytes.equals(png)).toBe(true);
    expect(server.published.map((item) => item.article.thumb_media_id)).toEqual(['IMAGE-MEDIA-1', 'IMAGE-MEDIA-1', 'IMAGE-MEDIA-2', 'IMAGE-MEDIA-1']);
  });

  it('uses the channel cover when the post has none here, and refuses a cover WeChat would not take before sending', async () => {
    const files = new Map<string, Uint8Array>([['media/a.webp', Buffer.from('RIFF')], ['media/huge.png', new Uint8Array(10 * 1024 * 1024 + 1)]]);
    const { server, connector } = await setup(CREDENTIALS, { readMedia: (path) => files.get(path) });

    await connector.publish(post({ coverFile: 'media/not-shipped.png' }));
    const webp = await connector.publish(post({ coverFile: 'media/a.webp' }));
    const huge = await connector.publish(post({ coverFile: 'media/huge.png' }));

    expect(server.published.map((item) => item.article.thumb_media_id)).toEqual(['THUMB-MEDIA-1']);
    expect(webp).toEqual({ status: 'failed', attempts: 0, reason: "The cover media/a.webp is not an image WeChat takes (bmp, png, jpeg, jpg, gif); convert it (封面格式不支持)" });
    expect(huge).toMatchObject({ status: 'failed', attempts: 0, reason: expect.stringContaining("over WeChat's 10 MB") });
    expect(server.materials).toHaveLength(0);
  });

  it('sends a cover upload again when its answer is lost, and publishes nothing when the upload fails for good', async () => {
    const files = new Map<string, Uint8Array>([['media/c.png', Buffer.from([1, 2, 3])], ['media/d.png', Buffer.from([4, 5, 6])]]);
    const { server, connector } = await setup(CREDENTIALS, { readMedia: (path) => files.get(path) });
    server.inject({ kind: 'reset' }, 1, '/cgi-bin/material/add_material');

    await connector.publish(post({ coverFile: 'media/c.png' }));
    server.inject({ kind: 'status', status: 200, body: { errcode: 40005, errmsg: 'invalid file type' } }, 1, '/cgi-bin/material/add_material');
    const refused = await connector.publish(post({ post: 'second', coverFile: 'media/d.png' }));

    // The reset upload was sent again and taken; the refused one was not retried, and no draft was made for it.
    expect(calls(server, '/cgi-bin/material/add_material')).toHaveLength(3);
    expect(server.published.map((item) => item.article.thumb_media_id)).toEqual(['IMAGE-MEDIA-1']);
    expect(refused).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^Could not upload the cover media\/d.png \(上传封面失败\): .*40005/) });
    expect(calls(server, '/cgi-bin/draft/add')).toHaveLength(1);
  });

  it('reads back a rejected publish as failed with the reason', async () => {
    const { server, connector } = await setup();
    server.planNextPublish({ pendingReads: 0, finalStatus: 4 });

    const submitted = await connector.publish(post());
    const result = await connector.readBack!(submitted.status === 'unconfirmed' ? submitted.readBack!.platformId : '');

    expect(result).toMatchObject({ status: 'failed', attempts: 1 });
    expect(result.status === 'failed' && result.reason).toMatch(/rejected in platform review \(平台审核不通过\); failed articles: 1/);
  });

  it('caches the access token across publishes and renews it 5 minutes before it expires', async () => {
    const { server, connector, time } = await setup();

    await connector.publish(post());
    await connector.publish(post({ key: 'second' }));
    expect(server.tokenRequests).toHaveLength(1);

    await time.sleep(7200_000 - 5 * 60_000);
    await connector.publish(post({ key: 'third' }));
    expect(server.tokenRequests).toHaveLength(2);
    expect(new Set(calls(server, '/cgi-bin/draft/add').map((request) => request.query.get('access_token')))).toEqual(new Set(['ACCESS_TOKEN_1', 'ACCESS_TOKEN_2']));
  });

  it('refreshes the token on 40001 (superseded) and on 42001 (expired), and sends the refused call again', async () => {
    const { server, connector } = await setup();
    await connector.publish(post({ key: 'warm-up' }));
    server.supersedeTokens();

    const afterSupersede = await connector.publish(post());
    server.inject({ kind: 'status', status: 200, body: { errcode: 42001, errmsg: 'access_token expired' } });
    const afterExpiry = await connector.publish(post({ key: 'third' }));

    expect(afterSupersede).toMatchObject({ status: 'unconfirmed', attempts: 3 });
    expect(afterExpiry).toMatchObject({ status: 'unconfirmed', attempts: 3 });
    // After the supersede a normal call gives a new token; after the 42001 it hands back the same one, so force_refresh follows.
    expect(server.tokenRequests).toEqual([{ forceRefresh: false }, { forceRefresh: false }, { forceRefresh: false }, { forceRefresh: true }]);
    expect(server.published).toHaveLength(3);
  });

  it('asks stable_token with force_refresh when the normal call hands back the very token WeChat refused', async () => {
    const { server, connector } = await setup();
    await connector.publish(post({ key: 'warm-up' }));
    server.refuseCurrentToken();

    const result = await connector.publish(post());

    expect(result).toMatchObject({ status: 'unconfirmed', attempts: 3 });
    expect(server.tokenRequests).toEqual([{ forceRefresh: false }, { forceRefresh: false }, { forceRefresh: true }]);
    expect(calls(server, '/cgi-bin/draft/add').at(-1)?.query.get('access_token')).toBe('ACCESS_TOKEN_2');
  });

  it('retries "system busy" (-1) and a 502, then publishes once', async () => {
    const { server, connector } = await setup();
    await connector.publish(post({ key: 'warm-up' }));
    server.inject({ kind: 'status', status: 200, body: { errcode: -1, errmsg: 'system error' } });
    server.inject({ kind: 'status', status: 502, body: 'Bad Gateway' });

    const result = await connector.publish(post());

    expect(result).toMatchObject({ status: 'unconfirmed', attempts: 4, readBack: { afterMs: 60_000 } });
    expect(server.published).toHaveLength(2);
  });

  it('fails an unknown cover (40007) at once with how to fix it, and refuses an over-long title before sending', async () => {
    const wrongCover = await setup({ ...CREDENTIALS, thumbMediaId: 'NOT-A-MATERIAL' });
    const longTitle = await setup();

    const refusedByWeChat = await wrongCover.connector.publish(post());
    const refusedHere = await longTitle.connector.publish(post({ title: '标'.repeat(33) }));

    expect(refusedByWeChat).toMatchObject({ status: 'failed', attempts: 1 });
    expect(refusedByWeChat.status === 'failed' && refusedByWeChat.reason).toMatch(/errcode 40007.*permanent image material/);
    expect(calls(wrongCover.server, '/cgi-bin/draft/add')).toHaveLength(1);
    expect(refusedHere).toEqual({ status: 'failed', attempts: 0, reason: "The title is 33 characters, over WeChat's 32 (wechat-main); shorten it or add a variant" });
    expect(longTitle.server.requests).toHaveLength(0);
  });

  it('reports unconfirmed, without sending again, when the draft or the submit answer is lost after WeChat acted on it', async () => {
    const { server, connector } = await setup();
    server.inject({ kind: 'drop-answer' }, 1, '/cgi-bin/draft/add');

    const lostDraft = await connector.publish(post({ key: 'lost-draft' }));

    expect(lostDraft).toMatchObject({ status: 'unconfirmed', attempts: 1 });
    expect(lostDraft.status === 'unconfirmed' && lostDraft.reason).toMatch(/a draft may have been created/);
    expect(lostDraft.status === 'unconfirmed' && lostDraft.readBack).toBeUndefined();
    expect(server.drafts.size).toBe(1);
    expect(calls(server, '/cgi-bin/draft/add')).toHaveLength(1);

    server.inject({ kind: 'drop-answer' }, 1, '/cgi-bin/freepublish/submit');
    const lostSubmit = await connector.publish(post());

    expect(lostSubmit).toMatchObject({ status: 'unconfirmed', attempts: 2 });
    expect(lostSubmit.status === 'unconfirmed' && lostSubmit.reason).toMatch(/may have started a publish.*发表记录/);
    expect(calls(server, '/cgi-bin/freepublish/submit')).toHaveLength(1);
    expect(server.published).toHaveLength(1);
  });

  it('fails with how to fix it when the credentials are not the documented JSON or the AppSecret is wrong', async () => {
    const notJson = await setup('wx-test-app:secret');
    const wrongSecret = await setup({ ...CREDENTIALS, appSecret: 'wrong' });

    const malformed = await notJson.connector.publish(post());
    const refused = await wrongSecret.connector.publish(post());

    expect(malformed).toMatchObject({ status: 'failed', attempts: 0 });
    expect(malformed.status === 'failed' && malformed.reason).toMatch(/must be JSON like \{"appId"/);
    expect(refused).toMatchObject({ status: 'failed', attempts: 1 });
    expect(refused.status === 'failed' && refused.reason).toMatch(/errcode 40125.*reset it in the 公众平台/);
  });
});
