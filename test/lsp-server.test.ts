/*
 * The language service through its functions, then the bundled server as editors run it, over
 * stdio. One file because the stdio suites share one harness (startServer) and the sample
 * workspace; the fixture cases of each feature live in lsp-fixtures.test.ts.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InitializeParams } from 'vscode-languageserver-protocol';
import {
  CodeActionRequest, CodeLensRequest, CompletionRequest, createProtocolConnection, DefinitionRequest, DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, DocumentSymbolRequest, ExitNotification, HoverRequest,
  InitializeRequest, InitializedNotification, PublishDiagnosticsNotification, ReferencesRequest, ShutdownRequest, StreamMessageReader,
  StreamMessageWriter, type CodeAction, type CompletionItem, type CompletionList, type DocumentSymbol, type Location, type MarkupContent,
  type ProtocolConnection, type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { loadWorkspace } from '../core/index';
import { codeLenses, complete, hover, readKeyResultStatus, validateDocuments } from '../extension/server/service/index';

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

/** A server spawned as editors run it (`node extension/dist/server.js --stdio`) and a client speaking LSP to it. */
interface RunningServer {
  readonly connection: ProtocolConnection;
  readonly uriOf: (name: string) => string;
  /** Resolves with the first diagnostics published for `uri`, from the `since`-th on, that `accept` takes. */
  waitForDiagnostics(uri: string, accept: (params: PublishDiagnosticsParams) => boolean, since?: number): Promise<PublishDiagnosticsParams>;
  published(uri: string): number;
  open(name: string, text: string): Promise<string>;
  /** Resolves when the server first asks the client to refresh its code lenses. */
  readonly lensesRefreshed: Promise<void>;
  /** Methods the server registered dynamically (client/registerCapability). */
  readonly registered: string[];
  readonly root: string;
  stop(): Promise<void>;
}

async function startServer(
  files: Record<string, string>, initialize: (root: string) => Partial<InitializeParams>, before?: (root: string) => Promise<void>,
): Promise<RunningServer> {
  if (!existsSync(SERVER)) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
  const workspace = mkdtempSync(join(tmpdir(), 'flywheel-lsp-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(workspace, name)), { recursive: true });
    writeFileSync(join(workspace, name), text);
  }
  await before?.(workspace);
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [SERVER, '--stdio'], { cwd: workspace });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const diagnostics = new Map<string, PublishDiagnosticsParams[]>();
  const waiters = new Set<() => void>();
  connection.onNotification(PublishDiagnosticsNotification.type, (params) => {
    diagnostics.set(params.uri, [...(diagnostics.get(params.uri) ?? []), params]);
    for (const waiter of waiters) waiter();
  });
  let lensesRefreshed: () => void = () => undefined;
  const refreshed = new Promise<void>((resolve) => {
    lensesRefreshed = resolve;
  });
  const registered: string[] = [];
  connection.onRequest('client/registerCapability', (params: { registrations: { method: string }[] }) => {
    registered.push(...params.registrations.map((registration) => registration.method));
    return null;
  });
  connection.onRequest('workspace/codeLens/refresh', () => {
    lensesRefreshed();
    return null;
  });
  connection.listen();
  await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: null, capabilities: {}, ...initialize(workspace) } as InitializeParams);
  await connection.sendNotification(InitializedNotification.type, {});
  const uriOf = (name: string) => pathToFileURL(join(workspace, name)).toString();
  return {
    connection,
    uriOf,
    lensesRefreshed: refreshed,
    registered,
    root: workspace,
    published: (uri) => diagnostics.get(uri)?.length ?? 0,
    waitForDiagnostics: (uri, accept, since = 0) => new Promise((resolve, reject) => {
      const timeout = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching diagnostics for ${uri}: got ${JSON.stringify(diagnostics.get(uri) ?? [])}`));
      }, 10_000);
      function check() {
        const match = (diagnostics.get(uri) ?? []).slice(since).find(accept);
        if (!match) return;
        clearTimeout(timeout);
        waiters.delete(check);
        resolve(match);
      }
      waiters.add(check);
      check();
    }),
    async open(name, text) {
      const uri = uriOf(name);
      await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      return uri;
    },
    async stop() {
      await connection.sendRequest(ShutdownRequest.type);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await connection.sendNotification(ExitNotification.type);
      await exited;
      connection.dispose();
      rmSync(workspace, { recursive: true, force: true });
    },
  };
}

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

    expect(lenses).toEqual([{ range: { start: { line: 6, character: 10 }, end: { line: 6, character: 14 } }, command: { title: 'at-risk · now 3.1% · expected 4% · target 5%', command: '' } }]);
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

    expect(lenses?.map((lens) => lens.command?.title)).toEqual(['on-track · now 120 · expected 100 · target 500']);
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

describe('language server beside a running `flywheel run`', () => {
  const DAY = 86_400_000;
  const dateOf = (instant: number) => new Date(instant).toISOString().slice(0, 10);
  const now = Date.now();
  const goal = `apiVersion: flywheel/v1\nkind: Goal\nmetadata: { name: q1 }\nspec:\n  window: { start: ${dateOf(now - 30 * DAY)}, end: ${dateOf(now + 60 * DAY)} }\n  keyResults:\n    - id: seeds\n      metric: seed_users\n      baseline: 0\n      target: 500\n`;
  const workspace = 'apiVersion: flywheel/v1\nkind: Workspace\nmetadata: { name: store-lens }\nspec:\n  timezone: UTC\n  metrics:\n    - { id: seed_users, unit: count, aggregate: last }\n';
  const csv = `time,metric,value,channel,campaign,post,variant,content_type\n${dateOf(now - 29 * DAY)}T12:00:00Z,seed_users,100,,,,,\n${dateOf(now - DAY)}T12:00:00Z,seed_users,300,,,,,\n`;
  let server: RunningServer;
  let run: ChildProcessWithoutNullStreams | undefined;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
    server = await startServer(
      { 'playbooks/workspace.yaml': workspace, 'playbooks/goal.yaml': goal, 'playbooks/metrics/seeds.csv': csv },
      (root) => ({ rootUri: pathToFileURL(join(root, 'playbooks')).toString(), capabilities: { workspace: { codeLens: { refreshSupport: true } } } }),
      async (root) => {
        const started = spawn(process.execPath, [join(ROOT, 'bin', 'flywheel.js'), 'run', join(root, 'playbooks')], { cwd: root });
        run = started;
        started.stdout.resume();
        started.stderr.resume();
        const engineFile = join(root, '.flywheel', 'engine.json');
        for (let waited = 0; !existsSync(engineFile) && waited < 20_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      },
    );
  }, 40_000);
  afterAll(async () => {
    const exited = run ? new Promise((resolve) => run?.once('exit', resolve)) : undefined;
    run?.kill('SIGINT');
    await exited;
    await server.stop();
  });

  it('shows the latest status of each key result, read from the store the runner serves', async () => {
    const uri = await server.open('playbooks/goal.yaml', goal);

    await server.lensesRefreshed;
    const lenses = await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });

    const status = lenses?.find((lens) => lens.range.start.line === 6);
    expect(status?.command?.title).toMatch(/^on-track · now 300 · expected [\d.,]+ · target 500$/);
  }, 30_000);
});
