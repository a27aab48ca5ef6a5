/*
 * Activation: starts the language client, registers the Goals view, the status bar item, the
 * dashboard and the commands, and returns the API the extension-host tests use. Thin by design:
 * playbook logic lives in the server and in core.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { FlywheelApi } from './api';
import { openGoalSource, registerCommands, type CommandContext } from './commands';
import { GoalDashboard } from './dashboard';
import { GoalStatusStore } from './goal-status-store';
import { GoalsTreeProvider } from './goals-tree';
import { currentPlaybooksDir, displayLang } from './settings';
import { createGoalStatusBar } from './status-bar';

let client: LanguageClient | undefined;

function startLanguageClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const playbooksDir = currentPlaybooksDir();
  // Only YAML under the playbooks folder is Flywheel's; other YAML in the workspace is left alone.
  const pattern = playbooksDir ? `${playbooksDir.split('\\').join('/')}/**/*.{yaml,yml}` : '**/*.{yaml,yml}';
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: 'yaml', pattern }],
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher(playbooksDir ? new vscode.RelativePattern(vscode.Uri.file(playbooksDir), '**/*') : '**/*.{yaml,yml}') },
    initializationOptions: { language: displayLang(), ...(playbooksDir ? { playbooksPath: playbooksDir } : {}) },
    outputChannel: output,
  };
  // The id `flywheel` makes the client read `flywheel.trace.server`.
  return new LanguageClient('flywheel', l10n.t('Flywheel Language Server'), serverOptions, clientOptions);
}

/** Starts the extension; returns the API for tests and other extensions. */
export async function activate(context: vscode.ExtensionContext): Promise<FlywheelApi> {
  // Runtime strings go through @vscode/l10n; VS Code has loaded the bundle for its display language.
  if (vscode.l10n.bundle) l10n.config({ contents: vscode.l10n.bundle });
  const output = vscode.window.createOutputChannel('Flywheel', { log: true });
  const store = new GoalStatusStore(context.extensionPath);
  const tree = new GoalsTreeProvider(store);
  const view = vscode.window.createTreeView('flywheel.goals', { treeDataProvider: tree, showCollapseAll: true });
  const dashboard = new GoalDashboard(store, (goal, keyResult) => openGoalSource(store, goal, keyResult));
  const commandContext: CommandContext = { extensionPath: context.extensionPath, store, output, dashboard };
  const statusBar = createGoalStatusBar(store, 'flywheel.openDashboard', 'flywheel.importMetrics');
  let loggedError: string | undefined;
  const showMessage = () => {
    view.message = tree.message();
    // Each new failure once in the Flywheel output, where a user (or a test log) can read it whole.
    const error = store.error?.message;
    if (error && error !== loggedError) output.error(error);
    loggedError = error;
  };
  context.subscriptions.push(output, store, tree, view, dashboard, statusBar, statusBar.subscription, store.onDidChange(showMessage), ...registerCommands(commandContext));

  // Goal status follows the playbooks and the settings.
  let timer: NodeJS.Timeout | undefined;
  const refreshSoon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void store.refresh(), 1_000);
  };
  const playbooksDir = currentPlaybooksDir();
  // Playbook files created, changed or deleted on disk (saves, git, other tools) change the status.
  const playbookWatcher = playbooksDir ? vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(playbooksDir), '**/*.{yaml,yml}')) : undefined;
  if (playbookWatcher) {
    context.subscriptions.push(playbookWatcher, playbookWatcher.onDidCreate(refreshSoon), playbookWatcher.onDidChange(refreshSoon), playbookWatcher.onDidDelete(refreshSoon));
  }
  context.subscriptions.push(
    { dispose: () => timer && clearTimeout(timer) },
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('flywheel.playbooksPath') || event.affectsConfiguration('flywheel.status') || event.affectsConfiguration('flywheel.aws')) refreshSoon();
    }),
  );

  client = startLanguageClient(context, output);
  const clientStarted = client.start().catch((error: unknown) => {
    output.appendLine(`Flywheel language server did not start: ${error instanceof Error ? error.message : String(error)}`);
  });
  // The server's key result lenses show the same report as the Goals view, with or without a running `flywheel run`.
  const languageClient = client;
  const shareStatus = () => {
    if (store.report && languageClient.isRunning()) void languageClient.sendNotification('flywheel/goalStatus', store.report).catch(() => undefined);
  };
  context.subscriptions.push(store.onDidChange(shareStatus));
  void clientStarted.then(shareStatus);
  const firstLoad = store.refresh();
  void Promise.all([clientStarted, firstLoad]);

  return {
    goals: async () => {
      await store.whenIdle();
      // A failed load may have met a passing state (playbooks mid-edit): try again before answering.
      if (store.error) await store.refresh();
      return tree.nodes();
    },
    refresh: async () => {
      await store.refresh();
      return tree.nodes();
    },
    statusBarText: () => statusBar.text,
    report: () => store.report,
    lastError: () => store.error?.message,
  };
}

/** Stops the language server with the extension. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
