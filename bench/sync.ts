// `npm run bench:sync`: the plan sync of issue 4 §6 with 10,000 posts against dynalite, and the
// minute tick that follows it. Prints the numbers functions/sync/DECISION.md records:
// first sync, re-sync (must write 0), an edit (1 % removed, 1 % changed), and a simulated day of
// ticks (empty and busy ticks) dispatching to a local SQS server.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { InputFile } from '../core/index';
import { sendInBatches } from '../functions/lambda/queues';
import { createTickHandler, type WorkQueue } from '../functions/lambda/tick-handler';
import { createLocalClients, createTable, FlywheelStore, startEmbeddedEngine } from '../functions/store/index';
import { loadDeploymentBundle, reconcilePlan, writeDeploymentBundle, type LoadedBundle } from '../functions/sync/index';
import { LOCAL_AWS } from '../test/lambda/support/aws-json-server';
import { startLocalSqs } from '../test/lambda/support/local-aws';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';

const CAMPAIGNS = 50;
const POSTS_PER_CAMPAIGN = 200;
const CHECKS = 10;
/** 2027-01-01 to 2027-03-31: 90 days. */
const WINDOW_DAYS = 90;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** A workspace of 50 campaigns × 200 posts on one webhook channel, posts spread over 90 days, plus 10 checks. */
function generateWorkspace(skip: (campaign: number, post: number) => boolean = () => false, retitle: (campaign: number, post: number) => boolean = () => false): InputFile[] {
  const files: InputFile[] = [];
  const text = (path: string, body: string) => files.push({ path, bytes: new TextEncoder().encode(body) });
  text('workspace.yaml', `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: bench-sync }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: site, platform: webhook, instance: "http://127.0.0.1:9/posts" }
  notify:
    - { id: ops, type: webhook, url: env:OPS_URL }
`);
  for (let campaign = 1; campaign <= CAMPAIGNS; campaign += 1) {
    const posts: string[] = [];
    for (let post = 1; post <= POSTS_PER_CAMPAIGN; post += 1) {
      if (skip(campaign, post)) continue;
      const index = (campaign - 1) * POSTS_PER_CAMPAIGN + post;
      const day = index % WINDOW_DAYS;
      const date = new Date(Date.UTC(2027, 0, 1 + day));
      // Spread over 08:00-17:59 so posts of one day fall in different minutes.
      const minute = (Math.floor(index / WINDOW_DAYS) * 7) % 600;
      const local = `${date.toISOString().slice(0, 10)} ${pad(8 + Math.floor(minute / 60), 2)}:${pad(minute % 60, 2)}`;
      posts.push(`    - { id: p${pad(post, 3)}, at: ${local}, channels: [site], title: "${retitle(campaign, post) ? 'Edited ' : ''}Post ${index}", body: "Body of post ${index}" }`);
    }
    text(`campaigns/c${pad(campaign, 3)}.yaml`, `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: c${pad(campaign, 3)} }
spec:
  window: { start: 2027-01-01, end: 2027-03-31 }
  posts:
${posts.join('\n')}
`);
  }
  for (let check = 1; check <= CHECKS; check += 1) {
    text(`checks/k${check}.yaml`, `apiVersion: flywheel/v1
kind: Check
metadata: { name: k${check} }
spec:
  schedule: rate(15 minutes)
  metric: views
  window: 1h
  condition: "< 1"
  notify: [ops]
`);
  }
  return files;
}

const scratch = mkdtempSync(join(tmpdir(), 'flywheel-bench-sync-'));

/** Writes the workspace to disk, builds its deployment bundle (synth) and loads it (cold start), timing both. */
function bundleOf(label: string, inputs: InputFile[]): LoadedBundle {
  const folder = join(scratch, label);
  for (const file of inputs) {
    mkdirSync(dirname(join(folder, file.path)), { recursive: true });
    writeFileSync(join(folder, file.path), file.bytes);
  }
  const out = join(scratch, `${label}.json`);
  let start = process.hrtime.bigint();
  writeDeploymentBundle(folder, out);
  const buildMs = Number(process.hrtime.bigint() - start) / 1e6;
  start = process.hrtime.bigint();
  const bundle = loadDeploymentBundle(out);
  const loadMs = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`bundle ${label}: ${(statSync(out).size / 1e6).toFixed(1)} MB, written in ${buildMs.toFixed(0)} ms (synth), loaded in ${loadMs.toFixed(0)} ms (cold start)`);
  return bundle;
}

