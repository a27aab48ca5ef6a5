import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NotifyRetryError, createNotifyHandler } from '../../functions/lambda/notify-handler';
import { startDynalite, type DynamoDbEngine } from '../support/dynamodb-engines';
import { eventFixture } from './support/event-fixtures';
import { lambdaContext } from './support/lambda-context';
import { startLambdaWorld, type LambdaWorld } from './support/lambda-world';
import type { ReceivedRequest, ReceiverAnswer } from './support/webhook-receiver';

const event = eventFixture('notify-requested.json');

const context = lambdaContext('flywheel-notify');

let engine: DynamoDbEngine;
let world: LambdaWorld | undefined;
beforeAll(async () => {
  engine = await startDynalite();
});
afterAll(async () => {
  await engine.stop();
});
afterEach(async () => {
  await world?.stop();
  world = undefined;
});

describe('notify handler against dynalite (Powertools idempotency) and a local webhook', () => {
  it('delivers a request once, however often the rule delivers it', async () => {
    // Prepare
    world = await startLambdaWorld(engine);
    const notify = createNotifyHandler(world.notifyDeps());
    // Act
    const results = await Promise.all([notify(event, context), notify(event, context)].map((pending) => pending.catch((error: unknown) => error)));
    const later = await notify(event, context);
    // Assess: one message reached the webhook; the duplicates did not send.
    expect(world.receiver.received('/ops').map((request) => request.json.text)).toEqual(['负面声量异常: 42']);
    expect(later).toEqual({ status: 'delivered', target: 'ops' });
    expect(results.some((result) => (result as { status?: string }).status === 'delivered')).toBe(true);
    // The record sits in its own partition of the single table, with a TTL two days out.
    const records = await world.documentClient.send(new QueryCommand({ TableName: world.tableName, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': 'idempotency#flywheel-notify' } }));
    expect(records.Items?.map((item) => String(item.SK).split('#')[0])).toEqual(['flywheel-notify']);
    expect(Number(records.Items?.[0]?.expiresAt) - Date.now() / 1000).toBeGreaterThan(47 * 3600);
  });

  it('throws on a passing failure so EventBridge retries, and then delivers', async () => {
    // Prepare: the bot answers 503 to the first attempts.
    let calls = 0;
    const answer = (request: ReceivedRequest): ReceiverAnswer => (request.path === '/ops' && (calls += 1) <= 5 ? { status: 503 } : { status: 200 });
    world = await startLambdaWorld(engine, { answer });
    const notify = createNotifyHandler(world.notifyDeps());
    // Act
    const first = await notify(event, context).catch((error: unknown) => error);
    const retry = await notify(event, context);
    // Assess: the failed attempt left no idempotency record, so the retry sent it.
    expect(first).toBeInstanceOf(NotifyRetryError);
    expect(retry.status).toBe('delivered');
    expect(world.receiver.received('/ops').at(-1)?.json.text).toBe('负面声量异常: 42');
  });

  it('reports a target the workspace does not have, without retrying', async () => {
    world = await startLambdaWorld(engine);
    const result = await createNotifyHandler(world.notifyDeps())({ ...event, detail: { ...(event.detail as object), target: 'nobody' } }, context);
    expect(result).toMatchObject({ status: 'unknown-target', target: 'nobody' });
  });

  it('refuses an event of another detail-type', async () => {
    world = await startLambdaWorld(engine);
    await expect(createNotifyHandler(world.notifyDeps())({ ...event, 'detail-type': 'flywheel.post.failed' })).rejects.toThrow(/event pattern/);
  });
});
