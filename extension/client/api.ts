/*
 * What `activate` returns: a small API for tests and other extensions. The extension-host tests
 * use it to see the Goals view as the user does, without scraping the workbench DOM.
 */
import type { GoalTreeNode } from './goal-tree-items';
import type { StatusReport } from './status-report';

/** The Flywheel extension's exported API (`vscode.extensions.getExtension('flywheel-ops.flywheel').exports`). */
export interface FlywheelApi {
  /**
   * The Goals view's items as it shows them (view id `flywheel.goals`): one node per goal with
   * its key results as children. Waits for the load in progress (the first one starts on activation); loads again when the last load failed.
   */
  goals(): Promise<readonly GoalTreeNode[]>;
  /** Reloads goal status from the configured source (`flywheel.status.source`) and returns the new items. */
  refresh(): Promise<readonly GoalTreeNode[]>;
  /** The status bar item's text as shown, e.g. `Goals: 5 on track · 2 at risk · 1 off track`. */
  statusBarText(): string;
  /** The last report read, or undefined before the first load or when it failed. */
  report(): StatusReport | undefined;
  /** Why the last load failed (what the Goals view shows instead of rows), or undefined. */
  lastError(): string | undefined;
}

export type { GoalTreeNode } from './goal-tree-items';
