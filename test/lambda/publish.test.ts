import { describe, expect, it } from 'vitest';
import { createPublishHandler } from '../../functions/lambda/publish-handler';
import { DeadLetterSchema } from '../../functions/lambda/queues';
import { createTickHandler } from '../../functions/lambda/tick-handler';
import { lambdaContext } from './support/lambda-context';
import { POST_AT, SIGNING_SECRET } from './support/lambda-world';
import { ENGINES, useLambdaWorld } from './support/use-lambda-world';

describe.each(ENGINES)('publish handler on %s', (_name, startEngine) => {
  const lambda = useLambdaWorld(startEngine);

  /** sync, then one tick at POST_AT: the publish queue holds the due posts. */
  async function dueAtPostTime() {
    await lambda.world.syncPlanAt(POST_AT - 3_600_000);
    lambda.world.clock = POST_AT + 20_000;
    await createTickHandler(lambda.world.tickDeps())({ scheduledTime: new Date(POST_AT).toISOString() });
    return lambda.world.takeQueueEvent('publish');
  }

  it('publishes each due post once, records outcomes, dead-letters failures and alerts the owner', async () => {
    // Prepare
    const publishEvent = await dueAtPostTime();
    const handler = createPublishHandler(lambda.world.publishDeps());
    // Act
    const response = await handler(publishEvent);
    // Assess: the queue delivers nothing again (each outcome is final).
    expect(publishEvent.Records).toHaveLength(4);
    expect(response.batchItemFailures).toEqual([]);
    const posts = lambda.world.receiver.received('/posts');
    expect(posts.map((request) => request.json.post).sort()).toEqual(['launch', 'rejected', 'slow']);
    const launch = posts.find((request) => request.json.post === 'launch');
    expect(launch?.json.body).toBe('今年中秋, 礼盒上线。\n');
    expect(launch?.headers['x-flywheel-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    const key = (post: string) => `publish/mid-autumn/${post}/site/20260910T1200Z`;
    expect((await lambda.world.store.getPublishRecord(key('launch')))?.status).toBe('published');
    expect((await lambda.world.store.getPublishRecord(key('rejected')))?.status).toBe('failed');
    expect((await lambda.world.store.getPublishRecord(key('slow')))?.status).toBe('unconfirmed');
    expect((await lambda.world.store.getPublishRecord('publish/reviewed/unapproved/site/20260910T1200Z'))?.status).toBe('blocked');
    const types = lambda.world.bus.accepted.map((event) => event.detailType).sort();
    expect(types).toEqual([
      'flywheel.notify.requested', 'flywheel.notify.requested', 'flywheel.post.blocked', 'flywheel.post.failed', 'flywheel.post.published', 'flywheel.post.unconfirmed',
    ]);
    const alerts = lambda.world.bus.accepted.filter((event) => event.detailType === 'flywheel.notify.requested');
    expect(alerts.every((event) => event.detail.target === 'ops')).toBe(true);
    expect(alerts.map((event) => String(event.detail.message)).join('\n')).toContain('发布失败：「REJECT me」（中秋） → site，2026-09-10 20:00（Asia/Shanghai）。原因：');
    const letters = lambda.world.takeQueueEvent('dlq').Records.map((record) => DeadLetterSchema.parse(JSON.parse(record.body)));
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ key: key('rejected'), channel: 'site', retryable: false });
    expect(letters[0]?.reason).toContain('400');
    expect(lambda.world.bus.accepted.find((event) => event.detailType === 'flywheel.post.published')?.detail).toEqual({ at: '2026-09-10T12:00:00.000Z', campaign: 'mid-autumn', post: 'launch', channel: 'site' });
  });

  it('never sends a post twice when the queue delivers the same messages again', async () => {
    // Prepare
    const publishEvent = await dueAtPostTime();
    const handler = createPublishHandler(lambda.world.publishDeps());
    await handler(publishEvent);
    const sentBefore = lambda.world.receiver.received('/posts').length;
    const eventsBefore = lambda.world.bus.accepted.length;
    // Act: a duplicate delivery of the whole batch, and a second concurrent consumer.
    const again = await Promise.all([handler(publishEvent), createPublishHandler(lambda.world.publishDeps())(publishEvent)]);
    // Assess: no request reached the platform; outcomes are replayed as events, nothing dead-lettered twice.
    expect(again.map((response) => response.batchItemFailures)).toEqual([[], []]);
    expect(lambda.world.receiver.received('/posts')).toHaveLength(sentBefore);
    expect(lambda.world.bus.accepted.length).toBeGreaterThan(eventsBefore);
    expect(lambda.world.takeQueueEvent('dlq').Records).toHaveLength(1);
    expect((await lambda.world.store.getPublishRecord('publish/mid-autumn/launch/site/20260910T1200Z'))?.status).toBe('published');
  });

  it('turns a claim abandoned by a stopped attempt into unconfirmed with an alert, and never publishes it', async () => {
    // Prepare: an attempt claimed the post and died before recording an outcome.
    const publishEvent = await dueAtPostTime();
    const key = 'publish/mid-autumn/launch/site/20260910T1200Z';
    await lambda.world.store.claimPublish(key, { jobId: key, expiresAt: lambda.world.clock + 86_400_000 });
    const launchOnly = { Records: publishEvent.Records.filter((record) => record.body.includes('/launch/')) };
    const handler = createPublishHandler(lambda.world.publishDeps());
    // Act: right away (the attempt may still be running), then after the abandonment horizon.
    await handler(launchOnly);
    const whileRunning = await lambda.world.store.getPublishRecord(key);
    lambda.world.clock += 16 * 60_000;
    await handler(launchOnly);
    // Assess
    expect(whileRunning?.status).toBe('claimed');
    expect(lambda.world.receiver.received('/posts')).toHaveLength(0);
    expect((await lambda.world.store.getPublishRecord(key))?.status).toBe('unconfirmed');
    const types = lambda.world.bus.accepted.map((event) => event.detailType).sort();
    expect(types).toEqual(['flywheel.notify.requested', 'flywheel.post.unconfirmed']);
  });

  it('reports only the message whose events could not reach the bus, so only it is delivered again', async () => {
    // Prepare: the bus is down; a second message is not even JSON.
    const publishEvent = await dueAtPostTime();
    const good = publishEvent.Records.find((record) => record.body.includes('/launch/'));
    const handler = createPublishHandler(lambda.world.publishDeps({ bus: { publishEngineEvents: async () => { throw new Error('bus down'); } } as never }));
    // Act
    const response = await handler({ Records: [good, { messageId: 'bad-json', body: '{' }] });
    // Assess: the bus failure fails the good record (redelivery replays its events); the malformed one is dropped.
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: good?.messageId }]);
    expect(lambda.world.receiver.received('/posts')).toHaveLength(1);
    // Act again: the queue delivers the failed record once the bus is back.
    const redelivery = await createPublishHandler(lambda.world.publishDeps())({ Records: [good] });
    // Assess: the post is not sent again, its event now reaches the bus.
    expect(redelivery.batchItemFailures).toEqual([]);
    expect(lambda.world.receiver.received('/posts')).toHaveLength(1);
    expect(lambda.world.bus.accepted.map((event) => event.detailType)).toEqual(['flywheel.post.published']);
  });

  it('keeps the signing secret out of everything the handler logs', async () => {
    // Prepare
    const lines: string[] = [];
    const publishEvent = await dueAtPostTime();
    const { Logger } = await import('@aws-lambda-powertools/logger');
    const logger = new Logger({ serviceName: 'flywheel-test', logLevel: 'DEBUG' });
    (logger as unknown as { console: { [level: string]: (line: string) => void } }).console = new Proxy({}, { get: () => (line: string) => lines.push(String(line)) });
    // Act
    const context = lambdaContext('flywheel-publish');
    await createPublishHandler(lambda.world.publishDeps({ logger }))(publishEvent, context);
    // Assess: the capture saw the handler's lines, each with the invocation's request id.
    const output = lines.join('\n');
    expect(output).toContain('Publish done');
    expect(lines.filter((line) => line.includes('Publish done')).every((line) => line.includes('"function_request_id":"req-7d1c"'))).toBe(true);
    expect(output).not.toContain(SIGNING_SECRET);
  });
});
