import * as z from 'zod';

const EpochMsSchema = z.number().int().nonnegative();
const IdSchema = z.string().min(1);
const DimensionSchema = z.string().min(1).optional();

/** One measured value of one metric at one instant, with the dimensions it was measured for. */
export const MetricPointSchema = z.object({
  time: EpochMsSchema.describe('When the value was measured (epoch ms).'),
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
  expiresAt: EpochMsSchema.describe('After this instant (epoch ms) the claim no longer counts; longer than any retry horizon.'),
});
/** What the caller says when it claims a publish. */
export type PublishClaim = z.infer<typeof PublishClaimSchema>;

/** The final or pending outcome of a claimed publish. */
export const PublishOutcomeSchema = z.object({
  status: z.enum(['published', 'failed', 'unconfirmed', 'blocked', 'pending'])
    .describe('pending: the platform took the post and finishes it asynchronously; a read-back resolves it.'),
  detail: z.string().optional(),
  platformId: z.string().optional().describe('The id the platform gave the published post.'),
});
/** The final or pending outcome of a claimed publish. */
export type PublishOutcome = z.infer<typeof PublishOutcomeSchema>;

/** A publish claim as stored, with its outcome once recorded. */
export const PublishRecordSchema = z.object({
  key: IdSchema,
  jobId: IdSchema,
  status: z.enum(['claimed', 'published', 'failed', 'unconfirmed', 'blocked', 'pending']),
  claimedAt: EpochMsSchema,
  expiresAt: EpochMsSchema,
  outcomeAt: EpochMsSchema.optional(),
  detail: z.string().optional(),
  platformId: z.string().optional(),
});
/** A publish claim as stored, with its outcome once recorded. */
export type PublishRecord = z.infer<typeof PublishRecordSchema>;

/** The kinds of work the due-items runner does. */
export const JobKindSchema = z.enum(['publish', 'check', 'track', 'sop', 'sop-step', 'reminder', 'ab', 'read-back']);
/** The kinds of work the due-items runner does. */
export type JobKind = z.infer<typeof JobKindSchema>;

/** One scheduled occurrence of work, as the plan sync writes it. */
export const JobSchema = z.object({
  id: IdSchema.describe('Deterministic: the same plan always gives the same id.'),
  kind: JobKindSchema,
  dueAt: EpochMsSchema,
  payload: z.json(),
});
/** One scheduled occurrence of work, as the plan sync writes it. */
export type Job = z.infer<typeof JobSchema>;

/** A job as stored, with its run status. */
export const StoredJobSchema = JobSchema.extend({
  status: z.enum(['pending', 'done']),
  doneAt: EpochMsSchema.optional(),
});
/** A job as stored, with its run status. */
export type StoredJob = z.infer<typeof StoredJobSchema>;

/** A check's memory between runs (last values, when it last fired), with its lock version. */
export const CheckStateSchema = z.object({
  checkId: IdSchema,
  state: z.record(z.string(), z.json()),
  version: z.number().int().positive(),
});
/** A check's memory between runs, with its lock version. */
export type CheckState = z.infer<typeof CheckStateSchema>;

/** Where one key result of one goal stands at one instant. */
export const GoalStatusSchema = z.object({
  goal: IdSchema,
  keyResult: IdSchema,
  status: z.string().min(1).describe('on-track, at-risk, off-track, achieved, missed, no-data…'),
  value: z.number().optional(),
  expected: z.number().optional(),
  forecast: z.number().optional(),
  at: EpochMsSchema,
});
/** Where one key result of one goal stands at one instant. */
export type GoalStatus = z.infer<typeof GoalStatusSchema>;

/** One entry of the events log, which is also the notifications outbox. */
export const StoreEventSchema = z.object({
  at: EpochMsSchema,
  type: z.string().min(1),
  detail: z.json(),
  id: IdSchema.optional().describe('Dedupe id; defaults to a hash of at, type and detail, so a retried append is stored once.'),
});
/** One entry of the events log, which is also the notifications outbox. */
export type StoreEvent = z.infer<typeof StoreEventSchema>;
