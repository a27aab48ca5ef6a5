/*
 * Fuzz of metrics input (issue 11.6): thousands of mutated CSV rows through the reader and the
 * store, thousands of points in mutated ingest bodies through the handler. Nothing throws, every
 * row or point spoiled for certain is reported (by line or index), every good one is stored and
 * reads back as written. The counts are printed at the end (bench/RESULTS.md records a run).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkStoredValue, CSV_COLUMNS, indexMetricsCsv, parseMetricsCsv, PointIndexBuilder, type MetricPoint } from '../../core/index';
import { createIngestHandler } from '../../functions/lambda/ingest-handler';
import { createLocalClients, createTable, FlywheelStore } from '../../functions/store/index';
import { startDynalite, type DynamoDbEngine } from '../support/dynamodb-engines';
import { garbageBody, payload } from './ingest-payloads';
import { encodeGb18030, FUZZ_WORKSPACE, goodRow, headerColumns, rowMutation, writeRow, type GoodRow, type RowMutation } from './metrics-rows';

const SEED = Number(process.env.FLYWHEEL_FUZZ_SEED ?? 20_270_120);
const SCALE = Number(process.env.FLYWHEEL_FUZZ_SCALE ?? 1);
const runs = (count: number) => Math.max(1, Math.round(count * SCALE));
const parameters = (numRuns: number) => ({ seed: SEED, numRuns: runs(numRuns), endOnFailure: process.env.FLYWHEEL_FUZZ_SHRINK === undefined });

const counts = { files: 0, rows: 0, badRows: 0, badRowsReported: 0, randomRows: 0, randomRowsRefused: 0, pointsStored: 0, bodies: 0, points: 0, badPoints: 0, badPointsReported: 0, garbageBodies: 0 };

let engine: DynamoDbEngine;
let store: FlywheelStore;

beforeAll(async () => {
  engine = await startDynalite();
  const { client, documentClient } = createLocalClients(engine.endpoint);
  await createTable(client, 'flywheel-fuzz-metrics');
  store = new FlywheelStore({ client: documentClient, tableName: 'flywheel-fuzz-metrics' });
}, 60_000);

afterAll(async () => {
  await engine.stop();
  console.info(`metrics fuzz (seed ${SEED}, scale ${SCALE}): ${JSON.stringify(counts)}`);
});

const keyOf = (point: MetricPoint) => JSON.stringify([point.metric, point.time, point.channel ?? null, point.campaign ?? null, point.post ?? null, point.variant ?? null, point.content_type ?? null]);
const normalized = (point: MetricPoint): MetricPoint => Object.fromEntries(Object.entries(point).filter(([, value]) => value !== undefined)) as unknown as MetricPoint;

/** A file: a header in some order, rows with their mutations, and whole-file variations that must not change a thing. */
const metricsFile = headerColumns.chain((columns) => fc.record({
  columns: fc.constant(columns),
  rows: fc.array(fc.tuple(goodRow(columns), rowMutation), { minLength: 1, maxLength: 60, size: 'large' }),
  bom: fc.boolean(),
  crlf: fc.boolean(),
  upperHeader: fc.boolean(),
  blankLines: fc.boolean(),
  gb18030: fc.boolean(),
}));

