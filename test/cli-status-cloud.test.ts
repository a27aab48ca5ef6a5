/*
 * `flywheel status --table`: where a deployed workspace stands, read from its DynamoDB table (here
 * dynalite, reached the way the SDK is told about another endpoint) with the caller's credentials.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createLocalClients, createTable, FlywheelStore } from '../functions/store/index';
import { startDynalite, type DynamoDbEngine } from './support/dynamodb-engines';
import { runCli } from './support/run-cli';

const TABLE = 'flywheel-cloud-status';
let engine: DynamoDbEngine;
let store: FlywheelStore;
const saved = { ...process.env };

beforeAll(async () => {
  engine = await startDynalite();
  const { client, documentClient } = createLocalClients(engine.endpoint);
  await createTable(client, TABLE);
  store = new FlywheelStore({ client: documentClient, tableName: TABLE });
  // What the track and check functions leave in the table.
  await store.putGoalStatus({ goal: 'phase-2-growth', keyResult: 'followers-100k', status: 'at-risk', value: 23_456, expected: 31_000, forecast: 80_000, at: Date.parse('2026-11-20T16:05:00Z') });
  await store.putCheckState('negative-spike', { firing: true, consecutiveFailures: 1, noData: false }, 0);
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
  it('reports what the cloud recorded: goal status, checks firing, the next publishes', async () => {
    pointAtTable();
    const json = await runCli(['status', 'playbooks', '--table', TABLE, '--region', 'us-east-1', '--format', 'json']);
    const text = await runCli(['status', 'playbooks', '--table', TABLE, '--region', 'us-east-1', '--lang', 'en']);

    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { goals: { goal: string; keyResults: { id: string; status: string; value?: number; forecast?: number }[] }[]; checks: { check: string; firing: boolean }[] };
    const growth = report.goals.find((goal) => goal.goal === 'phase-2-growth');
    expect(growth?.keyResults.find((item) => item.id === 'followers-100k')).toMatchObject({ status: 'at-risk', value: 23_456, forecast: 80_000 });
    expect(report.checks.find((check) => check.check === 'negative-spike')?.firing).toBe(true);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/followers-100k\s+at-risk\s+value 23456/);
    expect(text.stdout).toContain('Checks firing: negative-spike');
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
