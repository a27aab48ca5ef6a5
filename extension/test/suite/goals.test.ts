/*
 * The Goals view is contributed and lists the sample goals with their key results, as the
 * extension's API reports the view's items (the same nodes the tree shows).
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { FlywheelApi } from '../../client/api';
import { findFlywheelExtension, sampleGoals, waitFor } from './workspace';

describe('Goals view', () => {
  it('is contributed as `flywheel.goals` and can be shown', async () => {
    findFlywheelExtension();
    // `<view id>.focus` exists only when the workbench registered the view; it rejects otherwise.
    await vscode.commands.executeCommand('flywheel.goals.focus');
  });

  it('lists every sample goal with its key results', async () => {
    // Prepare: the goals as the sample playbooks define them.
    const expected = await sampleGoals();
    assert.ok(expected.length >= 2, 'the sample workspace defines several goals');

    // Act: activate the extension and read the view's items through its API.
    const api = (await findFlywheelExtension().activate()) as FlywheelApi | undefined;
    assert.ok(api && typeof api.goals === 'function', 'activate() returns the Flywheel API with goals()');
    // The status bar says why a load failed (e.g. the CLI could not run): show it if the wait fails.
    const nodes = await waitFor(
      `the Goals view to list the sample goals (status bar: ${JSON.stringify(api.statusBarText())})`,
      () => api.goals(),
      (list) => list.length >= expected.length,
      60_000,
    ).catch((error: Error) => {
      throw new Error(`${error.message}\nstatus bar now: ${JSON.stringify(api.statusBarText())}; report loaded: ${api.report() !== undefined}`);
    });

    // Assess: one goal node per sample goal, in any order, labelled with its title, with its key results.
    const byName = new Map(nodes.map((node) => [node.goal, node]));
    assert.deepEqual([...byName.keys()].sort(), expected.map((goal) => goal.name).sort());
    for (const goal of expected) {
      const node = byName.get(goal.name);
      assert.ok(node);
      assert.equal(node.kind, 'goal');
      assert.equal(node.label, goal.title);
      assert.deepEqual(node.children.map((child) => child.keyResult).sort(), [...goal.keyResults].sort(), `key results of ${goal.name}`);
    }
  });
});