async function timed<T>(label: string, run: () => Promise<T>): Promise<T> {
  const start = process.hrtime.bigint();
  const result = await run();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  console.log(`${label.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms  ${JSON.stringify(result)}`);
  return result;
}

const engine = await startEmbeddedEngine();
const { client, documentClient } = createLocalClients(engine.endpoint);
await createTable(client, 'bench');
let clock = Date.UTC(2026, 11, 31, 12);
const store = new FlywheelStore({ client: documentClient, tableName: 'bench', now: () => clock });
const sqs = await startLocalSqs();
const sqsClient = new SQSClient({ endpoint: sqs.endpoint, ...LOCAL_AWS });

console.log(`bench/sync.ts on ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}, Node ${process.version}`);
const original = bundleOf('original', generateWorkspace());
console.log(`plan: ${original.plan.jobs.length} jobs (${original.plan.jobs.filter((job) => job.kind === 'publish').length} publishes, ${CHECKS} checks), dynalite in memory\n`);

await timed('sync 1: empty table', () => reconcilePlan(store, original.plan, { now: clock }));
await timed('sync 2: same plan again (must write 0)', () => reconcilePlan(store, original.plan, { now: clock }));
const edited = bundleOf('edited', generateWorkspace((campaign, post) => campaign <= 5 && post <= 20, (campaign, post) => campaign > 45 && post <= 20));
await timed('sync 3: 100 posts removed, 100 changed', () => reconcilePlan(store, edited.plan, { now: clock }));
await timed('sync 4: edited plan again (must write 0)', () => reconcilePlan(store, edited.plan, { now: clock }));

// A day of minute ticks on the busiest day of the plan.
const queueUrls: Record<WorkQueue, string> = { publish: sqs.queueUrl('publish'), check: sqs.queueUrl('check'), track: sqs.queueUrl('track'), sop: sqs.queueUrl('sop') };
const tick = createTickHandler({
  logger: new Logger({ logLevel: 'SILENT' }), metrics: new Metrics({ namespace: 'Bench' }), store, bundle: edited, now: () => clock,
  dispatch: (queue, messages) => sendInBatches(sqsClient, queueUrls[queue], messages),
});
clock = Date.UTC(2027, 0, 1, 0, 0, 20) - 8 * 3_600_000;
const durations: Array<{ ms: number; items: number }> = [];
for (let minute = 0; minute < 1440; minute += 1) {
  const start = process.hrtime.bigint();
  const result = await tick({});
  durations.push({ ms: Number(process.hrtime.bigint() - start) / 1e6, items: result.dispatched });
  clock += 60_000;
}
const empty = durations.filter((entry) => entry.items === 0).map((entry) => entry.ms).sort((a, b) => a - b);
const busy = durations.filter((entry) => entry.items > 0);
const quantile = (values: number[], q: number) => values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;
const dispatched = busy.reduce((sum, entry) => sum + entry.items, 0);
console.log(`\nticks over one day (1,440): ${dispatched} items dispatched (${[...sqs.queues.values()].reduce((sum, queue) => sum + queue.length, 0)} messages in the local queues)`);
console.log(`  empty ticks: ${empty.length}, median ${quantile(empty, 0.5).toFixed(1)} ms, p99 ${quantile(empty, 0.99).toFixed(1)} ms`);
console.log(`  busy ticks:  ${busy.length}, max ${Math.max(...busy.map((entry) => entry.items))} items, median ${quantile(busy.map((entry) => entry.ms).sort((a, b) => a - b), 0.5).toFixed(1)} ms, max ${Math.max(...busy.map((entry) => entry.ms)).toFixed(1)} ms`);

// The backlog case: the tick was stopped for a day; the next tick drains what came due.
clock = Date.UTC(2027, 0, 3, 0, 0, 20) - 8 * 3_600_000;
await timed('one tick after a day without ticks', () => tick({}));

sqsClient.destroy();
client.destroy();
await sqs.stop();
await engine.stop();
rmSync(scratch, { recursive: true, force: true });
