/*
 * Incremental validation for the language server: the same diagnostics as validateWorkspace, with
 * the work of files that did not change kept between passes.
 *
 * - Parsing and schema checks of a file are cached with its bytes (LoadedFile in the parse cache).
 * - Rules that look at one file at a time (given the Workspace settings and the ids declared
 *   anywhere) run per file, their results cached by the file's parse. A cached result is kept
 *   while the Workspace files are the same and no id the file mentions was defined or removed
 *   elsewhere; a file with an unknown reference is re-checked on any change of ids, since a new
 *   id may be the "did you mean" it should now offer.
 * - Rules that compare files with each other (WORKSPACE_RULES) run over the whole model on every
 *   pass; they are cheap.
 *
 * test/validate-incremental.test.ts applies random edits and compares every pass with a full
 * validateWorkspace, diagnostic for diagnostic.
 */
import { compareDiagnostics, type Diagnostic } from '../diagnostics';
import { loadWorkspace, type InputFile, type ParseCache, type PlaybookEntry, type WorkspaceModel } from '../load/index';
import type { SourceDocument } from '../load/source-document';
import { RuleContext, type FileProvider, type Rule } from './context';
import { RULES } from './rules/index';
import { applySuppressions } from './suppression';
import { runRule, type ValidationResult } from './validate-workspace';

/** Rules whose findings in one file depend on other files' contents beyond the ids they declare. */
const WORKSPACE_RULES: ReadonlySet<string> = new Set([
  'flywheel/workspace', // counts Workspace documents across files
  'flywheel/duplicate-id', // compares declarations across files
  'flywheel/template', // an SOP's placeholders depend on the checks (anywhere) that start it
]);

interface FileRules {
  readonly parsed: object;
  /** Every string in the file's YAML (keys and values): a superset of the ids it references. */
  readonly words: ReadonlySet<string>;
  /** Diagnostics of each per-file rule (index into RULES; empty for workspace rules). */
  readonly byRule: readonly Diagnostic[][];
  readonly unknownReference: boolean;
}

/** Every string inside a YAML value, walked without recursion. */
function wordsOf(values: readonly unknown[]): Set<string> {
  const words = new Set<string>();
  const stack = [...values];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') words.add(value);
    else if (Array.isArray(value)) stack.push(...value);
    else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        words.add(key);
        stack.push(item);
      }
    }
  }
  return words;
}

/** The ids a reference may name, by what they name: each kind's names and the Workspace's lists. */
function declaredIds(model: WorkspaceModel): Map<string, Set<string>> {
  const ids = new Map<string, Set<string>>();
  for (const [kind, list] of model.declared) ids.set(kind, new Set(list.map((item) => item.id)));
  for (const [name, list] of model.workspaceIds) ids.set(`workspace.${name}`, new Set(list.map((item) => item.id)));
  return ids;
}

/** Ids defined in one map and not the other, whatever they name. */
function changedIds(before: ReadonlyMap<string, ReadonlySet<string>>, after: ReadonlyMap<string, ReadonlySet<string>>): Set<string> {
  const changed = new Set<string>();
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(name) ?? new Set<string>();
    const b = after.get(name) ?? new Set<string>();
    for (const id of a) if (!b.has(id)) changed.add(id);
    for (const id of b) if (!a.has(id)) changed.add(id);
  }
  return changed;
}

/** The model restricted to one file's documents; ids declared anywhere stay visible. */
function fileModel(model: WorkspaceModel, path: string): WorkspaceModel {
  const inFile = <T extends PlaybookEntry | SourceDocument>(list: readonly T[]): T[] =>
    list.filter((item) => ('document' in item ? item.document : item).file.path === path);
  const source = model.files.get(path);
  return {
    ...model,
    files: new Map(source ? [[path, source]] : []),
    documents: inFile(model.documents),
    workspaces: inFile(model.workspaces),
    campaigns: inFile(model.campaigns),
    sops: inFile(model.sops),
    goals: inFile(model.goals),
    checks: inFile(model.checks),
  };
}

/** Answers about workspace files (bodies, media), kept until filesChanged(): a pass re-checks only the edited file, not the disk. */
class RememberedFiles implements FileProvider {
  private readonly reads = new Map<string, Uint8Array | undefined>();
  private readonly exist = new Map<string, boolean>();
  private readonly leaves = new Map<string, boolean>();
  files: FileProvider | undefined;

  clear(): void {
    this.reads.clear();
    this.exist.clear();
    this.leaves.clear();
  }

