import { execFile, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalClients, createTable, FlywheelStore } from '../../functions/store/index';
import { BUNDLE_FORMAT } from '../../functions/sync/index';
import { SHIPPED_MEDIA_FOLDER } from '../../functions/sync/shipped-media';
import { startDynalite, type DynamoDbEngine } from '../support/dynamodb-engines';
import { startLocalEventBridge, startLocalSqs, type LocalEventBridge, type LocalSqs } from '../lambda/support/local-aws';
import { REPO } from '../support/run-cli';

/*
 * The synthesized bundles, not the TypeScript: `npx cdk synth` (real esbuild bundling, offline,
 * no credentials), then each handler is loaded from its cdk.out asset folder in a fresh Node
 * process with the environment variables the template gives it, and invoked against a local
 * DynamoDB engine (dynalite) and local SQS / EventBridge servers.
 */

const TABLE = 'flywheel-smoke';
const BUS = 'flywheel-smoke-bus';

type Resource = { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, string> };
interface SynthesizedFunction {
  readonly assetDir: string;
  /** The template's variables, tokens resolved to the local stand-ins. */
  readonly env: Record<string, string>;
}

let outdir: string;
let engine: DynamoDbEngine;
let sqs: LocalSqs;
let events: LocalEventBridge;
let store: FlywheelStore;
let functions: Record<string, SynthesizedFunction>;

/** Resolves `{ Ref: X }` the way CloudFormation would, with local resources standing in. */
function resolveToken(value: unknown, resources: Record<string, Resource>): string {
  if (typeof value === 'string') return value;
  const ref = (value as { Ref?: string }).Ref;
  const type = ref === undefined ? undefined : resources[ref]?.Type;
  if (type === 'AWS::DynamoDB::Table') return TABLE;
  if (type === 'AWS::SQS::Queue') return sqs.queueUrl(ref as string);
  if (type === 'AWS::Events::EventBus') return BUS;
  throw new Error(`No local stand-in for ${JSON.stringify(value)}`);
}

function readFunctions(): Record<string, SynthesizedFunction> {
  const template = JSON.parse(readFileSync(join(outdir, 'Flywheel.template.json'), 'utf8')) as { Resources: Record<string, Resource> };
  const found: Record<string, SynthesizedFunction> = {};
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::Lambda::Function' || resource.Properties.Handler !== 'index.handler') continue;
    const name = String(resource.Metadata?.['aws:cdk:path']).split('/')[1]!.toLowerCase();
    const assetDir = join(outdir, String(resource.Metadata?.['aws:asset:path']));
    const variables = (resource.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    const env = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, resolveToken(value, template.Resources)]));
    // Lambda unpacks the code into /var/task; here the asset folder is that place.
    if (env.FLYWHEEL_BUNDLE_FILE) env.FLYWHEEL_BUNDLE_FILE = env.FLYWHEEL_BUNDLE_FILE.replace('/var/task', assetDir);
    found[name] = { assetDir, env };
  }
  return found;
}

/** Invokes one bundled handler in a fresh process, like a cold Lambda. */
async function invoke<T>(name: string, event: unknown): Promise<T> {
  const { code, output, resultFile } = await run(name, event);
  if (code !== 0) throw new Error(`${name} failed (exit ${code}):\n${output}`);
  return (JSON.parse(readFileSync(resultFile, 'utf8')) as { result: T }).result;
}