describe('fuzz: metrics files through the reader and the store', () => {
  /** Every point the reader accepted, last value per key, to store and read back at the end. */
  const accepted = new Map<string, MetricPoint>();

  it('never throws, reports every spoiled row by its line, accepts every good row as written, and accepts only what the store holds', () => {
    fc.assert(fc.property(metricsFile, ({ columns, rows, bom, crlf, upperHeader, blankLines, gb18030 }) => {
      // Prepare
      const lines = [columns.map((column) => (upperHeader ? column.toUpperCase() : column)).join(',')];
      const expected = new Map<number, { row: GoodRow; mutation: RowMutation; bad: boolean | undefined }>();
      for (const [row, mutation] of rows) {
        if (blankLines && lines.length % 7 === 3) lines.push('');
        const written = writeRow(columns, row, mutation);
        lines.push(written.line);
        if (written.line.trim() !== '') expected.set(lines.length, { row, mutation, bad: written.bad });
      }
      const text = `${lines.join(crlf ? '\r\n' : '\n')}\n`;
      const utf8 = new TextEncoder().encode(text);
      const encoded = gb18030 ? encodeGb18030(text) ?? utf8 : bom ? Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8]) : utf8;
      // Act
      const read = parseMetricsCsv(encoded, { workspace: FUZZ_WORKSPACE });
      const indexed = indexMetricsCsv(encoded, new PointIndexBuilder(), { workspace: FUZZ_WORKSPACE });
      // Assess
      expect(indexed.problems).toEqual(read.problems);
      expect(indexed.count).toBe(read.points.length);
      const refused = new Set(read.problems.map((problem) => problem.line));
      expect(refused.size, 'one problem per line').toBe(read.problems.length);
      const acceptedLines = new Map(read.lines.map((line, position) => [line, read.points[position] as MetricPoint]));
      for (const [line, { row, bad }] of expected) {
        counts.rows += 1;
        expect(refused.has(line) !== acceptedLines.has(line), `line ${line} must be either stored or reported`).toBe(true);
        if (bad === true) {
          counts.badRows += 1;
          expect(refused.has(line), `line ${line} is bad: ${lines[line - 1]}`).toBe(true);
          counts.badRowsReported += 1;
        } else if (bad === false) {
          expect(acceptedLines.get(line), `line ${line}: ${lines[line - 1]}`).toEqual(row.point);
        } else {
          counts.randomRows += 1;
          if (refused.has(line)) counts.randomRowsRefused += 1;
        }
      }
      for (const problem of read.problems) expect(problem.message.zh, problem.message.en).toMatch(/[\u4e00-\u9fff]/);
      for (const point of read.points) {
        expect(checkStoredValue(point.value), `line value ${point.value}`).toBeUndefined();
        accepted.set(keyOf(point), normalized(point));
      }
      counts.files += 1;
    }), parameters(250));
  }, 180_000);

  it('stores every accepted point, and reads each back exactly as read from the file', async () => {
    // Act
    await store.putMetricPoints([...accepted.values()]);
    // Assess
    const metrics = [...new Set([...accepted.values()].map((point) => point.metric))];
    for (const metric of metrics) {
      const stored = await store.queryMetricPoints(metric, -1, Date.UTC(9999, 11, 31, 23, 59, 59, 999));
      const wanted = [...accepted.values()].filter((point) => point.metric === metric);
      expect(stored.map(keyOf).sort()).toEqual(wanted.map(keyOf).sort());
      const byKey = new Map(wanted.map((point) => [keyOf(point), point]));
      for (const point of stored) expect(point).toEqual(byKey.get(keyOf(point)));
    }
    counts.pointsStored = accepted.size;
  }, 300_000);

  it('refuses a file with a byte that is not UTF-8 at that line, reading none of it, and never mistakes it for GB18030', () => {
    fc.assert(fc.property(fc.array(goodRow([...CSV_COLUMNS]), { minLength: 2, maxLength: 20 }), fc.nat(), fc.constantFrom(0xff, 0xfe, 0xc0, 0x80), (rows, at, byte) => {
      const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => writeRow(CSV_COLUMNS, row, { kind: 'none' }).line)];
      const broken = 2 + (at % rows.length);
      const bytes = new TextEncoder().encode(lines.map((line, index) => (index + 1 === broken ? `${line}\u0000` : line)).join('\n'));
      const position = bytes.indexOf(0);
      bytes[position] = byte;
      const read = parseMetricsCsv(bytes, { workspace: FUZZ_WORKSPACE });
      // A file of ASCII and a few Chinese characters is mostly UTF-8, so the bad byte is reported where it is.
      const hasUtf8 = lines.some((line) => /[^\u0000-\u007f]/.test(line));
      expect(read.points).toEqual([]);
      expect(read.problems).toHaveLength(1);
      if (hasUtf8) expect(read.problems[0]?.line).toBe(broken);
    }), parameters(150));
  }, 60_000);
});

describe('fuzz: ingest bodies through the handler and the store', () => {
  const handler = () => createIngestHandler({ logger: new Logger({ logLevel: 'SILENT' }), metrics: new Metrics({ namespace: 'FlywheelFuzz' }), store });
  const event = (body: string) => ({ headers: { 'content-type': 'application/json' }, body, isBase64Encoded: false, requestContext: { http: { method: 'POST' } } });

  it('answers 400 naming exactly the bad points and stores nothing, or 200 and stores every point as sent', async () => {
    let bodyNumber = 0;
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 1_000_000 }).chain((salt) => payload(`fuzz_${salt}`)), async (points) => {
      // Prepare: each body writes its own metric, so "nothing stored" is a query away.
      bodyNumber += 1;
      const metric = `fuzz_case_${bodyNumber}`;
      const body = `{"points":[${points.map((point) => point.json.replace(/"metric":"fuzz_\d+"/, `"metric":"${metric}"`)).join(',')}]}`;
      const bad = points.flatMap((point, index) => (point.point === undefined ? [index] : []));
      // Act
      const result = await handler()(event(body));
      // Assess
      const answer = JSON.parse(result.body) as { received?: number; written?: number; problems?: { index: number; message: { en: string; zh: string } }[] };
      const stored = await store.queryMetricPoints(metric, -1, Date.UTC(2027, 0, 1));
      counts.bodies += 1;
      counts.points += points.length;
      counts.badPoints += bad.length;
      if (bad.length > 0) {
        expect(result.statusCode, body).toBe(400);
        expect(answer.problems?.map((problem) => problem.index)).toEqual(bad);
        counts.badPointsReported += answer.problems?.length ?? 0;
        expect(stored).toEqual([]);
        return;
      }
      expect(result.statusCode, result.body).toBe(200);
      const wanted = new Map(points.map(({ point }) => {
        const renamed = { ...(point as MetricPoint), metric };
        return [keyOf(renamed), renamed];
      }));
      expect(answer).toEqual({ received: points.length, written: wanted.size });
      expect(stored.map(keyOf).sort()).toEqual([...wanted.keys()].sort());
      for (const point of stored) expect(point).toEqual(wanted.get(keyOf(point)));
    }), parameters(250));
  }, 300_000);

  it('answers garbage with 400 or an empty 200, never a throw', async () => {
    await fc.assert(fc.asyncProperty(garbageBody, fc.boolean(), async (body, csv) => {
      const result = await handler()({ ...event(body), headers: { 'content-type': csv ? 'text/csv' : 'application/json' } });
      counts.garbageBodies += 1;
      expect([200, 400]).toContain(result.statusCode);
      if (result.statusCode === 200) expect(JSON.parse(result.body)).toMatchObject({ written: 0 });
    }), parameters(100));
  }, 120_000);
});
