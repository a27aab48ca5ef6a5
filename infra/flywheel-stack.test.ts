import { join } from 'node:path';
import type { CfnResource } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { HandlerEnvSchemas, type HandlerName } from '../functions/lambda/env';
import { TTL_ATTRIBUTE } from '../functions/store/index';
import { DUE_INDEX_NAME } from './flywheel-stack';
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

  it('reserves concurrency where a burst would hurt: one tick at a time, two publishers, two notifiers', () => {
    expect(resource(functionId('tick')).Properties.ReservedConcurrentExecutions).toBe(1);
    expect(resource(functionId('publish')).Properties.ReservedConcurrentExecutions).toBe(2);
    expect(resource(functionId('notify')).Properties.ReservedConcurrentExecutions).toBe(2);
    for (const name of ['check', 'track', 'sop', 'sync', 'ingest'] as const) {
      expect(resource(functionId(name)).Properties.ReservedConcurrentExecutions).toBeUndefined();
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
  it('alarms on every dead-letter queue and on every function error, into the encrypted alarm topic', () => {
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
    expect(alarms).toHaveLength(errors.length + deadLetters.length);
  });
});
