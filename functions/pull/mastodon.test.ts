import { afterEach, describe, expect, it } from 'vitest';
import type { Source, WorkspaceSpec } from '../../core/index';
import { startHttpServer, type RunningServer } from '../../test/support/platform-servers/http-server';
import { startMastodonServer, type MastodonServer } from '../../test/support/platform-servers/mastodon-server';
import { secretsFrom, virtualTime } from '../../test/support/platform-servers/virtual-time';
import { createPublishConnector, type ConnectorDeps } from '../connectors/index';
import { prepareSource, snapshotTime, type PullConnector } from './index';

const servers: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const SPEC: WorkspaceSpec = {
  timezone: 'Asia/Shanghai',
  channels: [{ id: 'masto', platform: 'mastodon', instance: 'https://mastodon.example', credentials: 'secret:masto' }],
  sources: [{ id: 'masto-stats', channel: 'masto' }, { id: 'feed', type: 'http-json', url: 'secret:feed-url', metrics: ['mentions', 'negative_mentions'] }],
};

async function ready(source: Source, deps: ConnectorDeps): Promise<PullConnector> {
  const prepared = await prepareSource(source, SPEC, deps);
  if (prepared.status !== 'ready') throw new Error(`${prepared.status}: ${'reason' in prepared ? prepared.reason : ''}`);
  return prepared.connector;
}

describe('Mastodon pull', () => {
  async function setup(token = 'mastodon-test-token') {
    const time = virtualTime();
    const server: MastodonServer = await startMastodonServer({ now: time.now });
    servers.push(server);
    const deps: ConnectorDeps = { resolveSecret: secretsFrom({ 'secret:masto': token }), now: time.now, sleep: time.sleep, random: () => 0.5, baseUrls: { mastodon: server.origin }, timeoutMs: 2000 };
    return { time, server, deps };
  }

  it('reads the followers and the favourites, boosts and replies of the statuses Flywheel posted, by the ids recorded at publish', async () => {
    const { time, server, deps } = await setup();
    const published = await createPublishConnector(SPEC.channels![0]!, deps).publish({ key: 'k1', channel: 'masto', campaign: 'winter', post: 'one', share: 1, scheduledAt: 0, body: '冬日热饮' });
    const statusId = published.status === 'published' ? published.platformId! : '';
    server.numbers.followers = 321;
    server.numbers.statuses.set(statusId, { favourites: 12, reblogs: 3, replies: 2 });
    const connector = await ready(SPEC.sources![0]!, deps);

    const outcome = await connector.pull({ from: 0, now: time.now(), published: [{ campaign: 'winter', post: 'one', at: time.now(), platformIds: [statusId] }], storedTotals: new Map([['likes one', 10]]) });

    const at = snapshotTime(time.now());
    expect(outcome).toMatchObject({ status: 'ok', calls: 2 });
    expect(outcome.points).toEqual([
      { time: at, metric: 'followers', value: 321, channel: 'masto' },
      // 10 favourites were stored before: the pull writes the 2 since.
      { time: at, metric: 'likes', value: 2, channel: 'masto', campaign: 'winter', post: 'one' },
      { time: at, metric: 'shares', value: 3, channel: 'masto', campaign: 'winter', post: 'one' },
      { time: at, metric: 'comments', value: 2, channel: 'masto', campaign: 'winter', post: 'one' },
    ]);
  });

  it('fails on a revoked token with what to renew, and skips a status deleted since', async () => {
    const revoked = await setup('revoked-token');
    const failed = await (await ready(SPEC.sources![0]!, revoked.deps)).pull({ from: 0, now: revoked.time.now(), published: [] });
    expect(failed).toMatchObject({ status: 'failed', credential: { renew: expect.stringContaining('renew the access token of channel masto') } });

    const { time, server, deps } = await setup();
    server.numbers.deleted.add('109000000000000099');
    const outcome = await (await ready(SPEC.sources![0]!, deps)).pull({ from: 0, now: time.now(), published: [{ campaign: 'winter', post: 'gone', at: 0, platformIds: ['109000000000000099'] }] });
    expect(outcome.status).toBe('ok');
    expect(outcome.points.map((point) => point.metric)).toEqual(['followers']);
  });
});

describe('http-json pull', () => {
  it('stores only the metrics the source lists, read exactly as the ingest endpoint takes them', async () => {
    const time = virtualTime();
    const feed = await startHttpServer((request) => (request.query.get('key') === 'k-123'
      ? {
          status: 200, body: {
            points: [
              { time: '2027-01-10T09:00:00+08:00', metric: 'mentions', value: 40, channel: 'masto' },
              { time: Date.parse('2027-01-10T09:00:00+08:00'), metric: 'negative_mentions', value: 3 },
              { time: '2027-01-10T09:00:00+08:00', metric: 'revenue', value: 9999 },
            ],
          },
        }
      : { status: 403, body: { error: 'bad key' } }), { now: time.now });
    servers.push(feed);
    const deps = (url: string): ConnectorDeps => ({ resolveSecret: secretsFrom({ 'secret:feed-url': url }), now: time.now, sleep: time.sleep, random: () => 0.5, timeoutMs: 2000 });

    const outcome = await (await ready(SPEC.sources![1]!, deps(`${feed.origin}/points?key=k-123`))).pull({ from: 0, now: time.now(), published: [] });
    const refused = await (await ready(SPEC.sources![1]!, deps(`${feed.origin}/points?key=old`))).pull({ from: 0, now: time.now(), published: [] });

    expect(outcome.status).toBe('ok');
    expect(outcome.points).toEqual([
      { time: Date.parse('2027-01-10T01:00:00Z'), metric: 'mentions', value: 40, channel: 'masto' },
      { time: Date.parse('2027-01-10T01:00:00Z'), metric: 'negative_mentions', value: 3 },
    ]);
    expect(outcome.status === 'ok' && outcome.note).toContain('refused 1 point(s) of metrics the source does not list: revenue');
    expect(refused).toMatchObject({ status: 'failed', points: [], credential: { renew: expect.stringContaining('renew the URL of source feed') } });
  });

  it('stores nothing from an answer that is not {"points": [...]}', async () => {
    const time = virtualTime();
    const feed = await startHttpServer(() => ({ status: 200, body: { points: [{ time: 'yesterday', metric: 'mentions', value: 'many' }] } }), { now: time.now });
    servers.push(feed);
    const deps: ConnectorDeps = { resolveSecret: secretsFrom({ 'secret:feed-url': feed.origin }), now: time.now, sleep: time.sleep, random: () => 0.5, timeoutMs: 2000 };

    const outcome = await (await ready(SPEC.sources![1]!, deps)).pull({ from: 0, now: time.now(), published: [] });

    expect(outcome).toMatchObject({ status: 'failed', points: [], reason: expect.stringContaining('nothing was stored') });
  });
});
