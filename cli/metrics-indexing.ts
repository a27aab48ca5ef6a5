import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { indexMetricsCsv, PointIndexBuilder, type CsvProblem, type PointIndex, type Series } from '../core/index';

/** What the metrics worker is asked to read. */
export interface MetricsWorkerRequest {
  readonly files: readonly string[];
}

/** Where one series lies in the packed arrays. */
interface PackedSeries {
  readonly dimensions: Series['dimensions'];
  /** Start of its points in `times` and `values`. */
  readonly at: number;
  /** Start of its prefix sums (one more entry than points) in `prefix`. */
  readonly prefixAt: number;
  readonly length: number;
}

/**
 * A point index as three arrays and a directory. Transferring one buffer per series (hundreds of
 * thousands for per-post data) costs seconds; three buffers cost nothing, and the series come back
 * as views into them.
 */
interface PackedIndex {
  readonly metrics: ReadonlyArray<{ readonly metric: string; readonly all: PackedSeries; readonly series: readonly PackedSeries[] }>;
  readonly times: Float64Array;
  readonly values: Float64Array;
  readonly prefix: Float64Array;
}

/** What it answers: the packed index and each file's problems. */
export interface MetricsWorkerReply {
  readonly count: number;
  readonly problems: readonly (readonly CsvProblem[])[];
  readonly index: PackedIndex;
}

/** Packs an index for the trip between threads. */
export function packIndex(index: PointIndex): PackedIndex {
  let points = 0;
  let prefixes = 0;
  for (const { all, series } of index.byMetric.values()) {
    for (const member of [all, ...series]) {
      points += member.times.length;
      prefixes += member.prefix.length;
    }
  }
  const packed = { times: new Float64Array(points), values: new Float64Array(points), prefix: new Float64Array(prefixes) };
  let at = 0;
  let prefixAt = 0;
  const place = (member: Series): PackedSeries => {
    packed.times.set(member.times, at);
    packed.values.set(member.values, at);
    packed.prefix.set(member.prefix, prefixAt);
    const placed = { dimensions: member.dimensions, at, prefixAt, length: member.times.length };
    at += member.times.length;
    prefixAt += member.prefix.length;
    return placed;
  };
  const metrics = [...index.byMetric].map(([metric, { all, series }]) => ({ metric, all: place(all), series: series.map(place) }));
  return { metrics, ...packed };
}

/** The index a packed one describes, its series as views into the three arrays. */
export function unpackIndex(packed: PackedIndex): PointIndex {
  const view = (member: PackedSeries): Series => ({
    dimensions: member.dimensions,
    times: packed.times.subarray(member.at, member.at + member.length),
    values: packed.values.subarray(member.at, member.at + member.length),
    prefix: packed.prefix.subarray(member.prefixAt, member.prefixAt + member.length + 1),
  });
  return { byMetric: new Map(packed.metrics.map(({ metric, all, series }) => [metric, { all: view(all), series: series.map(view) }])) };
}

/** The buffers of a packed index, to transfer rather than copy. */
export function packedTransferList(packed: PackedIndex): ArrayBuffer[] {
  return [packed.times.buffer as ArrayBuffer, packed.values.buffer as ArrayBuffer, packed.prefix.buffer as ArrayBuffer];
}

/** Metrics CSV files read into one point index, with each file's bad rows. */
export interface IndexedMetrics {
  readonly index: PointIndex;
  readonly count: number;
  readonly problems: readonly (readonly CsvProblem[])[];
}

/** Reads the files on this thread. */
export function indexMetricFilesHere(files: readonly string[]): IndexedMetrics {
  const builder = new PointIndexBuilder();
  let count = 0;
  const problems = files.map((file) => {
    // Bytes, not text: the reader finds out whether a file is UTF-8 or GB18030.
    const read = indexMetricsCsv(readFileSync(file), builder);
    count += read.count;
    return read.problems;
  });
  return { index: builder.build(), count, problems };
}

/** dist/metrics-worker.js beside the CLI bundle (this code may sit in dist/chunks/); absent when running from sources. */
function workerFile(): string | undefined {
  // The extension's copy of the CLI is CommonJS (extension/dist/cli.js), where import.meta is empty.
  const here = typeof __dirname === 'string' ? __dirname : dirname(fileURLToPath(import.meta.url));
  const file = join(basename(here) === 'chunks' ? dirname(here) : here, 'metrics-worker.js');
  return existsSync(file) ? file : undefined;
}

/** Metrics being read: `wait` for them, or `cancel` when they are no longer wanted. */
export interface PendingMetrics {
  wait(): Promise<IndexedMetrics>;
  cancel(): void;
}

/**
 * Starts reading metrics CSV files in a worker thread, so the caller can load the playbooks
 * meanwhile. Without the bundled worker (running from sources) or if the worker fails, the files
 * are read on this thread when waited for: the same index and the same problems.
 */
export function startIndexingMetricFiles(files: readonly string[]): PendingMetrics {
  const file = workerFile();
  if (file === undefined || files.length === 0) return { wait: async () => indexMetricFilesHere(files), cancel: () => undefined };
  const worker = new Worker(file, { workerData: { files } satisfies MetricsWorkerRequest });
  // Never rejects: a worker that fails answers undefined, and the files are read here instead.
  const reply = new Promise<MetricsWorkerReply | undefined>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
  return {
    wait: async () => {
      const answer = await reply;
      return answer ? { index: unpackIndex(answer.index), count: answer.count, problems: answer.problems } : indexMetricFilesHere(files);
    },
    cancel: () => void worker.terminate(),
  };
}
