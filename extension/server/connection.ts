/*
 * LSP transport: wires connection events to the pure service, schedules validation and tracks
 * which files have diagnostics so fixed ones get cleared. No playbook logic lives here.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { folderFileProvider, readPlaybookFolder, toWorkspacePath, type InputFile, type Lang, type WorkspaceModel } from '../../core/index';
import { DidChangeWatchedFilesNotification, TextDocuments, TextDocumentSyncKind, type Connection, type InitializeResult, type Location } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  codeActions, codeLenses, complete, createDocumentValidator, documentSymbols, findDefinition, findReferences, hover, preloadSchema, readKeyResultStatus,
  type KeyResultStatusMap, type WorkspaceLocation,
} from './service/index';
import { readStoreStatus } from './store-status';

/*
 * Edits further apart than BURST_GAP_MS are validated at once (a pass over a 5,000-line file
 * takes 10-40 ms, so typing stays responsive); closer ones (paste, replace-all, a client replaying
 * changes) are one burst, validated once BURST_DELAY_MS after it starts. A workspace whose passes
 * are slow (10,000 posts: 300-400 ms each) waits as long as a pass takes, so validation takes at
 * most about half the CPU while someone types and requests do not queue behind it. "Slow" is the
 * fastest of the last three passes, so one pass slowed by a busy machine or a GC changes nothing.
 */
const BURST_GAP_MS = 25;
const BURST_DELAY_MS = 50;
const SLOW_PASS_MS = 200;
const MAX_DELAY_MS = 1_000;

/** Settings a client may pass in `initializationOptions`. */
interface InitializationOptions {
  readonly language?: string;
  /** The playbooks folder (absolute), when it is not the workspace folder itself. */
  readonly playbooksPath?: string;
}

/**
 * The workspace folder of a playbook when the client named none: the nearest folder above it that
 * holds a workspace.yaml, else the playbook's own folder.
 */
