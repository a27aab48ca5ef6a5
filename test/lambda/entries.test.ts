import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeDeploymentBundle } from '../../functions/sync/index';
import { startDynalite, type DynamoDbEngine } from '../support/dynamodb-engines';
import { POST_AT, startLambdaWorld, type LambdaWorld } from './support/lambda-world';

/*
 * The entry files as Lambda loads them: configuration only from the environment, clients built
 * at module scope, pointed at the local servers through the SDK's AWS_ENDPOINT_URL_* variables.
 */

type Handler = (event: unknown) => Promise<unknown>;

let engine: DynamoDbEngine;
let world: LambdaWorld;
const saved = { ...process.env };

beforeAll(async () => {
  engine = await startDynalite();
  world = await startLambdaWorld(engine, { answer: () => ({ status: 200 }) });
});
afterAll(async () => {
  await world.stop();
  await engine.stop();
});
afterEach(() => {
  vi.useRealTimers();
  for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
  Object.assign(process.env, saved);
});

function configure(): void {
  const bundleFile = join(world.folder, 'out', 'flywheel-bundle.json');
  writeDeploymentBundle(join(world.folder, 'playbooks'), bundleFile);
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint, AWS_ENDPOINT_URL_SQS: world.sqs.endpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: world.bus.endpoint, AWS_ENDPOINT_URL_SECRETS_MANAGER: world.secrets.endpoint,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    FLYWHEEL_TABLE: world.tableName, FLYWHEEL_BUNDLE_FILE: bundleFile, FLYWHEEL_BUS: 'flywheel-bus',
    FLYWHEEL_PUBLISH_QUEUE_URL: world.sqs.queueUrl('publish'), FLYWHEEL_CHECK_QUEUE_URL: world.sqs.queueUrl('check'),
    FLYWHEEL_TRACK_QUEUE_URL: world.sqs.queueUrl('track'), FLYWHEEL_SOP_QUEUE_URL: world.sqs.queueUrl('sop'),
    FLYWHEEL_DLQ_URL: world.sqs.queueUrl('dlq'),
    // What infra grants publish: the channel credentials the playbooks name, and nothing else.
    FLYWHEEL_SECRET_NAMES: 'flywheel/site-signing',
  });
}

async function loadEntry(name: string): Promise<Handler> {
  vi.resetModules();
  return ((await import(`../../functions/lambda/${name}.ts`)) as { handler: Handler }).handler;
}

describe('Lambda entry files', () => {
  it('sync, tick and publish run from their environment alone and publish the due posts', async () => {
    // Prepare
    configure();
    vi.useFakeTimers({ now: POST_AT - 3_600_000, toFake: ['Date'] });
    const sync = await loadEntry('sync');
    const tick = await loadEntry('tick');
    const publish = await loadEntry('publish');
    // Act
    const synced = await sync({});
    vi.setSystemTime(POST_AT + 20_000);
    const ticked = await tick({ scheduledTime: new Date(POST_AT).toISOString() });
    const published = await publish(world.takeQueueEvent('publish'));
    // Assess
    expect(synced).toMatchObject({ dryRun: false, removed: 0 });
    expect(ticked).toMatchObject({ byQueue: { publish: 4 } });
    expect(published).toEqual({ batchItemFailures: [] });
    expect(world.receiver.received('/posts').map((request) => request.json.post).sort()).toEqual(['launch', 'rejected', 'slow']);
    expect(world.bus.accepted.filter((event) => event.detailType === 'flywheel.post.published')).toHaveLength(3);
    expect(world.bus.accepted.every((event) => event.busName === 'flywheel-bus')).toBe(true);
    expect(world.secrets.fetches.get('flywheel/site-signing')).toBe(1);
  });

  it.each([
    ['tick', 'FLYWHEEL_SOP_QUEUE_URL'],
    ['publish', 'FLYWHEEL_DLQ_URL'],
    ['check', 'FLYWHEEL_BUS'],
    ['notify', 'FLYWHEEL_IDEMPOTENCY_TABLE'],
    ['sync', 'FLYWHEEL_BUNDLE_FILE'],
    ['ingest', 'FLYWHEEL_TABLE'],
  ])('%s loads without %s, says so once at cold start, and fails every invocation naming it', async (name, variable) => {
    configure();
    process.env.FLYWHEEL_IDEMPOTENCY_TABLE = world.tableName;
    delete process.env[variable];
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const handler = await loadEntry(name);
      const failures = await Promise.all([handler({}), handler({})].map((invocation) => invocation.then(() => undefined, (error: unknown) => error)));
      // A fresh module graph per import: compare by name, the class object differs.
      for (const failure of failures) {
        expect((failure as Error).name).toBe('EnvironmentError');
        expect((failure as Error).message).toContain(`${variable} is not set`);
      }
      expect(logged).toHaveBeenCalledTimes(1);
      expect(String(logged.mock.calls[0]?.[0])).toContain(`The ${name} function cannot start`);
    } finally {
      logged.mockRestore();
    }
  });
});
