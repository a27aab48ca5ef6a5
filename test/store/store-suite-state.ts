import type { BatchWriteCommandInput, BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { expect, it, onTestFinished } from 'vitest';
import { writeInBatches } from '../../functions/store/batch-write';
import { StateConflictError, UnprocessedItemsError } from '../../functions/store/index';
import type { StoreHarness } from './store-suite';

const DAY = 86_400_000;
const MAR_1 = Date.UTC(2026, 2, 1);

/**
 * Makes BatchWriteItem calls of at least `minBatchSize` requests drop their last `dropped`
 * requests and report them as unprocessed, as DynamoDB does under throttling, `times` times.
 */
function dropBatchItems(harness: StoreHarness, { dropped, times, minBatchSize }: { dropped: number; times: number; minBatchSize: number }): { readonly calls: number } {
  const counter = { calls: 0 };
  const name = `dropBatchItems${Math.random()}`;
  const stack = harness.documentClient().middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'BatchWriteItemCommand' || counter.calls >= times) return next(args);
      const input = args.input as BatchWriteCommandInput;
      const [table, requests] = Object.entries(input.RequestItems ?? {})[0] ?? ['', []];
      if (requests.length < minBatchSize) return next(args);
      counter.calls += 1;
      const kept = requests.slice(0, Math.max(0, requests.length - dropped));
      const unprocessed = { [table]: requests.slice(kept.length) };
      // DynamoDB rejects an empty batch, so when everything is dropped no request is sent.
      if (kept.length === 0) return { output: { UnprocessedItems: unprocessed, $metadata: {} }, response: {} } as Awaited<ReturnType<typeof next>>;
      const result = await next({ ...args, input: { ...input, RequestItems: { [table]: kept } } });
      (result.output as BatchWriteCommandOutput).UnprocessedItems = unprocessed;
      return result;
    },
    { step: 'initialize', name },
  );
  onTestFinished(() => {
    stack.remove(name);
  });
  return counter;
}

