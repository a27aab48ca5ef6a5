/* The goal dashboard webview: one panel, re-rendered from the store after every load. */
import { randomBytes } from 'node:crypto';
import * as l10n from '@vscode/l10n';
import * as vscode from 'vscode';
import { renderDashboardHtml, type DashboardMessage } from './dashboard-html';
import type { GoalStatusStore } from './goal-status-store';
import { displayLang } from './settings';
import { escapeHtml } from '../../core/report/chart-svg';
import type { StatusReport } from './status-report';

/** Opens or reveals the dashboard; clicks in it open goals and key results in their YAML. */
export class GoalDashboard implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private rendered: { report?: StatusReport; error?: Error } = {};
  private readonly subscription: vscode.Disposable;

  constructor(private readonly store: GoalStatusStore, private readonly openSource: (goal: string, keyResult?: string) => Promise<void>) {
    this.subscription = store.onDidChange(() => this.render());
  }

  show(): void {
    if (this.panel) {
      this.panel.reveal();
      return;
    }
    // Scripts only for the click handler; the CSP allows nothing but this page's nonce.
    this.panel = vscode.window.createWebviewPanel('flywheel.dashboard', l10n.t('Flywheel Goals'), vscode.ViewColumn.Active, { enableScripts: true, localResourceRoots: [] });
    this.panel.onDidDispose(() => {
      this.panel = undefined;
      this.rendered = {};
    });
    this.panel.webview.onDidReceiveMessage((message: DashboardMessage) => {
      if (message.type === 'refresh') void this.store.refresh();
      else if (message.type === 'open' && typeof message.goal === 'string') void this.openSource(message.goal, message.keyResult);
    });
    this.render();
  }

  private render(): void {
    if (!this.panel) return;
    const { report, error } = this.store;
    // The store also fires when a load starts: re-rendering the same report would only reset the scroll.
    if (report === this.rendered.report && error === this.rendered.error) return;
    this.rendered = { report, error };
    if (report) {
      this.panel.webview.html = renderDashboardHtml(report, { nonce: randomBytes(16).toString('base64'), cspSource: this.panel.webview.cspSource, lang: displayLang() });
    } else {
      const text = error?.message ?? l10n.t('Reading goal status…');
      this.panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>${escapeHtml(text)}</p></body></html>`;
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }
}
