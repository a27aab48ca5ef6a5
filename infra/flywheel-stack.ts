import { join } from 'node:path';
import { Arn, ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as eventTargets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as triggers from 'aws-cdk-lib/triggers';
import type { Construct } from 'constructs';
import { TTL_ATTRIBUTE } from '../functions/store/index';
import { AlarmTopic } from './alarm-topic';
import { createDataKey, type DataKeySetting } from './data-key';
import { createDeadLetterQueue } from './dead-letter-queue';
import { createQueueDepthAlarm } from './queue-depth-alarm';
import { FlywheelFunction, type FlywheelFunctionProps } from './flywheel-function';
import { WorkQueue } from './work-queue';

/** The repository root: handler entries are `functions/lambda/<name>.ts` under it. */
const REPO_ROOT = join(import.meta.dirname, '..');

/**
 * `FLYWHEEL_SECRET_NAMES`: the secrets a function may resolve (comma-separated; Secrets Manager
 * names hold no comma). The function refuses any other, whatever IAM would allow.
 */
function secretNamesEnv(names: readonly string[] = []): Record<string, string> {
  return { FLYWHEEL_SECRET_NAMES: names.join(',') };
}

/** At most this many check, track and sop functions at once each (the SQS event source's cap). */
export const CONSUMER_MAX_CONCURRENCY = 5;

/** Minutes without a tick before the TickStoppedAlarm fires. */
export const TICK_STOPPED_MINUTES = 5;

/** The sparse index of pending jobs (functions/store/DESIGN.md, patterns 3a-3e). */
export const DUE_INDEX_NAME = 'GSI1';

/** How often the tick looks for due work: Scheduler's finest rate, and the precision a publish needs. */
export const TICK_RATE = Duration.minutes(1);

/** Properties of the {@link FlywheelStack}. */
export interface FlywheelStackProps extends StackProps {
  /** The deployment bundle (functions/sync `writeDeploymentBundle`) shipped inside every function that reads the plan. */
  readonly deploymentBundleFile: string;
  /** Covers and media the publish function uploads (PreparedPlaybooks.mediaFolder), shipped in its code. @default - none */
  readonly mediaFolder?: string;
  /** Images the notify function attaches to hand-offs (PreparedPlaybooks.notifyMediaFolder), shipped in its code. @default - none */
  readonly notifyMediaFolder?: string;
  /** An address that receives alarms by e-mail. @default - none: subscribe to the AlarmTopic output later */
  readonly alarmEmail?: string;
  /** The channels' credentials (`secret:NAME` → NAME): publish may read these and no other secret. @default - none */
  readonly channelSecretNames?: readonly string[];
  /** The notify targets' urls and signing secrets: notify may read these and no other secret. @default - none */
  readonly notifySecretNames?: readonly string[];
  /** A customer-managed key for the table, bus and archive, queues and log groups (`-c kmsKey=create|<key ARN>`). @default - AWS-owned and SQS-managed keys */
  readonly dataKey?: DataKeySetting;
}

/**
 * Flywheel's cloud platform. Its size is fixed: posts, checks and goals are rows in the table
 * that the sync step writes from the deployment bundle, never CloudFormation resources
 * (docs/decisions.md, decision 4), so the stack has the same resources for 10 posts or 100,000.
 */
export class FlywheelStack extends Stack {
  readonly table: dynamodb.Table;
  readonly bus: events.EventBus;
  readonly scheduleGroup: scheduler.ScheduleGroup;
  readonly alarms: AlarmTopic;
  /** The customer-managed key of `-c kmsKey`, if one was asked for. */
  readonly dataKey?: kms.IKey;
  readonly functions: Record<'tick' | 'publish' | 'check' | 'track' | 'sop' | 'notify' | 'sync' | 'ingest', FlywheelFunction>;

  constructor(scope: Construct, id: string, props: FlywheelStackProps) {
    super(scope, id, props);
    const handlersDir = join(REPO_ROOT, 'functions', 'lambda');
    const dataKey = props.dataKey ? createDataKey(this, props.dataKey) : undefined;
    if (dataKey) this.dataKey = dataKey;
    const encryptionKey = dataKey ? { encryptionKey: dataKey } : {};

    this.table = new dynamodb.Table(this, 'Table', {
      ...(dataKey ? { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: dataKey } : {}),
      partitionKey: { name: 'PK', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'SK', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TTL_ATTRIBUTE,
      // Goal history, metrics and publish claims are the team's record: never deleted with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: DUE_INDEX_NAME,
      partitionKey: { name: 'GSI1PK', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'GSI1SK', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });

    this.bus = new events.EventBus(this, 'Bus', { description: 'Flywheel: published, breached, goal and notification events', ...(dataKey ? { kmsKey: dataKey } : {}) });
    // Not bus.archive(): aws-cdk-lib 2.276 drops its kmsKey. Same scope and id, so the same logical id.
    const archive = new events.Archive(this.bus, 'Archive', {
      sourceEventBus: dataKey ? this.busByName() : this.bus,
      ...(dataKey ? { kmsKey: dataKey } : {}),
      description: 'Flywheel: every event on the bus, for replay after a notify outage',
      eventPattern: { account: [this.account] },
      retention: Duration.days(90),
    });
    archive.node.addDependency(this.bus);
    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'Schedules', {
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A key the stack made serves the alarm topic too (one key, one monthly fee); an existing key's policy is not ours to extend for CloudWatch.
    this.alarms = new AlarmTopic(this, 'Alarms', { ...(props.alarmEmail ? { email: props.alarmEmail } : {}), ...(dataKey instanceof kms.Key ? { key: dataKey } : {}) });

    const work = {
      publish: new WorkQueue(this, 'PublishQueue', { description: 'posts to publish', consumerTimeout: Duration.seconds(60), ...encryptionKey }),
      check: new WorkQueue(this, 'CheckQueue', { description: 'KPI checks', consumerTimeout: Duration.seconds(60), ...encryptionKey }),
      track: new WorkQueue(this, 'TrackQueue', { description: 'goal tracking and A/B verdicts', consumerTimeout: Duration.seconds(60), ...encryptionKey }),
      sop: new WorkQueue(this, 'SopQueue', { description: 'SOP steps and review reminders', consumerTimeout: Duration.seconds(60), ...encryptionKey }),
    };
    const publishFailures = createDeadLetterQueue(this, 'PublishFailures',
      'Posts that failed for good (permanent platform errors) land here for a person to read; it is a dead-letter queue and its depth is alarmed.', dataKey);

    const bundle = { deploymentBundleFile: props.deploymentBundleFile, ...encryptionKey };
    const define = (name: keyof FlywheelStack['functions'], fnProps: Omit<FlywheelFunctionProps, 'entry'>) =>
      new FlywheelFunction(this, `${name[0]!.toUpperCase()}${name.slice(1)}`, { entry: join(handlersDir, `${name}.ts`), ...fnProps });
    const tableEnv = { FLYWHEEL_TABLE: this.table.tableName };
    const busEnv = { FLYWHEEL_BUS: this.bus.eventBusName };
    this.functions = {
      tick: define('tick', {
        ...bundle, description: 'Flywheel tick: sends due work to the queues', timeout: Duration.seconds(50),
        // One tick at a time: two overlapping ticks would race for the same due items.
        reservedConcurrentExecutions: 1,
        environment: {
          ...tableEnv,
          FLYWHEEL_PUBLISH_QUEUE_URL: work.publish.queue.queueUrl, FLYWHEEL_CHECK_QUEUE_URL: work.check.queue.queueUrl,
          FLYWHEEL_TRACK_QUEUE_URL: work.track.queue.queueUrl, FLYWHEEL_SOP_QUEUE_URL: work.sop.queue.queueUrl,
        },
      }),
      publish: define('publish', {
        ...bundle, ...(props.mediaFolder ? { shippedMediaFolder: props.mediaFolder } : {}), description: 'Flywheel publish: posts to the platforms', timeout: Duration.seconds(60), asyncInvoked: false,
        // Platforms rate-limit per account: two publishers at most keep a burst of due posts polite.
        reservedConcurrentExecutions: 2,
        environment: { ...tableEnv, ...busEnv, FLYWHEEL_DLQ_URL: publishFailures.queueUrl, ...secretNamesEnv(props.channelSecretNames) },
      }),
      check: define('check', { ...bundle, description: 'Flywheel check: evaluates KPI checks', timeout: Duration.seconds(60), asyncInvoked: false, environment: { ...tableEnv, ...busEnv } }),
      track: define('track', { ...bundle, description: 'Flywheel track: goal status and A/B verdicts', timeout: Duration.seconds(60), asyncInvoked: false, environment: { ...tableEnv, ...busEnv } }),
      sop: define('sop', { ...bundle, description: 'Flywheel sop: SOP steps, escalations, reminders', timeout: Duration.seconds(60), asyncInvoked: false, environment: { ...tableEnv, ...busEnv } }),
      notify: define('notify', {
        ...bundle, ...(props.notifyMediaFolder ? { shippedMediaFolder: props.notifyMediaFolder } : {}), description: 'Flywheel notify: sends messages to the team chats', timeout: Duration.seconds(30),
        // Group-chat bots allow about 20 messages a minute; an event storm must not get the bot banned.
        reservedConcurrentExecutions: 2,
        environment: { FLYWHEEL_IDEMPOTENCY_TABLE: this.table.tableName, ...secretNamesEnv(props.notifySecretNames) },
      }),
      // The Trigger invokes sync synchronously and fails the deploy on an error: no DLQ to fill.
      sync: define('sync', { ...bundle, description: 'Flywheel sync: reconciles the plan into the table', timeout: Duration.minutes(5), memorySize: 512, asyncInvoked: false, environment: tableEnv }),
      ingest: define('ingest', { ...encryptionKey, description: 'Flywheel ingest: receives metric points', timeout: Duration.seconds(30), asyncInvoked: false, environment: tableEnv }),
    };
    const fns = this.functions;

    // Data access, action by action (functions/lambda/README.md, "IAM").
    this.allowTable(fns.tick, ['dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:PutItem'], { dueIndex: true });
    this.allowTable(fns.publish, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query']);
    for (const name of ['check', 'track', 'sop'] as const) this.allowTable(fns[name], ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query']);
    this.allowTable(fns.notify, ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']);
    this.allowTable(fns.sync, ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem']);
    this.allowTable(fns.ingest, ['dynamodb:BatchWriteItem']);
    this.allowSend(fns.tick.role, Object.values(work).map((queue) => queue.queue));
    this.allowSend(fns.publish.role, [publishFailures]);
    for (const name of ['publish', 'check', 'track', 'sop'] as const) this.bus.grantPutEventsTo(fns[name].role);
    this.allowSecrets(fns.publish, props.channelSecretNames ?? []);
    this.allowSecrets(fns.notify, props.notifySecretNames ?? []);

    // What starts each function.
    new scheduler.Schedule(this, 'EveryMinute', {
      description: 'Flywheel: look for due work every minute',
      scheduleGroup: this.scheduleGroup,
      schedule: scheduler.ScheduleExpression.rate(TICK_RATE),
      target: new schedulerTargets.LambdaInvoke(fns.tick.function, {
        role: this.tickSchedulerRole(),
        input: scheduler.ScheduleTargetInput.fromObject({ scheduledTime: scheduler.ContextAttribute.scheduledTime }),
        deadLetterQueue: fns.tick.deadLetterQueue,
        // A missed tick is made up by the next one (due items stay due): no point retrying for a day.
        retryAttempts: 2,
        maxEventAge: Duration.minutes(5),
      }),
    });
    const consumers = { publish: work.publish, check: work.check, track: work.track, sop: work.sop } as const;
    for (const [name, queue] of Object.entries(consumers) as [keyof typeof consumers, WorkQueue][]) {
      fns[name].function.addEventSource(new SqsEventSource(queue.queue, {
        batchSize: 10,
        reportBatchItemFailures: true,
        // publish: as many pollers as its reserved concurrency (more would be throttled); check, track and sop: a cap
        // without a reservation (infra/README.md, "Concurrency, decided per function").
        maxConcurrency: name === 'publish' ? 2 : CONSUMER_MAX_CONCURRENCY,
      }));
    }
    new events.Rule(this, 'NotifyRule', {
      description: 'Flywheel: notification requests go to the notify function',
      eventBus: this.bus,
      eventPattern: { source: ['flywheel'], detailType: ['flywheel.notify.requested'] },
      targets: [new eventTargets.LambdaFunction(fns.notify.function, {
        deadLetterQueue: fns.notify.deadLetterQueue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(2),
      })],
    });
    if (dataKey instanceof kms.Key) {
      // The rule itself sends events it could not deliver to notify's dead-letter queue.
      dataKey.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowTheNotifyRuleToDeadLetter',
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        // The rule's own ARN would make a cycle (key → rule → bus → key): this account's rules, by pattern.
        conditions: { StringEquals: { 'aws:SourceAccount': this.account }, ArnLike: { 'aws:SourceArn': `arn:${this.partition}:events:${this.region}:${this.account}:rule/*` } },
      }));
    }
    const ingestUrl = fns.ingest.function.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    const sync = new triggers.Trigger(this, 'SyncAfterDeploy', {
      handler: fns.sync.function,
      executeOnHandlerChange: true,
      executeAfter: [this.table, this.bus],
      timeout: Duration.minutes(5),
    });
    // Sync writes to the table as soon as it runs: its policy must exist before the Trigger fires.
    sync.node.addDependency(fns.sync.role);

    // Every alarm (function errors, dead letters, queue age, a stopped tick) goes to the alarm topic.
    for (const fn of Object.values(fns)) for (const alarm of fn.alarms) this.alarms.route(alarm);
    for (const queue of Object.values(work)) {
      this.alarms.route(queue.alarm);
      this.alarms.route(queue.ageAlarm);
    }
    this.alarms.route(this.tickStoppedAlarm());
    this.alarms.route(createQueueDepthAlarm(this, 'PublishFailuresAlarm', publishFailures, 'a post failed for good (a permanent platform error); the PublishFailures queue says which and why.'));

    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'The Flywheel table (the VS Code Goals view reads goal status from it)' });
    new CfnOutput(this, 'IngestUrl', { value: ingestUrl.url, description: 'POST metric points here, signed with SigV4 (lambda:InvokeFunctionUrl)' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn, description: 'Subscribe to receive alarms' });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBusName });
  }

  /**
   * Grants exactly these table actions (and on the due index when asked): no `dynamodb:*`, no
   * Scan; with a customer-managed key, the key actions DynamoDB needs of a caller, on that key.
   */
  private allowTable(fn: FlywheelFunction, actions: string[], options: { dueIndex?: boolean } = {}): void {
    fn.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions,
      resources: [this.table.tableArn, ...(options.dueIndex ? [`${this.table.tableArn}/index/${DUE_INDEX_NAME}`] : [])],
    }));
    if (this.dataKey) {
      fn.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'], resources: [this.dataKey.keyArn] }));
    }
  }

  /**
   * The tick stopped (the schedule was disabled or deleted, its role broken, the function
   * throttled away): nothing is published and no other alarm fires, because nothing runs. Five
   * one-minute periods without an invocation, missing data breaching: a stopped tick alarms about
   * five minutes after its last run; a healthy one runs every minute, and the jitter of
   * Scheduler's delivery can empty one minute, never five in a row.
   */
  private tickStoppedAlarm(): cloudwatch.Alarm {
    return new cloudwatch.Alarm(this, 'TickStoppedAlarm', {
      alarmDescription: 'Flywheel: the every-minute tick has not run for 5 minutes: nothing is published or checked. Look at the EveryMinute schedule (enabled?), its role, and the tick function\'s throttles.',
      metric: this.functions.tick.function.metricInvocations({ period: Duration.minutes(1), statistic: cloudwatch.Stats.SUM }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: TICK_STOPPED_MINUTES,
      datapointsToAlarm: TICK_STOPPED_MINUTES,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }

  /**
   * The bus by its ARN built from its name, not a reference to it: the archive adds the bus ARN
   * to the key's policy, and a reference would make a cycle (key → bus → key), as the bus itself
   * avoids when it adds its own statement.
   */
  private busByName(): events.IEventBus {
    const name = (this.bus.node.defaultChild as events.CfnEventBus).name;
    return events.EventBus.fromEventBusArn(this, 'BusByName', this.formatArn({ service: 'events', resource: 'event-bus', resourceName: name }));
  }

  /**
   * Sending to these queues, with exact actions; with a customer-managed key, the two key actions
   * a sender needs (CDK's grantSendMessages would add `kms:ReEncrypt*` and `kms:GenerateDataKey*`).
   */
  private allowSend(role: iam.IRole, queues: readonly sqs.IQueue[]): void {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], resources: queues.map((queue) => queue.queueArn) }));
    if (this.dataKey) role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.dataKey.keyArn] }));
  }

  /** The role Scheduler assumes to invoke the tick: only schedules of this account may assume it. */
  private tickSchedulerRole(): iam.Role {
    const role = new iam.Role(this, 'TickSchedulerRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': this.account } } }),
      description: 'Flywheel: lets the every-minute schedule invoke the tick function',
    });
    // The schedule sends a tick it could not deliver to tick's dead-letter queue, encrypted with the data key when there is one.
    if (this.dataKey) role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [this.dataKey.keyArn] }));
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.getLogicalId(this.functions.tick.function.node.defaultChild as lambda.CfnFunction)}.Arn>:*]`,
      reason: 'aws-scheduler-targets LambdaInvoke grants invoke on the tick function and its versions (ARN:*); the role can invoke nothing else and only this account\'s schedules can assume it.',
    });
    return role;
  }

  /**
   * Read access to exactly the secrets the playbooks name. Secrets Manager ends every secret's ARN
   * with `-` and six random characters, which `-??????` matches and nothing longer does.
   */
  private allowSecrets(fn: FlywheelFunction, names: readonly string[]): void {
    if (names.length === 0) return;
    fn.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['secretsmanager:GetSecretValue'],
      resources: names.map((name) => Arn.format({ service: 'secretsmanager', resource: 'secret', resourceName: `${name}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }, this)),
    }));
  }
}
