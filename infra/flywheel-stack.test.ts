import { join } from 'node:path';
import type { CfnResource } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { HandlerEnvSchemas, type HandlerName } from '../functions/lambda/env';
import { TTL_ATTRIBUTE } from '../functions/store/index';
import { CONSUMER_MAX_CONCURRENCY, DUE_INDEX_NAME, TICK_STOPPED_MINUTES } from './flywheel-stack';
import { DataKeySettingError } from './data-key';
import { synthForTest, type SynthesizedForTest } from './synth-for-test';

const SAMPLE = join(import.meta.dirname, '..', 'playbooks');
const HANDLERS = Object.keys(HandlerEnvSchemas) as HandlerName[];

let synth: SynthesizedForTest;
const logicalId = (construct: { node: { defaultChild?: unknown } }) => synth.stack.getLogicalId(construct.node.defaultChild as CfnResource);
const functionId = (name: HandlerName) => logicalId(synth.stack.functions[name].function);
const resource = (id: string) => (synth.template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>)[id]!;

type Statement = { Action: string | string[]; Resource: unknown; Effect: string };
/** The statements of the policy attached to a function's role. */
function statementsOf(name: HandlerName): Statement[] {
  const roleId = logicalId(synth.stack.functions[name].role);
  const policies = synth.template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleId }] } });
  return Object.values(policies).flatMap((policy) => (policy.Properties.PolicyDocument.Statement as Statement[]));
}
const actionsOn = (name: HandlerName, resourceJson: string) =>
  statementsOf(name).filter((statement) => JSON.stringify(statement.Resource).includes(resourceJson)).flatMap((statement) => [statement.Action].flat()).sort();

beforeAll(() => {
  synth = synthForTest(SAMPLE);
});

describe('FlywheelStack: data', () => {
  it('keeps one on-demand table with point-in-time recovery, TTL and the due index, retained on delete', () => {
    synth.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    synth.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
        GlobalSecondaryIndexes: [{
          IndexName: DUE_INDEX_NAME,
          KeySchema: [{ AttributeName: 'GSI1PK', KeyType: 'HASH' }, { AttributeName: 'GSI1SK', KeyType: 'RANGE' }],
          Projection: { ProjectionType: 'ALL' },
        }],
        ProvisionedThroughput: Match.absent(),
      },
    });
  });

  it('archives every event of the bus', () => {
    synth.template.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [logicalId(synth.stack.bus), 'Arn'] },
      RetentionDays: 90,
    });
  });

  it('encrypts every queue and refuses plain-HTTP access to it', () => {
    const queues = synth.template.findResources('AWS::SQS::Queue');
    expect(Object.keys(queues)).toHaveLength(11);
    for (const queue of Object.values(queues)) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const policies = Object.values(synth.template.findResources('AWS::SQS::QueuePolicy'));
    const guarded = policies.filter((policy) => (policy.Properties.PolicyDocument.Statement as { Effect: string; Condition?: unknown }[])
      .some((statement) => statement.Effect === 'Deny' && JSON.stringify(statement.Condition) === '{"Bool":{"aws:SecureTransport":"false"}}'));
    expect(guarded).toHaveLength(11);
  });
});

