/*
 * The language service through its functions, then the bundled server as editors run it, over
 * stdio (the harness is test/support/lsp-server-process.ts; lenses fed by a running
 * `flywheel run` are in lsp-store-lens.test.ts); the fixture cases of each feature live in
 * lsp-fixtures.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CodeActionRequest, CodeLensRequest, CompletionRequest, DefinitionRequest, DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification, DocumentSymbolRequest, HoverRequest, ReferencesRequest, type CodeAction, type CompletionItem, type CompletionList,
  type DocumentSymbol, type Location, type MarkupContent, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { loadWorkspace } from '../core/index';
import { startServer, type RunningServer } from './support/lsp-server-process';
import { codeLenses, complete, hover, readKeyResultStatus, validateDocuments } from '../extension/server/service/index';

const WORKSPACE_YAML = `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: lsp-ws }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: wechat-main, platform: wechat-oa }
    - { id: xhs-main, platform: xiaohongshu }
  people:
    - { id: alice, name: 张三 }
`;

// Line 9 (0-based) holds the typo.
const CAMPAIGN_YAML = `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: launch }
spec:
  window: { start: 2027-01-01, end: 2027-01-31 }
  posts:
    - id: one
      at: 2027-01-10 20:00
      title: 冬日小记
      channels: [xhs-mian]
      body: 今天分享三种热饮。
`;
const TYPO_LINE = 9;

const CHECK_YAML = `apiVersion: flywheel/v1
kind: Check
metadata: { name: weekly }
spec:
  schedule: cron(0 10 ? * MON *)
  metric: seed_users
  window: 1h
  condition: "> 20"
`;

/** Finds the `|` cursor marker, returning the text without it and the 0-based position. */
function withCursor(marked: string): { text: string; position: { line: number; character: number } } {
  const offset = marked.indexOf('|');
  const before = marked.slice(0, offset).split('\n');
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), position: { line: before.length - 1, character: (before.at(-1) ?? '').length } };
}

function modelOf(files: Record<string, string>) {
  const encoder = new TextEncoder();
  return loadWorkspace(Object.entries(files).map(([path, text]) => ({ path, bytes: encoder.encode(text) }))).model;
}

const noFiles = { readFile: () => undefined };

describe('language service', () => {
  it('reports an unknown channel on 0-based lines with the flywheel source, in the chosen language', () => {
    const open = new Map([['workspace.yaml', WORKSPACE_YAML], ['campaign.yaml', CAMPAIGN_YAML]]);

    const en = validateDocuments([], open, { files: noFiles, lang: 'en' }).diagnostics.get('campaign.yaml') ?? [];
    const zh = validateDocuments([], open, { files: noFiles, lang: 'zh-CN' }).diagnostics.get('campaign.yaml') ?? [];

    const typo = en.find((diagnostic) => diagnostic.code === 'flywheel/unknown-reference');
    expect(typo).toMatchObject({ source: 'flywheel', severity: 1, range: { start: { line: TYPO_LINE, character: 17 } } });
    expect(typo?.message).toContain('xhs-main');
    expect(zh.find((diagnostic) => diagnostic.code === 'flywheel/unknown-reference')?.message).not.toBe(typo?.message);
  });

  it('lets an open document replace the same file on disk and keeps clean files with an empty list', () => {
    const encoder = new TextEncoder();
    const disk = [{ path: 'workspace.yaml', bytes: encoder.encode(WORKSPACE_YAML) }, { path: 'campaign.yaml', bytes: encoder.encode(CAMPAIGN_YAML) }];

    const fixed = validateDocuments(disk, new Map([['campaign.yaml', CAMPAIGN_YAML.replace('xhs-mian', 'xhs-main')]]), { files: noFiles, lang: 'en' });

    expect(fixed.diagnostics.get('campaign.yaml')?.filter((diagnostic) => diagnostic.code === 'flywheel/unknown-reference')).toEqual([]);
    expect(fixed.diagnostics.has('workspace.yaml')).toBe(true);
  });

  it('completes channel ids in a flow list, a block list and people ids after owner', () => {
    const model = modelOf({ 'workspace.yaml': WORKSPACE_YAML });
    const labels = (marked: string) => { const { text, position } = withCursor(marked); return complete(text, position, { lang: 'en', model }).map((item) => item.label); };

    expect(labels('spec:\n  posts:\n    - channels: [|')).toEqual(['wechat-main', 'xhs-main']);
    expect(labels('spec:\n  posts:\n    - channels: [wechat-main, |')).toEqual(['xhs-main']);
    expect(labels('spec:\n  posts:\n    - channels:\n        - |')).toEqual(['wechat-main', 'xhs-main']);
    expect(labels('spec:\n  owner: |')).toEqual(['alice']);
    expect(labels('spec:\n  title: |')).toEqual([]);
  });

  it('describes a schedule and lists its next runs in the workspace zone', () => {
    const { text, position } = withCursor('spec:\n  schedule: cron(0 10 ? * M|ON *)');

    const result = hover(text, position, { lang: 'en', zone: 'Asia/Shanghai', now: Date.parse('2027-01-01T00:00:00Z') });

    const value = (result?.contents as MarkupContent).value;
    expect(value).toContain('**At 10:00 on Monday**');
    expect(value).toContain('2027-01-04 10:00 Mon');
    expect(value.match(/^- /gm)).toHaveLength(5);
    expect(hover('spec:\n  title: hello', { line: 1, character: 10 }, { lang: 'en', now: 0 })).toBeUndefined();
  });
});