  private remember<T>(cache: Map<string, T>, path: string, ask: (files: FileProvider) => T): T {
    if (!cache.has(path)) cache.set(path, ask(this.files as FileProvider));
    return cache.get(path) as T;
  }

  readFile(path: string): Uint8Array | undefined {
    return this.remember(this.reads, path, (files) => files.readFile(path));
  }

  exists(path: string): boolean {
    if (this.reads.has(path)) return this.reads.get(path) !== undefined;
    return this.remember(this.exist, path, (files) => (files.exists ? files.exists(path) : files.readFile(path) !== undefined));
  }

  leavesWorkspace(path: string): boolean {
    return this.remember(this.leaves, path, (files) => files.leavesWorkspace?.(path) === true);
  }
}

/** Validation that keeps per-file work between passes; `validate` returns what validateWorkspace would. */
export class IncrementalValidator {
  readonly parseCache: ParseCache = new Map();
  private readonly fileRules = new Map<string, FileRules>();
  private workspaceKey: string | undefined;
  private ids: Map<string, Set<string>> = new Map();
  private readonly identities = new WeakMap<object, number>();
  private nextIdentity = 0;

  private readonly remembered = new RememberedFiles();

  /**
   * Files outside the playbooks (bodies, media) may have changed: what was read of them and the
   * per-file rule results are dropped. Until then, `files` is asked about each path once.
   */
  filesChanged(): void {
    this.fileRules.clear();
    this.remembered.clear();
  }

  private identity(value: object): number {
    let id = this.identities.get(value);
    if (id === undefined) {
      id = (this.nextIdentity += 1);
      this.identities.set(value, id);
    }
    return id;
  }

  validate(inputs: readonly InputFile[], provider: FileProvider, rules: readonly Rule[] = RULES): ValidationResult {
    const { model, diagnostics: loadDiagnostics } = loadWorkspace(inputs, { parseCache: this.parseCache });
    this.remembered.files = provider;
    const files: FileProvider = this.remembered;
    const parsedOf = (path: string): object | undefined => this.parseCache.get(path)?.parsed;

    // The Workspace settings every rule reads: any change to a file holding one re-checks everything.
    const workspaceFiles = new Set([...model.workspaces.map((entry) => entry.document.file.path), ...(model.declared.get('Workspace') ?? []).map((item) => item.document.file.path)]);
    const workspaceKey = [...workspaceFiles].sort().map((path) => `${path}#${this.identity(parsedOf(path) ?? {})}`).join('\n');
    if (workspaceKey !== this.workspaceKey) this.fileRules.clear();
    this.workspaceKey = workspaceKey;
    const ids = declaredIds(model);
    const changed = changedIds(this.ids, ids);
    this.ids = ids;

    const workspaceContext = new RuleContext(model, files);
    const perFile: FileRules[] = [];
    for (const path of model.files.keys()) {
      const parsed = parsedOf(path);
      let cached = this.fileRules.get(path);
      const stale = !cached || cached.parsed !== parsed || (changed.size > 0 && (cached.unknownReference || [...changed].some((id) => cached?.words.has(id))));
      if (stale || !cached) {
        const scoped = fileModel(model, path);
        const context = new RuleContext(scoped, files, workspaceContext.workspace ? [workspaceContext.workspace] : model.workspaces);
        const byRule = rules.map((rule) => {
          if (WORKSPACE_RULES.has(rule.code)) return [];
          const before = context.diagnostics.length;
          runRule(rule, context, scoped);
          return context.diagnostics.slice(before);
        });
        const documents = this.parseCache.get(path)?.parsed.documents ?? [];
        cached = {
          parsed: parsed ?? {},
          words: wordsOf(documents.map((item) => (item.broken ? item.declares : item.data))),
          byRule,
          unknownReference: byRule.some((list) => list.some((diagnostic) => diagnostic.code === 'flywheel/unknown-reference')),
        };
        this.fileRules.set(path, cached);
      }
      perFile.push(cached);
    }
    for (const path of this.fileRules.keys()) if (!model.files.has(path)) this.fileRules.delete(path);

    // In validateWorkspace's order (load, then rule by rule), so equal diagnostics sort the same way.
    const all: Diagnostic[] = [...loadDiagnostics];
    rules.forEach((rule, index) => {
      if (WORKSPACE_RULES.has(rule.code)) {
        const before = workspaceContext.diagnostics.length;
        runRule(rule, workspaceContext, model);
        all.push(...workspaceContext.diagnostics.slice(before));
      } else {
        for (const file of perFile) all.push(...(file.byRule[index] ?? []));
      }
    });
    return { model, diagnostics: applySuppressions(all, model.files).sort(compareDiagnostics) };
  }
}