describe('FlywheelStack: functions', () => {
  it('runs every handler on ARM64 and Node.js 24 with tracing, JSON logs into its own log group, and the bundle shipped inside', () => {
    for (const name of HANDLERS) {
      const fn = resource(functionId(name));
      expect(fn.Properties).toMatchObject({
        Architectures: ['arm64'],
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalId(synth.stack.functions[name].logGroup) } },
      });
      const env = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      if (name === 'ingest') expect(env.FLYWHEEL_BUNDLE_FILE).toBeUndefined();
      else expect(env.FLYWHEEL_BUNDLE_FILE).toBe('/var/task/flywheel-bundle.json');
    }
    synth.template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  it('gives each handler every environment variable its contract (functions/lambda/env.ts) requires', () => {
    for (const name of HANDLERS) {
      const env = (resource(functionId(name)).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      const shape = HandlerEnvSchemas[name].shape as Record<string, { safeParse(value: unknown): { success: boolean } }>;
      const required = Object.keys(shape).filter((key) => !shape[key]!.safeParse(undefined).success);
      expect({ name, missing: required.filter((key) => env[key] === undefined) }).toEqual({ name, missing: [] });
    }
    const tick = (resource(functionId('tick')).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(tick.FLYWHEEL_PUBLISH_QUEUE_URL).toEqual({ Ref: logicalId(synth.stack.node.findChild('PublishQueue').node.findChild('Queue')) });
  });

  it('decides concurrency per function (infra/README.md): reserved for tick, publish and notify; a cap on the queue for check, track and sop; none for sync and ingest', () => {
    const reserved = Object.fromEntries(HANDLERS.map((name) => [name, resource(functionId(name)).Properties.ReservedConcurrentExecutions]));
    expect(reserved).toEqual({ tick: 1, publish: 2, check: undefined, track: undefined, sop: undefined, notify: 2, sync: undefined, ingest: undefined });
    for (const [name, cap] of [['publish', 2], ['check', CONSUMER_MAX_CONCURRENCY], ['track', CONSUMER_MAX_CONCURRENCY], ['sop', CONSUMER_MAX_CONCURRENCY]] as const) {
      synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionName: { Ref: functionId(name) }, ScalingConfig: { MaximumConcurrency: cap } });
    }
  });

  it('ticks every minute through the schedule group, passing the scheduled time', () => {
    synth.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 minute)',
      GroupName: resource(logicalId(synth.stack.scheduleGroup)).Properties.Name,
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [functionId('tick'), 'Arn'] },
        Input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(synth.stack.functions.tick.deadLetterQueue!), 'Arn'] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 300, MaximumRetryAttempts: 2 },
      },
    });
  });

  it('feeds each work queue to its consumer with partial batch failures, and notification requests to notify', () => {
    synth.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 4);
    for (const [name, queueId] of [['publish', 'PublishQueue'], ['check', 'CheckQueue'], ['track', 'TrackQueue'], ['sop', 'SopQueue']] as const) {
      const queue = synth.stack.node.findChild(queueId).node.findChild('Queue');
      synth.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: functionId(name) },
        EventSourceArn: { 'Fn::GetAtt': [logicalId(queue), 'Arn'] },
        BatchSize: 10,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      synth.template.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: 360,
        RedrivePolicy: { maxReceiveCount: 3, deadLetterTargetArn: Match.anyValue() },
      });
    }
    synth.template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: logicalId(synth.stack.bus) },
      EventPattern: { source: ['flywheel'], 'detail-type': ['flywheel.notify.requested'] },
      Targets: [Match.objectLike({
        Arn: { 'Fn::GetAtt': [functionId('notify'), 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [logicalId(synth.stack.functions.notify.deadLetterQueue!), 'Arn'] } },
      })],
    });
  });

  it('puts ingest behind a Function URL that needs SigV4 (IAM) auth', () => {
    synth.template.resourceCountIs('AWS::Lambda::Url', 1);
    synth.template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'AWS_IAM',
      TargetFunctionArn: { 'Fn::GetAtt': [functionId('ingest'), 'Arn'] },
    });
    synth.template.resourcePropertiesCountIs('AWS::Lambda::Permission', { Principal: '*' }, 0);
  });

  it('runs sync after deploy, again whenever its code (and so the shipped plan) changes', () => {
    const sync = synth.template.findResources('Custom::Trigger');
    expect(Object.values(sync)).toEqual([expect.objectContaining({
      Properties: expect.objectContaining({ HandlerArn: { Ref: expect.stringMatching(/^SyncFunctionCurrentVersion/) }, ExecuteOnHandlerChange: true }),
      DependsOn: expect.arrayContaining([logicalId(synth.stack.table)]),
    })]);
  });
});

