import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/**
 * An alarm that fires as soon as one message waits in a dead-letter queue: every message there
 * is a post, check or notification that did not happen, and someone has to look at it.
 */
export function createQueueDepthAlarm(scope: Construct, id: string, queue: sqs.IQueue, description: string): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    alarmDescription: `Flywheel: ${description}`,
    metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/**
 * How old the oldest message of a work queue may get before someone is told: 15 minutes. Above
 * the 12 minutes a message may legitimately wait (failed back twice while another attempt held
 * its claim: two 6-minute visibility timeouts), below the 18 at which, after three failed receives,
 * it moves to the dead-letter queue; a post due at 20:00 still waiting at 20:15 is late enough
 * to look at (a stopped or throttled consumer, or a burst bigger than it can send in time).
 */
export const WORK_QUEUE_AGE_THRESHOLD = Duration.minutes(15);

/** An alarm when the oldest message of a work queue has waited longer than {@link WORK_QUEUE_AGE_THRESHOLD}. */
export function createQueueAgeAlarm(scope: Construct, id: string, queue: sqs.IQueue, description: string): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, id, {
    alarmDescription: `Flywheel: ${description} have waited more than ${WORK_QUEUE_AGE_THRESHOLD.toMinutes()} minutes in their queue: is the consumer failing or throttled?`,
    metric: queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: cloudwatch.Stats.MAXIMUM }),
    threshold: WORK_QUEUE_AGE_THRESHOLD.toSeconds(),
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}
