/*
 * Opening a playbook with a mistake shows Flywheel's diagnostic on the right range, and fixing the
 * mistake in the editor clears it: the client started the server and the server validates the
 * workspace as the editor sees it.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { waitFor, workspaceFile } from './workspace';

// The fixed campaign must be valid as a whole: the community group channel takes a plain text post.
const TYPO = 'wecom-comunity';
const FIXED = 'wecom-community';
const BROKEN_CAMPAIGN = `# Written by the extension-host tests: one post names a channel the workspace does not define.
apiVersion: flywheel/v1
kind: Campaign
metadata:
  name: zz-broken-channel
  title: Extension-host test campaign
spec:
  window: { start: 2027-03-01, end: 2027-03-31 }
  owner: alice
  posts:
    - id: typo-post
      at: 2027-03-10 20:00
      channels: [${TYPO}]
      title: Community check-in
      body: Plain text body.
`;
const TYPO_LINE = BROKEN_CAMPAIGN.split('\n').findIndex((line) => line.includes(TYPO));

function flywheelDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'flywheel');
}

function codeOf(diagnostic: vscode.Diagnostic): string | number | undefined {
  return typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
}

/** Opens the broken campaign, checks its diagnostic, fixes the typo in the editor and checks it clears. */
async function checkDiagnosticsOf(uri: vscode.Uri): Promise<void> {
  // Act: open it as a user would.
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document);

  // Assess: the server's diagnostic arrives, with our source, code and range.
  const shown = await waitFor('the unknown channel diagnostic', () => flywheelDiagnostics(uri), (list) => list.some((item) => codeOf(item) === 'flywheel/unknown-reference'));
  const typo = shown.find((item) => codeOf(item) === 'flywheel/unknown-reference');
  assert.ok(typo);
  assert.equal(typo.severity, vscode.DiagnosticSeverity.Error);
  assert.equal(typo.range.start.line, TYPO_LINE);
  assert.equal(document.getText(typo.range), TYPO);
  assert.ok(typo.message.includes(TYPO), typo.message);
  assert.equal(shown.length, 1, `only the typo is wrong in this campaign, got ${JSON.stringify(shown.map((item) => item.message))}`);

  // Act: fix the typo in the editor (unsaved), as a user would.
  await editor.edit((edit) => edit.replace(typo.range, FIXED));

  // Assess: the diagnostic goes away without a save.
  await waitFor('the diagnostic to clear after the fix', () => flywheelDiagnostics(uri), (list) => list.length === 0);
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

describe('diagnostics', () => {
  it('shows flywheel/unknown-reference on a misspelt channel and clears it once fixed', async () => {
    // Prepare: a campaign with one known mistake, written into the workspace copy.
    const uri = workspaceFile('campaigns/zz-broken-channel.yaml');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(BROKEN_CAMPAIGN));
    try {
      await checkDiagnosticsOf(uri);
    } finally {
      // Leave the workspace valid for whatever runs next (goal status refuses invalid playbooks).
      await vscode.workspace.fs.delete(uri);
    }
  });
});
