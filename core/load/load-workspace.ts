import { Buffer } from 'node:buffer';
import type * as z from 'zod';
import { displayValue, text, type Diagnostic } from '../diagnostics';
import {
  API_VERSION, CampaignDocumentSchema, CheckDocumentSchema, GoalDocumentSchema, KINDS, SopDocumentSchema, WorkspaceDocumentSchema, type Kind,
} from '../schema/index';
import { suggestClosest } from '../suggest';
import { commaCutDiagnostic, findCommaCuts } from './comma-cut';
import { parsePlaybookFile, type ParsedFile, type ParsedYaml } from './parse-file';
import { convertSchemaIssues, type SchemaProblem } from './schema-issues';
import { PlaybookEntry, type DocumentValues } from './playbook-entry';
import { SourceFile } from './source-file';
import type { PathSegment, SourceDocument, SpanPart } from './source-document';
import type { YamlDocument } from './yaml-document';

export { PlaybookEntry, type DocumentValues } from './playbook-entry';

/** A file handed to the loader: its path relative to the workspace folder (with `/`) and its bytes. */
export interface InputFile {
  readonly path: string;
  readonly bytes: Uint8Array;
  /** A link whose real file is outside the workspace folder: refused unread (its bytes are empty). */
  readonly outsideWorkspace?: boolean;
}

/** The one diagnostic of a playbook file that links out of the workspace: it names the link, never what it points at. */
function outsideWorkspaceDiagnostic(path: string): Diagnostic {
  return {
    file: path, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error', code: 'flywheel/outside-workspace',
    message: text(
      `Copy the file into the workspace folder or remove the link: ${path} links to a file outside the workspace, which Flywheel does not read.`,
      `请把文件复制到工作区目录中，或删除这个链接：${path} 链接到工作区之外的文件，Flywheel 不会读取它。`,
    ),
  };
}

const DOCUMENT_SCHEMAS = {
  Workspace: WorkspaceDocumentSchema,
  Campaign: CampaignDocumentSchema,
  SOP: SopDocumentSchema,
  Goal: GoalDocumentSchema,
  Check: CheckDocumentSchema,
} as const;



/** An id declared somewhere in the workspace, with where it is declared. */
export interface Declaration {
  readonly id: string;
  readonly document: SourceDocument;
  readonly path: PathSegment[];
}

/** Everything the validator and the engine need from a folder of playbooks. */
export interface WorkspaceModel {
  readonly files: ReadonlyMap<string, SourceFile>;
  readonly documents: readonly SourceDocument[];
  readonly workspaces: readonly PlaybookEntry<'Workspace'>[];
  readonly campaigns: readonly PlaybookEntry<'Campaign'>[];
  readonly sops: readonly PlaybookEntry<'SOP'>[];
  readonly goals: readonly PlaybookEntry<'Goal'>[];
  readonly checks: readonly PlaybookEntry<'Check'>[];
  /** Names declared per kind, read leniently from raw data so a broken document still declares its ids. */
  readonly declared: ReadonlyMap<Kind, readonly Declaration[]>;
  /** Ids declared inside the Workspace (channels, notify, people, metrics), read leniently too. */
  readonly workspaceIds: ReadonlyMap<'channels' | 'notify' | 'people' | 'metrics', readonly Declaration[]>;
  /**
   * Files that could not be read as playbooks (broken YAML, binary, bad encoding): what they define
   * is unknown, so rules do not claim it is missing. Absent where only valid workspaces are loaded
   * (a deployment bundle).
   */
  readonly brokenFiles?: ReadonlySet<string>;
}

/**
 * Parsed files kept between loads, by path: the language server validates on every edit, and a
 * file whose bytes did not change need not be parsed again. Entries of files that are gone are dropped.
 */
export type ParseCache = Map<string, { readonly bytes: Uint8Array; readonly parsed: ParsedFile; loaded?: LoadedFile }>;

/** What one parsed file contributes to the model, computed from that file alone (so it is cached with its parse). */
export interface LoadedFile {
  readonly diagnostics: readonly Diagnostic[];
  readonly entries: readonly PlaybookEntry[];
  readonly declared: readonly [Kind, Declaration][];
  readonly workspaceIds: readonly ['channels' | 'notify' | 'people' | 'metrics', Declaration][];
  readonly broken: boolean;
}

export interface LoadOptions {
  readonly parseCache?: ParseCache;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a === b || (a.byteLength === b.byteLength && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b));
}