const hasCode = (code: string) => (params: PublishDiagnosticsParams) => params.diagnostics.some((diagnostic) => diagnostic.code === code);
const itemsOf = (result: CompletionItem[] | CompletionList | null): CompletionItem[] => (Array.isArray(result) ? result : result?.items ?? []);

/** Expands an LSP snippet with every placeholder at its default (the first choice of a `${n|a,b|}`). */
function expandSnippet(body: string): string {
  const defaults = new Map<string, string>();
  for (const match of body.matchAll(/\$\{(\d+)(?::([^}]*)|\|([^|]*)\|)\}/g)) defaults.set(match[1] as string, match[2] ?? (match[3] ?? '').split(',')[0] ?? '');
  return body.replace(/\$\{(\d+)(?::[^}]*|\|[^|]*\|)?\}/g, (_, index: string) => defaults.get(index) ?? '').replace(/\$0/g, '');
}

describe('language service extras', () => {
  it('offers a skeleton of every kind that, filled with its defaults, is a valid document', () => {
    const items = complete('', { line: 0, character: 0 }, { lang: 'en' }).filter((item) => item.kind === 15);

    const documents = items.map((item) => expandSnippet((item.textEdit as { newText: string }).newText));
    const { diagnostics } = validateDocuments([], new Map(documents.map((text, index) => [`doc-${index}.yaml`, text])), { files: noFiles, lang: 'en' });

    expect(items.map((item) => item.label)).toEqual(['Workspace skeleton', 'Campaign skeleton', 'SOP skeleton', 'Goal skeleton', 'Check skeleton']);
    expect([...diagnostics.values()].flat().filter((diagnostic) => diagnostic.severity === 1)).toEqual([]);
  });

  it('shows a key result\'s latest status from a status report above its id', () => {
    const goal = 'apiVersion: flywheel/v1\nkind: Goal\nmetadata: { name: q1 }\nspec:\n  window: { start: 2027-01-01, end: 2027-03-31 }\n  keyResults:\n    - id: rate\n      metric: interaction_rate\n      target: 0.05\n';
    const model = modelOf({ 'workspace.yaml': WORKSPACE_YAML, 'goal.yaml': goal });
    const status = readKeyResultStatus({ goals: [{ goal: 'q1', keyResults: [{ id: 'rate', status: 'at-risk', value: 0.031, expected: 0.04, target: 0.05 }, { id: 'bogus', status: 'great' }] }] });

    const lenses = codeLenses(goal, { lang: 'en', now: 0, model, path: 'goal.yaml', keyResultStatus: status });

    expect(lenses).toEqual([{ range: { start: { line: 6, character: 10 }, end: { line: 6, character: 14 } }, command: { title: 'at risk · 3.1% / 5% · expected today 4%', command: '' } }]);
    expect(status.get('q1')?.has('bogus')).toBe(false);
  });
});

