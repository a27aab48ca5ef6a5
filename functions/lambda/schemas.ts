import * as z from 'zod';
import { JobKindSchema } from '../store/schemas';

/** The tick's input: Scheduler's Input template `{"scheduledTime":"<aws.scheduler.scheduled-time>"}`; empty works too. */
export const TickEventSchema = z.object({
  scheduledTime: z.iso.datetime({ offset: true }).optional(),
}).loose();
export type TickEvent = z.infer<typeof TickEventSchema>;

/** A step of a started SOP as queued (functions/engine/handlers.ts SopStepOccurrence). */
export const SopStepSchema = z.object({
  kind: z.literal('sop-step'),
  sop: z.string().min(1),
  step: z.string().min(1),
  at: z.number().int(),
  check: z.object({ name: z.string(), value: z.number().optional() }).optional(),
});

/** A post a platform finishes asynchronously (WeChat freepublish), to be read back. */
export const ReadBackSchema = z.object({
  jobId: z.string().min(1),
  platformId: z.string().min(1),
  /** 1 for the first read-back. */
  attempt: z.number().int().positive(),
});
export type ReadBack = z.infer<typeof ReadBackSchema>;

/**
 * A queue message: one due occurrence, as the tick sends it. `payload` names the plan job
 * (`jobId`) or carries a started SOP's step.
 */
export const WorkMessageSchema = z.object({
  id: z.string().min(1).describe('The occurrence id: <job id>@<minute>#<job hash>, sop-step/<sop>/<step>@<minute>, or read-back/<job id>@<minute>.'),
  kind: JobKindSchema,
  dueAt: z.number().int().nonnegative(),
  payload: z.union([z.object({ jobId: z.string().min(1) }), z.object({ step: SopStepSchema }), z.object({ readBack: ReadBackSchema })]),
});
export type WorkMessage = z.infer<typeof WorkMessageSchema>;

/** The SQS event a queue consumer receives (only what the handlers read). */
export const SqsEventSchema = z.object({
  Records: z.array(z.object({ messageId: z.string(), body: z.string(), attributes: z.record(z.string(), z.string()).optional() }).loose()),
});

/** What an SQS consumer answers with reportBatchItemFailures: the messages to deliver again. */
export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** The sync function's input: a Trigger invokes it with an empty event; `dryRun` counts without writing. */
export const SyncEventSchema = z.object({ dryRun: z.boolean().optional() }).loose();

/** A Lambda Function URL request (payload format 2.0), the parts ingest reads. */
export const FunctionUrlEventSchema = z.object({
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
  isBase64Encoded: z.boolean().optional(),
  requestContext: z.object({ http: z.object({ method: z.string() }).loose() }).loose(),
}).loose();

/** The JSON body ingest takes: metric points as `flywheel metrics` stores them (time as epoch ms or ISO 8601). */
export const IngestJsonSchema = z.object({
  points: z.array(z.object({
    time: z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((value) => Date.parse(value))]),
    metric: z.string().min(1),
    value: z.number().refine(Number.isFinite, 'must be a finite number'),
    channel: z.string().min(1).optional(),
    campaign: z.string().min(1).optional(),
    post: z.string().min(1).optional(),
    variant: z.string().min(1).optional(),
    content_type: z.string().min(1).optional(),
  })).max(10_000),
});

/** A Function URL response. */
export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
