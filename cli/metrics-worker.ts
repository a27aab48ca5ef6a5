/*
 * A worker thread that reads metrics CSV files into a point index while the main thread loads,
 * validates and compiles the playbooks (`flywheel simulate`): the two take about as long, and
 * a machine with two cores does both at once. Bundled as dist/metrics-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { indexMetricFilesHere, packIndex, packedTransferList, type MetricsWorkerReply, type MetricsWorkerRequest } from './metrics-indexing';

const { files } = workerData as MetricsWorkerRequest;
const { index, count, problems } = indexMetricFilesHere(files);
const packed = packIndex(index);
const reply: MetricsWorkerReply = { count, problems, index: packed };
// The three arrays move to the main thread instead of being copied.
parentPort?.postMessage(reply, packedTransferList(packed));
