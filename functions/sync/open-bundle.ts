/*
 * Opening a deployment bundle at cold start, apart from building one (deployment-bundle.ts): a
 * Lambda that only opens bundles then carries none of the compiler, the validator or the zod
 * schemas that check a bundle, and starts faster.
 */
import { Buffer } from 'node:buffer';
import { PlaybookEntry, SourceFile, type Declaration, type FileProvider, type Kind, type PathSegment, type SourceDocument, type SourceSpan, type SpanPart, type WorkspaceModel } from '../../core/index';
import { fastLocatorOf } from '../../core/load/fast-locate';
import { BundleError, planOf, readDeploymentBundleFile, type BundledModel, type DeploymentBundle, type LoadedPlan } from './bundle-file';

/** The playbooks as a handler uses them: the model, the plan, and the bundled files. */
export interface LoadedBundle extends LoadedPlan {
  readonly model: WorkspaceModel;
  readonly files: FileProvider;
}

/** Makes the document object for the `index`-th non-empty document of a bundled file. */
export type DocumentFactory = (file: SourceFile, index: number) => SourceDocument;

/**
 * A bundled document without the `yaml` parser (112 KB of code and ~10 ms of every cold start
 * the handlers never use: they ask for no source positions). Positions come from the line index
 * the language server also uses (core/load/fast-locate.ts), which gives the parser's offsets for
 * plain block YAML, the form playbooks are written in (an `entry` span is its key there). What it
 * cannot place (anchors, block scalars, flow collections over several lines) points at the start
 * of the file. Tools that need every position exact open the bundle with
 * `{ document: (file, index) => new YamlDocument(file, index) }`.
 */
export class BundledDocument implements SourceDocument {
  constructor(readonly file: SourceFile, readonly index: number) {}

  offsets(path: readonly PathSegment[], part: SpanPart = 'value'): { start: number; end: number } {
    const locator = fastLocatorOf(this.file, this.index);
    // The index does not know where a collection ends; an `entry` span then covers its key.
    const found = locator?.offsets(path, part) ?? (part === 'entry' ? locator?.offsets(path, 'key') : undefined);
    if (found) return found;
    return { start: 0, end: Math.min(1, this.file.text.length) };
  }

  span(path: readonly PathSegment[], part: SpanPart = 'value'): SourceSpan {
    const { start, end } = this.offsets(path, part);
    return this.file.span(start, end);
  }

  locateInScalar(): undefined {
    return undefined;
  }
}

/** How to open a bundle. */
export interface OpenOptions {
  /** The document objects of the model (default: BundledDocument, no YAML parser). */
  readonly document?: DocumentFactory;
}

/**
 * Rebuilds the workspace model of the bundle: the same files, documents, entries and
 * declarations `loadWorkspace` produced at synth time, without parsing or validating YAML again
 * (that was 30-90 ms of every cold start). Documents stay lazy: a source position is worked out
 * from the bundled text only when something asks for one.
 */
function restoreModel(snapshot: BundledModel, texts: ReadonlyMap<string, string>, makeDocument: DocumentFactory): WorkspaceModel {
  const files = new Map<string, SourceFile>();
  for (const path of snapshot.sources) {
    const text = texts.get(path) ?? '';
    // The loader drops a byte order mark before it parses (core/load/parse-file.ts); so positions match.
    files.set(path, new SourceFile(path, text.charCodeAt(0) === 0xfeff ? text.slice(1) : text));
  }
  const documents = snapshot.documents.map((document) => makeDocument(files.get(document.file) ?? new SourceFile(document.file, ''), document.index));
  const documentAt = (position: number): SourceDocument => {
    const document = documents[position];
    if (!document) throw new BundleError(`The deployment bundle names document ${position}, which it does not hold. Rebuild it with writeDeploymentBundle and redeploy.`);
    return document;
  };
  const entries = <K extends Kind>(kind: K): PlaybookEntry<K>[] => snapshot.entries[kind].map((entry) => new PlaybookEntry(
    kind, entry.name, documentAt(entry.doc), entry.value as unknown as PlaybookEntry<K>['value'], new Map(entry.removed ?? []),
  ));
  const declarations = (list: BundledModel['declared'][number][1]): Declaration[] => list.map((item) => ({ id: item.id, document: documentAt(item.doc), path: item.path }));
  return {
    files, documents,
    workspaces: entries('Workspace'), campaigns: entries('Campaign'), sops: entries('SOP'), goals: entries('Goal'), checks: entries('Check'),
    declared: new Map(snapshot.declared.map(([kind, list]) => [kind, declarations(list)])),
    workspaceIds: new Map(snapshot.workspaceIds.map(([list, items]) => [list, declarations(items)])),
  };
}

/** Turns a bundle into what handlers use: the workspace model, the plan and the bundled files. */
export function openDeploymentBundle(bundle: DeploymentBundle, options: OpenOptions = {}): LoadedBundle {
  const texts = new Map(bundle.files.map((file) => [file.path, file.text]));
  const files: FileProvider = {
    exists: (path) => texts.has(path),
    readFile: (path) => {
      const text = texts.get(path);
      return text === undefined ? undefined : Buffer.from(text, 'utf8');
    },
  };
  const makeDocument = options.document ?? ((file, index) => new BundledDocument(file, index));
  return { ...planOf(bundle), model: restoreModel(bundle.model, texts, makeDocument), files };
}

/** Reads, checks and opens a bundle file; the error says what is wrong and how to fix it. */
export function loadDeploymentBundle(file: string, options: OpenOptions = {}): LoadedBundle {
  return openDeploymentBundle(readDeploymentBundleFile(file), options);
}
