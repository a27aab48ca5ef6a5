/* The status bar item: key result counts by status, coloured by the worst; a click opens the dashboard, or Import Metrics… while there is no data. */
import * as vscode from 'vscode';
import type { GoalStatusStore } from './goal-status-store';
import { buildStatusBarContent, buildStatusBarPlaceholder } from './status-bar-text';

/** Creates the item and keeps it in step with the store. */
export function createGoalStatusBar(store: GoalStatusStore, openDashboardCommand: string, importMetricsCommand: string): vscode.StatusBarItem & { readonly subscription: vscode.Disposable } {
  const item = vscode.window.createStatusBarItem('flywheel.goalStatus', vscode.StatusBarAlignment.Left, 50);
  item.name = 'Flywheel Goals';
  item.command = openDashboardCommand;
  const update = () => {
    const content = store.report ? buildStatusBarContent(store.report) : buildStatusBarPlaceholder(store.error ? 'failed' : 'loading', store.error?.message);
    item.text = content.text;
    item.tooltip = content.tooltip;
    item.backgroundColor = content.severity ? new vscode.ThemeColor(`statusBarItem.${content.severity}Background`) : undefined;
    item.command = content.empty ? importMetricsCommand : openDashboardCommand;
  };
  update();
  item.show();
  return Object.assign(item, { subscription: store.onDidChange(update) });
}