/** Runs one bundled handler in a fresh process with the template's environment and `envChanges` over it. */
async function run(name: string, event: unknown, envChanges: Record<string, string> = {}): Promise<{ code: number | null; output: string; resultFile: string }> {
  const fn = functions[name]!;
  const resultFile = join(mkdtempSync(join(tmpdir(), 'flywheel-invoke-')), 'result.json');
  const child = spawn(process.execPath, ['--no-warnings', join(import.meta.dirname, 'invoke-bundle.mjs'), fn.assetDir, resultFile], {
    env: {
      PATH: process.env.PATH, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'x',
      AWS_ENDPOINT_URL_DYNAMODB: engine.endpoint, AWS_ENDPOINT_URL_SQS: sqs.endpoint, AWS_ENDPOINT_URL_EVENTBRIDGE: events.endpoint,
      AWS_LAMBDA_FUNCTION_NAME: `flywheel-${name}`, ...fn.env, ...envChanges,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdin.end(JSON.stringify(event));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, output, resultFile };
}

/**
 * `npx cdk synth` of a playbook folder into a new temp folder, with no credentials in reach.
 * `templateValidation: false` skips CDK's built-in template validation (about 8 s of a synth),
 * for synths that only compare asset hashes; cdk-nag runs either way.
 */
async function synth(playbooks: string, options: { templateValidation?: boolean } = {}): Promise<string> {
  const out = mkdtempSync(join(tmpdir(), 'flywheel-cdkout-'));
  await promisify(execFile)('npx', ['cdk', 'synth', '-c', `playbooks=${playbooks}`, '-o', out, '-q'], {
    cwd: REPO, maxBuffer: 16 * 1024 * 1024,
    env: {
      ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '', AWS_SESSION_TOKEN: '',
      ...(options.templateValidation === false ? { CDK_VALIDATION: 'false' } : {}),
    },
  });
  return out;
}

/** A copy of the sample playbooks in a temp folder, optionally edited. */
function copySample(edit?: (yaml: string) => string): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'flywheel-copy-')), 'playbooks');
  cpSync(join(REPO, 'playbooks'), dir, { recursive: true });
  const campaign = join(dir, 'campaigns', 'user-stories.yaml');
  if (edit) writeFileSync(campaign, edit(readFileSync(campaign, 'utf8')));
  return dir;
}

/** The sync function's version the Trigger invokes: it changes exactly when sync's code asset does. */
function syncTrigger(out: string): unknown {
  const template = JSON.parse(readFileSync(join(out, 'Flywheel.template.json'), 'utf8')) as { Resources: Record<string, Resource> };
  return Object.values(template.Resources).find((resource) => resource.Type === 'Custom::Trigger')?.Properties.HandlerArn;
}

let unchangedCopyOut: string;
let movedPostOut: string;

beforeAll(async () => {
  // The sample, an unchanged copy elsewhere on disk, and a copy with one post moved by 30 minutes.
  [outdir, unchangedCopyOut, movedPostOut] = await Promise.all([
    synth('playbooks'),
    synth(copySample(), { templateValidation: false }),
    synth(copySample((yaml) => yaml.replace('at: 2026-12-03 20:00', 'at: 2026-12-03 20:30')), { templateValidation: false }),
  ]);
  engine = await startDynalite();
  const clients = createLocalClients(engine.endpoint);
  await createTable(clients.client, TABLE);
  store = new FlywheelStore({ client: clients.documentClient, tableName: TABLE });
  sqs = await startLocalSqs();
  events = await startLocalEventBridge();
  functions = readFunctions();
}, 300_000);

afterAll(async () => {
  await Promise.all([engine?.stop(), sqs?.stop(), events?.stop()]);
});

