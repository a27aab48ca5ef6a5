import * as z from 'zod/mini';
import { checkStoredValue } from '../../core/metrics/metric-values';
import { MAX_JSON_POINTS } from '../../core/metrics/read-json-points';
import { JobKindSchema } from '../store/schemas';

const NonEmpty = () => z.string().check(z.minLength(1));

/** The tick's input: Scheduler's Input template `{"scheduledTime":"<aws.scheduler.scheduled-time>"}`; empty works too. */
export const TickEventSchema = z.looseObject({
  scheduledTime: z.optional(z.iso.datetime({ offset: true })),
});
export type TickEvent = z.infer<typeof TickEventSchema>;

/** A step of a started SOP as queued (functions/engine/handlers.ts SopStepOccurrence). */
export const SopStepSchema = z.object({
  kind: z.literal('sop-step'),
  sop: NonEmpty(),
  step: NonEmpty(),
  at: z.int(),
  check: z.optional(z.object({ name: z.string(), value: z.optional(z.number()) })),
  /** What the event that started it is about (ids); absent on steps queued by older versions and on scheduled or check SOPs. */
  about: z.optional(z.object({
    event: NonEmpty(),
    post: z.optional(z.string()),
    campaign: z.optional(z.string()),
    channel: z.optional(z.string()),
    goal: z.optional(z.string()),
    keyResult: z.optional(z.string()),
    status: z.optional(z.string()),
  })),
});

/** A post a platform finishes asynchronously (WeChat freepublish), to be read back. */
export const ReadBackSchema = z.object({
  jobId: NonEmpty(),
  platformId: NonEmpty(),
  /** 1 for the first read-back. */
  attempt: z.int().check(z.positive()),
});
export type ReadBack = z.infer<typeof ReadBackSchema>;

/**
 * A queue message: one due occurrence, as the tick sends it. `payload` names the plan job
 * (`jobId`) or carries a started SOP's step.
 */
export const WorkMessageSchema = z.object({
  /** The occurrence id: <job id>@<minute>#<job hash>, sop-step/<sop>/<step>@<minute>[~<check or event subject>], or read-back/<job id>@<minute>. */
  id: NonEmpty(),
  kind: JobKindSchema,
  dueAt: z.int().check(z.nonnegative()),
  payload: z.union([z.object({ jobId: NonEmpty() }), z.object({ step: SopStepSchema }), z.object({ readBack: ReadBackSchema })]),
});
export type WorkMessage = z.infer<typeof WorkMessageSchema>;

/** The SQS event a queue consumer receives (only what the handlers read). */
export const SqsEventSchema = z.object({
  Records: z.array(z.looseObject({ messageId: z.string(), body: z.string(), attributes: z.optional(z.record(z.string(), z.string())) })),
});

/** What an SQS consumer answers with reportBatchItemFailures: the messages to deliver again. */
export interface SqsBatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

/** The sync function's input: a Trigger invokes it with an empty event; `dryRun` counts without writing. */
export const SyncEventSchema = z.looseObject({ dryRun: z.optional(z.boolean()) });

/** A Lambda Function URL request (payload format 2.0), the parts ingest reads. */
export const FunctionUrlEventSchema = z.looseObject({
  headers: z.optional(z.record(z.string(), z.string())),
  body: z.optional(z.string()),
  isBase64Encoded: z.optional(z.boolean()),
  requestContext: z.looseObject({ http: z.looseObject({ method: z.string() }) }),
});

/**
 * A JSON body of metric points, for readers that want a zod schema (an http-json pull). The ingest
 * handler reads bodies with core/metrics/read-json-points.ts instead, which names every bad point
 * and the field at fault; this schema holds values to the same limits the store keeps exactly.
 */
export const IngestJsonSchema = z.object({
  points: z.array(z.object({
    time: z.union([z.int().check(z.nonnegative()), z.pipe(z.iso.datetime({ offset: true }), z.transform((value: string) => Date.parse(value)))]),
    metric: NonEmpty(),
    value: z.number().check(z.refine((value) => checkStoredValue(value) === undefined, 'must be a finite number the store holds exactly (magnitude at most 9007199254740991, and 0 or at least 1e-130)')),
    channel: z.optional(NonEmpty()),
    campaign: z.optional(NonEmpty()),
    post: z.optional(NonEmpty()),
    variant: z.optional(NonEmpty()),
    content_type: z.optional(NonEmpty()),
  })).check(z.maxLength(MAX_JSON_POINTS)),
});

/** A Function URL response. */
export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
