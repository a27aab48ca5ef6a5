/*
 * LSP transport: wires connection events to the pure service, debounces validation and tracks
 * which files have diagnostics so fixed ones get cleared. No playbook logic lives here.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { folderFileProvider, readPlaybookFolder, toWorkspacePath, type InputFile, type Lang, type WorkspaceModel } from '../../core/index';
import { TextDocuments, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { complete, hover, validateDocuments } from './service/index';

const VALIDATE_DELAY_MS = 100;

/** Settings a client may pass in `initializationOptions`. */
interface InitializationOptions {
  readonly language?: string;
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
  let published = new Set<string>();

  const relativePathOf = (uri: string): string | undefined => {
    if (!root || !uri.startsWith('file:')) return undefined;
    const path = toWorkspacePath(root, fileURLToPath(uri));
    return path.startsWith('..') ? undefined : path;
  };

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
    const result = validateDocuments(diskFiles, open, folderFileProvider(root), lang);
    model = result.model;
    const current = new Set<string>();
    for (const [path, diagnostics] of result.diagnostics) {
      const uri = pathToFileURL(join(root, path)).toString();
      current.add(uri);
      void connection.sendDiagnostics({ uri, diagnostics });
    }
    for (const uri of published) if (!current.has(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    published = current;
  };

  const scheduleValidation = (): void => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(validateNow, VALIDATE_DELAY_MS);
  };

  connection.onInitialize((params): InitializeResult => {
    const folder = params.workspaceFolders?.[0]?.uri ?? params.rootUri ?? undefined;
    root = folder?.startsWith('file:') ? fileURLToPath(folder) : undefined;
    lang = pickLang(params.initializationOptions as InitializationOptions | undefined, params.locale);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: ['[', ',', ' ', '-'] },
      },
      serverInfo: { name: 'flywheel' },
    };
  });
  connection.onInitialized(scheduleValidation);
  connection.onDidChangeWatchedFiles(() => {
    diskChanged();
    scheduleValidation();
  });
  documents.onDidSave(diskChanged);
  documents.onDidOpen(scheduleValidation);
  documents.onDidChangeContent(scheduleValidation);
  documents.onDidClose((event) => {
    // The closed buffer may hold unsaved text: clear what it produced, then re-read the disk.
    void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
    published.delete(event.document.uri);
    diskChanged();
    scheduleValidation();
  });

  connection.onHover((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const zone = model?.workspaces[0]?.value.spec.timezone;
    return hover(document.getText(), params.position, { lang, zone, now: Date.now() }) ?? null;
  });
  connection.onCompletion((params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !model) return [];
    return complete(document.getText(), params.position, model);
  });
  connection.onShutdown(() => {
    if (timer) clearTimeout(timer);
  });

  documents.listen(connection);
  connection.listen();
}
