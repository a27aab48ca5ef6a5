import { PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { toStoreError } from './errors';
import { KEY_SUFFIX_MAX, encodeKeyPart, formatMonth, hashStable, padTime, stringifyStable } from './keys';
import { listRecordedMonths, recordMonths } from './month-catalogue';
import { queryAllPages } from './query-pages';
import { StoreEventSchema, type StoreEvent } from './schemas';
import type { StoreContext } from './store-context';

const EventItemSchema = z.object({ at: z.number(), type: z.string(), detailJson: z.string(), id: z.string() });

/** A stored event always has its id. */
export type LoggedEvent = StoreEvent & { id: string };

const EVENT_MONTHS_PARTITION = 'EVENT_MONTHS';

function eventPartition(month: string): string {
  return `EVENTS#${month}`;
}

/**
 * Appends an event to the log (one partition per UTC month, listed in the month catalogue). Without an id, the id is a hash
 * of the event, so a retried append is stored once. Returns the event's id.
 */
export async function appendEvent(context: StoreContext, event: StoreEvent): Promise<string> {
  const { at, type, detail, id } = StoreEventSchema.parse(event);
  const detailJson = stringifyStable(detail);
  const eventId = id ?? hashStable({ at, type, detail });
  await recordMonths(context, EVENT_MONTHS_PARTITION, [at]);
  try {
    await context.client.send(
      new PutCommand({
        TableName: context.tableName,
        Item: { PK: eventPartition(formatMonth(at)), SK: `${padTime(at)}#${encodeKeyPart(eventId)}`, at, type, detailJson, id: eventId },
      }),
    );
  } catch (error) {
    throw toStoreError('PutItem (event)', error);
  }
  return eventId;
}

/** Events with fromInclusive <= at < toExclusive, oldest first (one Query per month that holds events). */
export async function listEvents(context: StoreContext, fromInclusive: number, toExclusive: number): Promise<LoggedEvent[]> {
  const first = Math.max(0, Math.ceil(fromInclusive));
  const last = Math.ceil(toExclusive) - 1;
  if (last < first) return [];
  const events: LoggedEvent[] = [];
  for (const month of await listRecordedMonths(context, EVENT_MONTHS_PARTITION, first, last)) {
    const items = await queryAllPages(context, {
      KeyConditionExpression: 'PK = :partition AND SK BETWEEN :low AND :high',
      ExpressionAttributeValues: { ':partition': eventPartition(month), ':low': padTime(first), ':high': `${padTime(last)}#${KEY_SUFFIX_MAX}` },
    });
    for (const item of items) {
      const { detailJson, ...rest } = EventItemSchema.parse(item);
      events.push({ ...StoreEventSchema.parse({ ...rest, detail: JSON.parse(detailJson) }), id: rest.id });
    }
  }
  return events;
}
