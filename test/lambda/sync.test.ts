import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSyncHandler } from '../../functions/lambda/sync-handler';
import { buildDeploymentBundle, openDeploymentBundle, reconcilePlan } from '../../functions/sync/index';
import { isDynamoDbLocalSkipped, startDynalite, startDynamoDbLocal, type DynamoDbEngine } from '../support/dynamodb-engines';
import { POST_AT, startLambdaWorld, type LambdaWorld } from './support/lambda-world';

const engines: Array<[string, () => Promise<DynamoDbEngine>]> = [['dynalite', startDynalite]];
if (!isDynamoDbLocalSkipped()) engines.push(['DynamoDB Local', startDynamoDbLocal]);

describe.each(engines)('plan sync on %s', (_name, startEngine) => {
  let engine: DynamoDbEngine;
  let world: LambdaWorld;
  beforeAll(async () => {
    engine = await startEngine();
  }, 60_000);
  afterAll(async () => {
    await engine.stop();
  });
  beforeEach(async () => {
    world = await startLambdaWorld(engine);
    world.clock = POST_AT - 86_400_000;
  });
  afterEach(async () => {
    await world.stop();
  });

  function syncHandler(bundle = world.bundle) {
    return createSyncHandler({ logger: world.logger, metrics: world.metrics, store: world.store, bundle, now: () => world.clock });
  }

  /** The bundle after editing the test playbooks. */
  function editedBundle(edit: (playbooks: string) => void) {
    edit(join(world.folder, 'playbooks'));
    return openDeploymentBundle(buildDeploymentBundle(join(world.folder, 'playbooks')));
  }

  it('queues each job\'s next occurrence, and a second run with the same plan writes nothing', async () => {
    // Act
    const first = await syncHandler()({});
    const items = await world.store.listJobs();
    const second = await syncHandler()({});
    // Assess
    expect(first.written).toBe(world.bundle.plan.jobs.length - first.finished);
    expect(first.written).toBeGreaterThan(5);
    expect(items.map((item) => item.id)).toContain(`publish/mid-autumn/launch/site/20260910T1200Z@20260910T1200Z#${world.bundle.jobsById.get('publish/mid-autumn/launch/site/20260910T1200Z')?.hash}`);
    expect(second).toMatchObject({ written: 0, removed: 0, expired: 0, unchanged: first.written });
    expect(await world.store.listJobs()).toEqual(items);
  });

  it('removes the future schedule of a post taken out of the playbook and touches nothing else', async () => {
    // Prepare
    await syncHandler()({});
    const before = await world.store.listJobs();
    const bundle = editedBundle((playbooks) => {
      const file = join(playbooks, 'campaigns/mid-autumn.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').split('\n').filter((line) => !line.includes('id: later')).join('\n'));
    });
    // Act
    const result = await syncHandler(bundle)({});
    const after = await world.store.listJobs();
    // Assess
    expect(result).toMatchObject({ written: 0, removed: 1 });
    const gone = before.filter((item) => !after.some((other) => other.id === item.id)).map((item) => item.id);
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatch(/^publish\/mid-autumn\/later\/site\/20260915T1200Z@/);
    expect(after).toEqual(before.filter((item) => item.id !== gone[0]));
  });

  it('requeues a changed post under its new hash and never revives an occurrence that already ran', async () => {
    // Prepare: sync, then the launch post runs (marked done).
    await syncHandler()({});
    const launch = (await world.store.listJobs()).find((item) => item.id.startsWith('publish/mid-autumn/launch/'));
    await world.store.markJobDone(launch?.id ?? '', launch?.dueAt ?? 0);
    const bundle = editedBundle((playbooks) => {
      writeFileSync(join(playbooks, 'content/launch.md'), '改过的正文\n');
    });
    // Act: the body file changed, so the launch job has a new hash; sync twice.
    const changed = await syncHandler(bundle)({});
    const again = await syncHandler(bundle)({});
    // Assess: the new version is queued once; the done item stays done.
    expect(changed).toMatchObject({ written: 1, removed: 0 });
    expect(again.written).toBe(0);
    const items = (await world.store.listJobs()).filter((item) => item.id.startsWith('publish/mid-autumn/launch/'));
    expect(items.map((item) => item.status).sort()).toEqual(['done', 'pending']);
  });

  it('counts without writing on a dry run', async () => {
    const dry = await syncHandler()({ dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.written).toBeGreaterThan(0);
    expect(await world.store.listJobs()).toEqual([]);
  });

  it('does not queue a one-time job whose time has passed', async () => {
    world.clock = Date.UTC(2026, 8, 12);
    const result = await reconcilePlan(world.store, world.bundle.plan, { now: world.clock });
    const ids = (await world.store.listJobs()).map((item) => item.id);
    expect(ids.some((id) => id.startsWith('publish/mid-autumn/launch/'))).toBe(false);
    expect(ids.some((id) => id.startsWith('publish/mid-autumn/later/'))).toBe(true);
    expect(result.finished).toBeGreaterThan(0);
  });
});