export interface LoadResult {
  readonly model: WorkspaceModel;
  readonly diagnostics: Diagnostic[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function problemDiagnostic(document: YamlDocument, problem: SchemaProblem): Diagnostic {
  const span = document.span(problem.path, problem.part);
  return {
    file: document.file.path, ...span, severity: 'error', code: problem.code, message: problem.message,
    ...(problem.replacement !== undefined ? { fixes: [{ title: text(`Change to "${problem.replacement}"`, `改为 "${problem.replacement}"`), span, newText: problem.replacement }] } : {}),
  };
}

/** The outermost list element below `spec` that an issue sits in, e.g. ['spec', 'posts', 3]. */
function prunablePath(path: readonly PathSegment[]): PathSegment[] | undefined {
  if (path[0] !== 'spec') return undefined;
  const index = path.findIndex((segment, position) => position > 0 && typeof segment === 'number');
  return index === -1 ? undefined : path.slice(0, index + 1);
}

/**
 * Parses a document with its kind's schema. When some list items are invalid, parses again
 * without them, so the rest of the document still gets semantic checks; removed indices are
 * remembered so paths keep pointing at the right source lines.
 */
function parseTolerantly<K extends Kind>(kind: K, raw: Record<string, unknown>): { value?: DocumentValues[K]; removed: Map<string, number[]>; issues: z.core.$ZodIssue[] } {
  const schema = DOCUMENT_SCHEMAS[kind] as unknown as z.ZodType<DocumentValues[K]>;
  const first = schema.safeParse(raw);
  if (first.success) return { value: first.data, removed: new Map(), issues: [] };
  const issues = first.error.issues;
  const removals = new Map<string, { list: PathSegment[]; indices: Set<number> }>();
  for (const issue of issues) {
    const prunable = prunablePath(issue.path as PathSegment[]);
    if (!prunable) return { removed: new Map(), issues };
    const list = prunable.slice(0, -1);
    const key = JSON.stringify(list);
    const entry = removals.get(key) ?? { list, indices: new Set<number>() };
    entry.indices.add(prunable[prunable.length - 1] as number);
    removals.set(key, entry);
  }
  const copy = structuredClone(raw);
  const removed = new Map<string, number[]>();
  for (const [key, { list, indices }] of removals) {
    let holder: unknown = copy;
    for (const segment of list) holder = (holder as Record<string | number, unknown>)[segment];
    if (!Array.isArray(holder)) return { removed: new Map(), issues };
    const sorted = [...indices].sort((a, b) => a - b);
    for (const index of [...sorted].reverse()) holder.splice(index, 1);
    removed.set(key, sorted);
  }
  const second = schema.safeParse(copy);
  return second.success ? { value: second.data, removed, issues } : { removed: new Map(), issues };
}


function declareIds(list: unknown, document: YamlDocument, path: PathSegment[], into: Declaration[]): void {
  if (!Array.isArray(list)) return;
  list.forEach((item, index) => {
    if (isRecord(item) && typeof item.id === 'string') into.push({ id: item.id, document, path: [...path, index, 'id'] });
  });
}

/** Loads a workspace from its files: parse, check the envelope and schema, build the model. Never throws. */
export function loadWorkspace(files: readonly InputFile[], options: LoadOptions = {}): LoadResult {
  const { parseCache } = options;
  const diagnostics: Diagnostic[] = [];
  const sourceFiles = new Map<string, SourceFile>();
  const documents: YamlDocument[] = [];
  const entries: { [K in Kind]: PlaybookEntry<K>[] } = { Workspace: [], Campaign: [], SOP: [], Goal: [], Check: [] };
  const declared = new Map<Kind, Declaration[]>(KINDS.map((kind) => [kind, []]));
  const workspaceIds = new Map<'channels' | 'notify' | 'people' | 'metrics', Declaration[]>([
    ['channels', []], ['notify', []], ['people', []], ['metrics', []],
  ]);
  const brokenFiles = new Set<string>();

  for (const input of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (input.outsideWorkspace) {
      sourceFiles.set(input.path, new SourceFile(input.path, ''));
      brokenFiles.add(input.path);
      diagnostics.push(outsideWorkspaceDiagnostic(input.path));
      continue;
    }
    const cached = parseCache?.get(input.path);
    const reuse = cached !== undefined && sameBytes(cached.bytes, input.bytes);
    const parsed = reuse ? cached.parsed : parsePlaybookFile(input.path, input.bytes);
    const loaded = (reuse ? cached.loaded : undefined) ?? loadFile(parsed);
    parseCache?.set(input.path, { bytes: input.bytes, parsed, loaded });
    sourceFiles.set(input.path, parsed.source);
    for (const item of parsed.documents) documents.push(item.document);
    for (const diagnostic of loaded.diagnostics) diagnostics.push(diagnostic);
    for (const entry of loaded.entries) (entries[entry.kind] as PlaybookEntry[]).push(entry);
    for (const [kind, declaration] of loaded.declared) declared.get(kind)?.push(declaration);
    for (const [list, declaration] of loaded.workspaceIds) workspaceIds.get(list)?.push(declaration);
    if (loaded.broken) brokenFiles.add(input.path);
  }

  if (parseCache) for (const path of parseCache.keys()) if (!sourceFiles.has(path)) parseCache.delete(path);

  return {
    model: {
      files: sourceFiles, documents,
      workspaces: entries.Workspace, campaigns: entries.Campaign, sops: entries.SOP, goals: entries.Goal, checks: entries.Check,
      declared, workspaceIds, brokenFiles,
    },
    diagnostics,
  };
}

/** Loads one parsed file on its own: schema checks, entries and the ids it declares, in document order. */
export function loadFile(parsed: ParsedFile): LoadedFile {
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const entries: { [K in Kind]: PlaybookEntry<K>[] } = { Workspace: [], Campaign: [], SOP: [], Goal: [], Check: [] };
  const declared = new Map<Kind, Declaration[]>(KINDS.map((kind) => [kind, []]));
  const workspaceIds = new Map<'channels' | 'notify' | 'people' | 'metrics', Declaration[]>([
    ['channels', []], ['notify', []], ['people', []], ['metrics', []],
  ]);
  for (const item of parsed.documents) {
    if (!item.broken) loadDocument(item, diagnostics, entries, declared, workspaceIds);
    else declareDocument(item.document, item.declares, declared, workspaceIds);
  }
  return {
    diagnostics,
    entries: KINDS.flatMap((kind) => entries[kind] as PlaybookEntry[]),
    declared: [...declared].flatMap(([kind, list]) => list.map((declaration): [Kind, Declaration] => [kind, declaration])),
    workspaceIds: [...workspaceIds].flatMap(([list, ids]) => ids.map((declaration): ['channels' | 'notify' | 'people' | 'metrics', Declaration] => [list, declaration])),
    broken: parsed.documents.some((item) => item.broken) || (parsed.documents.length === 0 && parsed.diagnostics.some((d) => d.severity === 'error')),
  };
}

/** Records the ids a document declares (its name; a Workspace's channels, notify, people, metrics); returns its name. */
function declareDocument(
  document: YamlDocument,
  data: unknown,
  declared: Map<Kind, Declaration[]>,
  workspaceIds: Map<'channels' | 'notify' | 'people' | 'metrics', Declaration[]>,
): string | undefined {
  if (!isRecord(data) || typeof data.kind !== 'string' || !(KINDS as readonly string[]).includes(data.kind)) return undefined;
  const kind = data.kind as Kind;
  const metadata = data.metadata;
  const name = isRecord(metadata) && typeof metadata.name === 'string' ? metadata.name : undefined;
  if (name !== undefined) declared.get(kind)?.push({ id: name, document, path: ['metadata', 'name'] });
  if (kind === 'Workspace' && isRecord(data.spec)) {
    for (const list of ['channels', 'notify', 'people', 'metrics'] as const) {
      declareIds(data.spec[list], document, ['spec', list], workspaceIds.get(list) ?? []);
    }
  }
  return name;
}

function loadDocument(
  item: ParsedYaml,
  diagnostics: Diagnostic[],
  entries: { [K in Kind]: PlaybookEntry<K>[] },
  declared: Map<Kind, Declaration[]>,
  workspaceIds: Map<'channels' | 'notify' | 'people' | 'metrics', Declaration[]>,
): void {
  const { document, data } = item;
  const report = (path: PathSegment[], part: SpanPart, code: string, en: string, zh: string) => {
    diagnostics.push({ file: document.file.path, ...document.span(path, part), severity: 'error', code, message: text(en, zh) });
  };
  if (!isRecord(data)) {
    report([], 'value', 'flywheel/not-a-playbook', `A playbook document is a mapping with apiVersion: ${API_VERSION}, kind, metadata and spec.`, `剧本文档应为包含 apiVersion: ${API_VERSION}、kind、metadata 和 spec 的映射。`);
    return;
  }
  const kind = data.kind;
  if (kind === undefined) {
    report([], 'value', 'flywheel/missing-field', `Missing "kind": add one of ${KINDS.join(', ')}.`, `缺少 "kind": 请填写 ${KINDS.join('、')} 之一。`);
    return;
  }
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    const guess = typeof kind === 'string' ? suggestClosest(kind, KINDS) : undefined;
    report(['kind'], 'value', 'flywheel/unknown-kind',
      `Unknown kind "${displayValue(kind)}".${guess ? ` Did you mean "${guess}"?` : ''} Use one of: ${KINDS.join(', ')}.`,
      `未知的 kind "${displayValue(kind)}"。${guess ? `是否应为 "${guess}"? ` : ''}可选: ${KINDS.join('、')}。`);
    return;
  }
  const typedKind = kind as Kind;
  const name = declareDocument(document, data, declared, workspaceIds);
  const { value, removed, issues } = parseTolerantly(typedKind, data);
  const problems = convertSchemaIssues(issues, DOCUMENT_SCHEMAS[typedKind], data);
  // A value cut at a comma in a flow mapping leaves its tail as fields without values: report the value, once.
  const cuts = findCommaCuts(document, data, problems);
  const tails = new Set(cuts.flatMap((cut) => cut.tails));
  for (const problem of problems) if (!tails.has(problem)) diagnostics.push(problemDiagnostic(document, problem));
  for (const cut of cuts) {
    const explained = problems.some((problem) => !tails.has(problem) && JSON.stringify(problem.path) === JSON.stringify(cut.valuePath));
    if (!explained) diagnostics.push(commaCutDiagnostic(document, cut));
  }
  if (value === undefined || name === undefined) return;
  const entry = new PlaybookEntry(typedKind, name, document, value, removed);
  (entries[typedKind] as PlaybookEntry[]).push(entry as PlaybookEntry);
}
