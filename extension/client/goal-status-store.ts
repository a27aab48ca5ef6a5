/*
 * Holds the latest goal status report for the Goals view, the status bar and the dashboard, and
 * reloads it one load at a time: the local store's LevelDB folder takes one reader at a time.
 */
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { readGoalStatus } from './goal-status-source';
import { readStatusSourceSettings } from './settings';
import type { StatusReport } from './status-report';

/** The latest report or why there is none. */
export class GoalStatusStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after every load, successful or not. */
  readonly onDidChange = this.changed.event;
  report: StatusReport | undefined;
  error: Error | undefined;
  loading = false;
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly extensionPath: string) {}

  /** Queues a reload after the one in progress; resolves when it is done. */
  refresh(): Promise<void> {
    this.queue = this.queue.then(() => this.load());
    return this.queue;
  }

  /** Resolves when no load is in progress or queued. */
  async whenIdle(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }

  private async load(): Promise<void> {
    const settings = readStatusSourceSettings(this.extensionPath);
    if (!settings) {
      this.report = undefined;
      this.error = new Error(l10n.t('Open a folder with Flywheel playbooks to see goal status.'));
      this.changed.fire();
      return;
    }
    this.loading = true;
    this.changed.fire();
    try {
      this.report = await readGoalStatus(settings);
      this.error = undefined;
    } catch (error) {
      this.error = error instanceof Error ? error : new Error(String(error));
    } finally {
      this.loading = false;
      this.changed.fire();
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
