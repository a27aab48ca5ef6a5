import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getCheckState, putCheckState } from './check-state';
import { appendEvent, listEvents, type LoggedEvent } from './events';
import { listGoalHistory, listGoalStatuses, putGoalStatus, type PutGoalStatusResult } from './goal-status';
import { deleteJobs, listDueJobs, listJobs, markJobDone, putJobs, type PutJobsResult } from './jobs';
import { getMediaId, putMediaId } from './media-ids';
import { getStateItem, putStateItem } from './state-items';
import { listStoredMetrics, mergeMetricPoints, putMetricPoints, queryMetricPoints, type MergeMetricPointsResult } from './metric-points';
import { claimPublish, getPublishRecord, recordPublishOutcome, type ClaimResult } from './publish-claims';
import type { CheckState, GoalStatus, Job, MetricPoint, PublishClaim, PublishOutcome, PublishRecord, StoreEvent, StoredJob } from './schemas';
import type { StoreContext } from './store-context';

/** How to reach the table. */
export interface FlywheelStoreOptions {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** The clock for claim expiry and bookkeeping timestamps. @default Date.now */
  readonly now?: () => number;
}

/**
 * The single-table DynamoDB store shared by the local runner and the Lambdas. Each method is
 * one access pattern of functions/store/DESIGN.md; none scans the table.
 */
export class FlywheelStore {
  private readonly context: StoreContext;

  constructor(options: FlywheelStoreOptions) {
    this.context = { client: options.client, tableName: options.tableName, now: options.now ?? Date.now };
  }

  /** Stores metric points idempotently; returns the number of distinct points written. */
  putMetricPoints(points: readonly MetricPoint[]): Promise<number> {
    return putMetricPoints(this.context, points);
  }

  /** Stores the new or changed points and counts those already present with the same value. */
  mergeMetricPoints(points: readonly MetricPoint[]): Promise<MergeMetricPointsResult> {
    return mergeMetricPoints(this.context, points);
  }

  /** The metrics that have points in the store, in id order. */
  listStoredMetrics(): Promise<string[]> {
    return listStoredMetrics(this.context);
  }

  /** Points of `metric` with fromExclusive < time <= toInclusive, oldest first. */
  queryMetricPoints(metric: string, fromExclusive: number, toInclusive: number): Promise<MetricPoint[]> {
    return queryMetricPoints(this.context, metric, fromExclusive, toInclusive);
  }

  /** Claims the one right to publish `key`; 'already-claimed' for every later or concurrent caller. */
  claimPublish(key: string, claim: PublishClaim): Promise<ClaimResult> {
    return claimPublish(this.context, key, claim);
  }

  /** Records the outcome of a claimed publish; PublishNotClaimedError when there is no claim. */
  recordPublishOutcome(key: string, outcome: PublishOutcome): Promise<void> {
    return recordPublishOutcome(this.context, key, outcome);
  }

  /** The claim and outcome for `key`, or undefined. */
  getPublishRecord(key: string): Promise<PublishRecord | undefined> {
    return getPublishRecord(this.context, key);
  }

  /** Writes new or changed jobs as pending; identical ones are left as they are. */
  putJobs(jobs: readonly Job[]): Promise<PutJobsResult> {
    return putJobs(this.context, jobs);
  }

  /** Pending jobs due at or before `now`, earliest first, at most `limit`. */
  listDueJobs(now: number, limit: number): Promise<StoredJob[]> {
    return listDueJobs(this.context, now, limit);
  }

  /** Marks the occurrence due at `dueAt` done; false when it was not pending at that time. */
  markJobDone(id: string, dueAt: number): Promise<boolean> {
    return markJobDone(this.context, id, dueAt);
  }

  /** Deletes jobs by id. */
  deleteJobs(ids: readonly string[]): Promise<void> {
    return deleteJobs(this.context, ids);
  }

  /** Every stored job, for diffing against the plan. */
  listJobs(): Promise<StoredJob[]> {
    return listJobs(this.context);
  }

  /** The platform's id of a file already uploaded (key: connector, account, the file's SHA-256), or undefined. */
  getMediaId(key: string): Promise<string | undefined> {
    return getMediaId(this.context, key);
  }

  /** Remembers the platform's id of an uploaded file, so no later publish uploads it again. */
  putMediaId(key: string, mediaId: string): Promise<void> {
    return putMediaId(this.context, key, mediaId);
  }

  /** The workspace's pause record (functions/engine/pause.ts), or undefined when it was never paused. */
  getPause(): Promise<unknown> {
    return getStateItem(this.context, 'pause');
  }

  /** Replaces the workspace's pause record. */
  putPause(pause: unknown): Promise<void> {
    return putStateItem(this.context, 'pause', pause);
  }

  /** A firing check's acknowledgement by a person (functions/engine/state.ts), or undefined. */
  getAcknowledgement(check: string): Promise<unknown> {
    return getStateItem(this.context, `ack/${check}`);
  }

  /** Records a check's acknowledgement; undefined clears it (the check fired again or resolved). */
  putAcknowledgement(check: string, acknowledgement: unknown): Promise<void> {
    return putStateItem(this.context, `ack/${check}`, acknowledgement ?? null);
  }

  /** A check's state and version, or undefined before its first run. */
  getCheckState(checkId: string): Promise<CheckState | undefined> {
    return getCheckState(this.context, checkId);
  }

  /** Replaces a check's state if still at `expectedVersion` (0: new); StateConflictError otherwise. */
  putCheckState(checkId: string, state: CheckState['state'], expectedVersion: number): Promise<number> {
    return putCheckState(this.context, checkId, state, expectedVersion);
  }

  /** Stores a key result's status: latest plus a history item when the reading changed. */
  putGoalStatus(status: GoalStatus): Promise<PutGoalStatusResult> {
    return putGoalStatus(this.context, status);
  }

  /** The latest status of every key result. */
  listGoalStatuses(): Promise<GoalStatus[]> {
    return listGoalStatuses(this.context);
  }

  /** Every stored reading of one key result, oldest first. */
  listGoalHistory(goal: string, keyResult: string): Promise<GoalStatus[]> {
    return listGoalHistory(this.context, goal, keyResult);
  }

  /** Appends an event to the log/outbox; returns its id. */
  appendEvent(event: StoreEvent): Promise<string> {
    return appendEvent(this.context, event);
  }

  /** Events with fromInclusive <= at < toExclusive, oldest first. */
  listEvents(fromInclusive: number, toExclusive: number): Promise<LoggedEvent[]> {
    return listEvents(this.context, fromInclusive, toExclusive);
  }
}
