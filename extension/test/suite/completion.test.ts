/*
 * Completion inside a post's `channels: [` offers the channel ids the workspace defines: the
 * server has read workspace.yaml and answers the editor's completion request.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { sampleChannelIds, waitFor, workspaceFile } from './workspace';

function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

describe('completion', () => {
  it('lists the workspace channel ids inside `channels: [` of a campaign', async () => {
    // Prepare: the sample campaign, and the place right after its first `channels: [`.
    const expected = await sampleChannelIds();
    assert.ok(expected.length >= 2, 'the sample workspace defines several channels');
    const document = await vscode.workspace.openTextDocument(workspaceFile('campaigns/spring-festival-2027.yaml'));
    await vscode.window.showTextDocument(document);
    const offset = document.getText().indexOf('channels: [');
    assert.ok(offset >= 0, 'the sample campaign has a `channels: [` list');
    const position = document.positionAt(offset + 'channels: ['.length);

    // Act: ask for completion as the editor does (the server answers once it has read the workspace).
    // The editor adds word items of its own (kind Text) from open documents: those are not ours.
    const isId = (item: { kind?: vscode.CompletionItemKind }): boolean => item.kind !== vscode.CompletionItemKind.Text;
    const items = await waitFor(
      'channel completions',
      async () => {
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, position);
        return list.items.map((item) => ({ label: labelOf(item), kind: item.kind }));
      },
      (seen) => expected.every((id) => seen.some((item) => isId(item) && item.label === id)),
    );
    const ids = items.filter(isId).map((item) => item.label);

    // Assess: exactly the channels: no people or notify ids, no duplicates.
    assert.deepEqual([...ids].sort(), [...expected].sort());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
