import { describe, expect, it } from 'vitest';
import type { FlywheelStore } from '../../functions/store/index';
import { createTickHandler } from '../../functions/lambda/tick-handler';
import { runCheckWork, runTrackWork } from '../../functions/engine/handlers';
import { createWorkHandler } from '../../functions/lambda/work-handler';
import { POST_AT } from './support/lambda-world';
import { useLambdaWorld } from './support/use-lambda-world';

const lambda = useLambdaWorld();
const HOUR = 3_600_000;

/** The world's store, counting the metric points each query returns (every other call goes to the store as it is). */
function countingStore(store: FlywheelStore): { store: FlywheelStore; reads: { metric: string; points: number }[] } {
  const reads: { metric: string; points: number }[] = [];
  const counting = Object.create(store) as FlywheelStore;
  counting.queryMetricPoints = async (metric, fromExclusive, toInclusive) => {
    const points = await store.queryMetricPoints(metric, fromExclusive, toInclusive);
    reads.push({ metric, points: points.length });
    return points;
  };
  return { store: counting, reads };
}

describe('the check and track consumers read only the windows they evaluate', () => {
  it('a 1-hour check reads the last hour of its metric, not a month of every metric, and still fires on it', async () => {
    // Prepare: a month of hourly mentions and followers; 30 mentions in the last hour.
    await lambda.world.syncPlanAt(POST_AT - HOUR);
    const history = Array.from({ length: 30 * 24 }, (_, hour) => POST_AT - HOUR - hour * HOUR);
    await lambda.world.store.putMetricPoints([
      ...history.map((time) => ({ time, metric: 'negative_mentions', value: 1 })),
      ...history.map((time, hour) => ({ time, metric: 'followers', value: 900 + hour })),
      { time: POST_AT - 30 * 60_000, metric: 'negative_mentions', value: 30 },
    ]);
    const { store, reads } = countingStore(lambda.world.store);
    // Act
    lambda.world.clock = POST_AT + 20_000;
    await createTickHandler(lambda.world.tickDeps())({});
    const response = await createWorkHandler('check', { ...lambda.world.workDeps(), store }, runCheckWork)(lambda.world.takeQueueEvent('check'));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(lambda.world.bus.accepted[0]?.detail).toEqual({ at: '2026-09-10T12:00:00.000Z', check: 'negative-spike', value: 30 });
    expect(reads).toEqual([{ metric: 'negative_mentions', points: 1 }]);
  });

  it('goal tracking reads its key result\'s metric from the goal\'s start, not the points before it', async () => {
    // Prepare: followers since August; the goal window starts on September 1 (Asia/Shanghai).
    await lambda.world.syncPlanAt(POST_AT - HOUR);
    const september = Date.UTC(2026, 7, 31, 16);
    const days = Array.from({ length: 40 }, (_, day) => Date.UTC(2026, 7, 1, 4) + day * 24 * HOUR);
    await lambda.world.store.putMetricPoints(days.map((time, day) => ({ time, metric: 'followers', value: 1000 + day * 10 })));
    const inWindow = days.filter((time) => time >= september && time <= POST_AT);
    const { store, reads } = countingStore(lambda.world.store);
    // Act: 00:05 Asia/Shanghai on Sept 11 = 16:05 UTC.
    lambda.world.clock = Date.UTC(2026, 8, 10, 16, 5, 30);
    await createTickHandler(lambda.world.tickDeps())({});
    const response = await createWorkHandler('track', { ...lambda.world.workDeps(), store }, runTrackWork)(lambda.world.takeQueueEvent('track'));
    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(await lambda.world.store.listGoalStatuses()).toEqual([expect.objectContaining({ goal: 'growth', keyResult: 'followers', value: 1000 + (days.length - 1) * 10 })]);
    expect(reads).toEqual([{ metric: 'followers', points: inWindow.length }]);
    expect(inWindow.length).toBeLessThan(days.length);
  });
});
