import { join } from 'node:path';
import { Annotations, App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { FlywheelStack } from './flywheel-stack';
import { preparePlaybooks, type PreparedPlaybooks } from './load-playbooks';
import { parseDataKeySetting } from './data-key';
import { DEFAULT_SECRET_PREFIX } from './secret-references';

/** Options for {@link createFlywheelApp}; the CDK CLI passes the rest through context and its environment. */
export interface FlywheelAppOptions {
  /** Context values (as `-c key=value` gives them): `playbooks`, `alarmEmail`, `stackName`, `secretPrefix`, `kmsKey`, CDK's own keys. @default - none */
  readonly context?: Record<string, unknown>;
  /** Where the cloud assembly goes. @default - the CDK CLI's outdir, or a temporary folder */
  readonly outdir?: string;
  /** What relative playbook paths are resolved against. @default process.cwd() */
  readonly cwd?: string;
  /** CDK's built-in CloudFormation template validation (slow: about 8 s of a synth). @default true */
  readonly builtinCloudFormationValidation?: boolean;
  /** How much media each function may carry. @default SHIPPED_MEDIA_BUDGET_BYTES (100 MB) */
  readonly mediaBudgetBytes?: number;
}

/** The app, its one stack, and the playbooks it deploys. */
export interface FlywheelApp {
  readonly app: App;
  readonly stack: FlywheelStack;
  readonly playbooks: PreparedPlaybooks;
}

/**
 * Builds the Flywheel CDK app: validates the playbooks (`-c playbooks=<dir>`, default
 * `playbooks`), writes their deployment bundle into the cloud assembly folder, defines the
 * stack and applies cdk-nag's AwsSolutions checks. Throws PlaybooksInvalidError for invalid
 * playbooks.
 */
export function createFlywheelApp(options: FlywheelAppOptions = {}): FlywheelApp {
  const appProps: AppProps = {
    ...(options.context ? { context: options.context } : {}),
    ...(options.outdir ? { outdir: options.outdir } : {}),
    ...(options.builtinCloudFormationValidation === false ? { builtinCloudFormationValidation: false } : {}),
  };
  const app = new App(appProps);
  const folder = String(app.node.tryGetContext('playbooks') ?? 'playbooks');
  const alarmEmail = app.node.tryGetContext('alarmEmail') as string | undefined;
  const stackName = String(app.node.tryGetContext('stackName') ?? 'Flywheel');
  const secretPrefix = String(app.node.tryGetContext('secretPrefix') ?? DEFAULT_SECRET_PREFIX);
  const dataKey = parseDataKeySetting(app.node.tryGetContext('kmsKey'));
  // Inside the assembly folder: the bundle is build output, regenerated on every synth.
  const playbooks = preparePlaybooks(folder, join(app.outdir, 'flywheel-deployment', 'flywheel-bundle.json'), options.cwd,
    { secretPrefix, ...(options.mediaBudgetBytes === undefined ? {} : { mediaBudgetBytes: options.mediaBudgetBytes }) });
  const stack = new FlywheelStack(app, stackName, {
    // The workspace's name, not the folder's path: the same playbooks deployed from another machine change nothing.
    description: `Flywheel: playbooks-as-code platform for workspace ${playbooks.workspace} (fixed size; posts are table rows written by sync)`,
    deploymentBundleFile: playbooks.bundleFile,
    ...(playbooks.mediaFolder ? { mediaFolder: playbooks.mediaFolder } : {}),
    ...(playbooks.notifyMediaFolder ? { notifyMediaFolder: playbooks.notifyMediaFolder } : {}),
    channelSecretNames: playbooks.channelSecretNames,
    notifySecretNames: playbooks.notifySecretNames,
    ...(dataKey ? { dataKey } : {}),
    ...(alarmEmail ? { alarmEmail } : {}),
  });
  const read = [...new Set([...playbooks.channelSecretNames, ...playbooks.notifySecretNames])].sort();
  if (read.length > 0) {
    // Shown by `cdk synth` and `cdk deploy`: a missing secret only shows up later, as a failed publish.
    Annotations.of(stack).addInfo(`The functions read ${read.length} secret(s) from Secrets Manager; create each before the first publish: ${read.join(', ')}`);
  }
  for (const warning of playbooks.mediaWarnings) Annotations.of(stack).addWarning(warning);
  // The acknowledgements are copied into the template's Metadata, so an audit reads them there.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { writeSuppressionsToCloudFormation: true }));
  return { app, stack, playbooks };
}
