/*
 * The Flywheel commands. Each runs the workspace's `flywheel` CLI, so the editor does exactly
 * what the command line does; long runs (simulate, deploy) go to a terminal the user can watch.
 */
import { join } from 'node:path';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { buildImportArgs } from './import-args';
import { cliNotFoundMessage, findFlywheelCli, runFlywheelCli, type CliResult } from './flywheel-cli';
import type { GoalDashboard } from './dashboard';
import type { GoalStatusStore } from './goal-status-store';
import { OPEN_SOURCE_COMMAND } from './goals-tree';
import { cliLocation, currentPlaybooksDir, displayLang } from './settings';
import type { SourceLocation } from './status-report';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What the commands share. */
export interface CommandContext {
  readonly extensionPath: string;
  readonly store: GoalStatusStore;
  readonly dashboard: GoalDashboard;
  readonly output: vscode.LogOutputChannel;
}

/** The playbooks folder and the CLI, or undefined after telling the user what is missing. */
function locate(context: CommandContext): { dir: string; cli: string } | undefined {
  const dir = currentPlaybooksDir();
  if (!dir) {
    void vscode.window.showErrorMessage(l10n.t('Open a folder with Flywheel playbooks first.'));
    return undefined;
  }
  const where = cliLocation(context.extensionPath);
  const cli = findFlywheelCli(where);
  if (!cli) {
    void vscode.window.showErrorMessage(cliNotFoundMessage(where));
    return undefined;
  }
  return { dir, cli };
}

async function runWithProgress(title: string, cli: string, args: string[], cwd: string): Promise<CliResult> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title }, () => runFlywheelCli(cli, args, cwd));
}

function logRun(output: vscode.LogOutputChannel, args: readonly string[], result: CliResult): void {
  output.appendLine(`$ flywheel ${args.join(' ')}  (exit ${result.code})`);
  if (result.stdout) output.append(result.stdout);
  if (result.stderr) output.append(result.stderr);
}

function runInTerminal(name: string, cli: string, args: string[], cwd: string, env: Record<string, string> = {}): vscode.Terminal {
  // The host's Node.js runs the CLI directly: no shell, so no quoting of paths with spaces.
  const terminal = vscode.window.createTerminal({ name, shellPath: process.execPath, shellArgs: [cli, ...args], cwd, env: { ...env, ELECTRON_RUN_AS_NODE: '1' } });
  terminal.show();
  return terminal;
}

/** Opens a playbook at a goal's or key result's declaration. */
export async function openSource(dir: string, source: SourceLocation): Promise<void> {
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(join(dir, source.file)));
  const position = new vscode.Position(Math.max(0, source.line - 1), 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(position, position) });
}

async function validateWorkspace(context: CommandContext): Promise<void> {
  const found = locate(context);
  if (!found) return;
  const args = ['validate', found.dir, '--lang', displayLang()];
  const result = await runWithProgress(l10n.t('Validating playbooks…'), found.cli, args, found.dir);
  logRun(context.output, args, result);
  if (result.code === 0) void vscode.window.showInformationMessage(l10n.t('The playbooks are valid.'));
  else {
    context.output.show(true);
    void vscode.window.showWarningMessage(l10n.t('The playbooks have problems: see the Flywheel output and the Problems panel.'));
  }
}

/** Runs `flywheel plan` and shows what it prints in an editor; returns whether it succeeded. */
async function showPlan(context: CommandContext): Promise<boolean> {
  const found = locate(context);
  if (!found) return false;
  const args = ['plan', found.dir, '--lang', displayLang()];
  const result = await runWithProgress(l10n.t('Compiling the plan…'), found.cli, args, found.dir);
  logRun(context.output, args, result);
  const document = await vscode.workspace.openTextDocument({ content: result.stdout + result.stderr, language: 'plaintext' });
  await vscode.window.showTextDocument(document, { preview: true });
  return result.code === 0;
}

async function askDate(prompt: string, value: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    prompt, value, placeHolder: 'YYYY-MM-DD',
    validateInput: (text) => (DATE.test(text.trim()) ? undefined : l10n.t('Enter a date as YYYY-MM-DD.')),
  });
}

async function simulate(context: CommandContext): Promise<void> {
  const found = locate(context);
  if (!found) return;
  const today = new Date().toISOString().slice(0, 10);
  const from = await askDate(l10n.t('Simulate from (date in the workspace time zone)'), today);
  if (!from) return;
  const to = await askDate(l10n.t('Simulate to (inclusive)'), new Date(Date.parse(from) + 7 * 86_400_000).toISOString().slice(0, 10));
  if (!to) return;
  runInTerminal(l10n.t('Flywheel simulate'), found.cli, ['simulate', found.dir, '--from', from.trim(), '--to', to.trim(), '--lang', displayLang()], found.dir);
}

