import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CompletionRequest, createProtocolConnection, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification, HoverRequest,
  InitializeRequest, InitializedNotification, PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader,
  StreamMessageWriter, type CompletionItem, type CompletionList, type MarkupContent, type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { loadWorkspace } from '../core/index';
import { complete, hover, validateDocuments } from '../extension/server/service/index';

const ROOT = join(import.meta.dirname, '..');
const SERVER = join(ROOT, 'extension', 'dist', 'server.js');

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

    const en = validateDocuments([], open, noFiles, 'en').diagnostics.get('campaign.yaml') ?? [];
    const zh = validateDocuments([], open, noFiles, 'zh-CN').diagnostics.get('campaign.yaml') ?? [];

    const typo = en.find((diagnostic) => diagnostic.code === 'flywheel/unknown-reference');
    expect(typo).toMatchObject({ source: 'flywheel', severity: 1, range: { start: { line: TYPO_LINE, character: 17 } } });
    expect(typo?.message).toContain('xhs-main');
    expect(zh.find((diagnostic) => diagnostic.code === 'flywheel/unknown-reference')?.message).not.toBe(typo?.message);
  });

  it('lets an open document replace the same file on disk and keeps clean files with an empty list', () => {
    const encoder = new TextEncoder();
    const disk = [{ path: 'workspace.yaml', bytes: encoder.encode(WORKSPACE_YAML) }, { path: 'campaign.yaml', bytes: encoder.encode(CAMPAIGN_YAML) }];

    const fixed = validateDocuments(disk, new Map([['campaign.yaml', CAMPAIGN_YAML.replace('xhs-mian', 'xhs-main')]]), noFiles, 'en');

    expect(fixed.diagnostics.get('campaign.yaml')?.filter((diagnostic) => diagnostic.code === 'flywheel/unknown-reference')).toEqual([]);
    expect(fixed.diagnostics.has('workspace.yaml')).toBe(true);
  });

  it('completes channel ids in a flow list, a block list and people ids after owner', () => {
    const model = modelOf({ 'workspace.yaml': WORKSPACE_YAML });
    const labels = (marked: string) => { const { text, position } = withCursor(marked); return complete(text, position, model).map((item) => item.label); };

    expect(labels('spec:\n  posts:\n    - channels: [wechat-main, |')).toEqual(['wechat-main', 'xhs-main']);
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

describe('language server over stdio', () => {
  let workspace: string;
  let child: ChildProcessWithoutNullStreams;
  let connection: ProtocolConnection;
  const diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  const waiters: Array<() => void> = [];

  const uriOf = (name: string) => pathToFileURL(join(workspace, name)).toString();
  const waitForDiagnostics = (uri: string, accept: (params: PublishDiagnosticsParams) => boolean) =>
    new Promise<PublishDiagnosticsParams>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri}`)), 10_000);
      const check = () => {
        const match = diagnostics.get(uri)?.find(accept);
        if (!match) return false;
        clearTimeout(timeout);
        resolve(match);
        return true;
      };
      if (!check()) waiters.push(() => void check());
    });

  beforeAll(async () => {
    if (!existsSync(SERVER)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
    workspace = mkdtempSync(join(tmpdir(), 'flywheel-lsp-'));
    writeFileSync(join(workspace, 'workspace.yaml'), WORKSPACE_YAML);
    writeFileSync(join(workspace, 'campaign.yaml'), CAMPAIGN_YAML);
    writeFileSync(join(workspace, 'check.yaml'), CHECK_YAML);
    child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: workspace });
    connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
      diagnostics.set(params.uri, [...(diagnostics.get(params.uri) ?? []), params]);
      for (const waiter of waiters) waiter();
    });
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(workspace).toString(),
      workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'ws' }],
      capabilities: {},
    });
    await connection.sendNotification(InitializedNotification.type, {});
  });

  afterAll(async () => {
    await connection.sendRequest(ShutdownRequest.type);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await connection.sendNotification(ExitNotification.type);
    await exited;
    connection.dispose();
    rmSync(workspace, { recursive: true, force: true });
  });

  it('publishes the unknown channel of a campaign on its 0-based line', async () => {
    const uri = uriOf('campaign.yaml');
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: CAMPAIGN_YAML } });

    const published = await waitForDiagnostics(uri, (params) => params.diagnostics.some((diagnostic) => diagnostic.code === 'flywheel/unknown-reference'));

    const typo = published.diagnostics.find((diagnostic) => diagnostic.code === 'flywheel/unknown-reference');
    expect(typo?.range.start.line).toBe(TYPO_LINE);
    expect(typo?.source).toBe('flywheel');
  });

  it('clears the reference error once the typo is fixed, and everything on close', async () => {
    const uri = uriOf('campaign.yaml');
    const seen = diagnostics.get(uri)?.length ?? 0;
    const isLater = (params: PublishDiagnosticsParams) => (diagnostics.get(uri) ?? []).indexOf(params) >= seen;

    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: CAMPAIGN_YAML.replace('xhs-mian', 'xhs-main') }],
    });
    const fixed = await waitForDiagnostics(uri, (params) => isLater(params) && !params.diagnostics.some((diagnostic) => diagnostic.code === 'flywheel/unknown-reference'));
    await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    const cleared = await waitForDiagnostics(uri, (params) => isLater(params) && params !== fixed && params.diagnostics.length === 0);

    expect(fixed.diagnostics.map((diagnostic) => diagnostic.code)).not.toContain('flywheel/unknown-reference');
    expect(cleared.diagnostics).toEqual([]);
  });

  it('offers the workspace channels inside a new `channels: [`', async () => {
    const uri = uriOf('draft.yaml');
    const { text, position } = withCursor(`${CAMPAIGN_YAML.replace('[xhs-mian]', '[xhs-main]')}    - id: two\n      channels: [|`);
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });

    const result = await connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });

    const items: CompletionItem[] = Array.isArray(result) ? result : (result as CompletionList | null)?.items ?? [];
    expect(items.map((item) => item.label)).toEqual(expect.arrayContaining(['wechat-main', 'xhs-main']));
  });

  it('explains a cron schedule on hover with its next runs', async () => {
    const uri = uriOf('check.yaml');
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text: CHECK_YAML } });

    const result = await connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 4, character: 18 } });

    const value = (result?.contents as MarkupContent).value;
    expect(value).toContain('At 10:00 on Monday');
    expect(value).toMatch(/\d{4}-\d{2}-\d{2} 10:00 Mon/);
  });
});
