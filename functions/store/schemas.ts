import * as z from 'zod/mini';

const EpochMsSchema = z.int().check(z.nonnegative());
const IdSchema = z.string().check(z.minLength(1));
const DimensionSchema = z.optional(z.string().check(z.minLength(1)));

/** One measured value of one metric at one instant, with the dimensions it was measured for. */
export const MetricPointSchema = z.object({
  /** When the value was measured (epoch ms). */
  time: EpochMsSchema,
  metric: IdSchema,
  value: z.number(),
  channel: DimensionSchema,
  campaign: DimensionSchema,
  post: DimensionSchema,
  variant: DimensionSchema,
  content_type: DimensionSchema,
});
/** One measured value of one metric at one instant. */
export type MetricPoint = z.infer<typeof MetricPointSchema>;

/** What the caller says when it claims a publish. */
export const PublishClaimSchema = z.object({
  jobId: IdSchema,
  /** After this instant (epoch ms) the claim no longer counts; longer than any retry horizon. */
  expiresAt: EpochMsSchema,
  /** Who claims it (a runner and when it started), so a claim left without an outcome can say who left it. */
  holder: z.optional(z.string()),
});
/** What the caller says when it claims a publish. */
export type PublishClaim = z.infer<typeof PublishClaimSchema>;

/** The final or pending outcome of a claimed publish. */
export const PublishOutcomeSchema = z.object({
  /** pending: the platform took the post and finishes it asynchronously; a read-back resolves it. handed-off: a person publishes it. */
  status: z.enum(['published', 'failed', 'unconfirmed', 'blocked', 'pending', 'handed-off']),
  detail: z.optional(z.string()),
  /** The id the platform gave the published post. */
  platformId: z.optional(z.string()),
});
/** The final or pending outcome of a claimed publish. */
export type PublishOutcome = z.infer<typeof PublishOutcomeSchema>;

/** A publish claim as stored, with its outcome once recorded. */
export const PublishRecordSchema = z.object({
  key: IdSchema,
  jobId: IdSchema,
  status: z.enum(['claimed', 'published', 'failed', 'unconfirmed', 'blocked', 'pending', 'handed-off']),
  claimedAt: EpochMsSchema,
  expiresAt: EpochMsSchema,
  outcomeAt: z.optional(EpochMsSchema),
  holder: z.optional(z.string()),
  detail: z.optional(z.string()),
  platformId: z.optional(z.string()),
});
/** A publish claim as stored, with its outcome once recorded. */
export type PublishRecord = z.infer<typeof PublishRecordSchema>;

/** The kinds of work the due-items runner does. */
export const JobKindSchema = z.enum(['publish', 'check', 'track', 'sop', 'sop-step', 'reminder', 'ab', 'read-back']);
/** The kinds of work the due-items runner does. */
export type JobKind = z.infer<typeof JobKindSchema>;

/** One scheduled occurrence of work, as the plan sync writes it. */
export const JobSchema = z.object({
  /** Deterministic: the same plan always gives the same id. */
  id: IdSchema,
  kind: JobKindSchema,
  dueAt: EpochMsSchema,
  payload: z.json(),
});
/** One scheduled occurrence of work, as the plan sync writes it. */
export type Job = z.infer<typeof JobSchema>;

/** A job as stored, with its run status. */
export const StoredJobSchema = z.extend(JobSchema, {
  status: z.enum(['pending', 'done']),
  doneAt: z.optional(EpochMsSchema),
});
/** A job as stored, with its run status. */
export type StoredJob = z.infer<typeof StoredJobSchema>;

/** A check's memory between runs (last values, when it last fired), with its lock version. */
export const CheckStateSchema = z.object({
  checkId: IdSchema,
  state: z.record(z.string(), z.json()),
  version: z.int().check(z.positive()),
});
/** A check's memory between runs, with its lock version. */
export type CheckState = z.infer<typeof CheckStateSchema>;

/** Where one key result of one goal stands at one instant. */
export const GoalStatusSchema = z.object({
  goal: IdSchema,
  keyResult: IdSchema,
  /** on-track, at-risk, off-track, achieved, missed, no-data… */
  status: z.string().check(z.minLength(1)),
  value: z.optional(z.number()),
  expected: z.optional(z.number()),
  forecast: z.optional(z.number()),
  at: EpochMsSchema,
});
/** Where one key result of one goal stands at one instant. */
export type GoalStatus = z.infer<typeof GoalStatusSchema>;

/** One entry of the events log, which is also the notifications outbox. */
export const StoreEventSchema = z.object({
  at: EpochMsSchema,
  type: z.string().check(z.minLength(1)),
  detail: z.json(),
  /** Dedupe id; defaults to a hash of at, type and detail, so a retried append is stored once. */
  id: z.optional(IdSchema),
});
/** One entry of the events log, which is also the notifications outbox. */
export type StoreEvent = z.infer<typeof StoreEventSchema>;
