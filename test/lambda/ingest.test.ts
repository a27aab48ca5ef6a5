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
    const body = JSON.parse(result.body) as { error: string; problems: unknown[] };
    expect(body.error).toContain('nothing was stored');
    expect(body.error).toMatch(/[\u4e00-\u9fff]/);
    expect(body.problems).toEqual([{ line: 3, message: { en: expect.stringMatching(/^"not-a-time" is not an ISO 8601 time/), zh: expect.stringContaining('时区偏移') } }]);
    expect(await lambda.world.store.queryMetricPoints('likes', 0, Date.UTC(2027, 0, 1))).toEqual([]);
  });

  it('rejects JSON points that do not fit the schema, and other methods', async () => {
    const bad = await ingest()({ ...eventFixture('ingest-json.json'), body: JSON.stringify({ points: [{ time: 'yesterday', metric: 'views', value: 1 }] }) });
    expect(bad.statusCode).toBe(400);
    expect(JSON.parse(bad.body).problems).toEqual([{ index: 0, field: 'time', message: expect.objectContaining({ en: expect.stringContaining('ISO 8601') }) }]);
    const get = await ingest()({ ...eventFixture('ingest-json.json'), requestContext: { http: { method: 'GET' } } });
    expect(get.statusCode).toBe(405);
    const empty = await ingest()({ ...eventFixture('ingest-json.json'), body: '' });
    expect(empty.statusCode).toBe(400);
  });

  it('answers 400 naming each point whose value the store cannot hold exactly, stores nothing of the batch, and never fails with a store error', async () => {
    // Prepare: the raw JSON text, so 9007199254740993 and 1e999 reach the handler as written.
    const good = '{"time":"2026-09-10T11:00:00Z","metric":"likes","value":4}';
    const body = `{"points":[${good},{"time":"2026-09-10T12:00:00Z","metric":"likes","value":1e308},{"time":"2026-09-10T13:00:00Z","metric":"likes","value":9007199254740993},${good},{"time":"2026-09-10T14:00:00Z","metric":"likes","value":1e999},{"time":"2026-09-10T15:00:00Z","metric":"likes","value":1e-200},{"time":"2026-09-10T16:00:00Z","metric":"likes","value":"7"},{"time":-5,"metric":"likes","value":1},{"time":"2026-09-10T17:00:00Z","metric":"Likes","value":1,"colour":"red"}]}`;
    // Act
    const result = await ingest()({ ...eventFixture('ingest-json.json'), body });
    // Assess
    expect(result.statusCode).toBe(400);
    const answer = JSON.parse(result.body) as { problemCount: number; problems: { index: number; field: string; message: { en: string; zh: string } }[] };
    expect(answer.problems.map((problem) => [problem.index, problem.field])).toEqual([[1, 'value'], [2, 'value'], [4, 'value'], [5, 'value'], [6, 'value'], [7, 'time'], [8, 'colour']]);
    expect(answer.problemCount).toBe(7);
    expect(answer.problems[0]?.message.en).toContain('larger than the store holds exactly (at most 9,007,199,254,740,991');
    expect(answer.problems[0]?.message.zh).toContain('超出存储可精确保存的范围');
    expect(answer.problems[2]?.message.en).toContain('Infinity is not a finite number');
    expect(answer.problems[3]?.message.en).toContain('closer to zero');
    expect(await lambda.world.store.queryMetricPoints('likes', 0, Date.UTC(2027, 0, 1))).toEqual([]);
    // The good points alone, sent again, are stored.
    const again = await ingest()({ ...eventFixture('ingest-json.json'), body: `{"points":[${good}]}` });
    expect(JSON.parse(again.body)).toEqual({ received: 1, written: 1 });
  });

  it('reads a CSV body saved in GB18030 (base64), as Excel in China saves it', async () => {
    const csv = Buffer.concat([Buffer.from('time,metric,value,post\n2026-09-10T11:00:00Z,likes,42,'), Buffer.from([0xd6, 0xd0, 0xc7, 0xef]), Buffer.from('\n')]);
    const result = await ingest()({ ...eventFixture('ingest-csv.json'), body: csv.toString('base64') });
    expect(result.statusCode).toBe(200);
    expect(await lambda.world.store.queryMetricPoints('likes', 0, Date.UTC(2027, 0, 1))).toEqual([expect.objectContaining({ post: '中秋', value: 42 })]);
  });
});
