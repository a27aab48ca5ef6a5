import { afterEach, describe, expect, it } from 'vitest';
import type { Source, WorkspaceSpec } from '../../core/index';
import { DATACUBE_SPANS, generateDatacubeData } from '../../test/support/platform-servers/wechat-datacube';
import { startWeChatServer, type WeChatServer } from '../../test/support/platform-servers/wechat-server';
import { secretsFrom, virtualTime } from '../../test/support/platform-servers/virtual-time';
import type { ConnectorDeps } from '../connectors/index';
import { prepareSource, type PublishedPost, type PullConnector } from './index';

const servers: WeChatServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const SPEC: WorkspaceSpec = { timezone: 'Asia/Shanghai', channels: [{ id: 'wechat-main', platform: 'wechat-oa', credentials: 'secret:wechat-main' }] };
const SOURCE: Source = { id: 'wechat-stats', channel: 'wechat-main', backfill: '30d' };
const CREDENTIALS = { appId: 'wx-test-app', appSecret: 'wechat-test-secret' };
const DAY = 86_400_000;
/** 00:00 of a Beijing day. */
const beijing = (day: string) => Date.parse(`${day}T00:00:00+08:00`);

async function setup(options: { credentials?: unknown; start?: number } = {}) {
  // Virtual clock: 2027-01-10 20:00 Beijing time, so yesterday (2027-01-09) is ready.
  const time = virtualTime(options.start);
  const server = await startWeChatServer({ now: time.now, datacube: generateDatacubeData({ from: '2026-11-01', to: '2027-01-10' }) });
  servers.push(server);
  const deps: ConnectorDeps = {
    resolveSecret: secretsFrom({ 'secret:wechat-main': JSON.stringify(options.credentials ?? CREDENTIALS) }),
    now: time.now, sleep: time.sleep, random: () => 0.5, baseUrls: { 'wechat-oa': server.origin }, timeoutMs: 2000, tokens: new Map(),
  };
  const prepared = await prepareSource(SOURCE, SPEC, deps);
  if (prepared.status !== 'ready') throw new Error(`not ready: ${prepared.status}`);
  return { time, server, deps, connector: prepared.connector };
}

const dataCalls = (server: WeChatServer) => server.requests.filter((request) => request.path.startsWith('/datacube/'));
const pullAll = (connector: PullConnector, now: number, published: PublishedPost[] = [], from = now - 30 * DAY) => connector.pull({ from, now, published });

