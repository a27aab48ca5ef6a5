/*
 * What the in-host tests share: the opened sample workspace (a temp copy the harness made), its
 * playbooks read the way a user wrote them, and polling for results that arrive asynchronously
 * from the language server and the extension.
 */
import * as vscode from 'vscode';
import { parse } from 'yaml';

/** The first (only) workspace folder: the harness's temp copy of playbooks/. */
export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('No workspace folder is open: the harness must open the sample workspace copy.');
  return folder.uri;
}

/** A file of the workspace, by its path relative to the folder. */
export function workspaceFile(relativePath: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder(), ...relativePath.split('/'));
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Parses a playbook YAML file of the workspace (expectations come from the samples, not from copies of them). */
export async function readPlaybook<T>(relativePath: string): Promise<T> {
  return parse(await readText(workspaceFile(relativePath))) as T;
}

/** The channel ids the sample workspace.yaml defines. */
export async function sampleChannelIds(): Promise<string[]> {
  const workspace = await readPlaybook<{ spec: { channels: { id: string }[] } }>('workspace.yaml');
  return workspace.spec.channels.map((channel) => channel.id);
}

/** The sample goals: name, title and key result ids of every goals/*.yaml. */
export async function sampleGoals(): Promise<{ name: string; title: string; keyResults: string[] }[]> {
  const entries = await vscode.workspace.fs.readDirectory(workspaceFile('goals'));
  const files = entries.filter(([name, type]) => type === vscode.FileType.File && /\.ya?ml$/.test(name)).map(([name]) => name).sort();
  const goals = [];
  for (const file of files) {
    const goal = await readPlaybook<{ metadata: { name: string; title: string }; spec: { keyResults: { id: string }[] } }>(`goals/${file}`);
    goals.push({ name: goal.metadata.name, title: goal.metadata.title, keyResults: goal.spec.keyResults.map((keyResult) => keyResult.id) });
  }
  return goals;
}

/**
 * Polls `probe` until it returns a value `accept` takes, or fails after `timeoutMs` with the last
 * value seen, so a failure says what the editor showed instead of only "timed out".
 */
export async function waitFor<T>(what: string, probe: () => T | PromiseLike<T>, accept: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await probe();
    if (accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The Flywheel extension, found by what it contributes (the Goals view), not by a hard-coded id. */
export function findFlywheelExtension(): vscode.Extension<unknown> {
  const extension = vscode.extensions.all.find((candidate) => {
    const views = (candidate.packageJSON as { contributes?: { views?: Record<string, { id: string }[]> } }).contributes?.views ?? {};
    return Object.values(views).some((list) => list.some((view) => view.id === 'flywheel.goals'));
  });
  if (!extension) throw new Error('No installed extension contributes the `flywheel.goals` view: is extension/package.json the development extension?');
  return extension;
}
