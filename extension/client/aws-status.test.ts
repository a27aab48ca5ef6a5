/*
 * Goal status from the deployed table, read with a named AWS profile through the CLI
 * (`flywheel status --table`): against a real DynamoDB engine (dynalite) on loopback, reached through
 * AWS_ENDPOINT_URL_DYNAMODB, with a throwaway AWS config that names the profile.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalClients, createTable, FlywheelStore } from '../../functions/store/index';
import { startDynalite, type DynamoDbEngine } from '../../test/support/dynamodb-engines';
import { REPO } from '../../test/support/run-cli';
import { readAwsStatus, type AwsStatusOptions } from './aws-status';
import { StatusReportError } from './status-report';

const TABLE = 'flywheel-prod';
const PLAYBOOKS = join(REPO, 'playbooks');
const DAY = 86_400_000;
// 2026-11-20 12:00 in Shanghai: inside phase 1's window (2026-10-01 … 2026-12-31).
const NOW = Date.parse('2026-11-20T04:00:00Z');

const AWS_VARIABLES = ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION'];

describe('goal status from the AWS table', () => {
  let engine: DynamoDbEngine;
  const saved = new Map<string, string | undefined>();

  beforeAll(async () => {
    // Prepare: the profile lives only in a temp AWS config, as it would in ~/.aws.
    for (const name of AWS_VARIABLES) saved.set(name, process.env[name]);
    for (const name of AWS_VARIABLES) delete process.env[name];
    const home = mkdtempSync(join(tmpdir(), 'flywheel-aws-'));
    writeFileSync(join(home, 'config'), '[profile ops-lead]\nregion = ap-northeast-1\n');
    writeFileSync(join(home, 'credentials'), '[ops-lead]\naws_access_key_id = AKIDLOCALTEST\naws_secret_access_key = local-secret\n');
    process.env.AWS_CONFIG_FILE = join(home, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, 'credentials');

    engine = await startDynalite();
    process.env.AWS_ENDPOINT_URL_DYNAMODB = engine.endpoint;
    const { client, documentClient } = createLocalClients(engine.endpoint);
    await createTable(client, TABLE);
    const store = new FlywheelStore({ client: documentClient, tableName: TABLE });
    // Followers as ingest or an import leaves them; the report evaluates them as the track function does.
    await store.putMetricPoints([{ time: NOW - 20 * DAY, metric: 'followers', value: 2500 }, { time: NOW - 10 * DAY, metric: 'followers', value: 4800 }, { time: NOW - DAY, metric: 'followers', value: 7900 }]);
    await store.putCheckState('negative-spike', { firing: true }, 0);
    // As of an instant in the past (--at), a check fires per the events logged up to then.
    await store.appendEvent({ at: NOW - DAY, type: 'check.fired', detail: { type: 'check.fired', check: 'negative-spike', value: 30 } });
    client.destroy();
  });

  afterAll(async () => {
    await engine?.stop();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const options = (aws: AwsStatusOptions['aws']): AwsStatusOptions => ({
    playbooksDir: PLAYBOOKS, workspaceRoot: REPO, extensionPath: join(REPO, 'extension'), lang: 'en', aws, at: new Date(NOW).toISOString(),
  });

  it('joins the stored readings with the playbooks into the report the views show', async () => {
    const report = await readAwsStatus(options({ profile: 'ops-lead', table: TABLE }));

    expect(report.workspace).toBe('acme-newmedia');
    expect(report.timezone).toBe('Asia/Shanghai');
    expect(report.goals.map((goal) => [goal.goal, goal.status])).toEqual([
      ['phase-1-cold-start', 'no-data'], ['phase-2-growth', 'not-started'], ['phase-3-private-domain', 'not-started'],
    ]);
    const followers = report.goals[0]?.keyResults.find((item) => item.id === 'followers-10k');
    // On 20 November at 12:00 the path from 2,000 to 10,000 expects 2,000 + 8,000 × 50.5/92.
    expect(followers).toMatchObject({
      status: 'on-track', value: 7900, target: 10000, baseline: 2000, title: '全渠道粉丝达到一万', progress: 0.7375, stale: false,
      latestPointAt: new Date(NOW - DAY).toISOString(), unit: 'count', kind: 'path',
      source: { file: 'goals/phase-1-cold-start.yaml', line: 28 },
    });
    expect(followers?.expected).toBeCloseTo(2000 + (8000 * 50.5) / 92, 6);
    const measured = followers?.series?.actual.map((point) => point.value) ?? [];
    expect(measured.filter((value, position) => value !== measured[position - 1])).toEqual([2500, 4800, 7900]);
    expect(followers?.series?.expected.map((point) => point.value)).toEqual([2000, 10000]);
    expect(followers?.series?.forecast[0]).toEqual({ at: new Date(NOW).toISOString(), value: 7900 });
    expect(followers?.series?.forecast[1]).toMatchObject({ at: '2026-12-31T16:00:00.000Z', value: followers?.forecast });
    expect(report.checks.find((check) => check.check === 'negative-spike')?.firing).toBe(true);
    expect(report.checks.filter((check) => check.firing)).toHaveLength(1);
    expect(report.nextPublishes.length).toBeGreaterThan(0);
    expect(report.nextPublishes.every((item) => Date.parse(item.at) > NOW)).toBe(true);
  });

  it('says which setting to fix when the table is not set, the profile is unknown or the table is missing', async () => {
    await expect(readAwsStatus(options({ table: '' }))).rejects.toThrow(/flywheel\.aws\.table/);
    const unknownProfile = readAwsStatus(options({ profile: 'nobody', region: 'ap-northeast-1', table: TABLE }));
    await expect(unknownProfile).rejects.toBeInstanceOf(StatusReportError);
    await expect(unknownProfile).rejects.toThrow(/profile nobody[\s\S]*flywheel\.aws\.profile/);
    await expect(readAwsStatus(options({ profile: 'ops-lead', table: 'no-such-table' }))).rejects.toThrow(/no-such-table/);
  });
});