async function deploy(context: CommandContext): Promise<void> {
  const found = locate(context);
  if (!found) return;
  const help = await runFlywheelCli(found.cli, ['--help'], found.dir);
  if (!/^\s+deploy\b/m.test(help.stdout)) {
    void vscode.window.showErrorMessage(l10n.t('This flywheel CLI has no deploy command. Update Flywheel, or deploy with "npx cdk deploy" from the repository.'));
    return;
  }
  if (!(await showPlan(context))) {
    void vscode.window.showErrorMessage(l10n.t('The plan could not be compiled; fix the playbooks before deploying.'));
    return;
  }
  // No --yes: the terminal asks before deploying and shows cdk's own prompt for IAM changes,
  // which the user must see; a second confirmation here would only repeat the first.
  // The AWS SDK and the CDK CLI both read the profile and region from these variables.
  const config = vscode.workspace.getConfiguration('flywheel');
  const profile = config.get<string>('aws.profile', '').trim();
  const region = config.get<string>('aws.region', '').trim();
  runInTerminal(l10n.t('Flywheel deploy'), found.cli, ['deploy', found.dir, '--lang', displayLang()], found.dir, {
    ...(profile ? { AWS_PROFILE: profile } : {}), ...(region ? { AWS_REGION: region } : {}),
  });
}

async function importMetrics(context: CommandContext): Promise<void> {
  const found = locate(context);
  if (!found) return;
  const files = await vscode.window.showOpenDialog({ canSelectMany: true, filters: { CSV: ['csv'] }, openLabel: l10n.t('Import'), defaultUri: vscode.Uri.file(found.dir) });
  if (!files || files.length === 0) return;
  const config = vscode.workspace.getConfiguration('flywheel');
  const { args, cloud } = buildImportArgs(files.map((file) => file.fsPath), found.dir, displayLang(), {
    source: config.get<string>('status.source', 'local') === 'aws' ? 'aws' : 'local', ingestUrl: config.get<string>('aws.ingestUrl', '').trim(),
    profile: config.get<string>('aws.profile', '').trim(), region: config.get<string>('aws.region', '').trim(),
  });
  const result = await runWithProgress(cloud ? l10n.t('Sending metrics to the cloud…') : l10n.t('Importing metrics…'), found.cli, args, found.dir);
  logRun(context.output, args, result);
  const summary = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.code === 0) void vscode.window.showInformationMessage(summary || l10n.t('Metrics imported.'));
  else {
    context.output.show(true);
    void vscode.window.showWarningMessage(l10n.t('Some rows were not imported: see the Flywheel output. {0}', summary));
  }
  await context.store.refresh();
}

async function refreshGoalStatus(context: CommandContext): Promise<void> {
  await context.store.refresh();
  if (context.store.error) {
    context.output.appendLine(context.store.error.message);
    void vscode.window.showErrorMessage(context.store.error.message);
  }
}

/** Opens a goal, or one of its key results, where the last report says it is declared. */
export async function openGoalSource(store: GoalStatusStore, goal: string, keyResult?: string): Promise<void> {
  const dir = currentPlaybooksDir();
  const entry = store.report?.goals.find((item) => item.goal === goal);
  const source = keyResult === undefined ? entry?.source : entry?.keyResults.find((item) => item.id === keyResult)?.source;
  if (dir && source) await openSource(dir, source);
}

/** Registers every Flywheel command. */
export function registerCommands(context: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('flywheel.validateWorkspace', () => validateWorkspace(context)),
    vscode.commands.registerCommand('flywheel.showPlan', () => showPlan(context)),
    vscode.commands.registerCommand('flywheel.simulate', () => simulate(context)),
    vscode.commands.registerCommand('flywheel.deploy', () => deploy(context)),
    vscode.commands.registerCommand('flywheel.refreshGoalStatus', () => refreshGoalStatus(context)),
    vscode.commands.registerCommand('flywheel.openDashboard', () => context.dashboard.show()),
    vscode.commands.registerCommand('flywheel.importMetrics', () => importMetrics(context)),
    vscode.commands.registerCommand(OPEN_SOURCE_COMMAND, async (source: SourceLocation) => {
      const dir = currentPlaybooksDir();
      if (dir) await openSource(dir, source);
    }),
  ];
}