describe('bundled handlers from cdk.out', () => {
  it('synthesized all eight handlers within the 1 MB code budget, each with the deployment bundle where it needs one', () => {
    expect(Object.keys(functions).sort()).toEqual(['check', 'ingest', 'notify', 'publish', 'sop', 'sync', 'tick', 'track']);
    for (const [name, fn] of Object.entries(functions)) {
      expect({ name, withinBudget: statSync(join(fn.assetDir, 'index.mjs')).size <= 1024 * 1024 }).toEqual({ name, withinBudget: true });
      if (name === 'ingest') expect(fn.env.FLYWHEEL_BUNDLE_FILE).toBeUndefined();
      else expect(JSON.parse(readFileSync(fn.env.FLYWHEEL_BUNDLE_FILE!, 'utf8')).format).toBe(BUNDLE_FORMAT);
    }
  });

  it('ships the files each function needs, byte for byte: covers publish uploads, images notify attaches to hand-offs', () => {
    const cover = 'media/user-stories/story-01-cover.png';
    const folder = (name: string) => join(functions[name]!.assetDir, SHIPPED_MEDIA_FOLDER);
    const shipped = (name: string) => (existsSync(folder(name)) ? readdirSync(folder(name), { recursive: true }).map(String).filter((path) => path.endsWith('.png')).sort() : []);
    // Covers of wechat-main posts (variants included); not those of Bilibili-only posts.
    expect(shipped('publish')).toContain('media/user-stories/story-02-cover-b.png');
    expect(shipped('publish')).toContain('media/spring-festival-2027/new-year-eve-cover.png');
    expect(shipped('publish')).not.toContain('media/user-stories/documentary-cover.png');
    expect(readFileSync(join(folder('publish'), cover)).equals(readFileSync(join(REPO, 'playbooks', cover)))).toBe(true);
    // Hand-offs (Bilibili, Xiaohongshu, Douyin: no API connector) attach images only; WeChat's covers are uploaded, not attached.
    expect(shipped('notify')).toContain('media/user-stories/documentary-cover.png');
    expect(shipped('notify')).not.toContain('media/user-stories/story-01-cover.png');
    expect(readdirSync(folder('notify'), { recursive: true }).map(String).filter((path) => path.endsWith('.mp4'))).toEqual([]);
    for (const name of ['tick', 'check', 'sync']) expect(shipped(name)).toEqual([]);
  });

  it('runs sync again on deploy exactly when the plan changed, wherever the playbooks sit on disk', () => {
    expect(syncTrigger(outdir)).toEqual({ Ref: expect.stringMatching(/^SyncFunctionCurrentVersion/) });
    expect(syncTrigger(unchangedCopyOut)).toEqual(syncTrigger(outdir));
    expect(syncTrigger(movedPostOut)).not.toEqual(syncTrigger(outdir));
  });

  it('sync writes the shipped plan into the table, and a second run writes nothing', async () => {
    const planned = (JSON.parse(readFileSync(functions.sync!.env.FLYWHEEL_BUNDLE_FILE!, 'utf8')) as { jobs: unknown[] }).jobs.length;
    const first = await invoke<{ written: number; unchanged: number; jobs: number }>('sync', {});
    expect(first.jobs).toBe(planned);
    expect(first.written).toBeGreaterThan(0);
    const pending = (await store.listJobs()).filter((job) => job.status === 'pending');
    expect(pending).toHaveLength(first.written);
    const second = await invoke<{ written: number; unchanged: number }>('sync', {});
    expect(second).toMatchObject({ written: 0, unchanged: first.written });
  });

  it('tick sends what is due to its work queue, and the check consumer runs it', async () => {
    // Prepare: the minute of one check has come (its occurrence is moved to a minute ago).
    const check = (await store.listJobs()).find((job) => job.kind === 'check' && job.status === 'pending');
    expect(check).toBeDefined();
    await store.putJobs([{ id: check!.id, kind: check!.kind, dueAt: Date.now() - 60_000, payload: check!.payload }]);
    // Act
    const tick = await invoke<{ dispatched: number; byQueue: Record<string, number>; failed: number }>('tick', { scheduledTime: new Date().toISOString() });
    // Assess: dispatched to the check queue the template wires to the check consumer.
    expect(tick).toMatchObject({ dispatched: 1, byQueue: { publish: 0, check: 1, track: 0, sop: 0 }, failed: 0 });
    const queueUrl = functions.tick!.env.FLYWHEEL_CHECK_QUEUE_URL!;
    const messages = sqs.queues.get(queueUrl) ?? [];
    expect(messages).toHaveLength(1);
    expect(JSON.parse(messages[0]!.body)).toMatchObject({ kind: 'check', payload: check!.payload });
    const after = (await store.listJobs()).filter((job) => job.id.startsWith(`${String(check!.id).split('@')[0]}@`));
    expect(after.some((job) => job.status === 'pending' && job.dueAt > Date.now())).toBe(true);

    const consumed = await invoke<{ batchItemFailures: unknown[] }>('check', { Records: [{ messageId: messages[0]!.messageId, body: messages[0]!.body }] });
    expect(consumed).toEqual({ batchItemFailures: [] });
  });

  it('ingest stores metric points posted to its Function URL', async () => {
    const body = JSON.stringify({ points: [
      { time: '2026-11-20T09:00:00Z', metric: 'followers', value: 1200, channel: 'wechat-main' },
      { time: '2026-11-21T09:00:00Z', metric: 'followers', value: 1260, channel: 'wechat-main' },
    ] });
    const response = await invoke<{ statusCode: number; body: string }>('ingest', {
      headers: { 'content-type': 'application/json' }, body, isBase64Encoded: false, requestContext: { http: { method: 'POST' } },
    });
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ received: 2, written: 2 });
    const stored = await store.queryMetricPoints('followers', Date.parse('2026-11-01T00:00:00Z'), Date.parse('2026-11-30T00:00:00Z'));
    expect(stored.map((point) => point.value)).toEqual([1200, 1260]);
  });
});