/** Check-state, goal-status, event-log and batch-retry cases of the shared store suite. */
export function describeStateCases(harness: StoreHarness): void {
  it('remembers the media id of an uploaded file, the last upload winning', async () => {
    const store = harness.store();
    const key = 'wechat-oa wx-test-app 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
    expect(await store.getMediaId(key)).toBeUndefined();
    await store.putMediaId(key, 'IMAGE-MEDIA-1');
    await store.putMediaId(key, 'IMAGE-MEDIA-2');
    expect(await store.getMediaId(key)).toBe('IMAGE-MEDIA-2');
    expect(await store.getMediaId(`${key}0`)).toBeUndefined();
  });

  it('keeps check state under an optimistic lock', async () => {
    const store = harness.store();
    expect(await store.getCheckState('kpi/ctr')).toBeUndefined();

    expect(await store.putCheckState('kpi/ctr', { lastValue: 0.8, firedAt: null }, 0)).toBe(1);
    expect(await store.putCheckState('kpi/ctr', { lastValue: 0.6, firedAt: MAR_1 }, 1)).toBe(2);

    await expect(store.putCheckState('kpi/ctr', { lastValue: 0.1 }, 1)).rejects.toBeInstanceOf(StateConflictError);
    await expect(store.putCheckState('kpi/ctr', { lastValue: 0.1 }, 0)).rejects.toThrow(/no longer at version 0/);
    expect(await store.getCheckState('kpi/ctr')).toEqual({ checkId: 'kpi/ctr', state: { lastValue: 0.6, firedAt: MAR_1 }, version: 2 });
  });

  it('lets one of two concurrent check runs win and tells the other', async () => {
    const store = harness.store();
    await store.putCheckState('k', { runs: 1 }, 0);

    const results = await Promise.allSettled([store.putCheckState('k', { runs: 2, by: 'a' }, 1), store.putCheckState('k', { runs: 2, by: 'b' }, 1)]);

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((result) => result.status === 'rejected');
    expect(rejected?.status === 'rejected' && rejected.reason).toBeInstanceOf(StateConflictError);
  });

  it('keeps the latest status of each key result and a history item per change', async () => {
    const store = harness.store();
    const reading = { goal: 'q1-growth', keyResult: 'followers', value: 100, expected: 120 };

    expect(await store.putGoalStatus({ ...reading, status: 'on-track', at: MAR_1 })).toMatchObject({ statusChanged: true });
    expect(await store.putGoalStatus({ ...reading, status: 'on-track', at: MAR_1 + DAY })).toMatchObject({ statusChanged: false });
    const change = await store.putGoalStatus({ ...reading, value: 90, status: 'at-risk', forecast: 150, at: MAR_1 + 2 * DAY });
    await store.putGoalStatus({ ...reading, status: 'off-track', value: 1, at: MAR_1 - DAY });
    await store.putGoalStatus({ goal: 'q1-growth', keyResult: 'engagement', status: 'achieved', at: MAR_1 });

    expect(change).toMatchObject({ statusChanged: true, previous: { status: 'on-track', at: MAR_1 } });
    const latest = await store.listGoalStatuses();
    expect(latest).toHaveLength(2);
    expect(latest).toEqual(
      expect.arrayContaining([
        { ...reading, value: 90, status: 'at-risk', forecast: 150, at: MAR_1 + 2 * DAY },
        { goal: 'q1-growth', keyResult: 'engagement', status: 'achieved', at: MAR_1 },
      ]),
    );
    const history = await store.listGoalHistory('q1-growth', 'followers');
    expect(history.map((item) => [item.at, item.status])).toEqual([
      [MAR_1 - DAY, 'off-track'],
      [MAR_1, 'on-track'],
      [MAR_1 + 2 * DAY, 'at-risk'],
    ]);
  });

  it('lists events in a half-open time range, across months, storing a retried append once', async () => {
    const store = harness.store();
    const feb28 = MAR_1 - 1;
    await store.appendEvent({ at: feb28, type: 'KpiBreached', detail: { check: 'ctr' } });
    const firstId = await store.appendEvent({ at: MAR_1, type: 'PostPublished', detail: { post: 'p1' } });
    const retriedId = await store.appendEvent({ at: MAR_1, type: 'PostPublished', detail: { post: 'p1' } });
    await store.appendEvent({ at: MAR_1, type: 'PostPublished', detail: { post: 'p2' } });
    await store.appendEvent({ at: MAR_1 + DAY, type: 'GoalStatusChanged', detail: { goal: 'g' }, id: 'goal-g-1' });

    expect(retriedId).toBe(firstId);
    expect((await store.listEvents(feb28, MAR_1 + DAY)).map((event) => event.at)).toEqual([feb28, MAR_1, MAR_1]);
    expect((await store.listEvents(MAR_1, MAR_1 + DAY + 1)).map((event) => event.type)).toEqual(['PostPublished', 'PostPublished', 'GoalStatusChanged']);
    expect(await store.listEvents(MAR_1 + DAY, MAR_1 + DAY + 1)).toEqual([{ at: MAR_1 + DAY, type: 'GoalStatusChanged', detail: { goal: 'g' }, id: 'goal-g-1' }]);
    expect(await store.listEvents(MAR_1 + 1, MAR_1 + DAY)).toEqual([]);
  });

  it('retries the items a batch write left unprocessed', async () => {
    const store = harness.store();
    const dropped = dropBatchItems(harness, { dropped: 10, times: 2, minBatchSize: 10 });
    const points = Array.from({ length: 25 }, (_, index) => ({ time: MAR_1 + index, metric: 'reach', value: index }));

    await store.putMetricPoints(points);

    expect(dropped.calls).toBe(2);
    expect((await store.queryMetricPoints('reach', MAR_1 - 1, MAR_1 + DAY)).map((point) => point.value)).toEqual(points.map((point) => point.value));
  });

  it('gives up with UnprocessedItemsError when items stay unprocessed', async () => {
    const context = { client: harness.documentClient(), tableName: harness.tableName(), now: Date.now };
    dropBatchItems(harness, { dropped: 1, times: 100, minBatchSize: 1 });

    const attempt = writeInBatches(context, [{ put: { PK: 'X', SK: 'a' } }, { put: { PK: 'X', SK: 'b' } }], { sleep: async () => undefined });

    await expect(attempt).rejects.toBeInstanceOf(UnprocessedItemsError);
  });
}
