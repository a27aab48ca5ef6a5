#!/usr/bin/env node
// Stands in for the CDK CLI in `flywheel deploy` tests: records how it was called, prints a line
// like cdk does, and exits with FAKE_CDK_EXIT (default 0). Never touches AWS.
import { appendFileSync } from 'node:fs';

appendFileSync(process.env.FAKE_CDK_LOG, `${JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd() })}\n`);
process.stdout.write('fake cdk: deploying\n');
process.exit(Number(process.env.FAKE_CDK_EXIT ?? 0));
