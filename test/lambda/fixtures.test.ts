import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BusEnvelopeSchema, BusDetailSchemas } from '../../functions/bus/index';
import { FunctionUrlEventSchema, SqsEventSchema, SyncEventSchema, TickEventSchema, WorkMessageSchema } from '../../functions/lambda/schemas';
import { readJsonPoints } from '../../core/metrics/read-json-points';

const folder = new URL('../fixtures/events/', import.meta.url);
const read = (name: string): unknown => JSON.parse(readFileSync(new URL(name, folder), 'utf8'));

/** Each sample event under test/fixtures/events/ and the contract it must meet. */
const CONTRACTS: Record<string, (event: unknown) => void> = {
  'scheduler-tick.json': (event) => TickEventSchema.parse(event),
  'sync-trigger.json': (event) => SyncEventSchema.parse(event),
  'sqs-work-message.json': (event) => {
    for (const record of SqsEventSchema.parse(event).Records) WorkMessageSchema.parse(JSON.parse(record.body));
  },
  'notify-requested.json': (event) => BusDetailSchemas['flywheel.notify.requested'].parse(BusEnvelopeSchema.parse(event).detail),
  'ingest-json.json': (event) => {
    const points = readJsonPoints(JSON.parse(FunctionUrlEventSchema.parse(event).body ?? ''));
    if ('error' in points || points.problems.length > 0) throw new Error(`ingest-json.json has bad points: ${JSON.stringify(points)}`);
    return points.points;
  },
  'ingest-csv.json': (event) => expect(FunctionUrlEventSchema.parse(event).isBase64Encoded).toBe(true),
};

describe('sample events', () => {
  it('every fixture has a contract, and meets it', () => {
    const files = readdirSync(folder).filter((name) => name.endsWith('.json')).sort();
    expect(files).toEqual(Object.keys(CONTRACTS).sort());
    for (const file of files) expect(() => CONTRACTS[file]?.(read(file)), file).not.toThrow();
  });

  it('a queue message with an unknown kind is refused', () => {
    expect(() => WorkMessageSchema.parse({ id: 'x', kind: 'launch-rocket', dueAt: 1, payload: { jobId: 'x' } })).toThrow();
  });
});
