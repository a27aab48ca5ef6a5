import { expect, it, onTestFinished } from 'vitest';
import { PublishNotClaimedError, type Job, type MetricPoint } from '../../functions/store/index';
import type { StoreHarness } from './store-suite';

const HOUR = 3_600_000;
const JAN_31_LAST_MS = Date.UTC(2026, 0, 31, 23, 59, 59, 999);
const FEB_1 = Date.UTC(2026, 1, 1);

/** Counts the Query calls a document client sends from now on. */
function countQueries(harness: StoreHarness): { readonly count: number } {
  const counter = { count: 0 };
  const name = `countQueries${Math.random()}`;
  const stack = harness.documentClient().middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'QueryCommand') counter.count += 1;
      return next(args);
    },
    { step: 'initialize', name },
  );
  onTestFinished(() => {
    stack.remove(name);
  });
  return counter;
}

/** Metric, publish-claim and job cases of the shared store suite. */
export function describeJobAndPublishCases(harness: StoreHarness): void {
  it('stores the same metric point once, however often it is written', async () => {
    const store = harness.store();
    const rows: MetricPoint[] = [
      { time: 1_000, metric: 'views', value: 10, channel: 'weibo', post: 'p1' },
      { time: 1_000, metric: 'views', value: 7, channel: 'douyin', post: 'p1' },
      { time: 2_000, metric: 'views', value: 12, channel: 'weibo', post: 'p1' },
    ];

    await store.putMetricPoints(rows);
    await store.putMetricPoints(rows);
    const distinctInOneCall = await store.putMetricPoints([...rows, ...rows]);

    expect(distinctInOneCall).toBe(3);
    const points = await store.queryMetricPoints('views', 0, 10_000);
    expect(points).toHaveLength(3);
    expect(points).toEqual(expect.arrayContaining(rows));
    expect(points.reduce((sum, point) => sum + point.value, 0)).toBe(29);
  });

  it('keeps a metric query window exclusive at its start and inclusive at its end, across months', async () => {
    const store = harness.store();
    const times = [JAN_31_LAST_MS - HOUR, JAN_31_LAST_MS, FEB_1, FEB_1 + HOUR];
    await store.putMetricPoints(times.map((time, index) => ({ time, metric: 'likes', value: index })));
    await store.putMetricPoints([{ time: JAN_31_LAST_MS, metric: 'shares', value: 99 }]);

    const timesIn = async (from: number, to: number): Promise<number[]> => (await store.queryMetricPoints('likes', from, to)).map((point) => point.time);

    expect(await timesIn(JAN_31_LAST_MS - HOUR, FEB_1)).toEqual([JAN_31_LAST_MS, FEB_1]);
    expect(await timesIn(JAN_31_LAST_MS - HOUR - 1, FEB_1 - 1)).toEqual([JAN_31_LAST_MS - HOUR, JAN_31_LAST_MS]);
    expect(await timesIn(0, Date.UTC(2027, 0, 1))).toEqual(times);
    expect(await timesIn(FEB_1 + HOUR, FEB_1 + 2 * HOUR)).toEqual([]);
    expect(await timesIn(FEB_1, FEB_1)).toEqual([]);
  });

  it('writes metric points in batches of 25 and reads more than 1 MB of them back across pages', async () => {
    const store = harness.store();
    const points = Array.from({ length: 260 }, (_, index) => ({ time: FEB_1 + index * 1_000, metric: 'plays', value: index, campaign: 'spring', post: 'p'.repeat(5_000) }));

    expect(await store.putMetricPoints(points)).toBe(260);

    const read = await store.queryMetricPoints('plays', FEB_1 - 1, FEB_1 + HOUR);
    expect(read.map((point) => point.value)).toEqual(points.map((point) => point.value));
  });

  it('gives exactly one of 20 concurrent claims the right to publish', async () => {
    const store = harness.store();
    const key = 'spring/launch|weibo|A|2026-03-01T02:00:00Z';

    const results = await Promise.all(Array.from({ length: 20 }, (_, index) => store.claimPublish(key, { jobId: `job-${index}`, expiresAt: Date.now() + 7 * 24 * HOUR })));

    expect(results.filter((result) => result === 'claimed')).toHaveLength(1);
    const winner = results.indexOf('claimed');
    expect(await store.getPublishRecord(key)).toMatchObject({ key, jobId: `job-${winner}`, status: 'claimed' });
    expect(await store.claimPublish(key, { jobId: 'late', expiresAt: Date.now() + HOUR })).toBe('already-claimed');
  });

  it('lets a claim be taken again only after it expired', async () => {
    let now = Date.UTC(2026, 2, 1);
    const store = harness.storeWith({ now: () => now });
    const key = 'p|douyin|-|2026-03-01T08:00:00Z';

    expect(await store.claimPublish(key, { jobId: 'first', expiresAt: now + HOUR })).toBe('claimed');
    now += HOUR - 1;
    expect(await store.claimPublish(key, { jobId: 'second', expiresAt: now + HOUR })).toBe('already-claimed');
    now += 1;
    expect(await store.claimPublish(key, { jobId: 'third', expiresAt: now + HOUR })).toBe('claimed');
    expect((await store.getPublishRecord(key))?.jobId).toBe('third');
  });

  it('records publish outcomes and refuses one without a claim', async () => {
    const store = harness.store();
    const key = 'p|xhs|B|2026-03-02T01:00:00Z';
    await store.claimPublish(key, { jobId: 'j', expiresAt: Date.now() + HOUR });

    await store.recordPublishOutcome(key, { status: 'unconfirmed', detail: 'timeout after the request left' });
    expect(await store.getPublishRecord(key)).toMatchObject({ status: 'unconfirmed', detail: 'timeout after the request left' });
    await store.recordPublishOutcome(key, { status: 'published', platformId: 'xhs-123' });
    const record = await store.getPublishRecord(key);

    expect(record).toMatchObject({ status: 'published', platformId: 'xhs-123', jobId: 'j' });
    expect(record?.detail).toBeUndefined();
    expect(record?.outcomeAt).toBeTypeOf('number');
    await expect(store.recordPublishOutcome('never-claimed', { status: 'failed' })).rejects.toBeInstanceOf(PublishNotClaimedError);
    expect(await store.getPublishRecord('never-claimed')).toBeUndefined();
  });

  it('lists due jobs earliest first, up to the limit, and only pending ones', async () => {
    const store = harness.store();
    const now = Date.UTC(2026, 2, 1, 12);
    const jobs: Job[] = [
      { id: 'publish:b', kind: 'publish', dueAt: now - 2 * HOUR, payload: { post: 'b' } },
      { id: 'check:x', kind: 'check', dueAt: now, payload: { check: 'x' } },
      { id: 'publish:a', kind: 'publish', dueAt: now - HOUR, payload: { post: 'a', tags: ['新品', null] } },
      { id: 'track:g', kind: 'track', dueAt: now + 1, payload: null },
      { id: 'sop-step:s#1', kind: 'sop-step', dueAt: now - 3 * HOUR, payload: { step: 1 } },
    ];
    await store.putJobs(jobs);

    const due = await store.listDueJobs(now, 10);
    expect(due.map((job) => job.id)).toEqual(['sop-step:s#1', 'publish:b', 'publish:a', 'check:x']);
    expect(due[2]).toEqual({ ...jobs[2], status: 'pending' });
    expect((await store.listDueJobs(now, 2)).map((job) => job.id)).toEqual(['sop-step:s#1', 'publish:b']);

    expect(await store.markJobDone('publish:b', now - 2 * HOUR)).toBe(true);
    expect(await store.markJobDone('publish:b', now - 2 * HOUR)).toBe(false);
    expect(await store.markJobDone('publish:a', now)).toBe(false);
    expect(await store.markJobDone('missing', now)).toBe(false);
    await expect.poll(async () => (await store.listDueJobs(now, 10)).map((job) => job.id)).toEqual(['sop-step:s#1', 'publish:a', 'check:x']);
  });

  it('leaves unchanged jobs alone on a re-sync and revives changed ones', async () => {
    const store = harness.store();
    const dueAt = Date.UTC(2026, 2, 1);
    await store.putJobs([
      { id: 'publish:p', kind: 'publish', dueAt, payload: { b: 1, a: 2 } },
      { id: 'reminder:r', kind: 'reminder', dueAt, payload: {} },
    ]);
    await store.markJobDone('publish:p', dueAt);
    await store.markJobDone('reminder:r', dueAt);

    const resync = await store.putJobs([
      { id: 'publish:p', kind: 'publish', dueAt, payload: { a: 2, b: 1 } },
      { id: 'reminder:r', kind: 'reminder', dueAt: dueAt + HOUR, payload: {} },
    ]);

    expect(resync).toEqual({ written: 1, unchanged: 1 });
    const stored = await store.listJobs();
    expect(stored.map((job) => [job.id, job.status])).toEqual([
      ['publish:p', 'done'],
      ['reminder:r', 'pending'],
    ]);
    await store.deleteJobs(['publish:p', 'not-there']);
    expect((await store.listJobs()).map((job) => job.id)).toEqual(['reminder:r']);
  });

  it('pages through more than 1 MB of jobs, in the partition and in the due index', async () => {
    const store = harness.store();
    const dueAt = Date.UTC(2026, 2, 1);
    const jobs: Job[] = Array.from({ length: 150 }, (_, index) => ({
      id: `publish:${index.toString().padStart(3, '0')}`,
      kind: 'publish',
      dueAt: dueAt + index,
      payload: { body: 'x'.repeat(10_000), index },
    }));
    await store.putJobs(jobs);
    const queries = countQueries(harness);

    const all = await store.listJobs();
    const partitionQueries = queries.count;
    const due = await store.listDueJobs(dueAt + 1_000, 140);

    expect(all).toHaveLength(150);
    expect(all.map((job) => job.id)).toEqual(jobs.map((job) => job.id));
    expect(partitionQueries).toBeGreaterThan(1);
    expect(due.map((job) => job.id)).toEqual(jobs.slice(0, 140).map((job) => job.id));
    expect(queries.count - partitionQueries).toBeGreaterThan(1);
  });
}
