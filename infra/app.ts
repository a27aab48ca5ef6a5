// The CDK app (`npx cdk synth|deploy -c playbooks=<dir>`, run through cdk.json with tsx).
import { createFlywheelApp } from './create-app';
import { DataKeySettingError } from './data-key';
import { PlaybooksInvalidError } from './load-playbooks';

try {
  createFlywheelApp().app.synth();
} catch (error) {
  if (!(error instanceof PlaybooksInvalidError || error instanceof DataKeySettingError)) throw error;
  // The diagnostics are the whole message: no stack trace to read past.
  process.stderr.write(`${error.message}\n`);
  process.exitCode = 1;
}
