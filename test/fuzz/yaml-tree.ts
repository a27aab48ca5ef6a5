import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';

export type TreePath = (string | number)[];

/** A node of a parsed sample file that a mutation can aim at: which document, and the path to it. */
export interface NodeSlot {
  readonly document: number;
  readonly path: TreePath;
  /** The map key (or, for a list item, the key of the list) the node sits under. */
  readonly field: string | undefined;
  readonly scalar: boolean;
  /** Where a scalar is written in the original text: [start, end) offsets. */
  readonly range?: readonly [number, number];
}

/** A sample playbook file parsed once; cases clone its documents instead of parsing again. */
export interface ParsedSample {
  readonly path: string;
  readonly text: string;
  readonly documents: readonly Document.Parsed[];
  readonly slots: readonly NodeSlot[];
}

function collectSlots(document: number, root: Node | null, into: NodeSlot[]): void {
  const stack: Array<{ node: unknown; path: TreePath; field: string | undefined }> = [{ node: root, path: [], field: undefined }];
  while (stack.length > 0) {
    const { node, path, field } = stack.pop() as (typeof stack)[number];
    into.push({ document, path, field, scalar: isScalar(node), ...(isScalar(node) && node.range ? { range: [node.range[0], node.range[1]] as const } : {}) });
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        stack.push({ node: pair.value, path: [...path, key], field: key });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => stack.push({ node: item, path: [...path, index], field }));
    }
  }
}

/** Parses a sample file's text into documents and the slots mutations can aim at. */
export function parseSample(path: string, text: string): ParsedSample {
  const documents = parseAllDocuments(text) as Document.Parsed[];
  const slots: NodeSlot[] = [];
  documents.forEach((document, index) => collectSlots(index, document.contents as Node | null, slots));
  return { path, text, documents, slots };
}

/** A document list being mutated: YAML documents, or raw text standing in for a whole document. */
export type DocumentList = Array<Document | string>;

/** Placeholders let a mutation splice raw YAML (tags, deep nesting, bombs) where a node was. */
export interface RawSplices {
  readonly texts: string[];
}

/** A plain scalar that survives stringifying verbatim and marks where raw text goes. */
export function rawPlaceholder(splices: RawSplices, raw: string): string {
  splices.texts.push(raw);
  return `fuzz-raw-${splices.texts.length - 1}-placeholder`;
}

/** Turns the document list back into one file's text, with raw splices put in. */
export function stringifyDocuments(documents: DocumentList, splices: RawSplices): string {
  let text = '';
  documents.forEach((document, index) => {
    // Aliases may come before their anchor: the point is to hand the validator such files.
    const body = typeof document === 'string' ? document : document.toString({ verifyAliasOrder: false });
    if (index > 0 && !body.startsWith('---')) text += '---\n';
    text += body.endsWith('\n') || body === '' ? body : `${body}\n`;
  });
  return text.replace(/fuzz-raw-(\d+)-placeholder/g, (_, index: string) => splices.texts[Number(index)] ?? '');
}
