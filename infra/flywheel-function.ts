import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createDeadLetterQueue } from './dead-letter-queue';
import { createQueueDepthAlarm } from './queue-depth-alarm';
import { SHIPPED_MEDIA_FOLDER } from '../functions/sync/shipped-media';

/** The Lambda runtime every Flywheel function uses: the newest GA Node.js runtime in aws-cdk-lib 2.276. */
export const FLYWHEEL_RUNTIME = lambda.Runtime.NODEJS_24_X;

/**
 * The bundles are ESM (the handlers use `import.meta`), but some bundled dependencies are
 * CommonJS and call `require()`: give the module one, as scripts/build.mjs does for the CLI.
 */
const ESM_REQUIRE_BANNER = "import { createRequire as __flywheelCreateRequire } from 'node:module'; const require = __flywheelCreateRequire(import.meta.url);";

/** Properties of a {@link FlywheelFunction}. */
export interface FlywheelFunctionProps {
  /** The handler's TypeScript entry file (absolute path). */
  readonly entry: string;
  /** What the function does, shown in the console. */
  readonly description: string;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  /** Environment variables besides the ones every function gets. @default - none */
  readonly environment?: Record<string, string>;
  /**
   * Caps parallel executions. Used where a burst would hurt a platform (rate limits) or the
   * team's chat (alert floods), never as a default. @default - unreserved
   */
  readonly reservedConcurrentExecutions?: number;
  /**
   * Whether the function is invoked asynchronously (Scheduler, EventBridge rules, triggers):
   * then events that still fail after Lambda's retries land in its own dead-letter queue.
   * @default true
   */
  readonly asyncInvoked?: boolean;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /**
   * The deployment bundle (compiled plan + playbooks) to ship inside the function's code as
   * `flywheel-bundle.json`; `FLYWHEEL_BUNDLE_FILE` then points at it. Because the file is part
   * of the code asset, a changed plan changes the asset hash. @default - not shipped
   */
  readonly deploymentBundleFile?: string;
  /**
   * A folder copied into the function's code as `media/` beside the deployment bundle (the covers
   * publish uploads; functions/sync/shipped-media.ts). Part of the code asset, so a changed
   * cover changes the asset hash. @default - none
   */
  readonly shippedMediaFolder?: string;
  /** The customer-managed key for the log group and the dead-letter queue (`-c kmsKey`). @default - AWS-owned keys */
  readonly encryptionKey?: kms.IKey;
}

/** Where a shipped deployment bundle sits inside the function (Lambda unpacks code into /var/task). */
export const BUNDLE_FILE_NAME = 'flywheel-bundle.json';
export const BUNDLE_FILE_IN_LAMBDA = `/var/task/${BUNDLE_FILE_NAME}`;

/**
 * A Node.js Lambda with Flywheel's defaults baked in once: ARM64, the newest GA Node runtime,
 * local esbuild bundling (ESM, minified, the AWS SDK bundled so its version
 * is the one pinned in package-lock.json), JSON logs into a log group with retention, X-Ray
 * tracing, a dead-letter queue for asynchronous invocations and an alarm on errors.
 */
export class FlywheelFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** Where failed asynchronous invocations go; undefined for synchronously invoked functions. */
  readonly deadLetterQueue?: sqs.Queue;
  /** Alarms this function raises (errors, and dead-letter depth when it has a queue). */
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: FlywheelFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
      ...(props.encryptionKey ? { encryptionKey: props.encryptionKey } : {}),
      // Logs are evidence of what was published; a stack deletion should not erase them.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // An own role instead of AWSLambdaBasicExecutionRole: that managed policy may write to any
    // log group in the account; this one writes only to the function's own.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Flywheel: ${props.description}`,
    });
    this.logGroup.grantWrite(this.role);
    if (props.asyncInvoked ?? true) {
      this.deadLetterQueue = createDeadLetterQueue(this, 'DeadLetters', 'This queue is itself a dead-letter queue (failed asynchronous invocations); its depth is alarmed.', props.encryptionKey);
    }
    this.function = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      description: props.description,
      runtime: FLYWHEEL_RUNTIME,
      role: this.role,
      architecture: lambda.Architecture.ARM_64,
      timeout: props.timeout ?? Duration.seconds(30),
      memorySize: props.memorySize ?? 256,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      deadLetterQueue: this.deadLetterQueue,
      environment: {
        ...props.environment,
        ...(props.deploymentBundleFile ? { FLYWHEEL_BUNDLE_FILE: BUNDLE_FILE_IN_LAMBDA } : {}),
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        // The bilingual messages hold a lot of Chinese: UTF-8 takes 3 bytes a character where
        // esbuild's default ASCII escapes (\uXXXX) take 6. Passed as an esbuild argument because
        // aws-cdk-lib 2.276's local bundling ignores the typed `charset` option.
        esbuildArgs: { '--charset': 'utf8' },
        // No source map: it would more than double the code asset (1.3-1.5 MB per function, past
        // the 1 MB budget). Errors name their operation and cause (docs/contributing.md), which is what the
        // logs need; a map can be rebuilt from the same commit with esbuild when a trace needs it.
        sourceMap: false,
        bundleAwsSDK: true,
        // Local esbuild only: no Docker on the machines that synthesize this app.
        forceDockerBundling: false,
        ...(props.deploymentBundleFile ? { commandHooks: copyIntoBundle(props.deploymentBundleFile, props.shippedMediaFolder) } : {}),
      },
    });
    if (this.deadLetterQueue && props.encryptionKey) {
      // Lambda sends a failed asynchronous event to the dead-letter queue with the function's role.
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [props.encryptionKey.keyArn] }));
    }
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions; these two actions are the only statement on Resource * (every data-access statement names its table, queue, bus or secret prefix).',
    });
    this.alarms.push(new cloudwatch.Alarm(this, 'ErrorsAlarm', {
      alarmDescription: `${props.description}: the function failed; its log group has the error.`,
      metric: this.function.metricErrors({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }));
    if (this.deadLetterQueue) {
      this.alarms.push(createQueueDepthAlarm(this, 'DeadLettersAlarm', this.deadLetterQueue, `${props.description}: an invocation failed for good and waits in the dead-letter queue.`));
    }
  }
}

/** Copies the deployment bundle (and shipped media, if any) next to the handler's code after esbuild has run. */
function copyIntoBundle(file: string, mediaFolder?: string): ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => [
      `cp ${JSON.stringify(file)} ${JSON.stringify(`${outputDir}/${BUNDLE_FILE_NAME}`)}`,
      ...(mediaFolder ? [`cp -R ${JSON.stringify(`${mediaFolder}/.`)} ${JSON.stringify(`${outputDir}/${SHIPPED_MEDIA_FOLDER}`)}`] : []),
    ],
  };
}
