/*
 * `flywheel status --table`: where a deployed workspace stands, read from its DynamoDB table (here
 * dynalite, reached the way the SDK is told about another endpoint) with the caller's credentials.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLocalClients, createTable, FlywheelStore } from '../functions/store/index';
import { startDynalite, type DynamoDbEngine } from './support/dynamodb-engines';
import { runCli } from './support/run-cli';

const TABLE = 'flywheel-cloud-status';
const DAY = 86_400_000;

interface Report {
  readonly at: string;
  readonly goals: { goal: string; status: string; keyResults: { id: string; status: string; value?: number; expected?: number; progress?: number; expectedProgress?: number; forecast?: number; stale?: boolean; latestPointAt?: string; dataSources?: string[] }[] }[];
  readonly checks: { check: string; title?: string; firing: boolean }[];
}
let engine: DynamoDbEngine;
let store: FlywheelStore;
const saved = { ...process.env };

beforeAll(async () => {
  engine = await startDynalite();
  const { client, documentClient } = createLocalClients(engine.endpoint);
  await createTable(client, TABLE);
  store = new FlywheelStore({ client: documentClient, tableName: TABLE });
  // What ingest, imports and the check function leave in the table: followers for phase 1
  // (2,000 → 10,000 from 1 October to 31 December) up to 10 November, one check firing now and
  // an earlier firing that resolved.
  const points = Array.from({ length: 41 }, (_, day) => ({ time: Date.parse('2026-10-01T09:00:00+08:00') + day * DAY, metric: 'followers', value: 2000 + 60 * day, channel: 'douyin-main' }));
  await store.putMetricPoints(points);
  await store.putCheckState('negative-spike', { firing: true, consecutiveFailures: 1, noData: false }, 0);
  await store.appendEvent({ at: Date.parse('2026-10-20T10:00:00+08:00'), type: 'check.fired', detail: { type: 'check.fired', check: 'negative-spike', value: 30 } });
  await store.appendEvent({ at: Date.parse('2026-10-21T10:00:00+08:00'), type: 'check.resolved', detail: { type: 'check.resolved', check: 'negative-spike', value: 3 } });
}, 60_000);

afterAll(async () => {
  await engine.stop();
});

afterEach(() => {
  for (const name of ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_PROFILE']) {
    if (saved[name] === undefined) delete process.env[name];
    else process.env[name] = saved[name];
  }
});

function pointAtTable(): void {
  process.env.AWS_ENDPOINT_URL_DYNAMODB = engine.endpoint;
  process.env.AWS_ACCESS_KEY_ID = 'local';
  process.env.AWS_SECRET_ACCESS_KEY = 'local';
  delete process.env.AWS_PROFILE;
}

describe('flywheel status --table', () => {
  it('evaluates the goals from the table\'s metric points at --at, with the checks firing then', async () => {
    pointAtTable();
    const table = ['--table', TABLE, '--region', 'us-east-1'];
    const json = await runCli(['status', 'playbooks', ...table, '--format', 'json', '--at', '2026-11-10']);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as Report;
    expect(report.at).toBe('2026-11-10T15:59:00.000Z');
    const followers = report.goals.find((goal) => goal.goal === 'phase-1-cold-start')?.keyResults.find((item) => item.id === 'followers-10k');
    // 4,400 on 10 November: progress 30%, while the path expects 2,000 + 8,000 × 41/92 = 5,565 (44.6%).
    expect(followers).toMatchObject({ value: 4400, progress: 0.3, stale: false, latestPointAt: '2026-11-10T01:00:00.000Z' });
    // The sample's WeChat source writes followers for all channels' total; Douyin's followers come only from imports.
    expect(followers?.dataSources).toEqual(['wechat-stats']);
    expect(report.goals[0]?.keyResults.find((item) => item.id === 'douyin-followers')?.dataSources).toEqual([]);
    expect(followers?.expected).toBeCloseTo(2000 + (8000 * 41) / 92, -1);
    expect(followers?.status).not.toBe('on-track');
    // The forecast of 60 a day reaches 4,400 + 60 × 51 = 7,460 by the end: short of 10,000.
    expect(followers?.status).toBe('off-track');
    expect(report.checks.find((check) => check.check === 'negative-spike')).toEqual({ check: 'negative-spike', title: '负面舆情监测', firing: false });
    const during = JSON.parse((await runCli(['status', 'playbooks', ...table, '--format', 'json', '--at', '2026-10-20T12:00:00+08:00'])).stdout) as Report;
    expect(during.checks.find((check) => check.check === 'negative-spike')?.firing).toBe(true);

    const text = await runCli(['status', 'playbooks', ...table, '--at', '2026-11-10', '--lang', 'zh-CN']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('ACME 新媒体部 · 截至 2026-11-10 23:59（时区 Asia/Shanghai）');
    expect(text.stdout).toMatch(/全渠道粉丝达到一万：偏离。当前值 4,400，目标值 ≥ 10,000，应达 5,565(\.\d+)?，进度 30%（应达 44\.5\d*%），预测 7,4\d\d/);
  });

  it('reports the checks firing now and marks data that stopped arriving as stale', async () => {
    pointAtTable();
    const json = await runCli(['status', 'playbooks', '--table', TABLE, '--region', 'us-east-1', '--format', 'json', '--at', '2026-11-30']);
    const report = JSON.parse(json.stdout) as Report;
    const followers = report.goals.find((goal) => goal.goal === 'phase-1-cold-start')?.keyResults.find((item) => item.id === 'followers-10k');
    expect(followers).toMatchObject({ value: 4400, stale: true, latestPointAt: '2026-11-10T01:00:00.000Z' });
    expect(followers?.forecast).toBeUndefined();
    const text = await runCli(['status', 'playbooks', '--table', TABLE, '--region', 'us-east-1', '--lang', 'en']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Checks firing: 负面舆情监测');
  });

  it('says what to check when the table cannot be read, and exits 1', async () => {
    pointAtTable();
    const missing = await runCli(['status', 'playbooks', '--table', 'no-such-table', '--region', 'us-east-1']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Could not read table no-such-table: StoreError: .*ResourceNotFoundException[^.]*\)\. Check --table \(the stack's TableName output\), --region and --profile/);
    const misuse = await runCli(['status', 'playbooks', '--profile', 'ops']);
    expect(misuse.code).toBe(2);
    expect(misuse.stderr).toContain('--region and --profile go with --table <name>');
  });
});