describe('language server over stdio', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ 'workspace.yaml': WORKSPACE_YAML, 'campaign.yaml': CAMPAIGN_YAML, 'check.yaml': CHECK_YAML }, (root) => ({
      rootUri: pathToFileURL(root).toString(), workspaceFolders: [{ uri: pathToFileURL(root).toString(), name: 'ws' }],
    }));
  });
  afterAll(async () => server.stop());

  it('publishes the unknown channel of a campaign on its 0-based line', async () => {
    const uri = await server.open('campaign.yaml', CAMPAIGN_YAML);

    const published = await server.waitForDiagnostics(uri, hasCode('flywheel/unknown-reference'));

    const typo = published.diagnostics.find((diagnostic) => diagnostic.code === 'flywheel/unknown-reference');
    expect(typo?.range.start.line).toBe(TYPO_LINE);
    expect(typo?.source).toBe('flywheel');
  });

  it('offers the did-you-mean of that diagnostic as a quick fix', async () => {
    const uri = server.uriOf('campaign.yaml');
    const published = await server.waitForDiagnostics(uri, hasCode('flywheel/unknown-reference'));
    const typo = published.diagnostics.filter((diagnostic) => diagnostic.code === 'flywheel/unknown-reference');

    const actions = await server.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: typo[0]!.range, context: { diagnostics: typo } });

    const fix = (actions ?? []).find((action): action is CodeAction => 'edit' in action);
    expect(fix?.title).toBe('Change to "xhs-main"');
    expect(fix?.edit?.changes?.[uri]).toEqual([{ range: typo[0]!.range, newText: 'xhs-main' }]);
  });

  it('re-checks the campaign when the workspace.yaml buffer renames the channel it uses', async () => {
    const campaign = server.uriOf('campaign.yaml');
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: campaign, version: 2 }, contentChanges: [{ text: CAMPAIGN_YAML.replace('xhs-mian', 'xhs-main') }],
    });
    await server.waitForDiagnostics(campaign, (params) => !hasCode('flywheel/unknown-reference')(params), server.published(campaign));
    const since = server.published(campaign);

    const workspace = await server.open('workspace.yaml', WORKSPACE_YAML.replace('id: xhs-main', 'id: xhs-renamed'));
    const broken = await server.waitForDiagnostics(campaign, hasCode('flywheel/unknown-reference'), since);
    await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: workspace, version: 2 }, contentChanges: [{ text: WORKSPACE_YAML }] });
    const healed = await server.waitForDiagnostics(campaign, (params) => !hasCode('flywheel/unknown-reference')(params), server.published(campaign));

    expect(broken.diagnostics.find((diagnostic) => diagnostic.code === 'flywheel/unknown-reference')?.range.start.line).toBe(TYPO_LINE);
    expect(healed.diagnostics.map((diagnostic) => diagnostic.code)).not.toContain('flywheel/unknown-reference');
  });

  it('clears what a closed buffer produced', async () => {
    const uri = server.uriOf('campaign.yaml');
    const since = server.published(uri);

    await server.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    const cleared = await server.waitForDiagnostics(uri, (params) => params.diagnostics.length === 0, since);

    expect(cleared.diagnostics).toEqual([]);
  });

  it('offers the channels of workspace.yaml inside a new `channels: [` of another file', async () => {
    const { text, position } = withCursor(`${CAMPAIGN_YAML.replace('[xhs-mian]', '[xhs-main]')}    - id: two\n      channels: [|`);
    const uri = await server.open('draft.yaml', text);

    const items = itemsOf(await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position }));

    expect(items.map((item) => item.label)).toEqual(expect.arrayContaining(['wechat-main', 'xhs-main']));
    expect(items.map((item) => item.label)).not.toContain('alice');
  });

  it('explains a cron schedule on hover with its next runs', async () => {
    const uri = await server.open('check.yaml', CHECK_YAML);

    const result = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 18 } });

    const value = (result?.contents as MarkupContent).value;
    expect(value).toContain('At 10:00 on Monday');
    expect(value.match(/^- \d{4}-\d{2}-\d{2} 10:00 Mon$/gm)).toHaveLength(5);
  });

  it('goes to the definition of a channel in workspace.yaml, lists its references, outlines and lenses a file', async () => {
    const uri = await server.open('draft2.yaml', CAMPAIGN_YAML.replace('[xhs-mian]', '[xhs-main]'));
    const position = { line: TYPO_LINE, character: 19 };

    const definition = await server.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri }, position }) as Location[];
    const references = await server.connection.sendRequest(ReferencesRequest.type, { textDocument: { uri }, position, context: { includeDeclaration: false } });
    const symbols = await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }) as DocumentSymbol[];
    const lenses = await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri: server.uriOf('check.yaml') } });

    expect(definition).toEqual([{ uri: server.uriOf('workspace.yaml'), range: { start: { line: 7, character: 12 }, end: { line: 7, character: 20 } } }]);
    expect(references?.map((reference) => reference.uri)).toContain(uri);
    expect(symbols[0]?.name).toBe('Campaign launch');
    expect(lenses?.[0]?.command?.title).toMatch(/^Next runs: \d{4}-\d{2}-\d{2} 10:00 Mon · /);
  });

  it('puts a key result status a client pushes (flywheel/goalStatus) into a lens above the key result', async () => {
    const goal = 'apiVersion: flywheel/v1\nkind: Goal\nmetadata: { name: q1 }\nspec:\n  window: { start: 2027-01-01, end: 2027-03-31 }\n  keyResults:\n    - id: seeds\n      metric: seed_users\n      target: 500\n';
    const uri = await server.open('goal.yaml', goal);

    await server.connection.sendNotification('flywheel/goalStatus', { goals: [{ goal: 'q1', keyResults: [{ id: 'seeds', status: 'on-track', value: 120, expected: 100, target: 500 }] }] });
    const lenses = await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });

    expect(lenses?.map((lens) => lens.command?.title)).toEqual(['on track · 120 / 500 · expected today 100']);
    expect(lenses?.[0]?.range.start.line).toBe(6);
  });
});

