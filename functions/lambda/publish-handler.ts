import type { Context } from 'aws-lambda';
import { formatIdInstant, type Channel, type PublishJob } from '../../core/index';
import type { HandedOffResult, PublishConnector, PublishResult } from '../connectors/index';
import { runPublishWork, type Occurrence, type SendOutcome } from '../engine/handlers';
import { renderPost } from '../engine/render-post';
import { holds } from '../engine/pause';
import { CLAIM_LIFETIME_MS, StoreEngineState } from '../engine/store-state';
import type { PublishRecord } from '../store/index';
import { alertsFor, handOffsFor } from './alerts';
import type { DeadLetterQueue } from './queues';
import { adoptContext, flushMetrics } from './runtime';
import type { ReadBack, SqsBatchResponse, WorkMessage } from './schemas';
import { applyWorkResult, processSqsBatch, resolveOccurrence, runWork, type WorkDeps } from './work';

/**
 * A claim older than this without an outcome was left by an attempt that stopped. It must be longer
 * than the publish function's timeout (60 s: no attempt runs longer) and shorter than the queue's
 * redelivery horizon, visibility timeout × (maxReceiveCount - 1) = 6 min × 2, or a crashed post's
 * message reaches the queue's dead-letter queue before its claim can be settled as unconfirmed.
 */
export const ABANDONED_CLAIM_MS = 5 * 60_000;
/** Read-backs of a post the platform finishes asynchronously, before it counts as unconfirmed. */
export const MAX_READ_BACKS = 10;

/** What the publish consumer needs; every part is injectable (the chaos harness swaps them). */
export interface PublishHandlerDeps extends WorkDeps {
  /** The connector for a channel; build each once and reuse it (rate limits and secrets live in it). */
  readonly connectorFor: (channel: Channel) => PublishConnector;
  readonly deadLetters: DeadLetterQueue;
  /** @default ABANDONED_CLAIM_MS */
  readonly abandonedClaimMs?: number;
}

/** Another attempt holds a publish's claim and may still be at work: the message is failed back to the queue. */
class ClaimHeldError extends Error {
  override readonly name = 'ClaimHeldError';
}

/** Stops the engine's publish step without an outcome: the platform is still at work and a read-back is queued. */
class PublishPendingSignal extends Error {
  override readonly name = 'PublishPendingSignal';
}

function replayed(record: PublishRecord): SendOutcome {
  if (record.status === 'published') return record.platformId ? { status: 'published', platformId: record.platformId } : { status: 'published' };
  if (record.status === 'failed') return { status: 'failed', reason: record.detail ?? 'failed' };
  if (record.status === 'handed-off') return { status: 'handed-off', reason: record.detail ?? 'handed off' };
  return { status: 'unconfirmed', reason: record.detail ?? 'outcome unknown' };
}

const OUTCOME_METRICS: Readonly<Record<string, string>> = {
  'post.publish': 'Published', 'post.failed': 'PublishFailed', 'post.unconfirmed': 'PublishUnconfirmed', 'post.blocked': 'PublishBlocked',
  'post.handed-off': 'PublishHandedOff',
};

/**
 * The publish consumer: at most once per post + channel + variant + scheduled instant.
 * - claims the key with a conditional write; a second delivery finds the claim and only replays
 *   the recorded outcome's events (so an event lost to a bus failure is sent again, never the post);
 * - a claim left without an outcome by an attempt that stopped is not retried blindly: it becomes
 *   `unconfirmed` and the team is alerted;
 * - a post the platform finishes asynchronously (WeChat) is `pending`, and a read-back item is
 *   queued; read-backs resolve it to published or failed (up to MAX_READ_BACKS, then unconfirmed);
 * - `failed` goes to the dead-letter queue with its reason and raises `post.failed` plus an
 *   alert; `unconfirmed` raises `post.unconfirmed` plus an alert and is never retried;
 * - a channel Flywheel cannot publish to (no API connector or credentials) is `handed-off`: the
 *   ready post goes to its owner's notify target to publish by hand, with `post.handed-off`.
 */
