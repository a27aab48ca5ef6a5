/*
 * Pulling a year of WeChat data for one channel (`npm run bench:pull`): `pullSource` with a 365-day
 * backfill against the local WeChat server (test/support/platform-servers: it refuses spans over
 * 7 days of user data and 1 day of article data, as WeChat does), into the embedded store.
 * Three runs: as shipped (data calls paced 5 a second), a repeat (nothing new to read), and the
 * same year unpaced (what the client, the server and the store cost per call).
 * Prints calls (requests the server received, the token included), points, new points and wall time.
 */
import { compilePlan, loadWorkspace, type FileProvider, type PublishJob } from '../core/index';
import { RateLimiter } from '../functions/connectors/index';
import { pullSource } from '../functions/pull/index';
import { createLocalClients, createTable, FlywheelStore, startEmbeddedEngine } from '../functions/store/index';
import { beijingDay, generateDatacubeData } from '../test/support/platform-servers/wechat-datacube';
import { startWeChatServer } from '../test/support/platform-servers/wechat-server';

const DAY = 86_400_000;
const WORKSPACE = [
  'apiVersion: flywheel/v1', 'kind: Workspace', 'metadata: { name: bench-pull }', 'spec:', '  timezone: Asia/Shanghai',
  '  channels: [{ id: wechat-main, platform: wechat-oa, credentials: "secret:wechat-main" }]',
  '  sources: [{ id: wechat-stats, channel: wechat-main, backfill: 365d }]',
].join('\n');

const model = loadWorkspace([{ path: 'workspace.yaml', bytes: new TextEncoder().encode(WORKSPACE) }]).model;
const files: FileProvider = { readFile: () => undefined };
const publishJobs = compilePlan(model, files).jobs.filter((job): job is PublishJob => job.kind === 'publish');
const source = model.workspaces[0]!.value.spec.sources![0]!;
const server = await startWeChatServer({ datacube: generateDatacubeData({ from: beijingDay(Date.now() - 400 * DAY), to: beijingDay(Date.now()) }) });
const engine = await startEmbeddedEngine();
const { client, documentClient } = createLocalClients(engine.endpoint);

async function measure(label: string, table: string, rateLimiters?: Map<string, RateLimiter>) {
  await createTable(client, table);
  const store = new FlywheelStore({ client: documentClient, tableName: table });
  const before = server.requests.length;
  const started = process.hrtime.bigint();
  const result = await pullSource({
    model, files, publishJobs, store, now: Date.now(),
    deps: { resolveSecret: async () => JSON.stringify({ appId: 'wx-test-app', appSecret: 'wechat-test-secret' }), baseUrls: { 'wechat-oa': server.origin }, tokens: new Map(), ...(rateLimiters ? { rateLimiters } : {}) },
  }, source);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const requests = server.requests.slice(before);
  const byPath = new Map<string, number>();
  for (const request of requests) byPath.set(request.path, (byPath.get(request.path) ?? 0) + 1);
  console.log(`${label}: status ${result.status}, ${requests.length} calls (${[...byPath].map(([path, count]) => `${path.replace(/^\/(datacube|cgi-bin)\//, '')} ${count}`).join(', ')}), ${result.points} points, ${result.new} new, ${seconds.toFixed(1)} s`);
}

try {
  await measure('365 days, paced as shipped (5 data calls/s)', 'paced');
  await measure('repeat, nothing new', 'paced');
  const unpaced = new Map([['wechat-oa-data:wechat-main', new RateLimiter({ capacity: 1_000_000, refillPerSecond: 1_000_000 })]]);
  await measure('365 days, unpaced (client + local server + store)', 'unpaced', unpaced);
} finally {
  client.destroy();
  await Promise.all([server.close(), engine.stop()]);
}
