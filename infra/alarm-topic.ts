import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Properties of an {@link AlarmTopic}. */
export interface AlarmTopicProps {
  /** An address that receives every alarm by e-mail (it must confirm the subscription). @default - none */
  readonly email?: string;
  /** A customer-managed key of the stack to encrypt the topic with (the data key of `-c kmsKey=create`). @default - a key of its own */
  readonly key?: kms.Key;
}

/**
 * The SNS topic every Flywheel alarm goes to, encrypted at rest and reachable only over TLS.
 *
 * A customer-managed key, because CloudWatch cannot publish to a topic encrypted with the
 * AWS-managed `alias/aws/sns` key (that key's policy cannot grant cloudwatch.amazonaws.com).
 * Alarms deliberately do not go through the `notify` function: when notify is what is broken,
 * its alarm must still reach someone.
 */
export class AlarmTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlarmTopicProps = {}) {
    super(scope, id);
    this.key = props.key ?? new kms.Key(this, 'Key', {
      description: 'Flywheel: encrypts the alarm topic',
      enableKeyRotation: true,
      pendingWindow: Duration.days(7),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudWatchAlarmsToPublish',
      principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
    }));
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'Flywheel alarms',
      masterKey: this.key,
      enforceSSL: true,
    });
    if (props.email) this.topic.addSubscription(new subscriptions.EmailSubscription(props.email));
  }

  /** Sends an alarm's ALARM and OK transitions to the topic. */
  route(alarm: cloudwatch.Alarm): void {
    const action = new actions.SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
}
