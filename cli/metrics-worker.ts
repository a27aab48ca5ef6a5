/*
 * A worker thread that reads metrics CSV files into a point index while the main thread loads,
 * validates and compiles the playbooks (`flywheel simulate`): the two take about as long, and
 * a machine with two cores does both at once. Bundled as dist/metrics-worker.js.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { indexMetricsCsv, PointIndexBuilder } from '../core/index';
import { packIndex, packedTransferList, type MetricsWorkerReply, type MetricsWorkerRequest } from './metrics-indexing';

const { files } = workerData as MetricsWorkerRequest;
const builder = new PointIndexBuilder();
let count = 0;
const problems = files.map((file) => {
  const read = indexMetricsCsv(readFileSync(file, 'utf8'), builder);
  count += read.count;
  return read.problems;
});
const index = packIndex(builder.build());
const reply: MetricsWorkerReply = { count, problems, index };
// The three arrays move to the main thread instead of being copied.
parentPort?.postMessage(reply, packedTransferList(index));
