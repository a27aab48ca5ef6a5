import { describe, expect, it } from 'vitest';
import { createIngestHandler } from '../../functions/lambda/ingest-handler';
import { eventFixture } from './support/event-fixtures';
import { useLambdaWorld } from './support/use-lambda-world';

const lambda = useLambdaWorld();

function ingest() {
  return createIngestHandler({ logger: lambda.world.logger, metrics: lambda.world.metrics, store: lambda.world.store });
}

describe('ingest handler (Function URL) against dynalite', () => {
  it('stores a base64 CSV body and stores each point once when the same body comes again', async () => {
    // Act
    const first = await ingest()(eventFixture('ingest-csv.json'));
    const again = await ingest()(eventFixture('ingest-csv.json'));
    // Assess
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ received: 2, written: 2 });
    expect(again.statusCode).toBe(200);
    const likes = await lambda.world.store.queryMetricPoints('likes', 0, Date.UTC(2027, 0, 1));
    expect(likes).toEqual([expect.objectContaining({ metric: 'likes', value: 42, channel: 'site', campaign: 'mid-autumn', post: 'launch', time: Date.UTC(2026, 8, 10, 11) })]);
  });

  it('stores JSON points with ISO or epoch times', async () => {
    const result = await ingest()(eventFixture('ingest-json.json'));
    expect(result.statusCode).toBe(200);
    expect(await lambda.world.store.queryMetricPoints('negative_mentions', 0, Date.UTC(2027, 0, 1))).toEqual([expect.objectContaining({ value: 30, time: Date.UTC(2026, 8, 10, 11, 30) })]);
  });

  it('rejects a CSV with a bad line, stores nothing, and says which line in English and Chinese', async () => {
    // Prepare
    const csv = 'time,metric,value\n2026-09-10T11:00:00Z,likes,42\nnot-a-time,likes,x\n';
    const event = { ...eventFixture('ingest-csv.json'), body: Buffer.from(csv).toString('base64') };
    // Act
    const result = await ingest()(event);
    // Assess
    expect(result.statusCode).toBe(400);
    const body = JSON.parse(result.body) as { error: string; problems: string[] };
    expect(body.error).toContain('nothing was stored');
    expect(body.error).toMatch(/[\u4e00-\u9fff]/);
    expect(body.problems[0]).toMatch(/^line 3: /);
    expect(await lambda.world.store.queryMetricPoints('likes', 0, Date.UTC(2027, 0, 1))).toEqual([]);
  });

  it('rejects JSON points that do not fit the schema, and other methods', async () => {
    const bad = await ingest()({ ...eventFixture('ingest-json.json'), body: JSON.stringify({ points: [{ time: 'yesterday', metric: 'views', value: 1 }] }) });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).problems[0]).toContain('points.0.time');
    const get = await ingest()({ ...eventFixture('ingest-json.json'), requestContext: { http: { method: 'GET' } } });
    expect(get.statusCode).toBe(405);
    const empty = await ingest()({ ...eventFixture('ingest-json.json'), body: '' });
    expect(empty.statusCode).toBe(400);
  });
});
