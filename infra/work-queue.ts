import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createDeadLetterQueue, queueEncryption } from './dead-letter-queue';
import { createQueueAgeAlarm, createQueueDepthAlarm } from './queue-depth-alarm';

/** Properties of a {@link WorkQueue}. */
export interface WorkQueueProps {
  /** What the work is, for alarm descriptions ("posts to publish"). */
  readonly description: string;
  /** The consumer's timeout: the queue's visibility timeout is six times this, as AWS advises for Lambda consumers. */
  readonly consumerTimeout: Duration;
  /** Receives before a message moves to the dead-letter queue. @default 3 */
  readonly maxReceiveCount?: number;
  /** The customer-managed key for the queue and its dead-letter queue. @default - SQS-managed encryption */
  readonly encryptionKey?: kms.IKey;
}

/** Encrypted, TLS-only SQS queue for one kind of due work, with a dead-letter queue whose depth is alarmed. */
export class WorkQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  /** Messages that failed for good wait in the dead-letter queue. */
  readonly alarm: cloudwatch.Alarm;
  /** The oldest message has waited too long (WORK_QUEUE_AGE_THRESHOLD). */
  readonly ageAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    this.deadLetterQueue = createDeadLetterQueue(this, 'DeadLetters', 'This queue is the dead-letter queue of a work queue; its depth is alarmed.', props.encryptionKey);
    this.queue = new sqs.Queue(this, 'Queue', {
      ...queueEncryption(props.encryptionKey),
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 3 },
    });
    this.alarm = createQueueDepthAlarm(this, 'DeadLettersAlarm', this.deadLetterQueue, `${props.description} failed ${props.maxReceiveCount ?? 3} times and wait in the dead-letter queue.`);
    this.ageAlarm = createQueueAgeAlarm(this, 'AgeAlarm', this.queue, props.description);
  }
}