describe('bundled handlers explain bad input in words', () => {
  // The bundles use zod/mini, which has no messages of its own: these show the English ones are set.
  it('ingest answers a malformed body with 400 and says which field is wrong and why', async () => {
    const body = JSON.stringify({ points: [{ time: '2026-11-20T09:00:00Z', metric: 'followers', value: 'many' }] });
    const response = await invoke<{ statusCode: number; body: string }>('ingest', {
      headers: { 'content-type': 'application/json' }, body, isBase64Encoded: false, requestContext: { http: { method: 'POST' } },
    });
    expect(response.statusCode).toBe(400);
    // Each bad point by its index, with the field and why, in both languages.
    expect(JSON.parse(response.body)).toMatchObject({ problems: [{ index: 0, field: 'value', message: { en: 'value must be a JSON number.', zh: 'value 必须是 JSON 数字。' } }] });
  });

  it('a malformed environment variable fails each invocation, naming the variable and the reason; the module still loads', async () => {
    const { code, output } = await run('publish', {}, { FLYWHEEL_DLQ_URL: 'not-a-url' });
    expect(code).not.toBe(0);
    expect(output).toContain('"message":"The publish function cannot start"');
    expect(output).toContain('FLYWHEEL_DLQ_URL is malformed (Invalid URL)');
  });

  it('every bundle loads without its environment (nothing is sent or read until it is invoked)', async () => {
    for (const [name, fn] of Object.entries(functions)) {
      const loaded = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', `const { handler } = await import(${JSON.stringify(join(fn.assetDir, 'index.mjs'))}); process.stdout.write(typeof handler);`], {
        env: { PATH: process.env.PATH }, encoding: 'utf8',
      });
      expect([name, loaded.status, loaded.stdout]).toEqual([name, 0, 'function']);
    }
  });
});

describe('npx cdk synth', () => {
  it('refuses invalid playbooks with the validator\'s diagnostics and a non-zero exit, before bundling anything', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'flywheel-bad-synth-')), 'playbooks');
    cpSync(join(REPO, 'playbooks'), dir, { recursive: true });
    const workspace = join(dir, 'workspace.yaml');
    writeFileSync(workspace, readFileSync(workspace, 'utf8').replace(/timezone: \S+/, 'timezone: Mars/Base'));
    const failed = await promisify(execFile)('npx', ['cdk', 'synth', '-c', `playbooks=${dir}`, '-o', join(dir, '..', 'cdk.out'), '-q'], { cwd: REPO })
      .then(() => undefined, (error: { code: number; stderr: string }) => error);
    expect(failed?.code).not.toBe(0);
    expect(failed?.stderr).toMatch(/playbooks\/workspace\.yaml:\d+:\d+ error flywheel\/timezone /);
    expect(failed?.stderr).toMatch(/剧本有 \d+ 个错误/);
    expect(failed?.stderr).not.toMatch(/Bundling asset/);
  }, 60_000);
});
