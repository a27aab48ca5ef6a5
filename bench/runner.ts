// `npm run bench:runner`: 1,000 posts due in the same minute through the local runner, against a
// local HTTP platform server that allows each channel 10 requests a second (429 beyond that).
// Prints how long the runner took, how many posts arrived, duplicates, 429s and the fastest
// rate the server saw per channel. Target (issue 3): all 1,000 within 60 s, rate limits kept.
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePlan, loadWorkspace, type FileProvider } from '../core/index';
import { LocalRunner } from '../functions/engine/local-runner';
import { createLocalClients, createTable, FlywheelStore, startEmbeddedEngine } from '../functions/store/index';

const CHANNELS = 5;
const POSTS = 1000;
const SERVER_PER_SECOND = 10;

const arrivals = new Map<string, number[]>();
const keys = new Map<string, number>();
let throttled = 0;
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk: Buffer) => { body += chunk.toString(); });
  request.on('end', () => {
    const channel = (request.url ?? '/').slice(1);
    const now = Date.now();
    const recent = (arrivals.get(channel) ?? []).filter((time) => time > now - 1000);
    if (recent.length >= SERVER_PER_SECOND) {
      throttled += 1;
      response.writeHead(429, { 'Retry-After': '1' }).end();
      return;
    }
    recent.push(now);
    arrivals.set(channel, [...(arrivals.get(channel) ?? []), now]);
    const key = String(request.headers['idempotency-key']);
    keys.set(key, (keys.get(key) ?? 0) + 1);
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ id: `p${keys.size}` }));
    void body;
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

const channelIds = Array.from({ length: CHANNELS }, (_, index) => `hook-${index + 1}`);
const workspace = `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: runner-bench }
spec:
  timezone: Asia/Shanghai
  channels:
${channelIds.map((id) => `    - { id: ${id}, platform: webhook, instance: "http://127.0.0.1:${port}/${id}", rateLimit: { perMinute: ${SERVER_PER_SECOND * 60} } }`).join('\n')}
`;
const campaign = `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: burst }
spec:
  window: { start: 2027-01-01, end: 2027-01-31 }
  posts:
${Array.from({ length: POSTS }, (_, index) => `    - { id: p${index}, at: "2027-01-10 20:00", channels: [${channelIds[index % CHANNELS]}], title: 同一分钟第 ${index} 条, body: 正文 }`).join('\n')}
`;
const encoder = new TextEncoder();
const { model, diagnostics } = loadWorkspace([
  { path: 'workspace.yaml', bytes: encoder.encode(workspace) },
  { path: 'campaign.yaml', bytes: encoder.encode(campaign) },
]);
if (diagnostics.length > 0) throw new Error(`the generated workspace does not load: ${diagnostics[0]?.message.en}`);
const files: FileProvider = { readFile: () => undefined };
const plan = compilePlan(model, files);

const engine = await startEmbeddedEngine();
const { client, documentClient } = createLocalClients(engine.endpoint);
await createTable(client, 'flywheel');
const store = new FlywheelStore({ client: documentClient, tableName: 'flywheel' });
const due = Date.UTC(2027, 0, 10, 12, 0);
let published = 0;
const runner = new LocalRunner({
  model, plan, store, files, outboxFolder: mkdtempSync(join(tmpdir(), 'flywheel-runner-bench-')),
  log: (event) => { if (event.type === 'post.publish') published += 1; },
});
await runner.sync(due - 60_000);
const started = performance.now();
await runner.tick(due);
const elapsed = performance.now() - started;

const fastest = [...arrivals.values()].map((times) => {
  let most = 0;
  for (let index = 0; index < times.length; index += 1) {
    let count = 0;
    for (let other = index; other < times.length && (times[other] as number) < (times[index] as number) + 1000; other += 1) count += 1;
    most = Math.max(most, count);
  }
  return most;
});
const duplicates = [...keys.values()].filter((count) => count > 1).length;
console.log(`machine: ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), node ${process.version}, load ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
console.log(`posts due in one minute: ${POSTS} across ${CHANNELS} webhook channels (server allows ${SERVER_PER_SECOND}/s per channel)`);
console.log(`runner took: ${(elapsed / 1000).toFixed(1)} s  (target: within 60 s: ${elapsed <= 60_000 ? 'met' : 'MISSED'})`);
console.log(`published: ${published}; arrived at the server: ${keys.size}; duplicates: ${duplicates}; 429 answers: ${throttled}`);
console.log(`fastest rate the server saw, per channel (requests in any 1 s): ${fastest.join(', ')}`);
client.destroy();
await engine.stop();
server.close();
