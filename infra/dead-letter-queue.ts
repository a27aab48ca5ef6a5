import { Duration, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * A queue where work that failed for good waits for a person: encrypted, TLS only, and kept 14
 * days, the longest SQS allows (a failed publish must outlive a long holiday weekend). cdk-nag's
 * SQS3 (a queue without its own dead-letter queue) is acknowledged with `reason`, which says what
 * lands here; the caller alarms on its depth. With `key`, encrypted with that customer-managed key.
 */
export function createDeadLetterQueue(scope: Construct, id: string, reason: string, key?: kms.IKey): sqs.Queue {
  const queue = new sqs.Queue(scope, id, { ...queueEncryption(key), enforceSSL: true, retentionPeriod: Duration.days(14) });
  Validations.of(queue).acknowledge({ id: 'AwsSolutions-SQS3', reason });
  return queue;
}

/** SQS-managed encryption, or the customer-managed key when there is one (`-c kmsKey`). */
export function queueEncryption(key: kms.IKey | undefined): Pick<sqs.QueueProps, 'encryption' | 'encryptionMasterKey'> {
  return key ? { encryption: sqs.QueueEncryption.KMS, encryptionMasterKey: key } : { encryption: sqs.QueueEncryption.SQS_MANAGED };
}
