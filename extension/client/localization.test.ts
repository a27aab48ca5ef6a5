import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ZH_CN_BUNDLE_PATH } from './fixtures/use-language';

const EXTENSION = join(import.meta.dirname, '..');
const readJson = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const placeholders = (text: string) => [...text.matchAll(/\{\d+\}/g)].map((match) => match[0]).sort();

/** Every message the client passes to l10n.t (all are single-quoted literals). */
function runtimeMessages(): Set<string> {
  const messages = new Set<string>();
  for (const file of readdirSync(join(EXTENSION, 'client'))) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const source = readFileSync(join(EXTENSION, 'client', file), 'utf8');
    expect(source, `${file}: pass l10n.t a single-quoted literal so this test can find it`).not.toMatch(/l10n\.t\((?!')/);
    for (const match of source.matchAll(/l10n\.t\('((?:[^'\\]|\\.)*)'/g)) messages.add((match[1] as string).replace(/\\'/g, "'"));
  }
  return messages;
}

describe('localization', () => {
  it('translates every runtime message into Simplified Chinese with the same placeholders', () => {
    const bundle = readJson(ZH_CN_BUNDLE_PATH);
    const messages = runtimeMessages();
    expect(messages.size).toBeGreaterThan(40);
    const missing = [...messages].filter((message) => typeof bundle[message] !== 'string');
    expect(missing, 'add these to extension/l10n/bundle.l10n.zh-cn.json').toEqual([]);
    for (const message of messages) expect(placeholders(bundle[message] as string), message).toEqual(placeholders(message));
    const unused = Object.keys(bundle).filter((key) => !messages.has(key));
    expect(unused, 'remove these from extension/l10n/bundle.l10n.zh-cn.json').toEqual([]);
  });

  it('has a Chinese string for every %key% of the manifest, and no key without a use', () => {
    const manifest = readFileSync(join(EXTENSION, 'package.json'), 'utf8');
    const used = new Set([...manifest.matchAll(/"%([^%"]+)%"/g)].map((match) => match[1] as string));
    const english = readJson(join(EXTENSION, 'package.nls.json'));
    const chinese = readJson(join(EXTENSION, 'package.nls.zh-cn.json'));
    expect(Object.keys(english).sort()).toEqual([...used].sort());
    expect(Object.keys(chinese).sort()).toEqual(Object.keys(english).sort());
    for (const key of used) expect(chinese[key], key).toMatch(/[\u4e00-\u9fff]|^Flywheel$/);
  });

  it('declares the contract: settings, commands and the Goals view', () => {
    const manifest = readJson(join(EXTENSION, 'package.json')) as {
      main: string; l10n: string; engines: { vscode: string };
      contributes: { configuration: { properties: Record<string, unknown> }; commands: { command: string }[]; views: Record<string, { id: string }[]> };
    };
    expect(manifest.main).toBe('./dist/extension.js');
    expect(manifest.l10n).toBe('./l10n');
    expect(manifest.engines.vscode).toBe('^1.91.0');
    expect(Object.keys(manifest.contributes.configuration.properties).sort()).toEqual([
      'flywheel.aws.ingestUrl', 'flywheel.aws.profile', 'flywheel.aws.region', 'flywheel.aws.table', 'flywheel.cliPath', 'flywheel.playbooksPath', 'flywheel.status.source', 'flywheel.trace.server',
    ]);
    expect(manifest.contributes.commands.map((command) => command.command)).toEqual(expect.arrayContaining([
      'flywheel.validateWorkspace', 'flywheel.showPlan', 'flywheel.simulate', 'flywheel.deploy', 'flywheel.refreshGoalStatus', 'flywheel.openDashboard', 'flywheel.importMetrics',
    ]));
    expect(Object.values(manifest.contributes.views).flat().map((view) => view.id)).toContain('flywheel.goals');
  });
});