export function createPublishHandler(deps: PublishHandlerDeps): (event: unknown, context?: Context) => Promise<SqsBatchResponse> {
  const channels = new Map((deps.bundle.model.workspaces[0]?.value.spec.channels ?? []).map((channel) => [channel.id, channel]));
  const abandonedAfter = deps.abandonedClaimMs ?? ABANDONED_CLAIM_MS;

  /** Records a final outcome; a failure goes to the dead-letter queue first. */
  async function record(job: PublishJob, result: PublishResult | HandedOffResult): Promise<SendOutcome> {
    const outcome: SendOutcome = result.status === 'published'
      ? { status: 'published', ...(result.platformId ? { platformId: result.platformId } : {}) }
      : { status: result.status, reason: result.reason };
    if (outcome.status === 'failed') {
      // Before the outcome: once `failed` is recorded, a redelivery only replays events, so a crash
      // (or an SQS error) in between would lose the letter. This way round the claim stays open and
      // is settled as unconfirmed, with the letter already sent.
      await deps.deadLetters.send({
        key: job.id, campaign: job.campaign, post: job.post, channel: job.channel, ...(job.variant ? { variant: job.variant } : {}),
        scheduledAt: new Date(job.at).toISOString(), reason: outcome.reason, retryable: result.status === 'failed' && result.retryable === true,
        failedAt: new Date(deps.now()).toISOString(),
      });
    }
    await deps.store.recordPublishOutcome(job.id, outcome.status === 'published'
      ? { status: 'published', detail: `attempts: ${result.attempts}`, ...(outcome.platformId ? { platformId: outcome.platformId } : {}) }
      : { status: outcome.status, detail: outcome.reason });
    return outcome;
  }

  /** Marks the post pending and queues a read-back at the minute the platform suggests. */
  async function awaitReadBack(job: PublishJob, readBack: { platformId: string; afterMs: number }, attempt: number, reason: string): Promise<void> {
    await deps.store.recordPublishOutcome(job.id, { status: 'pending', detail: reason, platformId: readBack.platformId });
    const dueAt = Math.ceil((deps.now() + readBack.afterMs) / 60_000) * 60_000;
    const payload: { readBack: ReadBack } = { readBack: { jobId: job.id, platformId: readBack.platformId, attempt } };
    await deps.store.putJobs([{ id: `read-back/${job.id}@${formatIdInstant(dueAt)}`, kind: 'read-back', dueAt, payload }]);
    deps.logger.info('Publish pending on the platform; read-back queued', { key: job.id, attempt, dueAt: new Date(dueAt).toISOString() });
  }

  async function send(job: PublishJob): Promise<SendOutcome> {
    const channel = channels.get(job.channel);
    if (!channel) return record(job, { status: 'failed', reason: `channel ${job.channel} is not in the workspace`, attempts: 0 });
    const connector = deps.connectorFor(channel);
    const result = await connector.publish(renderPost(deps.bundle.model, deps.bundle.files, job)).catch((error: unknown): PublishResult => ({
      // A connector should not throw; if one does, the request may have left: unknown, not failed.
      status: 'unconfirmed', reason: `connector error: ${error instanceof Error ? error.message : String(error)}`, attempts: 1,
    }));
    if (result.status === 'unconfirmed' && result.readBack && connector.readBack) {
      await awaitReadBack(job, result.readBack, 1, result.reason);
      throw new PublishPendingSignal(job.id);
    }
    return record(job, result);
  }

  /** Where the outcome comes from; undefined when another attempt (or a read-back) is at work on it. */
  async function claim(job: PublishJob): Promise<EngineSource | undefined> {
    const claimed = await deps.store.claimPublish(job.id, { jobId: job.id, expiresAt: deps.now() + CLAIM_LIFETIME_MS });
    if (claimed === 'claimed') return { publish: send, fresh: true };
    const existing = await deps.store.getPublishRecord(job.id);
    if (!existing || existing.status === 'pending') return undefined;
    if (existing.status !== 'claimed') return { publish: async () => replayed(existing), fresh: false };
    if (deps.now() - existing.claimedAt < abandonedAfter) {
      // Not acknowledged: if the holder died (a crash, a timeout), this message is the only thing
      // left that can settle its claim. Delivered again, it finds an outcome to replay, or an
      // abandoned claim to turn into unconfirmed.
      throw new ClaimHeldError(`Another attempt holds the claim on ${job.id} (taken ${Math.round((deps.now() - existing.claimedAt) / 1000)} s ago); the queue delivers this message again`);
    }
    const reason = 'an earlier attempt stopped after claiming this post; it may have been published (check the platform)';
    await deps.store.recordPublishOutcome(job.id, { status: 'unconfirmed', detail: reason });
    return { publish: async () => ({ status: 'unconfirmed', reason }), fresh: true };
  }

  /** Runs the engine's publish step with the outcome from `source`, then stores and sends what it produced. */
  async function finish(job: PublishJob, occurrence: Occurrence, source: EngineSource): Promise<void> {
    // The claim is settled by the caller; the engine's own claim must pass.
    const state = Object.assign(new StoreEngineState(deps.store, deps.now), { claimPublish: async () => true });
    let result;
    try {
      result = await runWork(deps, occurrence, { state, run: runPublishWork, publish: source.publish });
    } catch (error) {
      if (error instanceof PublishPendingSignal) return;
      throw error;
    }
    const blocked = result.events.find((event) => event.type === 'post.blocked');
    if (blocked?.type === 'post.blocked') await deps.store.recordPublishOutcome(job.id, { status: 'blocked', detail: blocked.reason });
    result.events.push(...alertsFor(deps.bundle.model, job, result.events), ...handOffsFor(deps.bundle.model, deps.bundle.files, job, result.events));
    await applyWorkResult(deps, result);
    for (const event of result.events) {
      const metric = OUTCOME_METRICS[event.type];
      if (metric && source.fresh) deps.metrics.addMetric(metric, 'Count', 1);
    }
    deps.logger.info(source.fresh ? 'Publish done' : 'Publish replayed from its record', { key: job.id, events: result.events.map((event) => event.type) });
  }

  async function readBack(message: WorkMessage, request: ReadBack): Promise<void> {
    const job = deps.bundle.jobsById.get(request.jobId);
    const channel = job?.kind === 'publish' ? channels.get(job.channel) : undefined;
    const existing = job ? await deps.store.getPublishRecord(job.id) : undefined;
    if (job?.kind !== 'publish' || !channel || !existing || existing.status === 'claimed') {
      deps.logger.warn('Read-back for a post this deployment does not have', { occurrence: message.id });
      return;
    }
    const occurrence: Occurrence = { kind: 'job', job, at: job.at };
    if (existing.status !== 'pending') {
      await finish(job, occurrence, { publish: async () => replayed(existing), fresh: false });
      return;
    }
    const connector = deps.connectorFor(channel);
    const result = connector.readBack
      ? await connector.readBack(request.platformId)
      : { status: 'unconfirmed' as const, reason: `${connector.kind} cannot read a post back`, attempts: 0 };
    if (result.status === 'unconfirmed' && result.readBack && request.attempt < MAX_READ_BACKS) {
      await awaitReadBack(job, result.readBack, request.attempt + 1, result.reason);
      return;
    }
    const final = result.status === 'unconfirmed' && result.readBack
      ? { ...result, reason: `still not finished on the platform after ${request.attempt} read-backs: ${result.reason}` }
      : result;
    const outcome = await record(job, final);
    await finish(job, occurrence, { publish: async () => outcome, fresh: true });
  }

  async function processMessage(message: WorkMessage): Promise<void> {
    if ('readBack' in message.payload) return readBack(message, message.payload.readBack);
    const resolved = resolveOccurrence(deps.bundle, message);
    if ('skip' in resolved) {
      deps.logger.info('Skipped an occurrence', { occurrence: message.id, reason: resolved.skip });
      deps.metrics.addMetric('OccurrencesSkipped', 'Count', 1);
      return;
    }
    const job = resolved.job;
    if (job?.kind !== 'publish') {
      deps.logger.warn('Not a publish job; the tick routes it elsewhere', { occurrence: message.id });
      return;
    }
    // A paused channel or campaign holds the post unclaimed (post.held), free to release later.
    if (holds(await new StoreEngineState(deps.store, deps.now).getPause(), job)) {
      await finish(job, resolved.occurrence, { publish: async () => ({ status: 'failed', reason: 'held by a pause' }), fresh: true });
      return;
    }
    const source = await claim(job);
    if (!source) {
      deps.logger.info('Another attempt or a read-back holds this publish', { key: job.id });
      return;
    }
    await finish(job, resolved.occurrence, source);
  }

  return async (event, context) => {
    adoptContext(deps.logger, context);
    try {
      return await processSqsBatch(deps, event, processMessage);
    } finally {
      flushMetrics(deps.metrics);
    }
  };
}

/** How the engine's publish step learns the outcome, and whether it is news (counted in metrics) or a replay. */
interface EngineSource {
  readonly publish: (job: PublishJob) => Promise<SendOutcome>;
  readonly fresh: boolean;
}