describe('FlywheelStack: least privilege', () => {
  it('grants each handler exactly the table actions of its contract, on the table (and the due index for tick) only', () => {
    const table = `"${logicalId(synth.stack.table)}"`;
    const expected: Record<HandlerName, string[]> = {
      tick: ['dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      publish: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      check: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      track: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      sop: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      notify: ['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
      sync: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      ingest: ['dynamodb:BatchWriteItem'],
    };
    for (const name of HANDLERS) expect({ name, actions: actionsOn(name, table) }).toEqual({ name, actions: expected[name] });
    const tickTable = statementsOf('tick').find((statement) => JSON.stringify(statement.Resource).includes(table));
    expect(JSON.stringify(tickTable?.Resource)).toContain(`/index/${DUE_INDEX_NAME}`);
  });

  it('has no wildcard action anywhere, and Resource "*" only for the X-Ray actions that cannot be scoped', () => {
    const policies = Object.values(synth.template.findResources('AWS::IAM::Policy'));
    expect(policies.length).toBeGreaterThanOrEqual(9);
    for (const policy of policies) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) {
        for (const action of [statement.Action].flat()) expect(action).not.toMatch(/\*/);
        if (statement.Resource === '*') expect([statement.Action].flat().sort()).toEqual(['xray:PutTelemetryRecords', 'xray:PutTraceSegments']);
      }
    }
  });

  it('lets publish read exactly the channels\' credentials and notify exactly the notify targets\' secrets, and says so in their environment', () => {
    // The sample: five channels (three on platforms without a connector, whose credentials nothing sends) and three bots.
    const arn = (name: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:secret:${name}-??????`]] });
    const expected: Partial<Record<HandlerName, string[]>> = {
      publish: ['flywheel/wechat-main', 'flywheel/wecom-community'],
      notify: ['flywheel/community-webhook', 'flywheel/leadership-sign', 'flywheel/leadership-webhook', 'flywheel/ops-webhook'],
    };
    for (const name of HANDLERS) {
      const secretStatements = statementsOf(name).filter((statement) => [statement.Action].flat().some((action) => action.startsWith('secretsmanager:')));
      const names = expected[name];
      if (!names) {
        expect({ name, secretStatements }).toEqual({ name, secretStatements: [] });
        continue;
      }
      expect(secretStatements).toEqual([{ Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: names.map(arn) }]);
      synth.template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: logicalId(synth.stack.functions[name].role) }],
        PolicyDocument: { Statement: Match.arrayWith([{ Action: 'secretsmanager:GetSecretValue', Effect: 'Allow', Resource: names.map(arn) }]) },
      });
      const env = (resource(functionId(name)).Properties.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.FLYWHEEL_SECRET_NAMES).toBe(names.join(','));
    }
    // Nowhere a wildcard secret ARN.
    expect(JSON.stringify(synth.template.toJSON())).not.toMatch(/:secret:[^"]*\*/);
  });
});

describe('FlywheelStack: alarms', () => {
  it('alarms on every dead-letter queue, every function error, work waiting too long and a stopped tick, into the encrypted alarm topic', () => {
    const topic = { Ref: logicalId(synth.stack.alarms.topic) };
    synth.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(synth.stack.alarms.key), 'Arn'] } });
    const alarms = Object.values(synth.template.findResources('AWS::CloudWatch::Alarm'));
    const errors = alarms.filter((alarm) => alarm.Properties.MetricName === 'Errors');
    const deadLetters = alarms.filter((alarm) => alarm.Properties.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(errors).toHaveLength(HANDLERS.length);
    // tick and notify (invoked asynchronously), the four work queues, and the failed-posts queue.
    expect(deadLetters).toHaveLength(7);
    for (const alarm of [...errors, ...deadLetters]) {
      expect(alarm.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [topic], OKActions: [topic] });
    }
    const ages = alarms.filter((alarm) => alarm.Properties.MetricName === 'ApproximateAgeOfOldestMessage');
    expect(ages.map((alarm) => alarm.Properties.Dimensions).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))).toEqual(
      ['CheckQueue', 'PublishQueue', 'SopQueue', 'TrackQueue'].map((id) => [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalId(synth.stack.node.findChild(id).node.findChild('Queue')), 'QueueName'] } }]),
    );
    for (const alarm of ages) {
      expect(alarm.Properties).toMatchObject({
        Namespace: 'AWS/SQS', Statistic: 'Maximum', Period: 300, Threshold: 900, ComparisonOperator: 'GreaterThanThreshold', EvaluationPeriods: 1,
        TreatMissingData: 'notBreaching', AlarmActions: [topic], OKActions: [topic],
      });
    }
    // A stopped tick: no invocation in each of 5 one-minute periods, and no data counts as none.
    const stopped = alarms.filter((alarm) => alarm.Properties.MetricName === 'Invocations');
    expect(stopped).toEqual([{
      Type: 'AWS::CloudWatch::Alarm',
      Properties: expect.objectContaining({
        Namespace: 'AWS/Lambda', Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId('tick') } }], Statistic: 'Sum', Period: 60,
        Threshold: 1, ComparisonOperator: 'LessThanThreshold', EvaluationPeriods: TICK_STOPPED_MINUTES, DatapointsToAlarm: TICK_STOPPED_MINUTES,
        TreatMissingData: 'breaching', AlarmActions: [topic], OKActions: [topic],
      }),
    }]);
    expect(TICK_STOPPED_MINUTES).toBe(5);
    expect(alarms).toHaveLength(errors.length + deadLetters.length + ages.length + stopped.length);
  });
});

describe('FlywheelStack: a customer-managed key (-c kmsKey)', () => {
  let keyed: SynthesizedForTest;
  beforeAll(() => {
    keyed = synthForTest(SAMPLE, { context: { kmsKey: 'create' } });
  });
  const keyedId = (construct: { node: { defaultChild?: unknown } }) => keyed.stack.getLogicalId(construct.node.defaultChild as CfnResource);

  it('encrypts the table, the bus and its archive, every queue, every log group and the alarm topic with one rotating, retained key', () => {
    const key = { 'Fn::GetAtt': [keyedId(keyed.stack.dataKey as unknown as { node: { defaultChild?: unknown } }), 'Arn'] };
    keyed.template.resourceCountIs('AWS::KMS::Key', 1);
    keyed.template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true } });
    keyed.template.hasResourceProperties('AWS::DynamoDB::Table', { SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: key } });
    keyed.template.hasResourceProperties('AWS::Events::EventBus', { KmsKeyIdentifier: key });
    keyed.template.hasResourceProperties('AWS::Events::Archive', { KmsKeyIdentifier: key });
    keyed.template.allResourcesProperties('AWS::SQS::Queue', { KmsMasterKeyId: key, SqsManagedSseEnabled: Match.absent() });
    keyed.template.resourceCountIs('AWS::SQS::Queue', 11);
    keyed.template.allResourcesProperties('AWS::Logs::LogGroup', { KmsKeyId: key });
    keyed.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: key });
  });

  it('lets CloudWatch Logs (this account\'s log groups), EventBridge (the bus, the rule\'s dead letters) and CloudWatch alarms use the key; the functions get it through their roles', () => {
    const statements = Object.values(keyed.template.findResources('AWS::KMS::Key'))[0]!.Properties.KeyPolicy.Statement as { Sid?: string; Principal: unknown; Condition?: unknown }[];
    const principals = statements.map((statement) => JSON.stringify(statement.Principal));
    expect(principals).toContain(JSON.stringify({ Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } }));
    expect(principals.filter((principal) => principal === '{"Service":"events.amazonaws.com"}').length).toBeGreaterThanOrEqual(2);
    expect(principals).toContain('{"Service":"cloudwatch.amazonaws.com"}');
    const logs = statements.find((statement) => statement.Sid === 'AllowCloudWatchLogsForThisAccountsLogGroups');
    expect(JSON.stringify(logs?.Condition)).toContain(':log-group:*');
    const key = { 'Fn::GetAtt': [keyedId(keyed.stack.dataKey as unknown as { node: { defaultChild?: unknown } }), 'Arn'] };
    for (const name of HANDLERS) {
      keyed.template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: keyedId(keyed.stack.functions[name].role) }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['kms:Decrypt']), Resource: key })]) },
      });
    }
  });

  it('stays clean under cdk-nag, with no wildcard action, and the same size', () => {
    expect(keyed.validationReport.pluginReports.flatMap((report) => report.violations)).toEqual([]);
    for (const policy of Object.values(keyed.template.findResources('AWS::IAM::Policy'))) {
      for (const statement of policy.Properties.PolicyDocument.Statement as Statement[]) for (const action of [statement.Action].flat()) expect(action).not.toMatch(/\*/);
    }
    expect(Object.keys(keyed.template.toJSON().Resources)).toHaveLength(Object.keys(synth.template.toJSON().Resources).length);
  });

  it('uses an existing key by its ARN, and refuses a value that is neither create nor a key ARN', () => {
    const arn = 'arn:aws:kms:ap-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const existing = synthForTest(SAMPLE, { context: { kmsKey: arn } });
    existing.template.hasResourceProperties('AWS::DynamoDB::Table', { SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: arn } });
    existing.template.allResourcesProperties('AWS::Logs::LogGroup', { KmsKeyId: arn });
    existing.template.allResourcesProperties('AWS::SQS::Queue', { KmsMasterKeyId: arn });
    // Only the alarm topic's own key: an existing key's policy is its owner's.
    existing.template.resourceCountIs('AWS::KMS::Key', 1);
    expect(existing.validationReport.pluginReports.flatMap((report) => report.violations)).toEqual([]);
    expect(() => synthForTest(SAMPLE, { context: { kmsKey: 'yes' } })).toThrow(DataKeySettingError);
    expect(() => synthForTest(SAMPLE, { context: { kmsKey: 'yes' } })).toThrow(/-c kmsKey=yes is neither "create" nor a KMS key ARN.*\n-c kmsKey=yes 既不是 "create" 也不是 KMS 密钥 ARN/);
  }, 120_000);
});
