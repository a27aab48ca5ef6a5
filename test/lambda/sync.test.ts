import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSyncHandler } from '../../functions/lambda/sync-handler';
import { buildDeploymentBundle, openDeploymentBundle } from '../../functions/sync/index';
import { POST_AT } from './support/lambda-world';
import { ENGINES, useLambdaWorld } from './support/use-lambda-world';

describe.each(ENGINES)('plan sync on %s', (_name, startEngine) => {
  const lambda = useLambdaWorld(startEngine);
  beforeEach(() => {
    lambda.world.clock = POST_AT - 86_400_000;
  });

  function syncHandler(bundle = lambda.world.bundle) {
    return createSyncHandler({ logger: lambda.world.logger, metrics: lambda.world.metrics, store: lambda.world.store, bundle, now: () => lambda.world.clock });
  }

  /** The bundle after editing the test playbooks. */
  function editedBundle(edit: (playbooks: string) => void) {
    edit(join(lambda.world.folder, 'playbooks'));
    return openDeploymentBundle(buildDeploymentBundle(join(lambda.world.folder, 'playbooks')));
  }

  it('queues each job\'s next occurrence, and a second run with the same plan writes nothing', async () => {
    // Act
    const first = await syncHandler()({});
    const items = await lambda.world.store.listJobs();
    const second = await syncHandler()({});
    // Assess
    expect(first.written).toBe(lambda.world.bundle.plan.jobs.length - first.finished);
    expect(first.written).toBeGreaterThan(5);
    expect(items.map((item) => item.id)).toContain(`publish/mid-autumn/launch/site/20260910T1200Z@20260910T1200Z#${lambda.world.bundle.jobsById.get('publish/mid-autumn/launch/site/20260910T1200Z')?.hash}`);
    expect(second).toMatchObject({ written: 0, removed: 0, expired: 0, unchanged: first.written });
    expect(await lambda.world.store.listJobs()).toEqual(items);
  });

  it('removes the future schedule of a post taken out of the playbook and touches nothing else', async () => {
    // Prepare
    await syncHandler()({});
    const before = await lambda.world.store.listJobs();
    const bundle = editedBundle((playbooks) => {
      const file = join(playbooks, 'campaigns/mid-autumn.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').split('\n').filter((line) => !line.includes('id: later')).join('\n'));
    });
    // Act
    const result = await syncHandler(bundle)({});
    const after = await lambda.world.store.listJobs();
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
    const launch = (await lambda.world.store.listJobs()).find((item) => item.id.startsWith('publish/mid-autumn/launch/'));
    await lambda.world.store.markJobDone(launch?.id ?? '', launch?.dueAt ?? 0);
    const bundle = editedBundle((playbooks) => {
      writeFileSync(join(playbooks, 'content/launch.md'), '改过的正文\n');
    });
    // Act: the body file changed, so the launch job has a new hash; sync twice.
    const changed = await syncHandler(bundle)({});
    const again = await syncHandler(bundle)({});
    // Assess: the new version is queued once; the done item stays done.
    expect(changed).toMatchObject({ written: 1, removed: 0 });
    expect(again.written).toBe(0);
    const items = (await lambda.world.store.listJobs()).filter((item) => item.id.startsWith('publish/mid-autumn/launch/'));
    expect(items.map((item) => item.status).sort()).toEqual(['done', 'pending']);
  });

  it('counts without writing on a dry run', async () => {
    const dry = await syncHandler()({ dryRun: true });
    expect(dry.dryRun).toBe(true);
    expect(dry.written).toBeGreaterThan(0);
    expect(await lambda.world.store.listJobs()).toEqual([]);
  });

  it('does not queue a one-time job whose time has passed', async () => {
    const result = await lambda.world.syncPlanAt(Date.UTC(2026, 8, 12));
    const ids = (await lambda.world.store.listJobs()).map((item) => item.id);
    expect(ids.some((id) => id.startsWith('publish/mid-autumn/launch/'))).toBe(false);
    expect(ids.some((id) => id.startsWith('publish/mid-autumn/later/'))).toBe(true);
    expect(result.finished).toBeGreaterThan(0);
  });
});
