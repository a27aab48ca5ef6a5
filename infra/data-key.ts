import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';

/** `-c kmsKey=…`: `create` makes a key in the stack, an ARN names an existing one. */
export type DataKeySetting = { readonly create: true } | { readonly arn: string };

/** A `kmsKey` context value that is neither `create` nor a KMS key ARN. */
export class DataKeySettingError extends Error {
  override readonly name = 'DataKeySettingError';
}

const KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** Reads the `kmsKey` context value; undefined (AWS-owned keys) when it is not set. Throws DataKeySettingError with the fix when it is unusable. */
export function parseDataKeySetting(value: unknown): DataKeySetting | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = String(value).trim();
  if (text === 'create') return { create: true };
  if (KEY_ARN.test(text)) return { arn: text };
  throw new DataKeySettingError(
    `-c kmsKey=${text} is neither "create" nor a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>): pass -c kmsKey=create for a key made by the stack, or the ARN of a symmetric key of this account and region.\n`
    + `-c kmsKey=${text} 既不是 "create" 也不是 KMS 密钥 ARN（arn:aws:kms:<区域>:<账号>:key/<ID>）：用 -c kmsKey=create 由栈创建密钥，或填写本账号本区域的对称密钥 ARN。`,
  );
}

/**
 * The customer-managed key for the table, the bus and its archive, the queues and the log groups.
 * A created key rotates yearly, is kept when the stack is deleted (the table and the log groups
 * are kept too, and are unreadable without it), and its policy lets CloudWatch Logs use it for
 * this account's log groups; the bus and the archive add EventBridge's own statements, the
 * functions' roles get their grants in IAM. An existing key is used as it is: its policy is
 * the owner's (infra/README.md lists the statements it needs).
 */
export function createDataKey(scope: Construct, setting: DataKeySetting): kms.IKey {
  if ('arn' in setting) return kms.Key.fromKeyArn(scope, 'DataKey', setting.arn);
  const key = new kms.Key(scope, 'DataKey', {
    description: 'Flywheel: encrypts the table, the event bus and archive, the queues and the log groups',
    enableKeyRotation: true,
    pendingWindow: Duration.days(30),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsForThisAccountsLogGroups',
    principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*` } },
  }));
  return key;
}