function guessRoot(file: string): string {
  for (let folder = dirname(file), depth = 0; depth < 5; depth += 1) {
    if (existsSync(join(folder, 'workspace.yaml')) || existsSync(join(folder, 'workspace.yml'))) return folder;
    const parent = dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  return dirname(file);
}

function pickLang(options: InitializationOptions | undefined, locale: string | undefined): Lang {
  const requested = options?.language ?? locale ?? 'en';
  return requested.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** Starts serving Flywheel language features on a connection. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  let root: string | undefined;
  let lang: Lang = 'en';
  let model: WorkspaceModel | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastChangeAt = 0;
  const recentPasses: number[] = [];
  const passMs = (): number => (recentPasses.length < 3 ? 0 : Math.min(...recentPasses));
  // Keeps each unchanged file's parse and per-file findings between passes.
  const validateDocuments = createDocumentValidator();
  // What each URI was last sent, so a pass re-sends only what changed (plus the edited documents).
  const published = new Map<string, string>();
  const edited = new Set<string>();
  let keyResultStatus: KeyResultStatusMap | undefined;
  let canRefreshLenses = false;
  let canWatchFiles = false;

  const relativePathOf = (uri: string): string | undefined => {
    if (!root || !uri.startsWith('file:')) return undefined;
    const path = toWorkspacePath(root, fileURLToPath(uri));
    return path.startsWith('..') ? undefined : path;
  };
  const uriOf = (path: string): string => pathToFileURL(join(root ?? '', path)).toString();
  const toLocation = (location: WorkspaceLocation): Location => ({ uri: uriOf(location.path), range: location.range });

  // The files on disk, read once and again only when the disk may have changed (a watched file
  // changed, a document was saved or closed): typing in one buffer must not re-read the workspace.
  let diskFiles: InputFile[] | undefined;
  const diskChanged = (): void => {
    diskFiles = undefined;
  };

  const validateNow = (): void => {
    timer = undefined;
    if (!root) return;
    const open = new Map<string, string>();
    for (const document of documents.all()) {
      const path = relativePathOf(document.uri);
      if (path !== undefined && /\.ya?ml$/i.test(path)) open.set(path, document.getText());
    }
    diskFiles ??= readPlaybookFolder(root);
    const started = performance.now();
    const result = validateDocuments(diskFiles, open, { files: folderFileProvider(root), lang, uriOf });
    model = result.model;
    const current = new Set<string>();
    for (const [path, diagnostics] of result.diagnostics) {
      const uri = uriOf(path);
      current.add(uri);
      const sent = JSON.stringify(diagnostics);
      if (published.get(uri) === sent && !edited.has(uri)) continue;
      published.set(uri, sent);
      void connection.sendDiagnostics({ uri, diagnostics });
    }
    for (const uri of published.keys()) {
      if (current.has(uri)) continue;
      published.delete(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    edited.clear();
    recentPasses.push(performance.now() - started);
    if (recentPasses.length > 3) recentPasses.shift();
    // After the first diagnostics are out, while the user reads them.
    if (recentPasses.length === 1) setImmediate(preloadSchema);
  };

  const scheduleValidation = (): void => {
    const now = performance.now();
    const inBurst = now - lastChangeAt < BURST_GAP_MS;
    lastChangeAt = now;
    if (timer) return;
    const slow = passMs() > SLOW_PASS_MS ? Math.min(passMs(), MAX_DELAY_MS) : 0;
    timer = setTimeout(validateNow, Math.max(inBurst ? BURST_DELAY_MS : 0, slow));
  };

  connection.onInitialize((params): InitializeResult => {
    const options = params.initializationOptions as InitializationOptions | undefined;
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    const folderPath = folder?.startsWith('file:') ? fileURLToPath(folder) : params.rootPath ?? undefined;
    root = options?.playbooksPath ? resolve(folderPath ?? '.', options.playbooksPath) : folderPath;
    lang = pickLang(options, params.locale);
    canRefreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['[', ',', ' ', '-', ':'] },
        definitionProvider: true,
        referencesProvider: true,
        documentSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'flywheel' },
    };
  });
  const useStatus = (status: KeyResultStatusMap | undefined): void => {
    keyResultStatus = status;
    if (canRefreshLenses) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };
  // Key result status for lenses: from a running local store, or pushed by a client that has it.
  const refreshStoreStatus = (): void => {
    if (root) void readStoreStatus(root).then((status) => status && useStatus(status));
  };
  connection.onNotification('flywheel/goalStatus', (report: unknown) => useStatus(readKeyResultStatus(report)));
  connection.onInitialized(() => {
    // Clients other than VS Code (which watches for us) learn here which files to report: every file,
    // since bodies and media are checked too (and remembered until one changes).
    if (canWatchFiles) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*' }] }).catch(() => undefined);
    }
    scheduleValidation();
    refreshStoreStatus();
  });
  connection.onDidChangeWatchedFiles(() => {
    diskChanged();
    scheduleValidation();
  });
  documents.onDidSave(() => {
    diskChanged();
    refreshStoreStatus();
  });
  documents.onDidChangeContent((event) => {
    // A client without a workspace folder: the first playbook opened names the folder.
    if (!root && event.document.uri.startsWith('file:')) root = guessRoot(fileURLToPath(event.document.uri));
    edited.add(event.document.uri);
    scheduleValidation();
  });
  documents.onDidClose((event) => {
    // The closed buffer may hold unsaved text: clear what it produced, then re-read the disk.
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    published.delete(event.document.uri);
    diskChanged();
    scheduleValidation();
  });

  const pathOf = (uri: string) => relativePathOf(uri);
  // Requests read the model: run a pass still waiting for its turn first, so they see the text just
  // sent; in a workspace whose passes are slow, answer from the last pass rather than keep the user waiting.
  const freshModel = (): WorkspaceModel | undefined => {
    if (timer && (passMs() <= SLOW_PASS_MS || !model)) {
      clearTimeout(timer);
      validateNow();
    }
    return model;
  };
  connection.onHover((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const path = pathOf(document.uri);
    const current = freshModel();
    return hover(document.getText(), params.position, { lang, now: Date.now(), ...(current ? { model: current } : {}), ...(path !== undefined ? { path } : {}) }) ?? null;
  });
  connection.onCompletion((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const current = freshModel();
    return complete(document.getText(), params.position, { lang, ...(current ? { model: current } : {}) });
  });
  connection.onDefinition((params) => {
    const document = documents.get(params.textDocument.uri);
    const current = freshModel();
    if (!document || !current) return [];
    return findDefinition(document.getText(), params.position, current).map(toLocation);
  });
  connection.onReferences((params) => {
    const document = documents.get(params.textDocument.uri);
    const current = freshModel();
    if (!document || !current) return [];
    return findReferences(document.getText(), params.position, current, params.context.includeDeclaration).map(toLocation);
  });
  connection.onDocumentSymbol((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? documentSymbols(document.getText()) : [];
  });
  connection.onCodeLens((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const path = pathOf(document.uri);
    const current = freshModel();
    return codeLenses(document.getText(), {
      lang, now: Date.now(), ...(current ? { model: current } : {}), ...(path !== undefined ? { path } : {}), ...(keyResultStatus ? { keyResultStatus } : {}),
    });
  });
  connection.onCodeAction((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return [];
    const current = freshModel();
    return codeActions(document.getText(), document.uri, params.context.diagnostics, { lang, ...(current ? { model: current } : {}) });
  });
  connection.onShutdown(() => {
    if (timer) clearTimeout(timer);
  });

  documents.listen(connection);
  connection.listen();
}
