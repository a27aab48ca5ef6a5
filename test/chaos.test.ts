import { describe, expect, it } from 'vitest';
import type { PublishJob } from '../core/index';
import { DEFAULT_OPTIONS, checkOptions } from '../bench/chaos/options';
import { reconcile } from '../bench/chaos/reconcile';
import { passed, runChaos } from '../bench/chaos/run';
import { FIRST_POST_AT } from '../bench/chaos/workspace';
import { FlywheelStore, createLocalClients, createTable, startEmbeddedEngine, type PublishOutcome } from '../functions/store/index';

describe('chaos harness (npm run chaos) at a small size', () => {
  it('publishes 200 posts under duplicates, faults and a worker crash with none duplicated or lost', async () => {
    // Prepare: the shares and timings of the full run, on fewer posts and minutes; the crash lands mid-run.
    // Its batches come back after the 6 s visibility timeout, while their claims are younger than the 10 s
    // abandonedClaimMs: acknowledging them then (the bug this caught) loses those posts.
    const options = checkOptions({ ...DEFAULT_OPTIONS, posts: 200, minutes: 4, crashAfter: 80 });
    // Act
    const report = await runChaos(options);
    // Assess: every post is in exactly one class, and the faults and the crash really happened.
    const { outcome } = report;
    expect(outcome.problems).toEqual([]);
    expect(outcome.duplicates).toBe(0);
    expect(outcome.lost).toBe(0);
    expect(outcome.unaccounted).toBe(0);
    expect(outcome.published + outcome.deadLettered + outcome.unconfirmed + outcome.blocked).toBe(200);
    expect(outcome.published).toBeGreaterThan(150);
    expect(report.platform.requests).toBeGreaterThan(report.platform.acceptances);
    expect(report.platform['429'] + report.platform['500'] + report.platform['503']).toBeGreaterThan(0);
    expect(report.platform.badSignatures).toBe(0);
    expect(report.platform.retryAfterViolations).toBe(0);
    expect(report.queue.duplicatesConcurrent + report.queue.duplicatesLate).toBeGreaterThan(0);
    expect(report.crash?.inFlightMessages).toBeGreaterThan(0);
    // The post whose request was on the platform when the workers died: there once, never resent, reported unconfirmed.
    expect(outcome.classOf.get(report.crash?.keyOnPlatform ?? '')).toBe('unconfirmed (crash, on the platform)');
    // Messages that met a claim still held were failed back to the queue, not dropped.
    expect(report.queue.failedItems).toBeGreaterThan(0);
    expect(report.workerStarts).toBe(options.workers * 2);
    expect(report.queue.redriven).toBe(0);
    expect(passed(report)).toBe(true);
  }, 90_000);
});

describe('chaos reconciliation', () => {
  it('flags a duplicate, a lost post, an unrecorded acceptance and records the sources disagree on', async () => {
    // Prepare: eight posts in a real store, each left in another state, with the platform's and the queue's view.
    const engine = await startEmbeddedEngine();
    const { client, documentClient } = createLocalClients(engine.endpoint);
    try {
      await createTable(client, 'reconcile');
      const store = new FlywheelStore({ client: documentClient, tableName: 'reconcile' });
      const job = (post: string): PublishJob => ({
        kind: 'publish', id: `publish/c/${post}/hook-1/20270110T1200Z`, hash: 'h', file: 'campaigns/c.yaml', campaign: 'c', post, channel: 'hook-1',
        platform: 'webhook', share: 1, at: FIRST_POST_AT, local: '2027-01-10 20:00', zone: 'Asia/Shanghai', approved: true, reviewRequired: false,
      });
      const [ok, twice, never, orphan, noLetter, rejected, crashed, phantom] = [job('ok'), job('twice'), job('never'), job('orphan'), job('no-letter'), job('rejected'), job('crashed'), job('phantom')];
      const jobs = [ok, twice, never, orphan, noLetter, rejected, crashed, phantom];
      const outcomes: Array<[PublishJob, PublishOutcome | undefined]> = [
        [ok, { status: 'published' }], [twice, { status: 'published' }], [orphan, undefined], [noLetter, { status: 'failed', detail: 'HTTP 400' }],
        [rejected, { status: 'failed', detail: 'HTTP 400' }], [crashed, { status: 'unconfirmed', detail: 'an earlier attempt stopped after claiming this post' }],
        [phantom, { status: 'published' }],
      ];
      for (const [claimed, outcome] of outcomes) {
        await store.claimPublish(claimed.id, { jobId: claimed.id, expiresAt: Date.now() + 3_600_000 });
        if (outcome) await store.recordPublishOutcome(claimed.id, outcome);
      }
      const letter = (failed: PublishJob) => JSON.stringify({
        key: failed.id, campaign: 'c', post: failed.post, channel: 'hook-1', scheduledAt: new Date(FIRST_POST_AT).toISOString(), reason: 'HTTP 400', retryable: false,
        failedAt: new Date(FIRST_POST_AT).toISOString(),
      });
      const event = (type: string, about: PublishJob) => ({ source: 'flywheel', detailType: `flywheel.post.${type}`, busName: 'bus', detail: { campaign: 'c', post: about.post, channel: 'hook-1' } });
      // Act
      const outcome = await reconcile({
        options: DEFAULT_OPTIONS, jobs, store,
        accepted: new Map([[ok.id, 1], [twice.id, 2], [orphan.id, 1], [crashed.id, 1]]),
        deadLetterBodies: [letter(rejected)],
        busEvents: [event('failed', noLetter), event('failed', rejected), event('unconfirmed', crashed)],
      });
      // Assess
      expect(outcome).toMatchObject({ posts: 8, published: 1, duplicates: 1, lost: 2, deadLettered: 1, unconfirmed: 1, unconfirmedOnPlatform: 1, unaccounted: 2 });
      expect(outcome.unconfirmedByCause.crash).toBe(1);
      expect(outcome.problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['duplicate', 'lost', 'lost-record', 'unaccounted', 'unaccounted']);
    } finally {
      client.destroy();
      await engine.stop();
    }
  });
});