describe('WeChat data pull', () => {
  it("fills followers and follower_gain for every day of the backfill with the platform's numbers, each call within its documented span", async () => {
    const { time, server, connector } = await setup();

    const outcome = await pullAll(connector, time.now());

    expect(outcome.status).toBe('ok');
    const followers = outcome.points.filter((point) => point.metric === 'followers');
    // 30 days back from 2027-01-10 20:00 reaches 2026-12-11; data stops at yesterday, 2027-01-09.
    const days = Array.from({ length: 30 }, (_, index) => new Date(Date.parse('2026-12-11T00:00:00Z') + index * DAY).toISOString().slice(0, 10));
    expect(followers.map((point) => point.time)).toEqual(days.map(beijing));
    expect(followers.map((point) => point.value)).toEqual(days.map((day) => server.datacube.followers.get(day)!.cumulateUsers));
    const gains = outcome.points.filter((point) => point.metric === 'follower_gain');
    expect(gains.map((point) => point.value)).toEqual(days.map((day) => {
      const numbers = server.datacube.followers.get(day)!;
      return Object.values(numbers.newUsers).reduce((total, count) => total + count, 0) - numbers.cancelUsers;
    }));
    expect(new Set(outcome.points.map((point) => point.channel))).toEqual(new Set(['wechat-main']));
    for (const request of dataCalls(server)) {
      const body = JSON.parse(request.body) as { begin_date: string; end_date: string };
      const span = (Date.parse(body.end_date) - Date.parse(body.begin_date)) / DAY + 1;
      expect(span, `${request.path} ${request.body}`).toBeLessThanOrEqual(DATACUBE_SPANS[request.path]!);
      expect(body.end_date <= '2027-01-09').toBe(true);
    }
    // 5 weeks of user data (2 calls each) and 30 days of article data (2 calls each).
    expect(dataCalls(server)).toHaveLength(5 * 2 + 30 * 2);
    expect(outcome.calls).toBe(70);
  });

  it('refuses, as WeChat does, a span over the documented limit, a day not over yet, and a malformed date', async () => {
    const { server } = await setup();
    const token = (JSON.parse(await (await fetch(`${server.origin}/cgi-bin/stable_token`, { method: 'POST', body: JSON.stringify({ grant_type: 'client_credential', appid: CREDENTIALS.appId, secret: CREDENTIALS.appSecret }) })).text()) as { access_token: string }).access_token;
    const call = async (path: string, begin: string, end: string) => (await fetch(`${server.origin}${path}?access_token=${token}`, { method: 'POST', body: JSON.stringify({ begin_date: begin, end_date: end }) })).json();

    expect(await call('/datacube/getusersummary', '2027-01-01', '2027-01-07')).toHaveProperty('list');
    expect(await call('/datacube/getusersummary', '2027-01-01', '2027-01-08')).toMatchObject({ errcode: 61501 });
    expect(await call('/datacube/getarticlesummary', '2027-01-01', '2027-01-02')).toMatchObject({ errcode: 61501 });
    expect(await call('/datacube/getusercumulate', '2027-01-09', '2027-01-10')).toMatchObject({ errcode: 61501 });
    expect(await call('/datacube/getarticletotal', '2027-1-9', '2027-1-9')).toMatchObject({ errcode: 61500 });
  });

  it("reads up to yesterday at any hour, and writes nothing for a day WeChat has no numbers for yet", async () => {
    const { server, connector } = await setup({ start: Date.parse('2027-01-10T07:30:00+08:00') });
    // Before 08:00 yesterday may not be finished: this account has no total for it yet.
    server.datacube.followers.delete('2027-01-09');

    const outcome = await pullAll(connector, Date.parse('2027-01-10T07:30:00+08:00'));

    expect(dataCalls(server).some((request) => request.body.includes('"end_date":"2027-01-09"'))).toBe(true);
    expect(outcome.points.filter((point) => point.metric === 'followers').at(-1)?.time).toBe(beijing('2027-01-08'));
    expect(outcome.points.some((point) => point.metric === 'follower_gain' && point.time === beijing('2027-01-09'))).toBe(false);
  });

  it("joins articles to Flywheel's posts by the msg_data_id recorded at publish, else by title and the day they went out, and sums the rest for the channel", async () => {
    const { time, server, connector } = await setup();
    const [byId, byTitle, other] = server.datacube.articles.filter((article) => article.sentOn >= '2026-12-20');
    const published: PublishedPost[] = [
      { campaign: 'winter', post: 'one', at: beijing(byId!.sentOn) + 20 * 3_600_000, title: '别的标题', platformIds: [byId!.msgid.split('_')[0]!] },
      { campaign: 'winter', post: 'two', at: beijing(byTitle!.sentOn) + 20 * 3_600_000, title: byTitle!.title, platformIds: [] },
      // Same title as an article of the account, but sent on another day: not a match.
      { campaign: 'winter', post: 'three', at: beijing(other!.sentOn) - 5 * DAY, title: other!.title, platformIds: [] },
    ];

    const outcome = await pullAll(connector, time.now(), published);

    const views = (post: string | undefined, day: string) => outcome.points.find((point) => point.metric === 'views' && point.post === post && point.time === beijing(day))?.value;
    expect(views('one', byId!.sentOn)).toBe(byId!.days[byId!.sentOn]!.int_page_read_count);
    expect(views('two', byTitle!.sentOn)).toBe(byTitle!.days[byTitle!.sentOn]!.int_page_read_count);
    expect(outcome.points.some((point) => point.post === 'three')).toBe(false);
    expect(outcome.points.find((point) => point.metric === 'saves' && point.post === 'two' && point.time === beijing(byTitle!.sentOn))).toMatchObject({
      campaign: 'winter', channel: 'wechat-main', value: byTitle!.days[byTitle!.sentOn]!.add_to_fav_count,
    });
    // Every article-day is counted once: per post, or in the channel's sum.
    const day = other!.sentOn;
    const platformTotal = server.datacube.articles.reduce((total, article) => total + (article.days[day]?.int_page_read_count ?? 0), 0);
    const pulledTotal = outcome.points.filter((point) => point.metric === 'views' && point.time === beijing(day)).reduce((total, point) => total + point.value, 0);
    expect(pulledTotal).toBe(platformTotal);
    expect(outcome.joins).toMatchObject({ byId: expect.any(Number), byTitleAndDate: expect.any(Number) });
    expect(outcome.joins!.byId).toBeGreaterThan(0);
    expect(outcome.joins!.byTitleAndDate).toBeGreaterThan(0);
  });

  it('fails on a refused AppSecret, naming the channel and what to renew, with nothing stored', async () => {
    const { time, connector } = await setup({ credentials: { appId: 'wx-test-app', appSecret: 'reset-yesterday' } });

    const outcome = await pullAll(connector, time.now());

    expect(outcome).toMatchObject({ status: 'failed', points: [], credential: { renew: expect.stringContaining('renew the AppSecret of channel wechat-main') } });
    expect(outcome.status === 'failed' && outcome.reason).toContain('40125');
  });

  it("explains WeChat's IP allow-list refusal with the instance proxy as the fix", async () => {
    const { time, server, connector } = await setup();
    server.inject({ kind: 'status', status: 200, body: { errcode: 40164, errmsg: 'invalid ip 203.0.113.9 ipv6 ::ffff:203.0.113.9, not in whitelist' } }, 1, '/datacube/getarticletotal');

    const outcome = await pullAll(connector, time.now());

    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.credential?.renew).toMatch(/IP 白名单.*instance|instance.*egress proxy/s);
  });

  it('keeps what it read before a spent daily quota, and stores no followers for the week it did not finish', async () => {
    const { time, server, connector } = await setup();
    // The first week (7 days of 2 article calls, then 2 user calls) and 3 calls of the second.
    server.datacube.callsLeft = 7 * 2 + 2 + 3;

    const outcome = await pullAll(connector, time.now());

    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/45009.*quota/);
    expect(outcome.status === 'failed' && outcome.credential).toBeUndefined();
    const followers = outcome.points.filter((point) => point.metric === 'followers');
    expect(followers.map((point) => point.time)).toEqual(Array.from({ length: 7 }, (_, index) => beijing('2026-12-11') + index * DAY));
    // The second week's first day of article numbers was read and is kept.
    expect(outcome.points.some((point) => point.metric === 'views' && point.time === beijing('2026-12-18'))).toBe(true);
  });

  it('still reads the followers when the account may not use the article data APIs, and says the article data was not read', async () => {
    const { time, server, connector } = await setup();
    server.inject({ kind: 'status', status: 200, body: { errcode: 48001, errmsg: 'api unauthorized' } }, 1, '/datacube/getarticletotal');

    const outcome = await pullAll(connector, time.now());

    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.reason).toMatch(/^article data not read \(the follower numbers were\): getarticletotal .*48001/);
    expect(outcome.status === 'failed' && outcome.credential).toBeUndefined();
    expect(outcome.points.filter((point) => point.metric === 'followers')).toHaveLength(30);
    expect(outcome.points.some((point) => point.metric === 'views')).toBe(false);
  });
});
