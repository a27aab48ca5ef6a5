/* Reads the `flywheel.*` settings and the folder the playbooks live in. */
import * as vscode from 'vscode';
import type { CliLocation } from './flywheel-cli';
import type { StatusSourceSettings } from './goal-status-source';
import { resolvePlaybooksDir } from './playbooks-folder';

/** The first workspace folder on disk, where relative settings are read from. */
export function workspaceRoot(): string | undefined {
  const folder = vscode.workspace.workspaceFolders?.find((item) => item.uri.scheme === 'file');
  return folder?.uri.fsPath;
}

/** The language for runtime text and the CLI: Simplified Chinese when VS Code runs in Chinese. */
export function displayLang(): 'en' | 'zh-CN' {
  return vscode.env.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The current playbooks folder, or undefined when no folder is open. */
export function currentPlaybooksDir(): string | undefined {
  const configured = vscode.workspace.getConfiguration('flywheel').get<string>('playbooksPath', '').trim();
  return resolvePlaybooksDir(workspaceRoot(), configured);
}

/** Where to look for the CLI: the workspace, the `flywheel.cliPath` setting, the extension. */
export function cliLocation(extensionPath: string): CliLocation {
  const cliPath = vscode.workspace.getConfiguration('flywheel').get<string>('cliPath', '').trim();
  return { workspaceRoot: workspaceRoot(), extensionPath, ...(cliPath ? { cliPath } : {}) };
}

/** Everything the goal status sources need, from the settings. */
export function readStatusSourceSettings(extensionPath: string): StatusSourceSettings | undefined {
  const playbooksDir = currentPlaybooksDir();
  if (!playbooksDir) return undefined;
  const config = vscode.workspace.getConfiguration('flywheel');
  const profile = config.get<string>('aws.profile', '').trim();
  const region = config.get<string>('aws.region', '').trim();
  return {
    source: config.get<string>('status.source', 'local') === 'aws' ? 'aws' : 'local',
    playbooksDir, ...cliLocation(extensionPath), lang: displayLang(),
    aws: { ...(profile ? { profile } : {}), ...(region ? { region } : {}), table: config.get<string>('aws.table', '').trim() },
  };
}
