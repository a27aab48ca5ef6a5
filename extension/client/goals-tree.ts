/* The Goals view (`flywheel.goals`): maps the pure tree nodes onto VS Code tree items. */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { buildGoalTree, type GoalTreeNode } from './goal-tree-items';
import type { GoalStatusStore } from './goal-status-store';

/** The command a key result row runs when clicked: opens its YAML at the key result. */
export const OPEN_SOURCE_COMMAND = 'flywheel.openGoalSource';

/** Supplies the Goals view from the goal status store. */
export class GoalsTreeProvider implements vscode.TreeDataProvider<GoalTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: GoalTreeNode[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: GoalStatusStore) {
    this.subscription = store.onDidChange(() => {
      this.roots = store.report ? buildGoalTree(store.report) : [];
      this.changed.fire();
    });
  }

  /** The rows as the view shows them. */
  nodes(): readonly GoalTreeNode[] {
    return this.roots;
  }

  /** What the view shows instead of rows: loading, an error, or nothing. */
  message(): string | undefined {
    if (this.store.error) return this.store.error.message;
    if (this.store.loading && this.roots.length === 0) return l10n.t('Reading goal status…');
    if (this.store.report && this.roots.length === 0) return l10n.t('The playbooks declare no goals.');
    return undefined;
  }

  getChildren(node?: GoalTreeNode): GoalTreeNode[] {
    return node ? [...node.children] : this.roots;
  }

  getTreeItem(node: GoalTreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, node.children.length > 0 ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(node.icon.codicon, new vscode.ThemeColor(node.icon.color));
    item.contextValue = node.kind;
    if (node.source) item.command = { command: OPEN_SOURCE_COMMAND, title: l10n.t('Open in playbook'), arguments: [node.source] };
    return item;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
