import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import * as z from 'zod/mini';

/** A post that failed for good, as the dead-letter queue holds it: enough to redrive or explain it. */
export const DeadLetterSchema = z.object({
  /** The idempotency key: post + channel + variant + scheduled instant. */
  key: z.string(),
  campaign: z.string(),
  post: z.string(),
  channel: z.string(),
  variant: z.optional(z.string()),
  scheduledAt: z.iso.datetime({ offset: true }),
  reason: z.string(),
  /** True when only passing errors (429, 5xx) were seen: nothing was accepted, so a redrive is safe. */
  retryable: z.boolean(),
  failedAt: z.iso.datetime({ offset: true }),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

/** Where publish puts a post that failed for good. */
export interface DeadLetterQueue {
  send(letter: DeadLetter): Promise<void>;
}

/** The dead-letter queue as an SQS queue (FLYWHEEL_DLQ_URL). */
export class SqsDeadLetterQueue implements DeadLetterQueue {
  constructor(private readonly client: SQSClient, private readonly queueUrl: string) {}

  async send(letter: DeadLetter): Promise<void> {
    const body = JSON.stringify(DeadLetterSchema.parse(letter));
    await this.client.send(new SendMessageCommand({
      QueueUrl: this.queueUrl, MessageBody: body,
      MessageAttributes: { reason: { DataType: 'String', StringValue: letter.reason.slice(0, 256) } },
    }));
  }
}

/** What a batch send did: the ids SQS took and those it did not (with why). */
export interface SendOutcome {
  readonly sent: string[];
  readonly failed: Array<{ id: string; reason: string }>;
}

/** SendMessageBatch takes at most 10 entries. */
export const MAX_BATCH_MESSAGES = 10;

/**
 * Sends messages to one queue in batches of 10; ids are the caller's (unique within a call).
 * An entry SQS refused is returned as failed, not thrown: the caller leaves it for the next try.
 */
export async function sendInBatches(client: SQSClient, queueUrl: string, messages: ReadonlyArray<{ id: string; body: string }>): Promise<SendOutcome> {
  const sent: string[] = [];
  const failed: Array<{ id: string; reason: string }> = [];
  for (let start = 0; start < messages.length; start += MAX_BATCH_MESSAGES) {
    const batch = messages.slice(start, start + MAX_BATCH_MESSAGES);
    // Batch entry ids allow only [A-Za-z0-9_-]{1,80}: the position stands in for the caller's id.
    const entries = batch.map((message, index) => ({ Id: `m${index}`, MessageBody: message.body }));
    try {
      const response = await client.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      for (const success of response.Successful ?? []) sent.push(batch[Number(success.Id?.slice(1))]?.id ?? '');
      for (const failure of response.Failed ?? []) failed.push({ id: batch[Number(failure.Id?.slice(1))]?.id ?? '', reason: `${failure.Code}: ${failure.Message ?? ''}` });
    } catch (error) {
      for (const message of batch) failed.push({ id: message.id, reason: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
  return { sent: sent.filter(Boolean), failed };
}
