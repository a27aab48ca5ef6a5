import type { SourceSpan } from '../diagnostics';
import type { CampaignDocument, CheckDocument, GoalDocument, Kind, SopDocument, WorkspaceDocument } from '../schema/index';
import type { SourceFile } from './source-file';
import type { PathSegment, SourceDocument, SpanPart } from './source-document';

/** The value type of each kind of document. */
export interface DocumentValues {
  Workspace: WorkspaceDocument;
  Campaign: CampaignDocument;
  SOP: SopDocument;
  Goal: GoalDocument;
  Check: CheckDocument;
}

/** A schema-valid playbook document with a way back from any object in it to its source. */
export class PlaybookEntry<K extends Kind = Kind> {
  private paths: WeakMap<object, PathSegment[]> | undefined;

  constructor(
    readonly kind: K,
    readonly name: string,
    readonly document: SourceDocument,
    readonly value: DocumentValues[K],
    private readonly removed: Map<string, number[]>,
  ) {}

  /** The source file this document lives in. */
  get file(): SourceFile {
    return this.document.file;
  }

  /** The data path of an object of this document (as written in YAML, so indices match the source). */
  pathOf(owner: object): PathSegment[] {
    // Built on first use: a clean validation asks for no positions at all.
    this.paths ??= indexPaths(this.value, this.removed);
    return this.paths.get(owner) ?? [];
  }

  /** The source span of `owner` (an object of this document) or of a field below it. */
  span(owner: object, field: readonly PathSegment[] = [], part: SpanPart = 'value'): SourceSpan {
    return this.document.span([...this.pathOf(owner), ...field], part);
  }
}

/** Records the source path of every object and list in a parsed value, skipping pruned items. */
function indexPaths(value: unknown, removed: Map<string, number[]>): WeakMap<object, PathSegment[]> {
  const paths = new WeakMap<object, PathSegment[]>();
  const stack: Array<[unknown, PathSegment[]]> = [[value, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, PathSegment[]];
    if (node === null || typeof node !== 'object') continue;
    paths.set(node, path);
    if (Array.isArray(node)) {
      const skipped = removed.size > 0 ? removed.get(JSON.stringify(path)) : undefined;
      let original = 0;
      node.forEach((item, index) => {
        if (skipped) {
          original = index;
          for (const gap of skipped) if (gap <= original) original += 1;
        } else {
          original = index;
        }
        stack.push([item, [...path, original]]);
      });
    } else {
      for (const [key, child] of Object.entries(node)) stack.push([child, [...path, key]]);
    }
  }
  return paths;
}