describe('language server without a workspace folder, in Chinese', () => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServer({ 'workspace.yaml': WORKSPACE_YAML, 'campaigns/.keep': '' }, () => ({
      locale: 'zh-cn', capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    }));
  });
  afterAll(async () => server.stop());

  it('finds the workspace above the first opened file and speaks Chinese', async () => {
    const uri = await server.open('campaigns/campaign.yaml', CAMPAIGN_YAML);

    const published = await server.waitForDiagnostics(uri, hasCode('flywheel/unknown-reference'));
    const { text, position } = withCursor('apiVersion: flywheel/v1\nkind: Check\nmetadata: { name: c }\nspec:\n  |');
    const items = itemsOf(await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: await server.open('c.yaml', text) }, position }));

    const typo = published.diagnostics.find((diagnostic) => diagnostic.code === 'flywheel/unknown-reference');
    expect(typo?.range.start.line).toBe(TYPO_LINE);
    expect(typo?.message).toContain('是否应为 "xhs-main"');
    expect((items.find((item) => item.label === 'schedule')?.documentation as MarkupContent | undefined)?.value).toContain('评估时间');
  });

  it('asks to be told of changed files, and checks a playbook that appears on disk', async () => {
    const uri = server.uriOf('campaigns/late.yaml');
    writeFileSync(join(server.root, 'campaigns', 'late.yaml'), CAMPAIGN_YAML.replace('name: launch', 'name: late'));

    await server.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type: 1 }] });
    const published = await server.waitForDiagnostics(uri, hasCode('flywheel/unknown-reference'));

    expect(server.registered).toContain('workspace/didChangeWatchedFiles');
    expect(published.diagnostics.find((diagnostic) => diagnostic.code === 'flywheel/unknown-reference')?.range.start.line).toBe(TYPO_LINE);
  });
});
