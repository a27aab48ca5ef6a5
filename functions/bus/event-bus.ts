import { fullJitterDelay } from '../backoff';
import { Buffer } from 'node:buffer';
import { PutEventsCommand, type EventBridgeClient, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { EngineEvent } from '../engine/index';
import { BUS_SOURCE, toBusEvent, type BusEvent } from './detail-types';

/** PutEvents takes at most 10 entries a call. */
export const MAX_ENTRIES_PER_CALL = 10;
/** PutEvents takes at most 256 KiB a call, counted as AWS counts entry sizes. */
export const MAX_BYTES_PER_CALL = 256 * 1024;

/**
 * Entry error codes worth sending again: the service failed or throttled. Others
 * (MalformedDetail, InvalidArgument, AccessDenied…) fail the same way every time.
 */
const RETRYABLE_CODES = new Set(['InternalFailure', 'InternalException', 'ThrottlingException', 'ServiceUnavailable']);

export interface EventBusPublisherOptions {
  readonly client: EventBridgeClient;
  /** The custom bus's name or ARN. */
  readonly busName: string;
  /** PutEvents calls at most for one batch, the first included. @default 5 */
  readonly maxAttempts?: number;
  /** First backoff ceiling (doubles per attempt, full jitter). @default 100 */
  readonly baseDelayMs?: number;
  /** @default 5000 */
  readonly maxDelayMs?: number;
  /** @default a setTimeout promise */
  readonly sleep?: (milliseconds: number) => Promise<void>;
  /** @default Math.random */
  readonly random?: () => number;
}

/** One entry PutEvents did not take, with the reason it gave. */
export interface RejectedEntry {
  readonly detailType: string;
  readonly errorCode: string;
  readonly errorMessage: string;
}

/** Some events could not be put on the bus within the retry budget. */
export class BusPublishError extends Error {
  override readonly name = 'BusPublishError';
  constructor(readonly rejected: readonly RejectedEntry[], readonly sent: number, options?: ErrorOptions) {
    const first = rejected[0];
    super(
      `${rejected.length} event(s) could not be put on the event bus (${sent} were); first: ${first?.detailType} ${first?.errorCode}: ${first?.errorMessage}. ` +
        'Retryable errors were retried; check the bus name and the function\'s events:PutEvents permission.',
      options,
    );
  }
}

/** What AWS counts for an entry's size (PutEvents quota). */
export function entrySize(entry: PutEventsRequestEntry): number {
  let size = entry.Time ? 14 : 0;
  for (const part of [entry.Source, entry.DetailType, entry.Detail]) if (part) size += Buffer.byteLength(part, 'utf8');
  for (const resource of entry.Resources ?? []) size += Buffer.byteLength(resource, 'utf8');
  return size;
}

/** Splits entries into calls of at most 10 entries and 256 KiB. */
export function batchEntries(entries: readonly PutEventsRequestEntry[]): PutEventsRequestEntry[][] {
  const batches: PutEventsRequestEntry[][] = [];
  let current: PutEventsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entrySize(entry);
    if (current.length > 0 && (current.length === MAX_ENTRIES_PER_CALL || bytes + size > MAX_BYTES_PER_CALL)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Puts Flywheel events on the custom bus: 10 entries a call, and when a call partly fails
 * (FailedEntryCount > 0), only the failed entries are sent again, with exponential backoff and
 * full jitter, until the attempt budget is spent; then BusPublishError names what was lost.
 */
export class EventBusPublisher {
  private readonly maxAttempts: number;
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly random: () => number;

  constructor(private readonly options: EventBusPublisherOptions) {
    this.maxAttempts = options.maxAttempts ?? 5;
    this.baseDelayMs = options.baseDelayMs ?? 100;
    this.maxDelayMs = options.maxDelayMs ?? 5_000;
    this.sleep = options.sleep ?? ((milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)));
    this.random = options.random ?? Math.random;
  }

  /** Puts engine events (each parsed with its detail-type's schema); returns how many went out. */
  publishEngineEvents(events: readonly EngineEvent[]): Promise<number> {
    return this.publish(events.map(toBusEvent));
  }

  /** Puts bus events; returns how many went out. Throws BusPublishError when some could not. */
  async publish(events: readonly BusEvent[]): Promise<number> {
    const entries = events.map((event): PutEventsRequestEntry => ({
      Source: BUS_SOURCE, DetailType: event.detailType, Detail: JSON.stringify(event.detail), EventBusName: this.options.busName, Time: new Date(event.time),
    }));
    let sent = 0;
    const rejected: RejectedEntry[] = [];
    for (const batch of batchEntries(entries)) {
      const outcome = await this.putBatch(batch);
      sent += outcome.sent;
      rejected.push(...outcome.rejected);
    }
    if (rejected.length > 0) throw new BusPublishError(rejected, sent);
    return sent;
  }

  private async putBatch(batch: PutEventsRequestEntry[]): Promise<{ sent: number; rejected: RejectedEntry[] }> {
    let pending = batch;
    let sent = 0;
    const rejected: RejectedEntry[] = [];
    for (let attempt = 1; ; attempt += 1) {
      const response = await this.options.client.send(new PutEventsCommand({ Entries: pending }));
      const results = response.Entries ?? [];
      const retry: PutEventsRequestEntry[] = [];
      const lastAttempt = attempt >= this.maxAttempts;
      pending.forEach((entry, index) => {
        const result = results[index];
        // Entries come back in request order; one without an ErrorCode was accepted.
        if (result && !result.ErrorCode) {
          sent += 1;
          return;
        }
        const errorCode = result?.ErrorCode ?? 'MissingResult';
        const failure = { detailType: entry.DetailType ?? '', errorCode, errorMessage: result?.ErrorMessage ?? 'no result for this entry' };
        const retryable = RETRYABLE_CODES.has(errorCode) || !result;
        if (retryable && !lastAttempt) retry.push(entry);
        else rejected.push(failure);
      });
      if (retry.length === 0) return { sent, rejected };
      pending = retry;
      await this.sleep(fullJitterDelay(attempt, this.baseDelayMs, this.maxDelayMs, this.random));
    }
  }
}
