import { describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../functions/lambda/ingest-handler';
import { createNotifyHandler } from '../../functions/lambda/notify-handler';
import { createTickHandler } from '../../functions/lambda/tick-handler';
import { runCheckWork, runSopWork, runTrackWork } from '../../functions/engine/handlers';
import { createWorkHandler } from '../../functions/lambda/work-handler';
import { lambdaContext } from './support/lambda-context';
import { eventFixture } from './support/event-fixtures';
import { POST_AT } from './support/lambda-world';
import { useLambdaWorld } from './support/use-lambda-world';

const lambda = useLambdaWorld();

/** The EventBridge event a rule would hand the notify function for an accepted bus event. */
function ruleEvent(index: number) {
  const accepted = lambda.world.bus.accepted[index];
  return { ...eventFixture('notify-requested.json'), id: `event-${index}`, 'detail-type': accepted?.detailType, detail: accepted?.detail };
}

describe('tick → check → sop → notify, against dynalite and local EventBridge, SQS and webhook servers', () => {
  it('fires a check on ingested points, starts its SOP, escalates on a later tick, and notifies the team once', async () => {
    // Prepare: the plan synced an hour before; 30 negative mentions arrive through the Function URL.
    await lambda.world.syncPlanAt(POST_AT - 3_600_000);
    const ingest = createIngestHandler({ logger: lambda.world.logger, metrics: lambda.world.metrics, store: lambda.world.store });
    const stored = await ingest(eventFixture('ingest-json.json'));
    expect(JSON.parse(stored.body)).toEqual({ received: 2, written: 2 });
    const tick = createTickHandler(lambda.world.tickDeps());
    const check = createWorkHandler('check', lambda.world.workDeps(), runCheckWork);
    const sop = createWorkHandler('sop', lambda.world.workDeps(), runSopWork);

    // Act 1: the tick at 12:00:20 sends the due check to its queue; the check consumer runs it.
    lambda.world.clock = POST_AT + 20_000;
    const first = await tick(eventFixture('scheduler-tick.json'));
    const checkEvent = lambda.world.takeQueueEvent('check');
    const checked = await check(checkEvent);
    // Assess 1
    expect(first.byQueue.check).toBe(1);
    expect(checkEvent.Records.map((record) => JSON.parse(record.body).payload.jobId)).toEqual(['check/negative-spike']);
    expect(checked.batchItemFailures).toEqual([]);
    expect(lambda.world.bus.accepted.map((event) => event.detailType)).toEqual(['flywheel.check.fired', 'flywheel.notify.requested']);
    expect(lambda.world.bus.accepted[0]?.detail).toEqual({ at: '2026-09-10T12:00:00.000Z', check: 'negative-spike', value: 30 });
    const pending = (await lambda.world.store.listJobs()).filter((job) => job.status === 'pending');
    expect(pending.map((job) => job.id)).toEqual(expect.arrayContaining([
      'check/negative-spike@20260910T1215Z#' + lambda.world.bundle.jobsById.get('check/negative-spike')?.hash,
      'sop-step/crisis-response/tier-1@20260910T1200Z~negative-spike',
      'sop-step/crisis-response/tier-2@20260910T1230Z~negative-spike',
    ]));

    // Act 2: the next tick sends the first SOP step; the sop consumer runs it.
    lambda.world.clock = POST_AT + 80_000;
    await tick({});
    await sop(lambda.world.takeQueueEvent('sop'));
    // Assess 2
    const stepEvents = lambda.world.bus.accepted.slice(2);
    expect(stepEvents.map((event) => event.detailType)).toEqual(['flywheel.sop.step', 'flywheel.notify.requested']);
    expect(stepEvents[1]?.detail.message).toBe('负面声量异常: 30');

    // Act 3: the notify rule delivers each request, one of them twice.
    const notify = createNotifyHandler(lambda.world.notifyDeps());
    const context = lambdaContext('flywheel-notify');
    const results = [await notify(ruleEvent(1), context), await notify(ruleEvent(3), context), await notify(ruleEvent(3), context)];
    // Assess 3: two messages reached the ops webhook; the duplicate was recognised.
    expect(results.map((result) => result.status)).toEqual(['delivered', 'delivered', 'delivered']);
    const messages = lambda.world.receiver.received('/ops').map((request) => request.json.text);
    expect(messages).toEqual(['1 小时负面提及 30 条', '负面声量异常: 30']);
  });

  it('tracks goals when their time comes and records the status the Goals view reads', async () => {
    // Prepare
    await lambda.world.syncPlanAt(POST_AT - 3_600_000);
    await lambda.world.store.putMetricPoints([{ time: POST_AT, metric: 'followers', value: 1500 }]);
    // Act: 00:05 Asia/Shanghai on Sept 11 = 16:05 UTC.
    lambda.world.clock = Date.UTC(2026, 8, 10, 16, 5, 30);
    const ticked = await createTickHandler(lambda.world.tickDeps())({});
    const tracked = await createWorkHandler('track', lambda.world.workDeps(), runTrackWork)(lambda.world.takeQueueEvent('track'));
    // Assess
    expect(ticked.byQueue.track).toBe(1);
    expect(tracked.batchItemFailures).toEqual([]);
    const statuses = await lambda.world.store.listGoalStatuses();
    expect(statuses).toEqual([expect.objectContaining({ goal: 'growth', keyResult: 'followers', value: 1500 })]);
    expect(lambda.world.bus.accepted.map((event) => event.detailType)).toEqual(['flywheel.goal.status-changed']);
  });

  it('reminds the owner of a post awaiting review through the sop queue', async () => {
    // Prepare: synced three hours before the post; the reminder is due two hours before it.
    await lambda.world.syncPlanAt(POST_AT - 3 * 3_600_000);
    // Act
    lambda.world.clock = POST_AT - 2 * 3_600_000 + 20_000;
    const ticked = await createTickHandler(lambda.world.tickDeps())({});
    const response = await createWorkHandler('sop', lambda.world.workDeps(), runSopWork)(lambda.world.takeQueueEvent('sop'));
    // Assess
    expect(ticked.byQueue).toMatchObject({ publish: 0, sop: 1 });
    expect(response.batchItemFailures).toEqual([]);
    expect(lambda.world.bus.accepted.map((event) => [event.detailType, event.detail.target])).toEqual([['flywheel.notify.requested', 'ops']]);
    expect(String(lambda.world.bus.accepted[0]?.detail.message)).toContain('「待审」（reviewed）将于 2026-09-10 20:00');
  });

  it('leaves an item pending when its queue refuses it, and sends it on a later tick', async () => {
    // Prepare: the publish queue is missing (SQS answers QueueDoesNotExist) for the first tick.
    await lambda.world.syncPlanAt(POST_AT - 3_600_000);
    lambda.world.clock = POST_AT + 20_000;
    const deps = lambda.world.tickDeps();
    const broken = createTickHandler({ ...deps, dispatch: (queue, messages) => (queue === 'publish' ? deps.dispatch(queue, messages.map((message) => ({ ...message, body: '' }))) : deps.dispatch(queue, messages)) });
    // Act
    const first = await broken({});
    const second = await createTickHandler(deps)({});
    // Assess: SQS refused the empty bodies; nothing was lost, the next tick sent them.
    expect(first.failed).toBe(4);
    expect(first.byQueue.publish).toBe(0);
    expect(second.byQueue.publish).toBe(4);
    expect(lambda.world.takeQueueEvent('publish').Records).toHaveLength(4);
  });

  it('skips an occurrence the plan no longer has', async () => {
    const response = await createWorkHandler('check', lambda.world.workDeps(), runCheckWork)({
      Records: [{ messageId: 'm1', body: JSON.stringify({ id: 'check/gone@20260910T1200Z#abc', kind: 'check', dueAt: POST_AT, payload: { jobId: 'check/gone' } }) }],
    });
    expect(response.batchItemFailures).toEqual([]);
    expect(lambda.world.bus.accepted).toEqual([]);
  });
});

describe('A/B verdicts through the track queue', () => {
  it('decides the test when its campaign window closes, from the points per variant', async () => {
    // Prepare: a post with two title variants; variant b engages clearly better.
    await lambda.restart({
      files: () => ({
        'campaigns/ab.yaml': `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: ab }
spec:
  window: { start: 2026-09-01, end: 2026-09-20 }
  posts:
    - id: teaser
      at: 2026-09-10 20:00
      channels: [site]
      body: 中秋
      variants:
        - { id: a, title: 标题 A }
        - { id: b, title: 标题 B }
`,
      }),
    });
    await lambda.world.syncPlanAt(POST_AT);
    const point = (metric: string, variant: string, value: number) => ({ time: POST_AT + 3_600_000, metric, value, campaign: 'ab', post: 'teaser', variant });
    await lambda.world.store.putMetricPoints([point('views', 'a', 10_000), point('engagements', 'a', 100), point('views', 'b', 10_000), point('engagements', 'b', 400)]);
    // Act: the window ends at 2026-09-21 00:00 Asia/Shanghai = 2026-09-20 16:00 UTC.
    lambda.world.clock = Date.UTC(2026, 8, 20, 16, 0, 20);
    const ticked = await createTickHandler(lambda.world.tickDeps())({});
    const trackEvent = lambda.world.takeQueueEvent('track');
    const response = await createWorkHandler('track', lambda.world.workDeps(), runTrackWork)(trackEvent);
    // Assess
    expect(trackEvent.Records.map((record) => JSON.parse(record.body).kind)).toContain('ab');
    expect(ticked.byQueue.track).toBeGreaterThanOrEqual(1);
    expect(response.batchItemFailures).toEqual([]);
    const verdict = lambda.world.bus.accepted.find((event) => event.detailType === 'flywheel.ab.verdict');
    expect(verdict?.detail).toMatchObject({ campaign: 'ab', post: 'teaser', verdict: 'winner', winner: 'b' });
  });
});
