#!/usr/bin/env node
// Stands in for the CDK CLI in `flywheel deploy` tests: records how it was called, prints a line
// like cdk does, and exits with FAKE_CDK_EXIT (default 0). Never touches AWS.
import { appendFileSync, writeFileSync } from 'node:fs';

const argv = process.argv.slice(2);
appendFileSync(process.env.FAKE_CDK_LOG, `${JSON.stringify({ argv, cwd: process.cwd() })}\n`);
process.stdout.write('fake cdk: deploying\n');
const exit = Number(process.env.FAKE_CDK_EXIT ?? 0);
// As cdk does after a successful deploy: the stack's outputs, by stack name.
const outputs = argv.indexOf('--outputs-file');
if (exit === 0 && outputs !== -1) {
  writeFileSync(argv[outputs + 1], JSON.stringify({
    Flywheel: { TableName: 'Flywheel-Table-ABC123', IngestUrl: 'https://abcdefghij.lambda-url.ap-east-1.on.aws/', AlarmTopicArn: 'arn:aws:sns:ap-east-1:123456789012:Flywheel-Alarms', EventBusName: 'Flywheel-Bus' },
  }, null, 2));
}
process.exit(exit);
