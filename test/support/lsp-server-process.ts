import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InitializeParams } from 'vscode-languageserver-protocol';
import {
  createProtocolConnection, DidOpenTextDocumentNotification, ExitNotification, InitializeRequest, InitializedNotification,
  PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';

/** The repository root. */
export const ROOT = join(import.meta.dirname, '..', '..');
const SERVER = join(ROOT, 'extension', 'dist', 'server.js');

/** A server spawned as editors run it (`node extension/dist/server.js --stdio`) and a client speaking LSP to it. */
export interface RunningServer {
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

/** Writes `files` to a temp workspace, spawns the built server on it and initializes it. */
export async function startServer(
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

